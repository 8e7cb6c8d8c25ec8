package org.threadrt.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.threadrt.CallbackMode;
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;
import org.threadrt.ffm.bind.threadrt_h;

/**
 * threadrt's foreign-thread callbacks ({@link ThreadRuntime#callback(MethodHandle, FunctionDescriptor, Arena)}
 * in a given {@link CallbackMode}), driven by the shim's C bench drivers.
 */
public final class ThreadrtCallbacks {
    private ThreadrtCallbacks() {
    }

    static void noop(MemorySegment arg) {
        // the callback's body
    }

    /** A measurement over one runtime in the given mode and one callback stub of it. */
    private abstract static class CallbackMeasurement extends Measurement {
        private final CallbackMode mode;
        private ThreadRuntime rt;
        /** Kept reachable: the stub lives as long as this auto arena. */
        private Arena arena;
        MemorySegment stub;

        CallbackMeasurement(String id, String label, CallbackMode mode) {
            super(id, label, "ns");
            this.mode = mode;
        }

        @Override
        protected void open() throws ReflectiveOperationException {
            FfmPort.library();
            rt = ThreadRuntime.start(RuntimeConfig.builder().callbackMode(mode).build());
            MethodHandle target = MethodHandles.lookup().findStatic(ThreadrtCallbacks.class, "noop",
                    MethodType.methodType(void.class, MemorySegment.class));
            arena = Arena.ofAuto();
            stub = rt.callback(target, FunctionDescriptor.ofVoid(ADDRESS), arena);
        }

        @Override
        public void close() {
            if (rt != null) {
                rt.close();
            }
        }
    }

    private static String slug(CallbackMode mode) {
        return mode.name().toLowerCase().replace('_', '-');
    }

    /** n threadrt callbacks from one long-lived C thread, in the given mode. */
    public static Measurement callLoop(CallbackMode mode) {
        return new CallbackMeasurement("callback." + slug(mode),
                "threadrt callback " + mode + ", long-lived C thread", mode) {
            @Override
            protected void batch(int n) {
                JavaWorkloads.check(threadrt_h.trt_bench_thread_call_loop(stub, MemorySegment.NULL, n),
                        "trt_bench_thread_call_loop");
            }
        };
    }

    /** A new C thread makes one threadrt callback (the given mode) and exits; joined. */
    public static Measurement cycle(CallbackMode mode) {
        return new CallbackMeasurement("callback-cycle." + slug(mode),
                "threadrt: C thread create + 1 callback (" + mode + ") + exit", mode) {
            @Override
            protected void batch(int n) {
                for (int i = 0; i < n; i++) {
                    JavaWorkloads.check(threadrt_h.trt_bench_thread_cycle(stub, MemorySegment.NULL),
                            "trt_bench_thread_cycle");
                }
            }
        };
    }
}

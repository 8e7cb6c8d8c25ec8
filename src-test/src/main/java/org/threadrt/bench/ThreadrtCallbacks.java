package org.threadrt.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;
import org.threadrt.ffm.bind.threadrt_h;

/**
 * threadrt's foreign-thread callbacks ({@code ThreadRuntime.callback(MethodHandle, FunctionDescriptor,
 * Arena)} with {@code RuntimeConfig.Builder.callbackMode(CallbackMode)}), driven by the shim's C bench
 * drivers. Looked up reflectively, so the bench builds and runs (with "not run" callback rows) on a
 * runtime that does not have them.
 */
public final class ThreadrtCallbacks {
    private ThreadrtCallbacks() {
    }

    /** Why threadrt callbacks cannot be measured here, or null when they can. */
    public static String missing() {
        try {
            Class<?> mode = Class.forName("org.threadrt.CallbackMode");
            RuntimeConfig.Builder.class.getMethod("callbackMode", mode);
            ThreadRuntime.class.getMethod("callback", MethodHandle.class, FunctionDescriptor.class, Arena.class);
            return null;
        } catch (ReflectiveOperationException e) {
            return "pending issue 4: this runtime has no ThreadRuntime.callback / CallbackMode";
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static ThreadRuntime runtime(String mode) throws ReflectiveOperationException {
        Class<? extends Enum> modeClass = (Class<? extends Enum>) Class.forName("org.threadrt.CallbackMode");
        RuntimeConfig.Builder b = RuntimeConfig.builder();
        Method set = RuntimeConfig.Builder.class.getMethod("callbackMode", modeClass);
        set.invoke(b, Enum.valueOf(modeClass, mode));
        return ThreadRuntime.start(b.build());
    }

    static void noop(MemorySegment arg) {
        // the callback's body
    }

    static MemorySegment stub(ThreadRuntime rt, Arena arena) throws ReflectiveOperationException {
        MethodHandle target = MethodHandles.lookup().findStatic(ThreadrtCallbacks.class, "noop",
                MethodType.methodType(void.class, MemorySegment.class));
        Method cb = ThreadRuntime.class.getMethod("callback", MethodHandle.class, FunctionDescriptor.class, Arena.class);
        return (MemorySegment) cb.invoke(rt, target, FunctionDescriptor.ofVoid(ADDRESS), arena);
    }

    /** n threadrt callbacks from one long-lived C thread, in the given mode (CACHED or PER_CALL). */
    public static Measurement callLoop(String mode) {
        String id = "callback." + mode.toLowerCase().replace('_', '-');
        Measurement m = new Measurement(id, "threadrt callback " + mode + ", long-lived C thread", "ns") {
            ThreadRuntime rt;
            Arena arena;
            MemorySegment stub;

            @Override
            protected void open() throws ReflectiveOperationException {
                FfmPort.library();
                rt = runtime(mode);
                arena = Arena.ofAuto();
                stub = stub(rt, arena);
            }

            @Override
            protected void batch(int n) {
                JavaWorkloads.check(threadrt_h.trt_bench_thread_call_loop(stub, MemorySegment.NULL, n),
                        "trt_bench_thread_call_loop");
            }

            @Override
            public void close() {
                if (rt != null) {
                    rt.close();
                }
            }
        };
        String why = missing();
        return why == null ? m : m.notRun(why);
    }

    /** A new C thread makes one threadrt callback (the given mode) and exits; joined. */
    public static Measurement cycle(String mode) {
        Measurement m = new Measurement("callback-cycle." + mode.toLowerCase().replace('_', '-'),
                "threadrt: C thread create + 1 callback (" + mode + ") + exit", "ns") {
            ThreadRuntime rt;
            Arena arena;
            MemorySegment stub;

            @Override
            protected void open() throws ReflectiveOperationException {
                FfmPort.library();
                rt = runtime(mode);
                arena = Arena.ofAuto();
                stub = stub(rt, arena);
            }

            @Override
            protected void batch(int n) {
                for (int i = 0; i < n; i++) {
                    JavaWorkloads.check(threadrt_h.trt_bench_thread_cycle(stub, MemorySegment.NULL), "trt_bench_thread_cycle");
                }
            }

            @Override
            public void close() {
                if (rt != null) {
                    rt.close();
                }
            }
        };
        String why = missing();
        return why == null ? m : m.notRun(why);
    }
}

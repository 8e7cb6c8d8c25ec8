package org.threadrt.workloads;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.threadrt.CallbackMode;
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;
import org.threadrt.workloads.natives.threadrt_testkit_h;

/**
 * Callbacks from C into Java, driven by the shim's C bench drivers: a plain FFM upcall stub (the anchor) or a
 * threadrt callback ({@link ThreadRuntime#callback(MethodHandle, FunctionDescriptor, Arena)}, an extra M per
 * call or cached per native thread) of the same no-op target {@code void noop(void *)}.
 */
public final class Callbacks {
    private Callbacks() {
    }

    static void noop(MemorySegment arg) {
        // the callback's body
    }

    static void check(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException(what + " failed: " + rc);
        }
    }

    /**
     * One callback stub, made by {@link #open()}. As a workload, one operation is one call of the stub from a
     * long-lived C thread: {@code run(n)} starts one C thread that calls it n times and joins it.
     */
    public static final class Stub implements Workload {
        /** null: a plain FFM upcall stub. */
        private final CallbackMode mode;
        private ThreadRuntime rt;
        private Arena arena;
        private MemorySegment segment;

        private Stub(CallbackMode mode) {
            this.mode = mode;
        }

        /** A plain FFM upcall stub: HotSpot attaches a native thread on its first call. */
        public static Stub plain() {
            return new Stub(null);
        }

        /** A threadrt callback of a runtime of its own in the given mode. */
        public static Stub threadrt(CallbackMode mode) {
            return new Stub(mode);
        }

        @Override
        public void open() throws ReflectiveOperationException {
            threadrt_testkit_h.library();
            MethodHandle target = MethodHandles.lookup().findStatic(Callbacks.class, "noop",
                    MethodType.methodType(void.class, MemorySegment.class));
            FunctionDescriptor fd = FunctionDescriptor.ofVoid(ADDRESS);
            arena = Arena.ofShared();
            if (mode == null) {
                segment = Linker.nativeLinker().upcallStub(target, fd, arena);
            } else {
                rt = ThreadRuntime.start(RuntimeConfig.builder().callbackMode(mode).build());
                segment = rt.callback(target, fd, arena);
            }
        }

        /** n calls from one new C thread (created and joined once). */
        @Override
        public void run(int n) {
            check(threadrt_testkit_h.trt_bench_thread_call_loop(segment, MemorySegment.NULL, n), "trt_bench_thread_call_loop");
        }

        /** n calls from C on the calling thread (already a Java thread). */
        public void runOnThisThread(int n) {
            check(threadrt_testkit_h.trt_bench_call_loop(segment, MemorySegment.NULL, n), "trt_bench_call_loop");
        }

        /**
         * A crowd of callers ({@code trt_bench_call_crowd}): {@code threads} new C threads wait at a start line
         * until all exist, then each calls the stub until {@code nanos} have passed or it made {@code maxCalls}
         * calls ({@code <= 0}: no cap), and ends; all joined. Returns each thread's count of calls.
         */
        public long[] crowd(int threads, long nanos, long maxCalls) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment counts = a.allocate(ValueLayout.JAVA_LONG, Math.max(1, threads));
                check(threadrt_testkit_h.trt_bench_call_crowd(segment, MemorySegment.NULL, threads, nanos, maxCalls,
                        counts), "trt_bench_call_crowd");
                return threads == 0 ? new long[0] : counts.toArray(ValueLayout.JAVA_LONG);
            }
        }

        /** The runtime behind a threadrt stub (null for a plain stub, or before open). */
        public ThreadRuntime runtime() {
            return rt;
        }

        /** A new C thread is created, calls the stub once and exits; joined. */
        public void cycle() {
            check(threadrt_testkit_h.trt_bench_thread_cycle(segment, MemorySegment.NULL), "trt_bench_thread_cycle");
        }

        @Override
        public void close() throws Exception {
            Workload.closeAll(rt, arena);
        }
    }

    /** One operation: a new C thread calls the stub once and exits, joined ({@link Stub#cycle()}). */
    public static Workload cycles(Stub stub) {
        return new Workload() {
            @Override
            public void open() throws Exception {
                stub.open();
            }

            @Override
            public void run(int n) {
                for (int i = 0; i < n; i++) {
                    stub.cycle();
                }
            }

            @Override
            public void close() throws Exception {
                stub.close();
            }
        };
    }
}

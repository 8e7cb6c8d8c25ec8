package org.threadrt.stress;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.threadrt.workloads.natives.threadrt_testkit_h;

/**
 * The {@code callback} workload: in rounds, the shim's {@code trt_test_call_threads} starts native threads
 * (plain pthreads the runtime did not create) that each call a callback made by
 * {@code ThreadRuntime.callback} once for every index 0 .. calls-1, so every call goes through needm/dropm
 * (per-call) or a cached extra M given back by the thread-exit destructor (cached). Each round then checks
 * that every index ran exactly once per thread.
 */
final class CallbackWorkload {
    static final int THREADS = 4;
    static final int CALLS = 500;

    private final StressRun run;
    /** Runs per call index in the current round (the callback's argument). */
    private volatile AtomicIntegerArray seen = new AtomicIntegerArray(CALLS);

    private CallbackWorkload(StressRun run) {
        this.run = run;
    }

    /** The workload's driver. */
    static StressRun.Body create(StressRun run) {
        return new CallbackWorkload(run)::drive;
    }

    /** The callback: {@code void cb(int32_t i)}. Counts; never throws. */
    void call(int i) {
        AtomicIntegerArray s = seen;
        if (i >= 0 && i < s.length()) {
            s.incrementAndGet(i);
        }
        run.callbackRan();
    }

    private void drive() throws Exception {
        MethodHandle target = MethodHandles.lookup().findVirtual(CallbackWorkload.class, "call",
                MethodType.methodType(void.class, int.class)).bindTo(this);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment cb = run.runtime().callback(target, FunctionDescriptor.ofVoid(JAVA_INT), arena);
            int round = 0;
            while (!run.stopped()) {
                round++;
                AtomicIntegerArray s = new AtomicIntegerArray(CALLS);
                seen = s;
                run.callbacksExpected((long) THREADS * CALLS);
                int rc = threadrt_testkit_h.trt_test_call_threads(cb, THREADS, CALLS);
                if (rc != 0) {
                    run.callbacksWrong("round " + round + ": trt_test_call_threads could not start its threads (error "
                            + rc + ")");
                    continue;
                }
                for (int i = 0; i < CALLS; i++) {
                    if (s.get(i) != THREADS) {
                        run.callbacksWrong("round " + round + ": call index " + i + " ran " + s.get(i) + " times, want "
                                + THREADS + " (once per native thread)");
                        break;
                    }
                }
            }
        }
    }
}

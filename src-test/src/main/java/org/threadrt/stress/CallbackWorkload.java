package org.threadrt.stress;

import java.util.Arrays;

import org.threadrt.ThreadRuntime;

/**
 * The {@code callback} workload: native threads (started by the shim's {@code trt_test_call_threads})
 * call a Java callback made by {@code ThreadRuntime.callback}, so each call goes through needm/dropm
 * (per-call) or a cached extra M. Every round checks that each call index ran exactly once per thread.
 */
final class CallbackWorkload {
    private CallbackWorkload() {}

    /** Whether this build's runtime has foreign-thread callbacks. */
    static boolean available() {
        return Arrays.stream(ThreadRuntime.class.getMethods()).anyMatch(m -> m.getName().equals("callback"));
    }

    /** Why the workload cannot run. */
    static String unavailableReason() {
        return "ThreadRuntime.callback (foreign-thread callbacks, issue 4) is not in this build of the runtime, "
                + "so no native thread can call back; this workload did not run";
    }

    /** The workload's driver, or null when it cannot run here. */
    static StressRun.Body create(StressRun run) {
        return null;
    }
}

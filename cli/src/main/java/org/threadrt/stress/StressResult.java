package org.threadrt.stress;

import java.util.List;

/**
 * The outcome of a stress run, as written by {@code --json} (field names are the JSON keys).
 *
 * @param platform            the shim's platform, e.g. {@code linux-x86_64}
 * @param workloads           the workloads that ran
 * @param unavailable         workloads asked for that cannot run here, each with the reason
 * @param stack               the stack policy of task Ms
 * @param callbackMode        per-call or cached
 * @param maxThreads          the runtime's maxThreads
 * @param seed                the seed
 * @param durationSeconds     how long the workloads ran
 * @param threadsCreated      OS threads started (task Ms and BARE Ms)
 * @param threadsExited       threads that ended
 * @param stacksReaped        stacks reaped (RUNTIME task Ms and BARE Ms)
 * @param tasksSubmitted      tasks submitted
 * @param tasksCompleted      tasks that ran
 * @param callbacks           callbacks from native threads that ran
 * @param lockOps             increments made under the shared RuntimeLock (Java and C)
 * @param bareThreads         BARE threads started
 * @param idleExits           Ms that exited after the idle timeout
 * @param lockedExits         Ms that exited because their task ended locked
 * @param threadStartFailures thread starts the OS refused after retries
 * @param peakLiveMs          most Ms alive at a sample
 * @param peakFreem           longest freem at a sample
 * @param peakRssBytes        largest RSS at a sample
 * @param rates               per second, over durationSeconds
 * @param leaks               what is left after shutdown, against the baseline
 * @param baseline            thread counts before the run
 * @param after               thread counts after shutdown
 * @param invariantsChecked   every invariant checked
 * @param invariantViolations the broken ones (empty when all hold)
 * @param passed              whether every invariant held
 * @param samples             the time series, about one a second
 */
public record StressResult(
        String platform,
        List<String> workloads,
        List<String> unavailable,
        String stack,
        String callbackMode,
        int maxThreads,
        long seed,
        double durationSeconds,
        long threadsCreated,
        long threadsExited,
        long stacksReaped,
        long tasksSubmitted,
        long tasksCompleted,
        long callbacks,
        long lockOps,
        long bareThreads,
        long idleExits,
        long lockedExits,
        long threadStartFailures,
        long peakLiveMs,
        long peakFreem,
        long peakRssBytes,
        Rates rates,
        Leaks leaks,
        Threads baseline,
        Threads after,
        List<String> invariantsChecked,
        List<Violations.Violation> invariantViolations,
        boolean passed,
        List<Sample> samples) {

    /** Per second, over the run. */
    public record Rates(double threadsCreated, double threadsExited, double stacksReaped, double tasksCompleted,
                        double callbacks, double lockOps, double bareThreads) {}

    /**
     * Left over after shutdown.
     *
     * @param osThreads     OS threads above the baseline (not counting the JVM's own GC/JIT/JFR threads)
     * @param jvmThreads    Java threads above the baseline (same exclusions)
     * @param stackMappings stacks the runtime mapped that /proc/self/maps still shows
     */
    public record Leaks(int osThreads, int jvmThreads, int stackMappings) {}

    /**
     * Thread counts.
     *
     * @param osThreads       /proc/self/task entries, all of them
     * @param jvmThreads      ThreadMXBean's live thread count
     * @param osThreadsOurs   /proc/self/task entries that are not JVM infrastructure
     * @param jvmThreadsOurs  Java threads that are not JVM infrastructure
     */
    public record Threads(int osThreads, int jvmThreads, int osThreadsOurs, int jvmThreadsOurs) {}
}

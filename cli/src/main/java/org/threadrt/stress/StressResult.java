package org.threadrt.stress;

import java.util.List;

/**
 * The outcome of a stress run, as written by {@code --json} (component names are the JSON keys; the JSON
 * Schema {@value RunEnvironment#SCHEMA_RESOURCE} describes every one). Counts are plain numbers of things,
 * rates end in {@code PerSecond}, times in {@code Seconds}, sizes in {@code Bytes}.
 *
 * @param schemaVersion       {@link RunEnvironment#SCHEMA_VERSION}
 * @param kind                {@code stress}
 * @param toolVersion         the CLI's version
 * @param startedAt           when the run started, ISO-8601 UTC
 * @param environment         the machine, kernel and JDK
 * @param options             what the run was asked to do
 * @param platform            the shim's platform, e.g. {@code linux-x86_64}
 * @param passed              whether every invariant held
 * @param interrupted         whether a signal cut the workloads short (the checks still ran)
 * @param interruptedBy       the signal, e.g. {@code SIGINT}; absent when not interrupted
 * @param unavailable         workloads asked for that cannot run here, each with the reason
 * @param durationSeconds     how long the workloads ran
 * @param totals              what the run did, counted
 * @param rates               the totals per second, over durationSeconds
 * @param peaks               the largest values seen at a sample
 * @param cpu                 the process's CPU time during the run
 * @param perWorkload         each workload's driver threads, bound on work in flight and operations
 * @param leaks               what is left after shutdown, against the baseline
 * @param baseline            thread counts before the run
 * @param after               thread counts after shutdown
 * @param invariantsChecked   every invariant checked
 * @param invariantViolations the broken ones (empty when all hold)
 * @param comparison          the rates against a baseline result ({@code --compare}); absent without it
 * @param samples             the time series, about one a second
 */
public record StressResult(
        int schemaVersion,
        String kind,
        String toolVersion,
        String startedAt,
        RunEnvironment environment,
        Options options,
        String platform,
        boolean passed,
        boolean interrupted,
        String interruptedBy,
        List<String> unavailable,
        double durationSeconds,
        Counts totals,
        Rates rates,
        Peaks peaks,
        CpuTime cpu,
        List<WorkloadFigures> perWorkload,
        Leaks leaks,
        Threads baseline,
        Threads after,
        List<String> invariantsChecked,
        List<Violations.Violation> invariantViolations,
        Comparison comparison,
        List<Sample> samples) {

    /**
     * What the run was asked to do, resolved (defaults filled in).
     *
     * @param durationSeconds the duration asked for
     * @param maxThreads      the runtime's maxThreads
     * @param workloads       the workloads asked for
     * @param stack           the stack policy of task Ms ({@code os}, {@code runtime})
     * @param callbackMode    {@code per-call} or {@code cached}
     * @param seed            the seed of the workloads' random choices
     * @param progress        {@code live}, {@code lines} or {@code off}
     * @param arguments       the command line's arguments as given, from the subcommand on ({@code stress ...})
     */
    public record Options(double durationSeconds, int maxThreads, List<String> workloads, String stack,
                          String callbackMode, long seed, String progress, List<String> arguments) {}

    /**
     * What the run did (both runtimes summed).
     *
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
     */
    public record Counts(long threadsCreated, long threadsExited, long stacksReaped, long tasksSubmitted,
                         long tasksCompleted, long callbacks, long lockOps, long bareThreads, long idleExits,
                         long lockedExits, long threadStartFailures) {}

    /** The totals per second, over the run (the names of {@link Counts} with {@code PerSecond}). */
    public record Rates(double threadsCreatedPerSecond, double threadsExitedPerSecond, double stacksReapedPerSecond,
                        double tasksCompletedPerSecond, double callbacksPerSecond, double lockOpsPerSecond,
                        double bareThreadsPerSecond) {}

    /**
     * The largest values seen at a sample.
     *
     * @param liveMs      most Ms alive
     * @param freemLength longest freem
     * @param rssBytes    largest resident set size (-1: unknown)
     */
    public record Peaks(long liveMs, long freemLength, long rssBytes) {}

    /**
     * One workload's share of the run, as stress-ng's metrics give per stressor.
     *
     * @param workload            the workload's name
     * @param instances           driver threads that ran it (lock: one for Java Ms, one for C threads)
     * @param maxInFlight         the most work it keeps in flight at once (tasks, threads or callback threads)
     * @param operation           what one operation is
     * @param operations          operations done
     * @param operationsPerSecond operations per second over durationSeconds
     */
    public record WorkloadFigures(String workload, int instances, int maxInFlight, String operation, long operations,
                                  double operationsPerSecond) {}

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

package org.threadrt.stress;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.threadrt.StackPolicy;

/**
 * What a stress run does.
 *
 * @param duration     how long the workloads run
 * @param threads      the runtime's maxThreads (task Ms alive at once)
 * @param workloads    the workloads, all at once
 * @param stack        the stack policy of task Ms
 * @param callbackMode {@code per-call} or {@code cached}
 * @param seed         seeds every workload's random choices (burst sizes, pauses)
 * @param progress     how to show progress
 * @param inject       test-only: a fault to inject so that an invariant breaks ({@code lost-task}), or null
 * @param arguments    the command line's arguments, as given (recorded in the result's options)
 * @param baseline     the result to compare the rates with ({@code --compare}), or null
 */
public record StressConfig(Duration duration, int threads, Set<Workload> workloads, StackPolicy stack,
                           String callbackMode, long seed, Progress progress, String inject, List<String> arguments,
                           Comparison.Baseline baseline) {

    /** The longest run: 30 days (a soak is minutes to hours; this bound keeps every time sum exact). */
    public static final Duration MAX_DURATION = Duration.ofDays(30);

    /** How progress is shown. */
    public enum Progress {
        /** One line, rewritten in place every second (a terminal). */
        LIVE,
        /** A new line every 5 seconds (a log, a pipe). */
        LINES,
        /** None. */
        OFF
    }

    /** The runtime's idle timeout in a stress run: short, so that the idle workload sees Ms exit. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMillis(100);
}

package org.threadrt.workloads;

/**
 * One benchmark workload: the same code under JMH ({@code jmh/}) and {@code ./threadrt bench} (the CLI's own
 * harness). It is made cheaply, prepared by {@link #open()} (runtimes, threads, stubs: not timed), run
 * {@code n} operations at a time by {@link #run(int)}, and released by {@link #close()}. A JMH benchmark method
 * calls {@code run(1)}, or {@code run(k)} under {@code @OperationsPerInvocation(k)}; the bench harness times
 * {@code run(n)} for a calibrated {@code n}. Each workload says what one operation is.
 */
@FunctionalInterface
public interface Workload extends AutoCloseable {
    /** Prepares the workload; not timed. */
    default void open() throws Exception {
    }

    /** Runs n operations. */
    void run(int n) throws Exception;

    /** Releases what {@link #open()} made. */
    @Override
    default void close() throws Exception {
    }

    /** Closes each of the resources that is not null, in order: what a workload's close() releases. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable r : resources) {
            if (r != null) {
                r.close();
            }
        }
    }
}

package org.threadrt;

/**
 * Thrown by {@link Note#sleep()} and {@link RuntimeLock#lock()} (and their timed forms) on an M whose
 * runtime declared a deadlock while the call was blocked, so that nothing hangs forever. The task that
 * called it ends with this exception unless it catches it. See
 * {@link RuntimeConfig.Builder#deadlockHandler(java.util.function.Consumer)}.
 */
public class DeadlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient DeadlockReport report;

    /**
     * An exception carrying the report.
     *
     * @param report what the deadlock check saw
     */
    public DeadlockException(DeadlockReport report) {
        super(report.toString());
        this.report = report;
    }

    /**
     * What the deadlock check saw.
     *
     * @return the deadlock report
     */
    public DeadlockReport report() {
        return report;
    }
}

package org.threadrt;

/**
 * Who is running the current task: an M, as seen from inside it ({@link ThreadRuntime#currentM()}).
 *
 * @param id          the M's number in its runtime, from 1 ({@code {m}} in {@link RuntimeConfig#threadNamePattern()})
 * @param tid         the OS thread id of the M's thread
 * @param extra       whether the M is an extra M lent to a thread the runtime did not create (callbacks)
 * @param stackPolicy who owns the M's stack
 */
public record MInfo(long id, long tid, boolean extra, StackPolicy stackPolicy) {

    /**
     * The value for the given fields.
     *
     * @param id the M's number in its runtime
     * @param tid the OS thread id of the M's thread
     * @param extra whether the M is an extra M
     * @param stackPolicy who owns the M's stack
     * @return the record
     */
    public static MInfo of(long id, long tid, boolean extra, StackPolicy stackPolicy) {
        return new MInfo(id, tid, extra, stackPolicy);
    }
}

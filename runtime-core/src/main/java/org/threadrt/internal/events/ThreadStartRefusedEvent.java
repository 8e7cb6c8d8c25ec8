package org.threadrt.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The OS refused to start a task M's thread (or to map its stack). One event per refused start; the runtime
 * logs only the first of an episode, so this event is where each refusal is seen. Emitted through
 * {@link #emit}, which costs one volatile read when no recording runs (the gate of {@link Events}).
 */
@Name("org.threadrt.ThreadStartRefused")
@Label("Thread Start Refused")
@Category("threadrt")
@Description("The OS refused to start an OS thread (or map its stack) for an M of a threadrt runtime; the task "
        + "stays queued and the start is retried with backoff")
@StackTrace(false)
public final class ThreadStartRefusedEvent extends jdk.jfr.Event {
    @Label("Runtime") String runtime;
    @Label("M") long mId;
    @Label("Errno") @Description("The OS error number (11 EAGAIN, 12 ENOMEM), or -1 if unknown") int errno;
    @Label("Message") String message;
    @Label("Refusals In Episode") @Description("Refusals since the last successful start, this one included")
    long refusalsInEpisode;
    @Label("Retry In (ms)") @Description("When the runtime tries again") long retryInMillis;
    @Label("Gave Up") @Description("No task M was alive for threadStartTimeout: queued tasks were failed")
    boolean gaveUp;

    /** Records one refused start if a recording runs and enables this event. */
    public static void emit(String runtime, long mId, int errno, String message, long refusalsInEpisode,
            long retryInMillis, boolean gaveUp) {
        if (!Events.recording()) {
            return;
        }
        ThreadStartRefusedEvent e = new ThreadStartRefusedEvent();
        if (e.shouldCommit()) {
            e.runtime = runtime;
            e.mId = mId;
            e.errno = errno;
            e.message = message;
            e.refusalsInEpisode = refusalsInEpisode;
            e.retryInMillis = retryInMillis;
            e.gaveUp = gaveUp;
            e.commit();
        }
    }
}

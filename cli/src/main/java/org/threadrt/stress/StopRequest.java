package org.threadrt.stress;

/**
 * A request to end a run early (Ctrl-C, SIGTERM): the run stops its workloads at the next check (every
 * 250 ms at most), then drains, shuts down, checks and reports as at its deadline, marked interrupted.
 * Synchronization: {@code reason} is volatile, written once (the first request wins), read by the run's
 * monitor loop.
 */
public final class StopRequest {
    private volatile String reason;

    /** Asks the run to stop; {@code reason} names what asked, e.g. {@code SIGINT}. Later requests are ignored. */
    public synchronized void request(String reason) {
        if (this.reason == null) {
            this.reason = reason;
        }
    }

    /** Whether a stop was requested. */
    public boolean requested() {
        return reason != null;
    }

    /** What asked for the stop, or null. */
    public String reason() {
        return reason;
    }
}

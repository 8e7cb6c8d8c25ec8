package org.threadrt;

import java.time.Instant;
import java.util.List;

/**
 * What {@code checkdead} saw when it declared a deadlock: every M of the runtime that had a task was
 * blocked in one of the runtime's {@link Note}s or {@link RuntimeLock}s, and no queued task could run.
 *
 * @param runtimeName the runtime's configured name
 * @param when        when the deadlock was declared
 * @param mcount      Ms alive
 * @param nmrunning   Ms running a task (all of them blocked)
 * @param runqLength  tasks queued that no M can run
 * @param waits       the blocked waits, one per blocked task
 */
public record DeadlockReport(String runtimeName, Instant when, long mcount, long nmrunning, long runqLength,
                             List<BlockedWait> waits) {

    /** Copies the list. */
    public DeadlockReport {
        waits = List.copyOf(waits);
    }

    /**
     * One blocked task.
     *
     * @param mId     the M that runs the task
     * @param tid     that M's OS thread id
     * @param kind    what it waits in: {@code "Note.sleep"} or {@code "RuntimeLock.lock"}
     * @param address the native address of the word it sleeps on
     */
    public record BlockedWait(long mId, long tid, String kind, long address) {
        @Override
        public String toString() {
            return String.format("M%d (tid %d) in %s on word 0x%x", mId, tid, kind, address);
        }
    }

    @Override
    public String toString() {
        return "threadrt runtime '" + runtimeName + "': all " + nmrunning + " running tasks are blocked in runtime "
                + "Notes/Locks and nothing can wake them (" + mcount + " Ms, " + runqLength + " queued): " + waits;
    }
}

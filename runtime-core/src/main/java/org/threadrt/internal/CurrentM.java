package org.threadrt.internal;

import java.util.Optional;

import org.threadrt.MInfo;

/**
 * The M of the calling thread (Go's getg().m), and locking a task to its thread (LockOSThread).
 *
 * <p>The rule: a thread has a current M exactly while it is a task M running its body (mstart) or a
 * foreign thread holding an extra M (needm to dropm, or until it ends for CACHED). lockOSThread's count
 * lives on the M and is reset by schedule when the task ends: if it was above 0, the M exits instead of
 * running another task (Sched.schedule).
 *
 * <p>Synchronization: thread-confined. The ThreadLocal is read and written only by its own thread, and
 * {@code M.lockedCount} only by the thread running the M.
 */
public final class CurrentM {
    /** The M running on the current thread, if the thread is an M; the runtime's only global state besides ExtraMs' registry. */
    private static final ThreadLocal<M> CURRENT = new ThreadLocal<>();

    private CurrentM() {
    }

    /** The M running on this thread (a task M, or an extra M lent to this thread), or null. */
    static M get() {
        return CURRENT.get();
    }

    /** Makes m the current thread's M (needm), or clears it (null: dropm). */
    static void set(M m) {
        if (m == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(m);
        }
    }

    /** What users see of the current M. */
    public static Optional<MInfo> currentMInfo() {
        M m = CURRENT.get();
        return m == null ? Optional.empty() : Optional.of(m.info());
    }

    /**
     * Wires the current task to its thread (counted). The M exits when the task ends still locked.
     *
     * @throws IllegalStateException if the caller is not a task running on an M
     */
    public static void lockOSThread() {
        M m = CURRENT.get();
        if (m == null) {
            throw new IllegalStateException("lockOSThread called on thread '" + Thread.currentThread().getName()
                    + "', which is not a threadrt M: only tasks submitted to a ThreadRuntime run on Ms");
        }
        if (m.lockedCount == Integer.MAX_VALUE) {
            throw new IllegalStateException("lockOSThread nested too deeply");
        }
        m.lockedCount++;
    }

    /**
     * Undoes one {@link #lockOSThread()}; does nothing when the count is already 0 (as in Go).
     *
     * @throws IllegalStateException if the caller is not a task running on an M
     */
    public static void unlockOSThread() {
        M m = CURRENT.get();
        if (m == null) {
            throw new IllegalStateException("unlockOSThread called on thread '" + Thread.currentThread().getName()
                    + "', which is not a threadrt M");
        }
        if (m.lockedCount > 0) {
            m.lockedCount--;
        }
    }
}

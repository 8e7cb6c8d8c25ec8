package org.threadrt;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;

import org.apache.commons.lang3.Validate;
import org.threadrt.internal.Sched;
import org.threadrt.internal.SyncWait;
import org.threadrt.internal.Words;
import org.threadrt.internal.events.Events;
import org.threadrt.spi.Port;

/**
 * A lock that is one 32-bit word in native memory, so that Java and C code can take the same lock (the
 * shim's {@code trt_lock}/{@code trt_unlock} run the same algorithm on the same word; see {@link #word()}).
 *
 * <p>The word: bit 0 is set while the lock is held; bits 1-31 count the threads sleeping on it (each adds
 * 2). Uncontended, {@link #lock()} is one compare-and-set of 0 to 1. Contended, it spins a few dozen times
 * (with {@link Thread#onSpinWait()}, then yielding the processor), then adds 2, futex-sleeps while the word
 * holds exactly the value it saw, takes the 2 back and tries again. {@link #unlock()} clears bit 0 and, if
 * sleepers remain, futex-wakes one. Not fair, not reentrant.
 *
 * <p>Like Go's runtime lock the word has no owner: any thread may unlock a lock another thread locked (a
 * lock taken in C can be released in Java). The only misuse detected is unlocking a lock that is not held,
 * which throws {@link IllegalMonitorStateException}.
 *
 * <p>A lock made by a runtime ({@link ThreadRuntime#newLock()}) takes part in its deadlock check: if every
 * task of the runtime is blocked in its locks and notes, a blocked {@link #lock()} throws
 * {@link DeadlockException}. Waiting is not interruptible: like a futex, it ignores
 * {@link Thread#interrupt()} (the interrupt status is kept).
 */
public final class RuntimeLock {
    private static final int ACTIVE_SPINS = 30;
    private static final int PASSIVE_SPINS = 4;

    private final MemorySegment word;
    private final Port port;
    private final Sched sched;

    RuntimeLock(MemorySegment word, Port port, Sched sched) {
        checkWord(word);
        this.word = word;
        this.port = Objects.requireNonNull(port, "port");
        this.sched = sched;
    }

    /**
     * A lock over a caller-given word, sleeping and waking through {@code port}; not part of any runtime's
     * deadlock check. For embedders and the runtime itself; applications use {@link ThreadRuntime#newLock()}
     * or {@link ThreadRuntime#lockOver(MemorySegment)}. The word must be 0 (unlocked) or a word other
     * threads use with this algorithm, and must stay mapped while the lock is used.
     *
     * @throws IllegalArgumentException if the segment is not native, shorter than 4 bytes or not 4-aligned
     */
    public static RuntimeLock over(MemorySegment word, Port port) {
        return new RuntimeLock(word, port, null);
    }

    static void checkWord(MemorySegment word) {
        Objects.requireNonNull(word, "word");
        Validate.isTrue(word.isNative(), "the word must be native memory (C code and the kernel use it): %s", word);
        Validate.isTrue(word.byteSize() >= 4, "the word must be at least 4 bytes: %s", word);
        Validate.isTrue((word.address() & 3) == 0, "the word must be 4-byte aligned (futex): 0x%x", word.address());
    }

    /** The native word; C code may lock it with the same algorithm. */
    public MemorySegment word() {
        return word.asSlice(0, 4);
    }

    /** Whether the lock is held by anyone right now (a racy snapshot). */
    public boolean isLocked() {
        return (Words.get(word) & 1) != 0;
    }

    /**
     * Takes the lock, sleeping as long as needed.
     *
     * @throws DeadlockException if this runtime's deadlock check declared a deadlock while waiting
     */
    public void lock() {
        if (Words.cas(word, 0, 1)) {
            return;
        }
        Object contention = Events.lockContentionBegin(); // JFR; null, no allocation, when not recording
        lockSlow(-1);
        Events.lockContentionEnd(contention, word.address(), true, sched != null);
    }

    /** Takes the lock if it is free now; never sleeps. */
    public boolean tryLock() {
        for (int v = Words.get(word); (v & 1) == 0; v = Words.get(word)) {
            if (Words.cas(word, v, v | 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes the lock if it becomes free within the timeout.
     *
     * @return whether the lock was taken
     * @throws DeadlockException if this runtime's deadlock check declared a deadlock while waiting
     */
    public boolean tryLock(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (Words.cas(word, 0, 1)) {
            return true;
        }
        long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        Object contention = Events.lockContentionBegin();
        boolean acquired = lockSlow(nanos);
        Events.lockContentionEnd(contention, word.address(), acquired, sched != null);
        return acquired;
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** @param timeoutNanos negative = forever */
    private boolean lockSlow(long timeoutNanos) {
        long deadline = timeoutNanos >= 0 ? System.nanoTime() + timeoutNanos : 0;
        for (int i = 0; i < ACTIVE_SPINS + PASSIVE_SPINS; i++) {
            int v = Words.get(word);
            if ((v & 1) == 0 && Words.cas(word, v, v | 1)) {
                return true;
            }
            if (i < ACTIVE_SPINS) {
                Thread.onSpinWait();
            } else {
                port.osyield();
            }
        }
        SyncWait w = null;
        try {
            for (;;) {
                int v = Words.get(word);
                if ((v & 1) == 0) {
                    if (Words.cas(word, v, v | 1)) {
                        return true;
                    }
                    continue;
                }
                if (w == null && sched != null) {
                    w = sched.beginSyncWait("RuntimeLock.lock", word, this::isLocked);
                }
                v = Words.getAndAdd(word, 2) + 2;
                while ((v & 1) != 0) {
                    long wait = -1;
                    if (timeoutNanos >= 0) {
                        wait = deadline - System.nanoTime();
                        if (wait <= 0) {
                            leaveWaiting();
                            return false;
                        }
                    }
                    if (w != null) {
                        if (w.deadlock() != null) {
                            leaveWaiting();
                            throw new DeadlockException(w.deadlock());
                        }
                        long slice = sched.syncWaitSliceNanos();
                        wait = wait < 0 ? slice : Math.min(wait, slice);
                    }
                    if (w != null) {
                        w.enterSleep();
                    }
                    boolean timedOut = port.futexWait(word, v, wait);
                    if (timedOut && w != null) {
                        sched.recheckdead();
                    }
                    // Awake from here on; a timed-out waiter ran its recheck above while still counted asleep.
                    if (w != null) {
                        w.leaveSleep();
                    }
                    v = Words.get(word);
                }
                Words.getAndAdd(word, -2);
            }
        } finally {
            if (w != null) {
                sched.endSyncWait(w);
            }
        }
    }

    /**
     * A sleeper gives up without the lock. If a wakeup may have been meant for it while the lock is free
     * and others still sleep, it passes the wakeup on, so no sleeper is stranded.
     */
    private void leaveWaiting() {
        int v = Words.getAndAdd(word, -2) - 2;
        if ((v & 1) == 0 && (v >>> 1) != 0) {
            port.futexWake(word, 1);
        }
    }

    /**
     * Releases the lock; wakes one sleeper if any. May be called by any thread (the lock has no owner).
     *
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public void unlock() {
        for (;;) {
            int v = Words.get(word);
            if ((v & 1) == 0) {
                throw new IllegalMonitorStateException("unlock of a RuntimeLock that is not locked (word 0x"
                        + Long.toHexString(word.address()) + ")");
            }
            if (Words.cas(word, v, v & ~1)) {
                if ((v >>> 1) != 0) {
                    port.futexWake(word, 1);
                }
                return;
            }
        }
    }

    @Override
    public String toString() {
        int v = Words.get(word);
        return "RuntimeLock[0x" + Long.toHexString(word.address()) + (((v & 1) != 0) ? ", locked" : ", unlocked")
                + ", sleepers=" + (v >>> 1) + "]";
    }
}

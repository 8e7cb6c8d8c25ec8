package org.threadrt;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;

import org.apache.commons.lang3.Validate;
import org.threadrt.internal.ParkedWaiters;
import org.threadrt.internal.SyncWait;
import org.threadrt.internal.WaitObserver;
import org.threadrt.internal.Words;
import org.threadrt.internal.events.Events;
import org.threadrt.spi.Port;

/**
 * A lock that is one 32-bit word in native memory, so that Java and C code can take the same lock (the
 * shim's {@code trt_lock}/{@code trt_unlock} run the same algorithm on the same word; see {@link #word()}).
 *
 * <p>The word: bit 0 is set while the lock is held; bits 1-31 count waiters, 2 for each one that went to
 * sleep since the last wake (the "wake demand"). Uncontended, {@link #lock()} is one compare-and-set of 0 to
 * 1 and {@link #unlock()} one exchange back to 0. Contended, {@code lock} first yields the processor
 * up to {@value #YIELDS} times, trying the word after each yield, then adds 2 to the held word and
 * futex-sleeps while the word holds exactly that value. {@code unlock} sets the word to 0 and, if there was
 * demand, futex-wakes one sleeper. Not fair, not reentrant.
 *
 * <p>The rule, Go's {@code lock_futex.go} (the seed's lock): one wake clears all the demand, so that a run
 * of unlocks while the woken thread is on its way makes no further wake syscalls; the woken thread carries
 * the demand forward for the sleepers that wake left uncounted: it takes the lock with a demand of 1 (Go's
 * {@code wait = MUTEX_SLEEPING}), or adds 2 again and sleeps. So as long as anyone sleeps, some thread is
 * awake and will cause the next wake, and no sleeper is stranded. A waiter that gives up after being woken
 * (timeout, deadlock) passes that duty on. The trade-off: the count is a demand, not a census; after a wake
 * it says less than the number of sleepers, never zero while one could be stranded. Rejected: keeping each
 * sleeper counted until it ran (the first version) made every unlock a wake syscall while anyone slept,
 * 2-17x slower than ReentrantLock with 2-8 threads on 2 CPUs; spinning on the word with
 * {@link Thread#onSpinWait()} before sleeping (Go's procyield) pulled the holder's cache line and stole its
 * CPU when threads outnumber CPUs: yielding lets the holder run (BENCHMARKS.md has the figures).
 *
 * <p>Like Go's runtime lock the word has no owner: any thread may unlock a lock another thread locked (a
 * lock taken in C can be released in Java). The only misuse detected is unlocking a lock that is not held,
 * which throws {@link IllegalMonitorStateException}.
 *
 * <p>A lock made by a runtime ({@link ThreadRuntime#newLock()}) takes part in its deadlock check: if every
 * task of the runtime is blocked in its locks and notes, a blocked {@link #lock()} throws
 * {@link DeadlockException}. Waiting is not interruptible: like a futex, it ignores
 * {@link Thread#interrupt()} (the interrupt status is kept).
 *
 * <p>Virtual threads may use it: a virtual thread never waits in the futex (that would pin its carrier, and
 * with as many waiters as carriers the holder could never run again). It yields with {@link Thread#yield()}
 * and then parks; {@link #unlock()} unparks it. A release made by C code (which does not unpark) is seen by
 * a parked virtual thread within 1 ms.
 */
public final class RuntimeLock {
    /** Yields of the processor, each followed by a try, before a contended lock sleeps (Go: passive spin). */
    static final int YIELDS = 16;
    /** One unit of wake demand in bits 1-31. */
    private static final int WAITER = 2;
    /** The most wake demand bits 1-31 hold; announcing saturates there instead of wrapping to 0. */
    private static final int MAX_DEMAND = -1 >>> 1;

    private final MemorySegment word;
    private final Port port;
    /** The runtime's deadlock check, told of every blocking wait; null for a lock or note made with over(). */
    private final WaitObserver waits;
    /** Virtual threads waiting for this lock: they park instead of entering the futex (see ParkedWaiters). */
    private final ParkedWaiters parked = new ParkedWaiters();

    RuntimeLock(MemorySegment word, Port port, WaitObserver waits) {
        checkWord(word);
        this.word = word;
        this.port = Objects.requireNonNull(port, "port");
        this.waits = waits;
    }

    /**
     * A lock over a caller-given word, sleeping and waking through {@code port}; not part of any runtime's
     * deadlock check. For embedders and the runtime itself; applications use {@link ThreadRuntime#newLock()}
     * or {@link ThreadRuntime#lockOver(MemorySegment)}. The word must be 0 (unlocked) or a word other
     * threads use with this algorithm, and must stay mapped while the lock is used.
     *
     * @param word the native 4-byte lock word
     * @param port the port that sleeps and wakes on the word
     * @return a lock over {@code word}
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

    /**
     * The native word; C code may lock it with the same algorithm.
     *
     * @return the lock's 4-byte word
     */
    public MemorySegment word() {
        return word.asSlice(0, 4);
    }

    /**
     * Whether the lock is held by anyone right now (a racy snapshot).
     *
     * @return true if held now
     */
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
        Events.lockContentionEnd(contention, word.address(), true, waits != null);
    }

    /**
     * Takes the lock if it is free now; never sleeps.
     *
     * @return true if the lock was taken
     */
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
     * @param timeout the longest time to wait
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
        Events.lockContentionEnd(contention, word.address(), acquired, waits != null);
        return acquired;
    }

    /** The duration in nanoseconds, saturated to +-(Long.MAX_VALUE / 4) so that adding it to a clock cannot overflow. */
    static long saturatedNanos(Duration d) {
        long limit = Long.MAX_VALUE / 4;
        if (d.compareTo(Duration.ofNanos(limit)) >= 0) {
            return limit;
        }
        if (d.compareTo(Duration.ofNanos(-limit)) <= 0) {
            return -limit;
        }
        return d.toNanos();
    }

    /** @param timeoutNanos negative = forever */
    private boolean lockSlow(long timeoutNanos) {
        if (timeoutNanos == 0) {
            return tryLock(); // a zero timeout neither yields nor sleeps
        }
        long deadline = timeoutNanos >= 0 ? System.nanoTime() + timeoutNanos : 0;
        boolean virtual = Thread.currentThread().isVirtual();
        for (int i = 0; i < YIELDS; i++) {
            if (virtual) {
                Thread.yield(); // lets another virtual thread have the carrier; sched_yield would keep it
            } else {
                port.osyield();
            }
            int v = Words.get(word);
            if ((v & 1) == 0 && Words.cas(word, v, v | 1)) {
                return true;
            }
            if (timeoutNanos > 0 && System.nanoTime() - deadline >= 0) {
                return false; // a short timeout ends among the yields, before any sleep was announced
            }
        }
        SyncWait w = null;
        boolean woken = false; // Go's wait = MUTEX_SLEEPING: once woken, take the lock with a wake demand
        try {
            for (;;) {
                int v = Words.get(word);
                if ((v & 1) == 0) {
                    // A woken thread may have been woken for sleepers whose demand that unlock cleared:
                    // it takes the lock with a demand of at least 1, so its own unlock wakes the next.
                    int taken = woken && v == 0 ? 1 | WAITER : v | 1;
                    if (Words.cas(word, v, taken)) {
                        return true;
                    }
                    continue;
                }
                long wait = -1;
                if (timeoutNanos >= 0) {
                    wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        if (woken) {
                            passOnWake();
                        }
                        return false;
                    }
                }
                if (w == null && waits != null) {
                    w = waits.beginWait("RuntimeLock.lock", word, this::isLocked);
                }
                if (w != null) {
                    if (w.deadlock() != null) {
                        if (woken) {
                            passOnWake();
                        }
                        throw new DeadlockException(w.deadlock());
                    }
                    long slice = waits.waitSliceNanos();
                    wait = wait < 0 ? slice : Math.min(wait, slice);
                }
                // Announce: one more unit of wake demand, then sleep while the word is exactly that. The
                // demand saturates: a virtual waiter re-announces every 1 ms, and a lock held for ~25 days
                // would otherwise carry bits 1-31 over into 0 (no demand: the unlock would wake nobody).
                int announced = (v >>> 1) == MAX_DEMAND ? v : v + WAITER;
                if (announced != v && !Words.cas(word, v, announced)) {
                    continue;
                }
                if (w != null) {
                    w.sleepOn(port, announced, wait); // counted asleep for checkdead
                } else if (virtual) {
                    parked.await(() -> Words.get(word) == announced, wait); // never pins the carrier
                } else {
                    port.futexWait(word, announced, wait);
                }
                // Woken, or the word changed under us (an unlock cleared the demand), or timed out: in
                // every case a wake may have been spent on us, so we now carry the demand forward.
                woken = true;
            }
        } finally {
            if (w != null) {
                waits.endWait(w);
            }
        }
    }

    /**
     * A woken waiter gives up (timeout, deadlock) without the lock: the wake it may have absorbed must
     * not be lost, or a sleeper whose demand was cleared would sleep on. If the lock is held, leave a
     * demand for its unlock; if free, wake one sleeper now.
     */
    private void passOnWake() {
        for (;;) {
            int v = Words.get(word);
            if ((v & 1) == 0) {
                port.futexWake(word, 1);
                parked.unparkOne();
                return;
            }
            if ((v >>> 1) != 0 || Words.cas(word, v, v + WAITER)) {
                return;
            }
        }
    }

    /**
     * Releases the lock; if there is wake demand, clears all of it and wakes one sleeper, who carries the
     * demand forward (see the class comment). May be called by any thread (the lock has no owner).
     *
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public void unlock() {
        // One exchange: a held word becomes free with its demand cleared. A word that was not held is
        // always 0 (demand exists only on a held word), so writing 0 over it changes nothing.
        int v = Words.getAndSet(word, 0);
        if ((v & 1) == 0) {
            throw new IllegalMonitorStateException("unlock of a RuntimeLock that is not locked (word 0x"
                    + Long.toHexString(word.address()) + ")");
        }
        if ((v >>> 1) != 0) {
            port.futexWake(word, 1);
            parked.unparkOne(); // a virtual sleeper announced demand too; an extra wake is harmless
        }
    }

    @Override
    public String toString() {
        int v = Words.get(word);
        return "RuntimeLock[0x" + Long.toHexString(word.address()) + (((v & 1) != 0) ? ", locked" : ", unlocked")
                + ", wake demand=" + (v >>> 1) + "]";
    }
}

package org.threadrt;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;

import org.threadrt.internal.ParkedWaiters;
import org.threadrt.internal.SyncWait;
import org.threadrt.internal.WaitObserver;
import org.threadrt.internal.Words;
import org.threadrt.spi.Port;

/**
 * A one-shot event on a native 32-bit word (the seed's noteclear / notesleep / notewakeup): after
 * {@link #clear()}, any number of threads may {@link #sleep()}; exactly one {@link #wakeup()} releases
 * them all, and every later sleep returns at once, until the next clear. The word is 0 while clear, 1
 * once woken; C code may wake it by storing 1 and futex-waking the word.
 *
 * <p>Contract: {@code clear()} only when nobody sleeps on the note; {@code wakeup()} once per clear (a
 * second one throws {@link IllegalStateException}: it means two parties each thought they owned the
 * event). Sleeping is not interruptible: like a futex it ignores {@link Thread#interrupt()} and keeps the
 * interrupt status.
 *
 * <p>A note made by a runtime ({@link ThreadRuntime#newNote()}) takes part in its deadlock check: if every
 * task of the runtime is blocked in its notes and locks, a blocked sleep throws {@link DeadlockException}.
 *
 * <p>Virtual threads may sleep on it: they park instead of waiting in the futex (which would pin their
 * carrier), and {@link #wakeup()} unparks them; a wakeup made by C code is seen within 1 ms.
 */
public final class Note {
    private final MemorySegment word;
    private final Port port;
    /** The runtime's deadlock check, told of every blocking wait; null for a lock or note made with over(). */
    private final WaitObserver waits;
    /** Virtual threads sleeping on this note: they park instead of entering the futex (see ParkedWaiters). */
    private final ParkedWaiters parked = new ParkedWaiters();

    Note(MemorySegment word, Port port, WaitObserver waits) {
        RuntimeLock.checkWord(word);
        this.word = word;
        this.port = Objects.requireNonNull(port, "port");
        this.waits = waits;
    }

    /**
     * A note over a caller-given word, sleeping and waking through {@code port}, not part of any runtime's
     * deadlock check. For embedders and the runtime itself; applications use {@link ThreadRuntime#newNote()}.
     *
     * @param word the native 4-byte note word
     * @param port the port that sleeps and wakes on the word
     * @return a note over {@code word}
     * @throws IllegalArgumentException if the segment is not native, shorter than 4 bytes or not 4-aligned
     */
    public static Note over(MemorySegment word, Port port) {
        return new Note(word, port, null);
    }

    /**
     * The native word: 0 while clear, 1 once woken.
     *
     * @return the note's 4-byte word
     */
    public MemorySegment word() {
        return word.asSlice(0, 4);
    }

    /** Resets the note for another round. Only when nobody sleeps on it. */
    public void clear() {
        Words.set(word, 0);
    }

    /**
     * Whether the note was woken since the last clear.
     *
     * @return true if woken since the last clear
     */
    public boolean isWoken() {
        return Words.get(word) != 0;
    }

    /**
     * Wakes every sleeper, now and later, until the next {@link #clear()}.
     *
     * @throws IllegalStateException if the note was already woken since the last clear
     */
    public void wakeup() {
        if (Words.getAndSet(word, 1) != 0) {
            throw new IllegalStateException("Note woken twice without a clear in between (word 0x"
                    + Long.toHexString(word.address()) + "): a note is woken exactly once");
        }
        port.futexWake(word, Integer.MAX_VALUE);
        parked.unparkAll();
    }

    /**
     * Sleeps until the note is woken; returns at once if it already is.
     *
     * @throws DeadlockException if this runtime's deadlock check declared a deadlock while sleeping
     */
    public void sleep() {
        sleepNanos(-1);
    }

    /**
     * Sleeps until the note is woken or the timeout passes.
     *
     * @param timeout the longest time to sleep
     * @return {@code true} if woken, {@code false} if the timeout passed first
     * @throws DeadlockException if this runtime's deadlock check declared a deadlock while sleeping
     */
    public boolean sleep(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return sleepNanos(timeout.isNegative() ? 0 : RuntimeLock.saturatedNanos(timeout));
    }

    private boolean sleepNanos(long timeoutNanos) {
        if (Words.get(word) != 0) {
            return true;
        }
        if (timeoutNanos == 0) {
            return false;
        }
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        SyncWait w = waits == null ? null : waits.beginWait("Note.sleep", word, () -> Words.get(word) == 0);
        try {
            while (Words.get(word) == 0) {
                long wait = -1;
                if (timeoutNanos > 0) {
                    wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        return false;
                    }
                }
                if (w != null) {
                    if (w.deadlock() != null) {
                        throw new DeadlockException(w.deadlock());
                    }
                    long slice = waits.waitSliceNanos();
                    wait = wait < 0 ? slice : Math.min(wait, slice);
                }
                if (w != null) {
                    w.sleepOn(port, 0, wait); // counted asleep for checkdead
                } else if (Thread.currentThread().isVirtual()) {
                    parked.await(() -> Words.get(word) == 0, wait); // never pins the carrier
                } else {
                    port.futexWait(word, 0, wait);
                }
            }
            return true;
        } finally {
            if (w != null) {
                waits.endWait(w);
            }
        }
    }

    @Override
    public String toString() {
        return "Note[0x" + Long.toHexString(word.address()) + (isWoken() ? ", woken]" : ", clear]");
    }
}

package org.threadrt.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a virtual thread waits on a lock or note word: by parking, never in a futex downcall.
 *
 * <p>A futex wait is a native call, so a virtual thread in it pins its carrier; with as many waiters as
 * carriers (2 on a 2-CPU machine by default) the thread that would wake them, unmounted in
 * {@code Thread.sleep} or blocked I/O, never gets a carrier again: a permanent hang. So a virtual thread
 * registers here and parks, which unmounts it; the Java side of unlock and wakeup unparks registered
 * threads after its futex wake. C code that unlocks or wakes the word knows nothing of this queue, so a
 * parked thread also wakes every {@link #RECHECK_NANOS} to re-read the word: a virtual waiter sees a C
 * release within that bound, a Java release at once.
 *
 * <p>Synchronization: the queue is a lock-free {@link ConcurrentLinkedQueue}; a waiter adds itself, then
 * re-reads the word, then parks, so an unpark cannot fall between its check and its park (a permit given
 * before {@code park} makes it return at once). One per lock or note object.
 */
public final class ParkedWaiters {
    /** The longest a parked virtual thread sleeps without re-reading its word (a C waker does not unpark). */
    static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ConcurrentLinkedQueue<Thread> parked = new ConcurrentLinkedQueue<>();

    /**
     * Parks the calling (virtual) thread while {@code stillWaiting} holds, for at most {@code nanos}
     * (negative: no limit) or until unparked. Returns after one park, like a futex wait: the caller loops.
     */
    public void await(BooleanSupplier stillWaiting, long nanos) {
        Thread self = Thread.currentThread();
        parked.add(self);
        try {
            if (stillWaiting.getAsBoolean()) {
                LockSupport.parkNanos(this, nanos < 0 ? RECHECK_NANOS : Math.min(nanos, RECHECK_NANOS));
            }
        } finally {
            parked.remove(self);
        }
    }

    /** Unparks one parked waiter, if any (unlock). */
    public void unparkOne() {
        Thread t = parked.peek();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Unparks every parked waiter (a note's wakeup). */
    public void unparkAll() {
        for (Thread t : parked) {
            LockSupport.unpark(t);
        }
    }
}

package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.spi.Port;
import org.threadrt.testing.Await;

/** RuntimeLock and Note on plain threads, against any {@link Port}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class SyncContractTest {

    protected abstract Port port();

    private static MemorySegment word() {
        return Arena.ofAuto().allocate(4, 4);
    }

    @Test
    void lockTorture8ThreadsX100k() throws Exception {
        RuntimeLock lock = RuntimeLock.over(word(), port());
        int threads = 8;
        int each = 100_000;
        long[] counter = new long[1];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    lock.lock();
                    counter[0]++;
                    lock.unlock();
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        lock.lock();
        assertEquals((long) threads * each, counter[0]);
        lock.unlock();
        assertEquals(0, lock.word().get(ValueLayout.JAVA_INT, 0), "no holder, no sleeper left");
    }

    /*
     * The wake-demand rule's risk is a stranded sleeper: a wake cleared the demand and went to a waiter
     * that then gave up. Untimed lockers and waiters with short timeouts (some of which time out after a
     * wake) on one lock, with holds long enough that many sleep: everyone finishes, the count is exact.
     */
    @Test
    void timedWaitersNeverStrandASleeper() throws Exception {
        RuntimeLock lock = RuntimeLock.over(word(), port());
        int each = 3_000;
        long[] counter = new long[1];
        AtomicInteger timedAcquired = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            boolean timed = t % 2 == 1;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    if (timed) {
                        if (!lock.tryLock(Duration.ofNanos(1_000 + (i % 50) * 1_000))) {
                            continue;
                        }
                        timedAcquired.incrementAndGet();
                    } else {
                        lock.lock();
                    }
                    counter[0]++;
                    if (i % 64 == 0) {
                        LockSupport.parkNanos(200_000); // a long hold: the others go to sleep
                    }
                    lock.unlock();
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(50));
            assertFalse(t.isAlive(), () -> "a waiter never woke: " + lock);
        }
        assertEquals(4L * each + timedAcquired.get(), counter[0]);
        assertEquals(0, lock.word().get(ValueLayout.JAVA_INT, 0), "no holder and no demand left");
    }

    @Test
    void lockWordLayoutIsTheCAbi() {
        RuntimeLock lock = RuntimeLock.over(word(), port());
        assertEquals(0, lock.word().get(ValueLayout.JAVA_INT, 0));
        lock.lock();
        assertEquals(1, lock.word().get(ValueLayout.JAVA_INT, 0), "bit 0 = held");
        assertFalse(lock.tryLock());
        lock.unlock();
        assertTrue(lock.tryLock());
        lock.unlock();
        // C code took it: the same word, locked from outside.
        lock.word().set(ValueLayout.JAVA_INT, 0, 1);
        assertTrue(lock.isLocked());
        lock.unlock(); // no owner: anyone may unlock
        assertFalse(lock.isLocked());
    }

    @Test
    void unlockOfUnheldLockThrows() {
        RuntimeLock lock = RuntimeLock.over(word(), port());
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void tryLockWithTimeout() throws Exception {
        RuntimeLock lock = RuntimeLock.over(word(), port());
        lock.lock();
        long t0 = System.nanoTime();
        Thread other = Thread.ofPlatform().start(() -> assertFalse(lock.tryLock(Duration.ofMillis(100))));
        other.join();
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(90));
        // It may have absorbed a wake meant for another sleeper, so it leaves a wake demand behind for the
        // holder's unlock (bit 0 held, bits 1-31 at least 1; more if a spurious wake made it announce again)
        // rather than strand one.
        int left = lock.word().get(ValueLayout.JAVA_INT, 0);
        assertTrue((left & 1) == 1 && (left >>> 1) >= 1, "the timed-out waiter leaves a wake demand: 0x"
                + Integer.toHexString(left));
        AtomicInteger got = new AtomicInteger();
        Thread waiter = Thread.ofPlatform().start(() -> {
            if (lock.tryLock(Duration.ofSeconds(10))) {
                got.incrementAndGet();
                lock.unlock();
            }
        });
        Thread.sleep(50);
        lock.unlock();
        waiter.join();
        assertEquals(1, got.get());
    }

    @Test
    void rejectsBadWords() {
        assertThrows(IllegalArgumentException.class, () -> RuntimeLock.over(MemorySegment.ofArray(new int[1]), port()));
        assertThrows(IllegalArgumentException.class, () -> RuntimeLock.over(word().asSlice(0, 2), port()));
        assertThrows(IllegalArgumentException.class,
                () -> Note.over(Arena.ofAuto().allocate(8, 4).asSlice(1, 4), port()));
    }

    @Test
    void noteManySleepersOneWakeup() throws Exception {
        Note note = Note.over(word(), port());
        int sleepers = 16;
        CountDownLatch asleep = new CountDownLatch(sleepers);
        CountDownLatch woke = new CountDownLatch(sleepers);
        for (int i = 0; i < sleepers; i++) {
            Thread.ofPlatform().start(() -> {
                asleep.countDown();
                note.sleep();
                woke.countDown();
            });
        }
        asleep.await();
        Thread.sleep(50);
        assertEquals(sleepers, woke.getCount(), "nobody wakes before the wakeup");
        note.wakeup();
        assertTrue(woke.await(10, TimeUnit.SECONDS), "one wakeup releases every sleeper");
        note.sleep(); // returns at once after the wakeup
        assertTrue(note.sleep(Duration.ofDays(1)));
    }

    @Test
    void noteTimedSleepTimesOut() {
        Note note = Note.over(word(), port());
        long t0 = System.nanoTime();
        assertFalse(note.sleep(Duration.ofMillis(80)));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(75));
        assertFalse(note.sleep(Duration.ZERO));
    }

    @Test
    void noteDoubleWakeupThrowsAndClearResets() {
        Note note = Note.over(word(), port());
        note.wakeup();
        assertTrue(note.isWoken());
        IllegalStateException e = assertThrows(IllegalStateException.class, note::wakeup);
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        note.clear();
        assertFalse(note.isWoken());
        assertFalse(note.sleep(Duration.ofMillis(1)));
        note.wakeup();
        assertTrue(note.sleep(Duration.ofMillis(1)));
    }

    @Test
    void sleepKeepsInterruptStatus() throws Exception {
        Note note = Note.over(word(), port());
        Thread t = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            assertFalse(note.sleep(Duration.ofMillis(30)));
            assertTrue(Thread.currentThread().isInterrupted());
        });
        t.join();
        Await.until(() -> !t.isAlive(), Duration.ofSeconds(5), () -> "thread alive");
    }
}

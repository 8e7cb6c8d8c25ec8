package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.spi.Port;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/**
 * The one interleaving where RuntimeLock's wake-demand rule could strand a sleeper, forced through a port
 * that decides where a wake goes: an unlock clears the demand and its one wake goes to a timed waiter,
 * the holder relocks at once, and the timed waiter, woken past its deadline with the lock held, gives up.
 * Unless it passes the wake on, the other sleeper is counted nowhere and sleeps forever.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RuntimeLockWakeDemandTest {

    @Test
    void aWokenWaiterThatGivesUpPassesTheWakeOn() throws Exception {
        JavaThreadsPort real = new JavaThreadsPort();
        AtomicBoolean giveNextWakeToTimedWaiter = new AtomicBoolean();
        CountDownLatch timedWaiterWoken = new CountDownLatch(1);
        AtomicReference<Thread> timedWaiter = new AtomicReference<>();
        long timeoutMillis = 500; // long enough that 16 yields on a loaded machine cannot use it up
        Port port = (Port) Proxy.newProxyInstance(Port.class.getClassLoader(), new Class<?>[] {Port.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("futexWake") && giveNextWakeToTimedWaiter.compareAndSet(true, false)) {
                        timedWaiterWoken.countDown(); // as if the kernel had picked the timed waiter
                        return null;
                    }
                    if (method.getName().equals("futexWait") && Thread.currentThread() == timedWaiter.get()) {
                        timedWaiterWoken.await();
                        Thread.sleep(timeoutMillis + 5); // it runs again only after its deadline
                        return false; // woken, not timed out
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        MemorySegment word = Arena.ofAuto().allocate(4, 4);
        RuntimeLock lock = RuntimeLock.over(word, port);

        lock.lock();
        Thread sleeper = Thread.ofPlatform().start(() -> {
            lock.lock();
            lock.unlock();
        });
        Await.until(() -> word.get(ValueLayout.JAVA_INT, 0) == (1 | 2) && sleeper.getState() == Thread.State.WAITING,
                Duration.ofSeconds(10), () -> "sleeper not asleep: " + lock);
        AtomicReference<Boolean> timedResult = new AtomicReference<>();
        Thread timed = Thread.ofPlatform().unstarted(
                () -> timedResult.set(lock.tryLock(Duration.ofMillis(timeoutMillis))));
        timedWaiter.set(timed);
        timed.start();
        Await.until(() -> word.get(ValueLayout.JAVA_INT, 0) == (1 | 2 + 2), Duration.ofSeconds(10),
                () -> "timed waiter did not announce: " + lock);

        giveNextWakeToTimedWaiter.set(true);
        lock.unlock(); // clears the demand of both; its one wake goes to the timed waiter
        lock.lock();   // and the holder is back at once, with no demand
        timed.join();
        assertEquals(Boolean.FALSE, timedResult.get(), "the timed waiter gave up");
        assertEquals(1 | 2, word.get(ValueLayout.JAVA_INT, 0), "it left a wake demand for the holder's unlock");

        lock.unlock(); // must wake the sleeper
        sleeper.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(sleeper.isAlive(), () -> "the sleeper was stranded: " + lock);
        assertEquals(0, word.get(ValueLayout.JAVA_INT, 0));
    }
}

package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/** The runtime's JFR events and its MXBean, on the Java-threads port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ObservabilityTest {

    @Test
    void jfrRecordsMLifecycleReapContentionAndDeadlock() throws Exception {
        Path file = Files.createTempFile("threadrt-core-", ".jfr");
        try (Recording recording = new Recording()) {
            for (String e : List.of("MStart", "MExit", "StackReap", "Deadlock")) {
                recording.enable("org.threadrt." + e);
            }
            recording.enable("org.threadrt.LockContention").withThreshold(Duration.ZERO);
            recording.start();

            JavaThreadsPort port = new JavaThreadsPort();
            try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("jfr-core")
                    .stackPolicy(StackPolicy.RUNTIME).stackSize(256 * 1024).maxThreads(2)
                    .deadlockGrace(Duration.ZERO).deadlockHandler(r -> { }).build(), port)) {
                for (int i = 0; i < 10; i++) {
                    rt.submit(ThreadRuntime::lockOSThread).get(); // each M exits LOCKED; the next reaps it
                }
                RuntimeLock lock = rt.newLock();
                CountDownLatch held = new CountDownLatch(1);
                Future<?> holder = rt.submit(() -> {
                    lock.lock();
                    held.countDown();
                    sleep(30);
                    lock.unlock();
                });
                held.await();
                Future<?> waiter = rt.submit(() -> {
                    lock.lock();
                    lock.unlock();
                });
                holder.get();
                waiter.get();
                Note never = rt.newNote();
                Future<?> stuck = rt.submit(() -> never.sleep());
                ExecutionException e = assertThrows(ExecutionException.class, stuck::get);
                assertTrue(e.getCause() instanceof DeadlockException, e::toString);
            }
            recording.stop();
            recording.dump(file);
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String name = e.getEventType().getName();
            if (name.startsWith("org.threadrt.")) {
                counts.merge(name, 1, Integer::sum);
                if (name.equals("org.threadrt.MExit") || name.equals("org.threadrt.MStart")) {
                    assertEquals("jfr-core", e.getString("runtime"));
                }
            }
        }
        Files.deleteIfExists(file);
        assertTrue(counts.getOrDefault("org.threadrt.MStart", 0) >= 12, counts::toString);
        assertTrue(counts.getOrDefault("org.threadrt.MExit", 0) >= 10, counts::toString);
        assertTrue(counts.getOrDefault("org.threadrt.StackReap", 0) >= 10, counts::toString);
        assertTrue(counts.getOrDefault("org.threadrt.LockContention", 0) >= 1, counts::toString);
        assertEquals(1, counts.getOrDefault("org.threadrt.Deadlock", 0), counts::toString);
    }

    @Test
    void mxbeanExposesTheStatsAndGoesAwayOnClose() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("org.threadrt:type=ThreadRuntime,name=jmx-core");
        ObjectName second = new ObjectName("org.threadrt:type=ThreadRuntime,name=jmx-core-2");
        RuntimeConfig config = RuntimeConfig.builder().name("jmx-core").stackSize(256 * 1024).build();
        try (ThreadRuntime rt = ThreadRuntime.start(config, new JavaThreadsPort())) {
            for (int i = 0; i < 5; i++) {
                rt.submit(ThreadRuntime::lockOSThread).get();
            }
            // get() returns when the task's result is set; its M counts it (and its exit) just after.
            Await.until(() -> rt.stats().lockedExits() == 5, Duration.ofSeconds(10), () -> rt.stats().toString());
            assertEquals("jmx-core", server.getAttribute(name, "Name"));
            assertEquals(5L, server.getAttribute(name, "TasksCompleted"));
            assertEquals(5L, server.getAttribute(name, "LockedExits"));
            assertEquals(rt.stats().mcount(), server.getAttribute(name, "Mcount"));
            assertEquals("OS", server.getAttribute(name, "StackPolicy"));
            try (ThreadRuntime other = ThreadRuntime.start(config, new JavaThreadsPort())) {
                assertTrue(server.isRegistered(second), "a second runtime of the same name gets -2");
            }
            assertFalse(server.isRegistered(second));
        }
        assertFalse(server.isRegistered(name), "unregistered on close");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

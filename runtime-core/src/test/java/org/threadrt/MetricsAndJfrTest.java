package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.threadrt.testing.JavaThreadsPort;

/** The MXBean's descriptions and deadlock notification, the shipped .jfc, LockContention's stack. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsAndJfrTest {
    @TempDir
    Path dir;

    private static ThreadRuntime start(String name) {
        return ThreadRuntime.start(RuntimeConfig.builder().name(name).stackSize(256 * 1024).maxThreads(4)
                .deadlockGrace(Duration.ZERO).deadlockHandler(r -> { }).build(), new JavaThreadsPort());
    }

    @Test
    void everyAttributeHasADescriptionAndCountersAndGaugesHaveUnits() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (ThreadRuntime rt = start("described")) {
            ObjectName name = new ObjectName("org.threadrt:type=ThreadRuntime,name=described");
            MBeanInfo info = server.getMBeanInfo(name);
            assertFalse(info.getDescription().isBlank());
            assertEquals(Set.of(ThreadRuntimeMXBean.class.getMethods()).stream()
                    .filter(m -> m.getName().startsWith("get") || m.getName().startsWith("is")).count(),
                    info.getAttributes().length, "every getter is an attribute");
            List<String> bad = new ArrayList<>();
            for (MBeanAttributeInfo a : info.getAttributes()) {
                String d = a.getDescription();
                // StandardMBean's default description is the attribute's name, or "Attribute exposed for management"
                if (d == null || d.isBlank() || d.equals(a.getName()) || d.startsWith("Attribute exposed")) {
                    bad.add(a.getName() + ": " + d);
                }
                Object type = a.getDescriptor().getFieldValue("metricType");
                if ("counter".equals(type) && !d.contains("since the runtime started")) {
                    bad.add(a.getName() + " is a counter and says not since when: " + d);
                }
                if (type != null && !type.toString().isEmpty()
                        && (a.getDescriptor().getFieldValue("units") == null
                                || a.getDescriptor().getFieldValue("units").toString().isEmpty())) {
                    bad.add(a.getName() + " has no units");
                }
            }
            assertEquals(List.of(), bad);
            MBeanAttributeInfo mnext = find(info, "Mnext");
            assertEquals("counter", mnext.getDescriptor().getFieldValue("metricType"));
            assertEquals("threads", mnext.getDescriptor().getFieldValue("units"));
            assertEquals("gauge", find(info, "RunqLength").getDescriptor().getFieldValue("metricType"));
            assertEquals("ms", find(info, "IdleTimeoutMillis").getDescriptor().getFieldValue("units"));
            assertEquals(ThreadRuntimeMXBean.DEADLOCK_NOTIFICATION, info.getNotifications()[0].getNotifTypes()[0]);
            assertEquals(rt.stats().mnext(), server.getAttribute(name, "Mnext"));
        }
    }

    private static MBeanAttributeInfo find(MBeanInfo info, String name) {
        for (MBeanAttributeInfo a : info.getAttributes()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no attribute " + name);
    }

    @Test
    void aDeclaredDeadlockSendsAJmxNotification() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
        NotificationListener listener = (n, handback) -> received.add(n);
        try (ThreadRuntime rt = start("notifying")) {
            ObjectName name = new ObjectName("org.threadrt:type=ThreadRuntime,name=notifying");
            server.addNotificationListener(name, listener, null, null);
            Note never = rt.newNote();
            Future<?> stuck = rt.submit(() -> never.sleep());
            ExecutionException e = assertThrows(ExecutionException.class, stuck::get);
            assertTrue(e.getCause() instanceof DeadlockException, e::toString);
            Notification n = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(n, "a notification came");
            assertEquals(ThreadRuntimeMXBean.DEADLOCK_NOTIFICATION, n.getType());
            assertEquals(name, n.getSource());
            assertTrue(n.getMessage().contains("notifying"), n.getMessage());
            assertEquals(n.getMessage(), n.getUserData());
            assertEquals(1L, server.getAttribute(name, "DeadlocksReported"));
            server.removeNotificationListener(name, listener);
        }
    }

    @Test
    void theShippedJfcParsesAndKeepsPerThreadEventsOffAndRareOnesOn() throws Exception {
        Configuration c = ThreadRuntime.jfrConfiguration();
        Map<String, String> s = c.getSettings();
        assertEquals("threadrt", c.getLabel());
        for (String off : List.of("MStart", "MExit", "StackReap", "NeedM", "DropM")) {
            assertEquals("false", s.get("org.threadrt." + off + "#enabled"), off);
        }
        for (String on : List.of("Deadlock", "LockContention", "ThreadStartRefused")) {
            assertEquals("true", s.get("org.threadrt." + on + "#enabled"), on);
        }
        assertEquals("10 ms", s.get("org.threadrt.LockContention#threshold"));
        // The same file through JFR's own parser of a path, as -XX:StartFlightRecording:settings= reads it.
        Path jfc = dir.resolve("threadrt.jfc");
        try (var in = ThreadRuntime.class.getResourceAsStream("/" + ThreadRuntime.JFC_RESOURCE)) {
            Files.copy(in, jfc);
        }
        assertEquals(s, Configuration.create(jfc).getSettings());

        // A recording with these settings records what they say: a deadlock, no M starts or exits.
        Path file = dir.resolve("jfc.jfr");
        try (Recording recording = new Recording(c)) {
            recording.start();
            try (ThreadRuntime rt = start("jfc")) {
                for (int i = 0; i < 5; i++) {
                    rt.submit(ThreadRuntime::lockOSThread).get();
                }
                Note never = rt.newNote();
                assertThrows(ExecutionException.class, () -> rt.submit(() -> never.sleep()).get());
            }
            recording.stop();
            recording.dump(file);
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            counts.merge(e.getEventType().getName(), 1, Integer::sum);
        }
        assertEquals(1, counts.getOrDefault("org.threadrt.Deadlock", 0), counts::toString);
        assertEquals(0, counts.getOrDefault("org.threadrt.MStart", 0), counts::toString);
        assertEquals(0, counts.getOrDefault("org.threadrt.MExit", 0), counts::toString);
    }

    @Test
    void lockContentionsStackStartsAtTheUsersCall() throws Exception {
        Path file = dir.resolve("contention.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.threadrt.LockContention").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            try (ThreadRuntime rt = start("contended")) {
                RuntimeLock lock = rt.newLock();
                CountDownLatch held = new CountDownLatch(1);
                Future<?> holder = rt.submit(() -> {
                    lock.lock();
                    held.countDown();
                    Thread.sleep(50);
                    lock.unlock();
                    return null;
                });
                held.await();
                Future<?> waiter = rt.submit(() -> usersMethodTakingTheLock(lock));
                holder.get();
                waiter.get();
            }
            recording.stop();
            recording.dump(file);
        }
        List<String> tops = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("org.threadrt.LockContention") && e.getBoolean("runtimeLock")) {
                RecordedFrame top = e.getStackTrace().getFrames().get(0);
                tops.add(top.getMethod().getType().getName() + "::" + top.getMethod().getName());
            }
        }
        assertFalse(tops.isEmpty(), "the contention was recorded");
        assertEquals(List.of(MetricsAndJfrTest.class.getName() + "::usersMethodTakingTheLock"), tops.subList(0, 1),
                "the top frame is the caller of lock(), not threadrt: " + tops);
    }

    private static void usersMethodTakingTheLock(RuntimeLock lock) {
        lock.lock();
        lock.unlock();
    }
}

package org.threadrt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.threadrt.MInfo;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;

/**
 * Each M's thread carries its name from birth on real threads (FFM port): in JFR's event thread, in the OS
 * name ({@code /proc/self/task/<tid>/comm}), in thread dumps; and names never repeat across runtimes.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ThreadIdentityTest {
    @TempDir
    Path dir;

    /** What Linux keeps of a name: 15 bytes, longer names cut to their first 6 bytes, '~' and their last 8. */
    static String linuxComm(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return b.length <= 15 ? name : name.substring(0, 6) + "~" + name.substring(name.length() - 8);
    }

    static String comm(long tid) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/task/" + tid + "/comm")).get(0);
    }

    @ParameterizedTest
    @EnumSource(value = StackPolicy.class, names = {"OS", "RUNTIME"})
    void jfrEventThreadAndTheOsNameCarryTheMsName(StackPolicy policy) throws Exception {
        Path file = dir.resolve("names-" + policy + ".jfr");
        String runtimeName = "netns-workers"; // long: the OS name is cut
        Map<Long, String> javaNames = new ConcurrentHashMap<>();
        Map<Long, String> osNames = new ConcurrentHashMap<>();
        try (Recording recording = new Recording()) {
            recording.enable("org.threadrt.MStart");
            recording.enable("org.threadrt.MExit");
            recording.start();
            try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name(runtimeName).stackPolicy(policy)
                    .stackSize(256 * 1024).maxThreads(2).build(), new FfmPort())) {
                for (int i = 0; i < 20; i++) {
                    rt.submit(() -> {
                        MInfo m = ThreadRuntime.currentM().orElseThrow();
                        javaNames.put(m.id(), Thread.currentThread().getName());
                        osNames.put(m.id(), Files.readAllLines(Path.of("/proc/thread-self/comm")).get(0));
                        ThreadRuntime.lockOSThread(); // this M exits: the next task gets a new thread
                        return null;
                    }).get();
                }
            }
            recording.stop();
            recording.dump(file);
        }
        assertEquals(20, javaNames.size(), javaNames::toString);
        String prefix = null;
        for (Map.Entry<Long, String> e : javaNames.entrySet()) {
            String name = e.getValue();
            assertTrue(name.matches("netns-workers-\\d+-M" + e.getKey()), "Java name of M" + e.getKey() + ": " + name);
            assertEquals(linuxComm(name), osNames.get(e.getKey()), "OS name of M" + e.getKey());
            assertTrue(osNames.get(e.getKey()).getBytes(StandardCharsets.UTF_8).length <= 15);
            String p = name.substring(0, name.lastIndexOf("-M"));
            assertTrue(prefix == null || prefix.equals(p), "one runtime, one prefix: " + javaNames);
            prefix = p;
        }
        Map<String, Integer> wrong = new TreeMap<>();
        int events = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (!(type.equals("org.threadrt.MStart") || type.equals("org.threadrt.MExit"))
                    || !runtimeName.equals(e.getString("runtime"))) {
                continue;
            }
            events++;
            String expected = prefix + "-M" + e.getLong("mId");
            String got = e.getThread() == null ? null : e.getThread().getJavaName();
            if (!expected.equals(got)) {
                wrong.merge(type + " of M" + e.getLong("mId") + " on " + got, 1, Integer::sum);
            }
        }
        assertEquals(40, events, "an MStart and an MExit per M");
        assertEquals(Map.of(), wrong, "JFR's event thread is the M's name, from the M's first event to its last");
    }

    @Test
    void threadDumpsAndProcSelfTaskShowTheNameWhileTheMRuns() throws Exception {
        try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("dump").stackSize(256 * 1024)
                .build(), new FfmPort())) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<MInfo> f = rt.submit(() -> {
                inside.countDown();
                release.await();
                return ThreadRuntime.currentM().orElseThrow();
            });
            inside.await();
            List<String> dumped = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                dumped.add(t.getName());
            }
            List<String> comms = new ArrayList<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        comms.add(Files.readAllLines(task.resolve("comm")).get(0));
                    } catch (IOException gone) {
                        // a thread that ended meanwhile
                    }
                }
            }
            release.countDown();
            MInfo m = f.get();
            String expected = dumped.stream().filter(n -> n.matches("dump-\\d+-M" + m.id())).findFirst().orElse(null);
            assertTrue(expected != null, "the thread dump lists the M by name: " + dumped);
            assertTrue(comms.contains(expected), "/proc/self/task/*/comm lists " + expected + ": " + comms);
            assertEquals(expected, comm(m.tid()), "the M's own task entry (it idles, alive)");
        }
    }

    @Test
    void namesDoNotRepeatAcrossRuntimesOfOneName() throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (int r = 0; r < 2; r++) {
            try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("same").stackSize(256 * 1024)
                    .build(), new FfmPort())) {
                String name = rt.submit(() -> Thread.currentThread().getName()).get();
                assertTrue(names.add(name), "a name repeated across runtimes: " + name + " in " + names);
            }
        }
        assertEquals(2, names.size());
        List<String> sorted = new ArrayList<>(names);
        assertNotEquals(sorted.get(0).replaceAll("-M\\d+$", ""), sorted.get(1).replaceAll("-M\\d+$", ""),
                "each runtime has its own {seq}: " + names);
    }
}

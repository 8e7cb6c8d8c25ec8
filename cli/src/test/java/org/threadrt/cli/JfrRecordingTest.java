package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.threadrt.StackPolicy;
import org.threadrt.internal.events.Events;

/** threadrt's JFR events on real threads: recorded during a short stress run and read back from the file. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JfrRecordingTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingOfAStressRunHoldsTheRuntimesEvents() throws Exception {
        Path file = dir.resolve("stress.jfr");
        CliRun run;
        try (Recording recording = new Recording()) {
            for (String e : List.of("MStart", "MExit", "StackReap", "Deadlock", "NeedM", "DropM")) {
                recording.enable("org.threadrt." + e);
            }
            recording.enable("org.threadrt.LockContention").withThreshold(Duration.ZERO);
            recording.start();
            assertTrue(Events.recording(), "the gate opened with the recording");
            run = CliRun.of("stress", "-d", "2s", "-w", "churn,bare,lock,callback", "--stack", "runtime",
                    "--callback-mode", "per-call", "--progress", "off");
            recording.stop();
            recording.dump(file);
        }
        assertEquals(0, run.status(), run::toString);
        assertTrue(!Events.recording(), "the gate closed with the recording");

        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> exitReasons = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String name = e.getEventType().getName();
            if (!name.startsWith("org.threadrt.")) {
                continue;
            }
            counts.merge(name, 1, Integer::sum);
            if (name.equals("org.threadrt.MExit")) {
                exitReasons.merge(e.getString("reason"), 1, Integer::sum);
                assertTrue(e.getLong("tid") > 0, e::toString);
            }
            if (name.equals("org.threadrt.StackReap")) {
                assertTrue(e.getLong("size") > 0, e::toString);
            }
            if (name.equals("org.threadrt.LockContention")) {
                assertTrue(e.getBoolean("acquired"), e::toString);
            }
        }
        assertTrue(counts.getOrDefault("org.threadrt.MStart", 0) > 100, counts::toString);
        assertTrue(counts.getOrDefault("org.threadrt.StackReap", 0) > 100, counts::toString);
        assertTrue(exitReasons.getOrDefault("LOCKED", 0) > 50, exitReasons::toString);
        assertTrue(exitReasons.getOrDefault("BARE", 0) > 50, exitReasons::toString);
        assertTrue(counts.getOrDefault("org.threadrt.LockContention", 0) > 0, counts::toString);
        assertTrue(counts.getOrDefault("org.threadrt.NeedM", 0) > 100, counts::toString);
        assertTrue(counts.getOrDefault("org.threadrt.DropM", 0) > 100, counts::toString);
        assertEquals(0, counts.getOrDefault("org.threadrt.Deadlock", 0), counts::toString);
    }

    @Test
    void withNoRecordingTheEventCallsAllocateNothing() {
        assertTrue(!Events.recording());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000_000; i++) {
                Events.mStart("rt", i, i, StackPolicy.OS);
                Events.mExit("rt", i, i, StackPolicy.OS, "LOCKED");
                Events.stackReap("rt", i, 4096, 65536);
                Object c = Events.lockContentionBegin();
                Events.lockContentionEnd(c, 4096, true, true);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (warm == 2) {
                // Measuring itself may allocate a little; a million events would be tens of megabytes.
                assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 4M event calls with JFR off");
            }
        }
    }
}

package org.threadrt.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.BareThread;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.bind.threadrt_h;

/**
 * A BARE M's OS name (issue 14): the thread names itself from the runtime's pattern before its function
 * runs, so {@code /proc/self/task/<tid>/comm} (top -H, perf, gdb) shows the M, not its creator's name. Before
 * ABI 5 it read the creator's comm: the template thread's ({@code threadrt-templ}) or the submitting M's.
 *
 * <p>The BARE thread runs the shim's own {@code trt_lock} (BARE-safe, one pointer argument) on a word this
 * test holds, so it stays alive until {@code trt_unlock}; once the word carries wake demand (bits 1-31) the
 * thread sleeps inside {@code trt_lock}, past its naming, and its comm is read once; the word is unlocked
 * before anything is asserted, so a failure cannot leave the M blocked and close() waiting for it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BareThreadNameTest {

    @Test
    void aBareThreadStartedThroughTheTemplateCarriesItsMsName() throws Exception {
        assumeTrue(new FfmPort().supports(StackPolicy.BARE), "BARE threads: Linux only");
        try (ThreadRuntime rt = ThreadRuntime.start(config("barecomm"), new FfmPort())) {
            // a plain thread (this one) asks: the template clones
            Seen seen = commOfRunningBare(rt);
            assertEquals("barecomm-M" + seen.id(), seen.comm(), "the BARE M's OS name while it runs");
        }
    }

    @Test
    void aBareThreadStartedByATaskMCarriesItsMsNameCutToFifteenBytes() throws Exception {
        assumeTrue(new FfmPort().supports(StackPolicy.BARE), "BARE threads: Linux only");
        try (ThreadRuntime rt = ThreadRuntime.start(config("a-long-runtime-name"), new FfmPort())) {
            // a clean task M asks: it clones directly (BareMs), and the name is longer than comm keeps
            Seen seen = rt.submit(() -> commOfRunningBare(rt)).get(30, TimeUnit.SECONDS);
            assertEquals(FfmPort.osThreadName("a-long-runtime-name-M" + seen.id(), 15), seen.comm());
            assertTrue(seen.comm().startsWith("a-long~") && seen.comm().length() == 15, seen.comm());
        }
    }

    private static RuntimeConfig config(String name) {
        return RuntimeConfig.builder().name(name).threadNamePattern("{runtime}-M{m}")
                .idleTimeout(Duration.ofSeconds(5)).build();
    }

    /** A BARE M's number and its comm, read while it ran. */
    private record Seen(long id, String comm) {}

    /** Starts a BARE M blocked in trt_lock, reads its comm while it sleeps there, then lets it end. */
    private static Seen commOfRunningBare(ThreadRuntime rt) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment word = arena.allocate(JAVA_INT);
            threadrt_h.trt_lock(word);
            BareThread b = rt.startBare(threadrt_h.trt_lock$address(), word);
            String comm;
            try {
                awaitSleeper(word);
                comm = comm(b.tid());
            } finally {
                threadrt_h.trt_unlock(word); // always: a BARE M left blocked would hang close()
            }
            assertTrue(b.join(Duration.ofSeconds(30)), "the BARE M ended");
            return new Seen(b.id(), comm);
        }
    }

    /** Until the lock word shows a sleeper's wake demand: the BARE thread is inside trt_lock, named. */
    private static void awaitSleeper(MemorySegment word) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // a hang guard, not a timing check
        while ((word.get(JAVA_INT, 0) & ~1) == 0) {
            assertTrue(System.nanoTime() < deadline, "the BARE thread never blocked in trt_lock");
            Thread.sleep(1);
        }
    }

    private static String comm(long tid) throws Exception {
        return Files.readString(Path.of("/proc/self/task/" + tid + "/comm")).strip();
    }
}

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
 * thread sleeps inside {@code trt_lock}, past its naming, and its comm is read once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BareThreadNameTest {

    @Test
    void aBareThreadStartedThroughTheTemplateCarriesItsMsName() throws Exception {
        assumeTrue(new FfmPort().supports(StackPolicy.BARE), "BARE threads: Linux only");
        try (ThreadRuntime rt = ThreadRuntime.start(config("barecomm"), new FfmPort())) {
            // a plain thread (this one) asks: the template clones
            assertCommWhileRunning(rt, "barecomm-M");
        }
    }

    @Test
    void aBareThreadStartedByATaskMCarriesItsMsNameCutToFifteenBytes() throws Exception {
        assumeTrue(new FfmPort().supports(StackPolicy.BARE), "BARE threads: Linux only");
        try (ThreadRuntime rt = ThreadRuntime.start(config("a-long-runtime-name"), new FfmPort())) {
            // a clean task M asks: it clones directly (BareMs), and the name is longer than comm keeps
            String comm = rt.submit(() -> readCommOfRunningBare(rt)).get(30, TimeUnit.SECONDS);
            assertTrue(comm.startsWith("a-long~") && comm.getBytes().length == 15, comm);
        }
    }

    private static RuntimeConfig config(String name) {
        return RuntimeConfig.builder().name(name).threadNamePattern("{runtime}-M{m}")
                .idleTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts a BARE M blocked in trt_lock, checks its comm is "prefix" + its M number, then lets it end. */
    private static void assertCommWhileRunning(ThreadRuntime rt, String prefix) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment word = arena.allocate(JAVA_INT);
            threadrt_h.trt_lock(word);
            BareThread b = rt.startBare(threadrt_h.trt_lock$address(), word);
            awaitSleeper(word);
            assertEquals(prefix + b.id(), comm(b.tid()), "the BARE M's OS name while it runs");
            threadrt_h.trt_unlock(word);
            assertTrue(b.join(Duration.ofSeconds(30)), "the BARE M ended");
        }
    }

    private static String readCommOfRunningBare(ThreadRuntime rt) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment word = arena.allocate(JAVA_INT);
            threadrt_h.trt_lock(word);
            BareThread b = rt.startBare(threadrt_h.trt_lock$address(), word);
            awaitSleeper(word);
            String comm = comm(b.tid());
            assertEquals(FfmPort.osThreadName("a-long-runtime-name-M" + b.id(), 15), comm);
            threadrt_h.trt_unlock(word);
            assertTrue(b.join(Duration.ofSeconds(30)), "the BARE M ended");
            return comm;
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

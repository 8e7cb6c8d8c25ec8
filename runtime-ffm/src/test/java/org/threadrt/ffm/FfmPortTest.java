package org.threadrt.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadStartException;
import org.threadrt.ffm.bind.threadrt_h;
import org.threadrt.ffm.internal.NativeLoader;
import org.threadrt.spi.NativeStack;
import org.threadrt.spi.Port;

/** The FFM port on real OS threads, without the runtime above it. */
class FfmPortTest {
    private final FfmPort port = new FfmPort();

    @Test
    void loadsThePlatformShimAndChecksItsAbi() {
        assertEquals(NativeShim.currentPlatform(), port.platform());
        assertEquals(threadrt_h.TRT_ABI_VERSION(), threadrt_h.trt_abi_version());
        assertEquals(6, threadrt_h.TRT_ABI_VERSION());
        assertTrue(NativeLoader.packagedShims().contains(port.platform()));
        assertTrue(port.pageSize() >= 4096 && Long.bitCount(port.pageSize()) == 1);
    }

    @Test
    void osThreadNamesFitTheOsAndKeepBothEnds() {
        assertEquals(15, FfmPort.osNameBytes("linux-x86_64"));
        assertEquals(255, FfmPort.osNameBytes("windows-x86_64"), "SetThreadDescription, into 256 UTF-16 units");
        assertEquals("threadrt-1-M3", FfmPort.osThreadName("threadrt-1-M3", 15));
        assertEquals("threadrt-12-M34", FfmPort.osThreadName("threadrt-12-M34", 15), "15 bytes fit");
        assertEquals("netns-~rs-2-M17", FfmPort.osThreadName("netns-workers-2-M17", 15));
        assertEquals("thread~12-M3456", FfmPort.osThreadName("threadrt-12-M3456", 15));
        // Never a split character: 'é' is 2 bytes, the head's 6 bytes end before it.
        String cut = FfmPort.osThreadName("ééééééééé-1-M1", 15);
        assertTrue(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 15, cut);
        assertEquals("ééé~é-1-M1", cut);
        assertEquals(null, FfmPort.osThreadName("x-1-M1", 0));
    }

    @Test
    void isFoundByServiceLoader() {
        // Module path: declared in module-info; class path: META-INF/services.
        var descriptor = FfmPort.class.getModule().getDescriptor();
        if (descriptor != null) {
            assertTrue(descriptor.provides().stream().anyMatch(p -> p.service().equals(Port.class.getName())
                    && p.providers().contains(FfmPort.class.getName())));
        }
        assertTrue(FfmPort.class.getResource("/META-INF/services/" + Port.class.getName()) != null);
    }

    @Test
    void aMissingShimFileIsExplained() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NativeLoader.locateShim("linux-x86_64", "/nonexistent/libthreadrt.so"));
        assertTrue(e.getMessage().contains("platforms/build linux-x86_64"), e.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> NativeLoader.locateShim("plan9-mips", null));
        assertTrue(none.getMessage().contains("no native shim for plan9-mips"), none.getMessage());
    }

    @Test
    void osThreadRunsItsBodyOnAnotherOsThread() throws InterruptedException {
        BlockingQueue<Long> tids = new ArrayBlockingQueue<>(1);
        port.startThread(() -> tids.add(port.gettid()), 256 * 1024);
        Long tid = tids.poll(10, TimeUnit.SECONDS);
        assertTrue(tid != null && tid > 0 && tid != port.gettid(), "tid " + tid);
    }

    @Test
    void aBodyThatThrowsDoesNotEndTheJvm() throws InterruptedException {
        CountDownLatch after = new CountDownLatch(1);
        port.startThread(() -> {
            throw new IllegalStateException("thrown on purpose inside an upcall");
        }, 256 * 1024);
        port.startThread(after::countDown, 256 * 1024);
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    @Test
    void runtimeStackThreadIsReapedThroughFreeWait() throws InterruptedException {
        assertTrue(port.supports(StackPolicy.RUNTIME));
        long page = port.pageSize();
        try (Arena arena = Arena.ofConfined()) {
            for (int i = 0; i < 50; i++) {
                NativeStack stack = port.mapStack(512 * 1024 + page, page);
                MemorySegment freeWait = arena.allocate(JAVA_INT);
                freeWait.set(JAVA_INT, 0, 1);
                CountDownLatch ran = new CountDownLatch(1);
                port.startThreadOnStack(ran::countDown, stack, freeWait);
                assertTrue(ran.await(10, TimeUnit.SECONDS));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (freeWait.get(JAVA_INT, 0) != 0 && System.nanoTime() < deadline) {
                    port.futexWait(freeWait, 1, 10_000_000);
                }
                assertEquals(0, freeWait.get(JAVA_INT, 0), "the kernel stores 0 once the thread is gone");
                port.reprotectStack(stack);
                port.unmapStack(stack);
            }
        }
    }

    @Test
    void bareThreadRunsNativeCodeAndStoresZeroOnExit() {
        // The testkit's BARE workload, from the host build platforms/pack made (its binding is the workloads').
        Path testkit = Path.of(System.getProperty("threadrt.root", ".."), "platforms/out/host",
                System.mapLibraryName("threadrt_testkit"));
        MemorySegment workCount = SymbolLookup.libraryLookup(testkit, Arena.global()).find("trt_work_count")
                .orElseThrow();
        long page = port.pageSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(JAVA_LONG);
            for (int i = 0; i < 100; i++) {
                NativeStack stack = port.mapStack(64 * 1024 + page, page);
                MemorySegment freeWait = arena.allocate(JAVA_INT);
                freeWait.set(JAVA_INT, 0, 1);
                long tid = port.startBare(workCount, counter, stack, freeWait);
                assertTrue(tid > 0);
                while (freeWait.get(JAVA_INT, 0) != 0) {
                    port.osyield();
                }
                port.unmapStack(stack);
            }
            assertEquals(100, counter.get(JAVA_LONG, 0));
        }
    }

    @Test
    void futexTimesOutAndWakes() throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment word = arena.allocate(JAVA_INT);
            assertTrue(port.futexWait(word, 0, 5_000_000), "a 5 ms wait on an unchanged word times out");
            assertFalse(port.futexWait(word, 1, -1), "a mismatched value returns at once");
            CountDownLatch woke = new CountDownLatch(1);
            port.startThread(() -> {
                while (word.get(JAVA_INT, 0) == 0) {
                    port.futexWait(word, 0, -1);
                }
                woke.countDown();
            }, 256 * 1024);
            Thread.sleep(20);
            word.set(JAVA_INT, 0, 1);
            port.futexWake(word, 1);
            assertTrue(woke.await(10, TimeUnit.SECONDS));
        }
    }

    /** releaseDeadStack: a negative keep is refused; on its own (non-main) thread a keep beyond the stack
     *  releases nothing and a small one releases whole pages, and the thread goes on. */
    @Test
    void releaseDeadStackRefusesANegativeKeepAndReleasesWholePagesOnItsOwnThread() throws Exception {
        FfmPort port = new FfmPort();
        assertThrows(IllegalArgumentException.class, () -> port.releaseDeadStack(-1));
        long[] results = new long[2];
        Thread t = new Thread(null, () -> {
            results[0] = port.releaseDeadStack(Long.MAX_VALUE);
            results[1] = port.releaseDeadStack(8192);
        }, "release", 1 << 20);
        t.start();
        t.join();
        assertEquals(0, results[0], "a keep beyond the stack releases nothing");
        assertTrue(results[1] > 0 && results[1] % port.pageSize() == 0 && results[1] < (1 << 20),
                "released in whole pages, within the 1 MiB stack: " + results[1]);
    }
}

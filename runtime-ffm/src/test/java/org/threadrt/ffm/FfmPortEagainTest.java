package org.threadrt.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;
import org.threadrt.ThreadStartException;

/**
 * The port's thread starts when the OS is out of threads: one OS attempt per start (ABI 5), the refusal
 * reported at once, and the runtime's refusal episode, not the shim, retrying. The shim has no hook for
 * this: a child JVM loads {@code libthreadrt_eagain.so}, the shim's own objects linked by platforms/build
 * with {@code -Wl,--wrap=pthread_create} and platforms/harness/eagain.c, whose wrapper makes the next N
 * pthread_create calls fail with EAGAIN and counts every call, in all and per calling thread.
 *
 * <p>Until ABI 5 the shim retried EAGAIN 20 times with (try+1) ms sleeps (~210 ms) on the caller's
 * thread: a clean M's direct start paid for all of them ("direct start: 5 attempts on the M" for the four
 * refusals below, and no refusal ever reached the runtime); now it pays one, and the template's timer
 * makes the others.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FfmPortEagainTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));
    /** Refusals the wrapper makes for the runtime's direct start: fewer than the old shim's 20 tries. */
    private static final int DIRECT_REFUSALS = 4;

    /** The child JVM, with -Dthreadrt.shim.path at the EAGAIN build of the shim. */
    public static void main(String[] args) throws Throwable {
        SymbolLookup eagain = SymbolLookup.libraryLookup(Path.of(System.getProperty(NativeShim.PATH_PROPERTY)),
                Arena.global());
        Linker linker = Linker.nativeLinker();
        MethodHandle failNext = linker.downcallHandle(eagain.find("trt_eagain_fail_next").orElseThrow(),
                FunctionDescriptor.ofVoid(JAVA_INT));
        MethodHandle attempts = linker.downcallHandle(eagain.find("trt_eagain_attempts").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG));
        MethodHandle attemptsHere = linker.downcallHandle(eagain.find("trt_eagain_attempts_here").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG));
        FfmPort port = new FfmPort();
        System.out.println("shim " + NativeShim.load().file().orElseThrow());

        // The port: a refused start is one attempt and throws at once; the next start asks the OS again.
        failNext.invokeExact(3);
        long before = (long) attempts.invokeExact();
        int errno = 0;
        try {
            port.startThread(() -> {}, 0);
        } catch (ThreadStartException e) {
            errno = e.errno();
        }
        System.out.println("refused: errno " + errno + ", attempts " + ((long) attempts.invokeExact() - before));
        int refused = 0;
        for (int i = 0; i < 2; i++) {
            try {
                port.startThread(() -> {}, 0);
            } catch (ThreadStartException e) {
                refused++;
            }
        }
        CountDownLatch later = new CountDownLatch(1);
        before = (long) attempts.invokeExact();
        port.startThread(later::countDown, 0);
        System.out.println("x3: refused " + refused + " more, then one attempt " + ((long) attempts.invokeExact()
                - before) + ", ran " + later.await(10, TimeUnit.SECONDS));

        // The runtime: task A on M1 (a clean M) submits B while M1 is busy, so M1 starts B's M itself
        // (Sched's direct start). The OS refuses DIRECT_REFUSALS starts: M1 pays one attempt, and the
        // template's retries (1 ms, 2 ms, ...) make the others until B's M starts and B runs.
        RuntimeConfig config = RuntimeConfig.builder().name("eagain").maxThreads(4).build();
        try (ThreadRuntime rt = ThreadRuntime.start(config, port)) {
            CountDownLatch bRan = new CountDownLatch(1);
            long onM = rt.submit(() -> {
                call(() -> {
                    failNext.invokeExact(DIRECT_REFUSALS);
                });
                long here = count(attemptsHere);
                rt.execute(bRan::countDown);
                long paid = count(attemptsHere) - here;
                bRan.await(30, TimeUnit.SECONDS); // M1 stays busy: only a new M can run B
                return paid;
            }).get(60, TimeUnit.SECONDS);
            System.out.println("direct start: " + onM + " attempts on the M, B ran " + (bRan.getCount() == 0)
                    + ", refusals counted " + rt.stats().threadStartFailures());
            rt.checkInvariants();
        }
        System.exit(0);
    }

    private interface NativeCall {
        void run() throws Throwable;
    }

    private static void call(NativeCall c) {
        try {
            c.run();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static long count(MethodHandle counter) {
        try {
            return (long) counter.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Test
    void aRefusedStartCostsItsCallerOneAttempt() throws Exception {
        Path lib = ROOT.resolve("platforms/out/host/" + System.mapLibraryName("threadrt_eagain"));
        assertTrue(Files.isRegularFile(lib), lib + " is built by platforms/pack (runtime-ffm's generate-resources)");
        String classPath = String.join(File.pathSeparator, Stream.of(System.getProperty("java.class.path"),
                System.getProperty("jdk.module.path")).filter(p -> p != null && !p.isEmpty()).toList());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-D" + NativeShim.PATH_PROPERTY + "=" + lib, "-cp", classPath,
                FfmPortEagainTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("shim " + lib.toAbsolutePath()), out);
        assertTrue(out.contains("refused: errno 11, attempts 1"), "one attempt, EAGAIN at once:\n" + out);
        assertTrue(out.contains("x3: refused 2 more, then one attempt 1, ran true"),
                "each start asks once; a later start works:\n" + out);
        assertTrue(out.contains("direct start: 1 attempts on the M, B ran true, refusals counted " + DIRECT_REFUSALS),
                "the M paid one attempt, the template retried the rest:\n" + out);
    }
}

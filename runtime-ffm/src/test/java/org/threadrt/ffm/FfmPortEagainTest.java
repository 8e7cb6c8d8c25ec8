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
import org.threadrt.ThreadStartException;

/**
 * The port's thread starts when the OS is out of threads: the shim retries EAGAIN up to TRT_START_ATTEMPTS
 * times, then the port reports it. The shim has no hook for this: a child JVM loads
 * {@code libthreadrt_eagain.so}, the shim's own objects linked by platforms/build with
 * {@code -Wl,--wrap=pthread_create} and platforms/harness/eagain.c, whose wrapper makes the next N
 * pthread_create calls fail with EAGAIN and counts every call.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FfmPortEagainTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));

    /** The child JVM, with -Dthreadrt.shim.path at the EAGAIN build of the shim. */
    public static void main(String[] args) throws Throwable {
        SymbolLookup eagain = SymbolLookup.libraryLookup(Path.of(System.getProperty(NativeShim.PATH_PROPERTY)),
                Arena.global());
        Linker linker = Linker.nativeLinker();
        MethodHandle failNext = linker.downcallHandle(eagain.find("trt_eagain_fail_next").orElseThrow(),
                FunctionDescriptor.ofVoid(JAVA_INT));
        MethodHandle attempts = linker.downcallHandle(eagain.find("trt_eagain_attempts").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG));
        FfmPort port = new FfmPort();
        System.out.println("shim " + NativeShim.load().file().orElseThrow());

        long before = (long) attempts.invokeExact();
        failNext.invokeExact(3);
        CountDownLatch ran = new CountDownLatch(1);
        port.startThread(ran::countDown, 0);
        System.out.println("x3: ran " + ran.await(10, TimeUnit.SECONDS) + ", retries "
                + ((long) attempts.invokeExact() - before - 1));

        before = (long) attempts.invokeExact();
        failNext.invokeExact(20);
        int errno = 0;
        try {
            port.startThread(() -> {}, 0);
        } catch (ThreadStartException e) {
            errno = e.errno();
        }
        System.out.println("x20: errno " + errno + ", retries " + ((long) attempts.invokeExact() - before - 1));

        CountDownLatch later = new CountDownLatch(1);
        port.startThread(later::countDown, 0);
        System.out.println("later start ran " + later.await(10, TimeUnit.SECONDS));
        System.exit(0);
    }

    @Test
    void startFailuresAreRetriedThenReported() throws Exception {
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
        assertTrue(out.contains("x3: ran true, retries 3"), "EAGAIN x3: retried, then started:\n" + out);
        assertTrue(out.contains("x20: errno 11, retries 19"), "EAGAIN x20: EAGAIN after 19 retries:\n" + out);
        assertTrue(out.contains("later start ran true"), "a later start works:\n" + out);
    }
}

package org.threadrt.it;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.threadrt.BareThread;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeStats;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.workloads.natives.threadrt_testkit_h;

/**
 * Issue 12: fork/posix_spawn while the runtime churns threads on its own stacks, and System.exit while
 * threads of the runtime run. Documented bound for the exits: {@link #EXIT_BOUND_SECONDS} (the JVM's exit
 * does not wait for Ms or for native threads calling back; the bound is a hang guard under load).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ForkAndExitTest {
    static final long EXIT_BOUND_SECONDS = 10;

    /** 500 ProcessBuilder launches while locked tasks (one M each) and BARE threads churn on RUNTIME stacks. */
    @Test
    void fiveHundredLaunchesDuringLockedAndBareChurnOnRuntimeStacks() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "RUNTIME stacks and BARE threads are Linux's");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong locked = new AtomicLong();
        RuntimeStats s;
        try (Arena arena = Arena.ofShared();
             ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("fork-churn")
                     .stackPolicy(StackPolicy.RUNTIME).build())) {
            MemorySegment counter = arena.allocate(JAVA_LONG);
            Thread lockedChurn = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        rt.submit(() -> {
                            ThreadRuntime.lockOSThread(); // the M exits after this task
                            locked.incrementAndGet();
                        }).get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
            Thread bareChurn = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    BareThread t = rt.startBare(threadrt_testkit_h.trt_work_count$address(), counter);
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            for (int i = 0; i < 500; i++) {
                Process p = new ProcessBuilder("true").start();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launch " + i + " ended");
                assertEquals(0, p.exitValue(), "launch " + i);
            }
            stop.set(true);
            lockedChurn.join(60_000);
            bareChurn.join(60_000);
            assertTrue(locked.get() > 0 && counter.get(JAVA_LONG, 0) > 0, "both churns ran");
            rt.checkInvariants();
            rt.close();
            s = rt.stats();
        }
        assertEquals(0, s.mcount(), s::toString);
        assertEquals(s.stacksMapped(), s.stacksUnmapped(), s::toString);
    }

    /** Child: start work of the given kind, say so, then System.exit(0) from main. */
    public static void main(String[] args) throws Exception {
        ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("exiting").maxThreads(8).build());
        Arena arena = Arena.ofShared();
        switch (args[0]) {
            case "tasks" -> {
                for (int i = 0; i < 8; i++) {
                    rt.execute(() -> {
                        for (long x = 0; ; x++) {
                            Thread.onSpinWait();
                        }
                    });
                }
            }
            case "callbacks" -> {
                AtomicLong calls = new AtomicLong();
                MemorySegment cb = rt.callback(MethodHandles.lookup().findStatic(ForkAndExitTest.class, "count",
                        MethodType.methodType(void.class, AtomicLong.class, MemorySegment.class)).bindTo(calls),
                        FunctionDescriptor.ofVoid(threadrt_testkit_h.C_POINTER), arena);
                for (int i = 0; i < 4; i++) {
                    Thread.ofPlatform().daemon().start(() ->
                            threadrt_testkit_h.trt_bench_thread_call_loop(cb, MemorySegment.NULL, Long.MAX_VALUE));
                }
                while (calls.get() < 10_000) {
                    Thread.sleep(1);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        Thread.sleep(200);
        System.out.println("EXITING");
        System.out.flush();
        System.exit(0);
    }

    static void count(AtomicLong calls, MemorySegment ignored) {
        calls.incrementAndGet();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasks", "callbacks"})
    void systemExitWhileTheRuntimeRunsEndsWithinTheBoundAndLeavesNoHsErr(String kind) throws Exception {
        Path dir = Files.createTempDirectory("threadrt-exit");
        try {
            String classPath = String.join(File.pathSeparator, Stream.of(System.getProperty("java.class.path"),
                    System.getProperty("jdk.module.path")).filter(p -> p != null && !p.isEmpty()).toList());
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", classPath, ForkAndExitTest.class.getName(), kind));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            StringBuffer out = new StringBuffer();
            AtomicLong exitingAt = new AtomicLong();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        if (l.equals("EXITING")) {
                            exitingAt.set(System.nanoTime());
                        }
                        out.append(l).append('\n');
                    }
                } catch (Exception ignored) {
                    // the child ended
                }
            });
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child started its work and exited");
            long ended = System.nanoTime();
            reader.join(10_000);
            assertTrue(exitingAt.get() != 0, out::toString);
            double exitSeconds = (ended - exitingAt.get()) / 1e9;
            System.out.printf("ForkAndExitTest %s: System.exit took %.3f s%n", kind, exitSeconds);
            assertTrue(exitSeconds < EXIT_BOUND_SECONDS, () -> "exited within the bound: " + exitSeconds + " s\n" + out);
            assertEquals(0, p.exitValue(), out::toString);
            assertTrue(out.toString().contains("EXITING"), out::toString);
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> hsErr = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
                assertEquals(List.of(), hsErr, out::toString);
            }
            assertTrue(!out.toString().contains("fatal error"), out::toString);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}

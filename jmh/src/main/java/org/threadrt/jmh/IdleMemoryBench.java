package org.threadrt.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;

/**
 * Memory: resident set (VmRSS of /proc/self/status) added per idle thread. One operation starts
 * {@code n} threads that each run one trivial task at the same time (so there really are {@code n} of
 * them) and then idle, reads VmRSS, and stops them again. The result that matters is the secondary one,
 * {@code kibPerIdleThread} (KiB of RSS per idle thread; the primary score is only how long the whole
 * operation took). JMH adds up an EVENTS counter over iterations, so the class runs one measured
 * iteration whose one operation repeats the measurement {@code rounds} times and reports the median:
 * <ul>
 * <li>{@code kind=OS}: idle Ms of a runtime with {@link StackPolicy#OS} stacks of {@code stackKib};</li>
 * <li>{@code kind=RUNTIME}: idle Ms on runtime-mapped stacks of {@code stackKib} (plus a guard page);</li>
 * <li>{@code kind=JAVA}: the anchor, platform threads made with {@code new Thread(group, r, name,
 *     stackKib * 1024)} parked on a latch, as the idle workers of a ThreadPoolExecutor would be.</li>
 * </ul>
 * Linux only (reads /proc). The idle timeout is 10 minutes, so no M leaves while it is counted.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class IdleMemoryBench {
    @Param({"OS", "RUNTIME", "JAVA"})
    public String kind;

    @Param({"256", "1024"})
    public int stackKib;

    @Param({"100"})
    public int n;

    /** Repetitions inside the one measured operation; the median is reported. */
    @Param({"5"})
    public int rounds;

    /** The secondary result: set (not summed) by every operation, so an iteration reports its one operation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Rss {
        /** KiB of VmRSS per idle thread, median of this operation's rounds. */
        public double kibPerIdleThread;
    }

    @Benchmark
    public void idleThreads(Rss rss) throws Exception {
        double[] r = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            r[i] = measure(kind, stackKib * 1024L, n);
        }
        java.util.Arrays.sort(r);
        rss.kibPerIdleThread = r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    /** Starts {@code n} idle threads of the given kind, returns the KiB of RSS each added, stops them. */
    public static double measure(String kind, long stackBytes, int n) throws Exception {
        if (kind.equals("JAVA")) {
            return measureJava(stackBytes, n);
        }
        RuntimeConfig config = RuntimeConfig.builder().stackPolicy(StackPolicy.valueOf(kind)).stackSize(stackBytes)
                .maxThreads(n).idleTimeout(Duration.ofMinutes(10)).stackCacheSize(0).build();
        try (ThreadRuntime rt = ThreadRuntime.start(config)) {
            long before = vmRssKib();
            CountDownLatch all = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                rt.execute(() -> {
                    all.countDown();
                    try {
                        all.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (rt.stats().nmidle() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Ms did not go idle: " + rt.stats());
                }
                Thread.sleep(1);
            }
            long after = vmRssKib();
            return (after - before) / (double) n;
        }
    }

    private static double measureJava(long stackBytes, int n) throws Exception {
        long before = vmRssKib();
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(null, () -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "idle-" + i, stackBytes);
            t.start();
            threads.add(t);
        }
        started.await();
        Thread.sleep(5);
        long after = vmRssKib();
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return (after - before) / (double) n;
    }

    /** VmRSS of this process in KiB. */
    public static long vmRssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}

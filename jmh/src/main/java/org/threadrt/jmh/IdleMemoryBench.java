package org.threadrt.jmh;

import java.util.Arrays;
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
import org.threadrt.StackPolicy;
import org.threadrt.workloads.IdleRss;

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
 * Two figures: {@code kibPerIdleThread}, the VmRSS growth, which depends on the process's history (stacks
 * reused from glibc's cache, or the runtime's, bring pages that were resident, and counted, before); and
 * {@code stackKibPerIdleThread}, the resident pages of each idle thread's own stack mapping, found through
 * its {@code pthread_self()}: the figure that holds in a fresh and a warm JVM (issue 15).
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
        /** KiB of VmRSS growth per idle thread, median of this operation's rounds (depends on history). */
        public double kibPerIdleThread;
        /**
         * KiB resident in each idle thread's own stack mapping, median of the rounds: the same in a fresh and
         * a warm JVM (a cached stack's pages count for the thread that holds it).
         */
        public double stackKibPerIdleThread;
    }

    @Benchmark
    public void idleThreads(Rss rss) throws Exception {
        double[] r = new double[rounds];
        double[] stack = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            IdleRss.Sample s = IdleRss.sample(kind, stackKib * 1024L, n);
            r[i] = s.vmRssKib();
            stack[i] = s.stackKib();
        }
        rss.kibPerIdleThread = median(r);
        rss.stackKibPerIdleThread = median(stack);
    }

    private static double median(double[] r) {
        Arrays.sort(r);
        return r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }
}

package org.threadrt.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.threadrt.workloads.LivePopulation;

/**
 * Cost as the number of live threads grows (issue 15): with {@code liveMs} other threads alive and blocked
 * ({@link LivePopulation}, the same populations as {@code ./threadrt bench --scale}: task Ms asleep in a Note,
 * or pool workers parked on a latch), each operation is
 * <ul>
 * <li>{@code churnThreadrt}: a whole M life, a locked task (create + task + exit, RUNTIME stack), against
 *     {@code churnJavaThread}: {@code new Thread(r).start(); join()} beside as many parked pool workers;</li>
 * <li>{@code dispatchThreadrt}: {@code submit(() -> null).get()} handed to the runtime's one idle M, against
 *     {@code dispatchThreadPoolExecutor}: the same on a ThreadPoolExecutor with two idle workers beside the
 *     blocked ones.</li>
 * </ul>
 * Each benchmark has its own state, so a fork holds only its own live threads (the JVM's thread list, which
 * every thread start and exit copies, holds the same number of threads on both sides). The figure to read
 * is the ratio to the anchor at each {@code liveMs}; the target is ratio(10,000) &lt;= 1.1 x ratio(0).
 *
 * <p>Quiet-machine run (params interleaved with the anchors, about 6 minutes on 2 CPUs):
 * <pre>
 * for n in 0 10000 1000 4000; do java -jar jmh/target/benchmarks.jar ScaleBench -p liveMs=$n -f 1 -wi 2 -i 3; done
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ScaleBench {
    /** One side's live blocked threads ({@link LivePopulation}), built for the trial. */
    @State(Scope.Benchmark)
    public abstract static class Live {
        /** Other threads alive and blocked while the operation runs. */
        @Param({"0", "1000", "4000", "10000"})
        public int liveMs;

        LivePopulation population;

        abstract LivePopulation make(int n);

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            population = make(liveMs);
            population.open();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            population.close();
        }
    }

    /** A runtime whose liveMs task Ms are blocked in a Note; room for the operation's Ms. */
    public static class OnThreadrt extends Live {
        @Override
        LivePopulation make(int n) {
            return LivePopulation.ms(n);
        }
    }

    /** A ThreadPoolExecutor with liveMs blocked workers and two idle ones; churn starts Java threads beside them. */
    public static class OnJavaThreads extends Live {
        @Override
        LivePopulation make(int n) {
            return LivePopulation.javaThreads(n);
        }
    }

    @Benchmark
    public void churnThreadrt(OnThreadrt s) throws Exception {
        s.population.churn();
    }

    @Benchmark
    public void churnJavaThread(OnJavaThreads s) throws Exception {
        s.population.churn();
    }

    @Benchmark
    public void dispatchThreadrt(OnThreadrt s) throws Exception {
        s.population.dispatch();
    }

    @Benchmark
    public void dispatchThreadPoolExecutor(OnJavaThreads s) throws Exception {
        s.population.dispatch();
    }
}

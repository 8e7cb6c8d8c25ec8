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
import org.threadrt.workloads.RoundTrip;
import org.threadrt.workloads.Workload;

/**
 * Round trip (issue 15): {@code submit(() -> null).get()} to an idle M of a runtime with {@code threads}
 * maxThreads, against a prestarted ThreadPoolExecutor of the same size. One operation: the submitter hands
 * the task over, the worker wakes, runs it, completes the future, and the submitter wakes from get(). Where
 * the time goes (futex calls and context switches per round trip) is counted by {@link RoundTripCounts}.
 *
 * <p>Quiet-machine run (about 3 minutes):
 * <pre>
 * java -jar jmh/target/benchmarks.jar RoundTripBench -f 3 -wi 3 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RoundTripBench {
    /** The pool's size: maxThreads, or the executor's core and maximum size. */
    @State(Scope.Benchmark)
    public abstract static class Sized {
        @Param({"1", "2", "16"})
        public int threads;

        private final Trial trial = new Trial();
        Workload roundTrip;

        abstract Workload make(int threads);

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            roundTrip = trial.open(make(threads));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            trial.close();
        }
    }

    public static class OnThreadrt extends Sized {
        @Override
        Workload make(int threads) {
            return RoundTrip.threadrt(threads);
        }
    }

    public static class OnThreadPoolExecutor extends Sized {
        @Override
        Workload make(int threads) {
            return RoundTrip.threadPoolExecutor(threads);
        }
    }

    @Benchmark
    public void threadrt(OnThreadrt s) throws Exception {
        s.roundTrip.run(1);
    }

    @Benchmark
    public void threadPoolExecutor(OnThreadPoolExecutor s) throws Exception {
        s.roundTrip.run(1);
    }
}

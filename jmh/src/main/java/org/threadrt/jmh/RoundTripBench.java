package org.threadrt.jmh;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
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
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;

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
    }

    public static class OnThreadrt extends Sized {
        ThreadRuntime rt;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            rt = ThreadRuntime.start(RuntimeConfig.builder().name("roundtrip").maxThreads(threads).build());
            rt.submit(() -> null).get(); // an idle M waits before the first operation
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            rt.close();
        }
    }

    public static class OnThreadPoolExecutor extends Sized {
        ThreadPoolExecutor tpe;

        @Setup(Level.Trial)
        public void setUp() {
            tpe = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
            tpe.prestartAllCoreThreads();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            tpe.shutdownNow();
        }
    }

    @Benchmark
    public Object threadrt(OnThreadrt s) throws Exception {
        return s.rt.submit(() -> null).get();
    }

    @Benchmark
    public Object threadPoolExecutor(OnThreadPoolExecutor s) throws Exception {
        return s.tpe.submit(() -> null).get();
    }
}

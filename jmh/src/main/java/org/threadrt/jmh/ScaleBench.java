package org.threadrt.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;

/**
 * Cost as the number of live threads grows (issue 15): with {@code liveMs} other threads alive and blocked
 * (tasks waiting on a latch), each operation is
 * <ul>
 * <li>{@code churnThreadrt}: a whole M life, a locked task (create + task + exit, RUNTIME stack), against
 *     {@code churnJavaThread}: {@code new Thread(r).start(); join()} beside as many parked Java threads;</li>
 * <li>{@code dispatchThreadrt}: {@code submit(() -> null).get()} handed to the runtime's one idle M, against
 *     {@code dispatchThreadPoolExecutor}: the same on a ThreadPoolExecutor whose other threads are blocked.</li>
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
    /** Stack of every thread on both sides (the live ones and the churned one). */
    static final long STACK = 256 * 1024;

    /** The live blocked threads: their number, and the latch they wait on. */
    @State(Scope.Benchmark)
    public abstract static class Live {
        /** Other threads alive and blocked while the operation runs. */
        @Param({"0", "1000", "4000", "10000"})
        public int liveMs;

        final CountDownLatch release = new CountDownLatch(1);

        /** What the blocked threads run: they say they run, then wait for the tear-down. */
        Runnable blocked(CountDownLatch running) {
            return () -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }

        static void await(CountDownLatch running) throws InterruptedException {
            if (!running.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the live threads did not all start: " + running.getCount() + " missing");
            }
        }
    }

    /** A runtime whose liveMs task Ms are blocked; room for the operation's Ms. */
    public static class OnThreadrt extends Live {
        ThreadRuntime rt;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            rt = ThreadRuntime.start(RuntimeConfig.builder().name("scale").stackPolicy(StackPolicy.RUNTIME)
                    .stackSize(STACK).maxThreads(liveMs + 2).build());
            CountDownLatch running = new CountDownLatch(liveMs);
            Runnable task = blocked(running);
            for (int i = 0; i < liveMs; i++) {
                rt.execute(task);
            }
            await(running);
            rt.submit(() -> null).get(); // one idle M for the dispatch
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            release.countDown();
            rt.close();
        }
    }

    /** liveMs parked Java platform threads. */
    public static class OnJavaThreads extends Live {
        final List<Thread> threads = new ArrayList<>();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            CountDownLatch running = new CountDownLatch(liveMs);
            Runnable task = blocked(running);
            for (int i = 0; i < liveMs; i++) {
                threads.add(Thread.ofPlatform().daemon().stackSize(STACK).start(task));
            }
            await(running);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            release.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /** A ThreadPoolExecutor of liveMs + 1 threads, liveMs of them blocked. */
    public static class OnThreadPoolExecutor extends Live {
        ThreadPoolExecutor tpe;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            tpe = new ThreadPoolExecutor(liveMs + 1, liveMs + 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                    r -> Thread.ofPlatform().daemon().stackSize(STACK).unstarted(r));
            tpe.prestartAllCoreThreads();
            CountDownLatch running = new CountDownLatch(liveMs);
            Runnable task = blocked(running);
            for (int i = 0; i < liveMs; i++) {
                tpe.execute(task);
            }
            await(running);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            release.countDown();
            tpe.shutdown();
            tpe.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    static void noop() {
        // the churned thread's task
    }

    @Benchmark
    public void churnThreadrt(OnThreadrt s) throws Exception {
        s.rt.submit(ThreadRuntime::lockOSThread).get();
    }

    @Benchmark
    public void churnJavaThread(OnJavaThreads s) throws InterruptedException {
        Thread t = Thread.ofPlatform().stackSize(STACK).start(ScaleBench::noop);
        t.join();
    }

    @Benchmark
    public Object dispatchThreadrt(OnThreadrt s) throws Exception {
        return s.rt.submit(() -> null).get();
    }

    @Benchmark
    public Object dispatchThreadPoolExecutor(OnThreadPoolExecutor s) throws Exception {
        return s.tpe.submit(() -> null).get();
    }
}

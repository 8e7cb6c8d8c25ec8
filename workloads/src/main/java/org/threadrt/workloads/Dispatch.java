package org.threadrt.workloads;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;

/**
 * Dispatch of tiny tasks to waiting threads: the runtime's idle Ms (a ready task is handed to an idle M and
 * its Note woken, else queued) against a ThreadPoolExecutor and a ForkJoinPool with the same number of
 * threads; as throughput ({@link #throughput}) and as the latency from submit to start ({@link Latency}).
 */
public final class Dispatch {
    private Dispatch() {
    }

    /** Tasks per operation of {@link #throughput}: each operation submits a batch and waits for all of it. */
    public static final int BATCH = 1000;

    /** The pools compared. */
    public enum Pool {
        /** A ThreadRuntime with maxThreads = threads: its idle Ms. */
        THREADRT,
        /** A ThreadPoolExecutor with its core threads prestarted. */
        THREAD_POOL_EXECUTOR,
        /** A ForkJoinPool of that parallelism. */
        FORK_JOIN_POOL
    }

    /** A started pool: its executor and how to stop it. */
    private record Started(Executor executor, AutoCloseable stop) {
        static Started of(Pool pool, int threads) {
            switch (pool) {
                case THREADRT -> {
                    ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().maxThreads(threads).build());
                    return new Started(rt::execute, rt);
                }
                case THREAD_POOL_EXECUTOR -> {
                    ThreadPoolExecutor tpe = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                            new LinkedBlockingQueue<>());
                    tpe.prestartAllCoreThreads();
                    return new Started(tpe, tpe::shutdownNow);
                }
                default -> {
                    ForkJoinPool fjp = new ForkJoinPool(threads);
                    return new Started(fjp, fjp::shutdownNow);
                }
            }
        }
    }

    /** A workload on one pool, started by open() and stopped by close(). */
    private abstract static class OnPool implements Workload {
        private final Pool pool;
        private final int threads;
        private Started started;

        OnPool(Pool pool, int threads) {
            this.pool = pool;
            this.threads = threads;
        }

        Executor executor() {
            return started.executor();
        }

        @Override
        public void open() {
            started = Started.of(pool, threads);
        }

        @Override
        public void close() throws Exception {
            if (started != null) {
                started.stop().close();
            }
        }
    }

    /** Throughput: one operation submits {@link #BATCH} tiny tasks and waits for all of them. */
    public static Workload throughput(Pool pool, int threads) {
        return new OnPool(pool, threads) {
            @Override
            public void run(int n) throws InterruptedException {
                Executor ex = executor();
                for (int b = 0; b < n; b++) {
                    CountDownLatch done = new CountDownLatch(BATCH);
                    Runnable r = done::countDown;
                    for (int i = 0; i < BATCH; i++) {
                        ex.execute(r);
                    }
                    done.await();
                }
            }
        };
    }

    /**
     * Latency from submit to start of one tiny task handed to a pool whose threads all sleep. {@link #gap()}
     * (not timed) waits until the previous task has ended and then {@code gapMicros} more, so the worker has
     * gone back to sleep (a ForkJoinPool worker spins a little before parking; a gap of 0 measures that warm
     * path instead); {@link #submitAndSeeStart()} (timed) submits a task whose first act is a volatile store
     * and spins until that store is seen, so the figure is submit + the worker's wake-up + the start of the
     * task, not the submitter's own wake-up. One operation of {@link #run} is one {@link #timedStart()}.
     */
    public static final class Latency extends OnPool {
        private final long gapMicros;
        private volatile boolean started;
        private volatile boolean ended = true;
        private final Runnable task = () -> {
            started = true;
            ended = true;
        };

        public Latency(Pool pool, int threads, long gapMicros) {
            super(pool, threads);
            this.gapMicros = gapMicros;
        }

        /** Not timed: the previous task is over and its worker asleep again. */
        public void gap() {
            while (!ended) {
                Thread.onSpinWait();
            }
            if (gapMicros > 0) {
                long until = System.nanoTime() + gapMicros * 1000L;
                for (long left; (left = until - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(left);
                }
            }
            started = false;
        }

        /** Timed: submit the task and spin until it has started. */
        public void submitAndSeeStart() {
            ended = false;
            executor().execute(task);
            while (!started) {
                Thread.onSpinWait();
            }
        }

        /** One gap, then one timed submit-to-start: its nanoseconds. */
        public long timedStart() {
            gap();
            long t0 = System.nanoTime();
            submitAndSeeStart();
            return System.nanoTime() - t0;
        }

        @Override
        public void run(int n) {
            for (int i = 0; i < n; i++) {
                timedStart();
            }
        }
    }
}

package org.threadrt.workloads;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.threadrt.Note;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;

/**
 * One side's {@code n} live, blocked threads, and the two operations measured beside them (issue 15: cost as
 * the number of live threads grows). {@link #ms} is threadrt's: a runtime whose {@code n} tasks sleep in one of
 * its own Notes (so the deadlock check counts them as blocked, as it would a user's blocked tasks);
 * {@link #javaThreads} is the anchor: a ThreadPoolExecutor whose {@code n} core workers sleep in a
 * CountDownLatch (parked, as a blocked pool thread is), plus {@link #DISPATCH_THREADS} idle ones. Every
 * thread, live or churned, has a {@link #STACK}-byte stack. Made by the factory, filled by {@link #open()},
 * emptied by {@link #close()}. JMH's {@code ScaleBench} and {@code ./threadrt bench --scale} both use it.
 */
public abstract class LivePopulation implements AutoCloseable {
    /** The stack of every thread here: Ms (RUNTIME stacks), pool workers and churned Java threads. */
    public static final long STACK = 256 * 1024;
    /**
     * Task M slots beyond the n blocked ones, for the churn and dispatch Ms: the default maxThreads on a small
     * machine (16), so that at n = 0 the runtime is configured as a default one. Fewer slow churn down: an
     * ended M holds its slot until its stack is reaped, and the next locked task waits for one.
     */
    public static final int SPARE_MS = 16;
    /** The anchor pool's idle workers, for its dispatch operation. */
    public static final int DISPATCH_THREADS = 2;
    /** How long a population may take to start or end before it fails (10,000 threads on a loaded machine). */
    public static final Duration START_LIMIT = Duration.ofMinutes(3);

    private static final Runnable NOOP = () -> {
    };

    /** The number of live, blocked threads. */
    public final int n;

    private LivePopulation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a population of " + n + " threads");
        }
        this.n = n;
    }

    /** Starts the n threads and returns once all of them are blocked. */
    public abstract void open() throws Exception;

    /** One churn operation: a thread created, run, ended and waited for. */
    public abstract void churn() throws Exception;

    /** One dispatch operation: a tiny task submitted to an idle thread, and its result waited for. */
    public abstract void dispatch() throws Exception;

    /** threadrt: n task Ms asleep in a Note; churn is a locked task (its M exits), dispatch goes to an idle M. */
    public static LivePopulation ms(int n) {
        return new LivePopulation(n) {
            ThreadRuntime rt;
            Note release;

            /*
             * The runtime and its n blocked Ms live from open to close. Its deadlock grace is an hour: with every
             * task asleep in the note and nobody submitting (between figures), the check would otherwise declare
             * a deadlock after 1 s and end the population; it still runs, with its usual cost, on every change.
             */
            @Override
            public void open() throws Exception {
                rt = ThreadRuntime.start(RuntimeConfig.builder().name("live").stackPolicy(StackPolicy.RUNTIME)
                        .stackSize(STACK).maxThreads(n + SPARE_MS).deadlockGrace(Duration.ofHours(1)).build());
                release = rt.newNote();
                release.clear();
                CountDownLatch started = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    rt.execute(() -> {
                        started.countDown();
                        release.sleep();
                    });
                }
                await(started, "Ms");
            }

            @Override
            public void churn() throws Exception {
                rt.submit(ThreadRuntime::lockOSThread).get();
            }

            @Override
            public void dispatch() throws Exception {
                rt.submit(() -> null).get();
            }

            @Override
            public void close() {
                if (rt != null) {
                    release.wakeup();
                    rt.close();
                }
            }
        };
    }

    /** The anchor: n blocked pool workers; churn is a Java thread's start + join, dispatch a pool submit. */
    public static LivePopulation javaThreads(int n) {
        return new LivePopulation(n) {
            ThreadPoolExecutor pool;
            final CountDownLatch release = new CountDownLatch(1);

            @Override
            public void open() throws Exception {
                int size = n + DISPATCH_THREADS;
                ThreadFactory small = r -> new Thread(null, r, "live", STACK);
                pool = new ThreadPoolExecutor(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), small);
                pool.prestartAllCoreThreads();
                CountDownLatch started = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    pool.execute(() -> {
                        started.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                await(started, "Java threads");
            }

            @Override
            public void churn() throws InterruptedException {
                Thread t = new Thread(null, NOOP, "churn", STACK);
                t.start();
                t.join();
            }

            @Override
            public void dispatch() throws Exception {
                pool.submit(() -> null).get();
            }

            @Override
            public void close() throws InterruptedException {
                if (pool != null) {
                    release.countDown();
                    pool.shutdown();
                    if (!pool.awaitTermination(START_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the anchor pool did not end");
                    }
                }
            }
        };
    }

    private static void await(CountDownLatch started, String what) throws Exception {
        if (!started.await(START_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new TimeoutException(started.getCount() + " " + what + " had not started after " + START_LIMIT);
        }
    }
}

package org.threadrt.workloads;

import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;

/**
 * The round trip (issue 15): one operation is {@code submit(() -> null).get()} to an idle worker, on a
 * threadrt runtime of {@code threads} maxThreads or on its anchor, a prestarted ThreadPoolExecutor of the
 * same size. The submitter hands the task over, the worker wakes, runs it and completes the future, and the
 * submitter wakes from {@code get()}: two wake-ups of a sleeping thread. {@link #open()} leaves one worker
 * idle before the first operation on both sides (the runtime starts its Ms on demand; the executor's are
 * prestarted). JMH's {@code RoundTripBench} and {@code ./threadrt bench --scale} both run it.
 */
public final class RoundTrip {
    private RoundTrip() {
    }

    private static final Callable<Object> NOTHING = () -> null;

    /** On a threadrt runtime with maxThreads {@code threads}. */
    public static Workload threadrt(int threads) {
        return new Workload() {
            ThreadRuntime rt;

            @Override
            public void open() throws Exception {
                rt = ThreadRuntime.start(RuntimeConfig.builder().name("roundtrip").maxThreads(threads).build());
                rt.submit(NOTHING).get(); // an idle M waits before the first operation
            }

            @Override
            public void run(int n) throws Exception {
                for (int i = 0; i < n; i++) {
                    rt.submit(NOTHING).get();
                }
            }

            @Override
            public void close() throws Exception {
                Workload.closeAll(rt);
            }
        };
    }

    /** The anchor: a prestarted ThreadPoolExecutor of {@code threads} core and maximum threads. */
    public static Workload threadPoolExecutor(int threads) {
        return new Workload() {
            ThreadPoolExecutor tpe;

            @Override
            public void open() {
                tpe = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
                tpe.prestartAllCoreThreads();
            }

            @Override
            public void run(int n) throws Exception {
                for (int i = 0; i < n; i++) {
                    tpe.submit(NOTHING).get();
                }
            }

            @Override
            public void close() {
                if (tpe != null) {
                    tpe.shutdownNow();
                }
            }
        };
    }
}

package org.threadrt.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.threadrt.CallbackMode;
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;
import org.threadrt.workloads.natives.threadrt_testkit_h;

/**
 * Callbacks at scale ({@code bench --scale}, issue 15): the aggregate cost per call of a callback called from
 * K concurrent native threads, for a threadrt callback in PER_CALL and CACHED mode and for the plain FFM
 * upcall stub (the anchor), with the slowest thread's share. Driven by the testkit's existing C drivers:
 *
 * <ul>
 *   <li>long-lived threads: K Java threads each call {@code trt_bench_thread_call_loop}, which starts one
 *       pthread that calls the stub n times and joins it, so K native threads call at once for the whole
 *       batch. The argument is the thread's slot; the callback counts per slot. The share is the slowest
 *       thread's calls over the fastest's while all of them were calling (from the last one's first call to
 *       the first one's last; 1.00: all kept pace, 0: one had not started when another had finished).</li>
 *   <li>short-lived threads: {@code trt_test_call_threads} starts T pthreads that each call the stub
 *       {@link #SHORT_CALLS} times and exit, and joins them. A thread's first and last call take the time
 *       (a thread-local of the callback thread); the share is the median thread's span from its first to
 *       its last call over the slowest thread's (1.00: none took longer than the median).</li>
 * </ul>
 *
 * Every batch checks that every call ran (the counts add up), so a lost callback fails the figure. The
 * counting is the same code on both sides, so it adds the same few nanoseconds to the figure and its anchor.
 */
final class CallbackScale {
    private CallbackScale() {
    }

    /** Calls each short-lived thread makes before it exits. */
    static final int SHORT_CALLS = 100;
    /** Slots of a long-lived thread's counter are this many longs apart (no false sharing: 128 bytes). */
    private static final int PAD = 16;

    /** What is called: the plain FFM stub, or a threadrt callback in a mode. */
    enum Kind {
        FFM("ffm", "plain FFM upcall", null),
        CACHED("cached", "threadrt callback CACHED", CallbackMode.CACHED),
        PER_CALL("per-call", "threadrt callback PER_CALL", CallbackMode.PER_CALL);

        final String id;
        final String label;
        final CallbackMode mode;

        Kind(String id, String label, CallbackMode mode) {
            this.id = id;
            this.label = label;
            this.mode = mode;
        }
    }

    /** Measurement ids: {@code scale.callback.<kind>-<K>} (cost per call) and the same + {@code .share}. */
    static String id(Kind kind, int threads, boolean shortLived) {
        return "scale.callback." + kind.id + (shortLived ? "-short-" : "-") + threads;
    }

    static String shareId(Kind kind, int threads, boolean shortLived) {
        return id(kind, threads, shortLived) + ".share";
    }

    /** The stub and the runtime behind it: made by open, released by close. */
    abstract static class OnStub extends Measurement {
        final Kind kind;
        final int threads;
        /** The share of each timed sample goes here (unit "share"). */
        final Measurement share;
        ThreadRuntime rt;
        Arena arena;
        MemorySegment stub;

        OnStub(Kind kind, int threads, boolean shortLived, String label) {
            super(id(kind, threads, shortLived), label, "ns");
            this.kind = kind;
            this.threads = threads;
            this.share = Measurement.external(shareId(kind, threads, shortLived),
                    "slowest thread's share, " + label, "share", List.of());
        }

        /** Makes the stub of {@code target} with {@code fd} in this figure's kind. */
        void makeStub(String method, MethodType type, FunctionDescriptor fd) throws ReflectiveOperationException {
            threadrt_testkit_h.library();
            MethodHandle target = MethodHandles.lookup().findVirtual(getClass(), method, type).bindTo(this);
            arena = Arena.ofShared();
            if (kind.mode == null) {
                stub = Linker.nativeLinker().upcallStub(target, fd, arena);
            } else {
                rt = ThreadRuntime.start(RuntimeConfig.builder().name("bench-callbacks").callbackMode(kind.mode)
                        .build());
                stub = rt.callback(target, fd, arena);
            }
        }

        /** The share of the last batch. */
        abstract double lastShare();

        @Override
        protected double sample(int n) throws Exception {
            double cost = super.sample(n);
            share.values.add(lastShare());
            return cost;
        }

        /** Marks the share as failed too when this figure fails. */
        void failedAlso() {
            if (status() != Status.OK) {
                share.status = status();
                share.note = note();
                share.values.clear();
            }
        }

        @Override
        public void close() throws Exception {
            org.threadrt.workloads.Workload.closeAll(rt, arena);
        }
    }

    /** K long-lived native threads calling at once; one operation is one call of each of them. */
    static final class LongLived extends OnStub {
        /** Calls per slot (PAD apart): each written only by its thread, read racily by the share's snapshots. */
        private long[] counts;
        /** The counts when the last thread made its first call; published by allStarted. */
        private long[] base;
        private final AtomicInteger started = new AtomicInteger();
        private volatile boolean allStarted;
        private volatile long perThread;
        private final AtomicBoolean firstDone = new AtomicBoolean();
        private volatile double share;
        private Thread[] launchers;
        private CyclicBarrier start;
        private CyclicBarrier done;
        private volatile boolean closing;
        private final AtomicInteger failures = new AtomicInteger();

        LongLived(Kind kind, int threads) {
            super(kind, threads, false, kind.label + ", " + threads + " long-lived C thread" + (threads == 1 ? "" : "s")
                    + ", per call");
        }

        /**
         * The callback: {@code void cb(void *slot)}. Counts the call. The thread that makes the last first call
         * (all K have started) takes each thread's count as the window's base; the first thread to make its
         * n-th call ends the window and takes the share: the slowest thread's calls in the window over the
         * fastest's (so the pthreads' staggered starts are not counted as unfairness). A thread that had not
         * started when another finished had no share at all: 0.
         */
        void call(MemorySegment slot) {
            int i = (int) slot.address();
            long c = ++counts[i * PAD];
            if (c == 1 && started.incrementAndGet() == threads) {
                System.arraycopy(counts, 0, base, 0, counts.length);
                allStarted = true;
            }
            if (c == perThread && firstDone.compareAndSet(false, true)) {
                if (!allStarted) {
                    share = 0;
                    return;
                }
                long min = Long.MAX_VALUE;
                long max = 0;
                for (int k = 0; k < threads; k++) {
                    long d = counts[k * PAD] - base[k * PAD];
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                }
                share = max == 0 ? 1 : min / (double) max;
            }
        }

        /*
         * The K launcher threads live from open to close: each waits at the start barrier, calls the C driver
         * (which starts one pthread, lets it make n calls and joins it) and meets the others at the done
         * barrier. close sets closing and trips the start barrier once more, and they end.
         */
        @Override
        protected void open() throws Exception {
            makeStub("call", MethodType.methodType(void.class, MemorySegment.class), FunctionDescriptor.ofVoid(ADDRESS));
            counts = new long[threads * PAD];
            base = new long[threads * PAD];
            start = new CyclicBarrier(threads + 1);
            done = new CyclicBarrier(threads + 1);
            launchers = new Thread[threads];
            for (int k = 0; k < threads; k++) {
                MemorySegment slot = MemorySegment.ofAddress(k);
                launchers[k] = Thread.ofPlatform().name("bench-cb-launcher-" + k).daemon().start(() -> {
                    try {
                        while (true) {
                            start.await();
                            if (closing) {
                                return;
                            }
                            if (threadrt_testkit_h.trt_bench_thread_call_loop(stub, slot, perThread) != 0) {
                                failures.incrementAndGet();
                            }
                            done.await();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                });
            }
        }

        @Override
        protected void batch(int n) throws Exception {
            Arrays.fill(counts, 0);
            started.set(0);
            allStarted = false;
            firstDone.set(false);
            perThread = n;
            start.await(1, TimeUnit.MINUTES);
            done.await(10, TimeUnit.MINUTES);
            long sum = 0;
            for (int k = 0; k < threads; k++) {
                sum += counts[k * PAD];
            }
            if (failures.get() != 0 || sum != (long) threads * n) {
                throw new IllegalStateException(sum + " calls ran of " + (long) threads * n + " (" + failures.get()
                        + " driver failures)");
            }
        }

        @Override
        protected double sample(int n) throws Exception {
            return super.sample(n) / threads;
        }

        @Override
        double lastShare() {
            return share;
        }

        @Override
        public void close() throws Exception {
            if (launchers != null) {
                closing = true;
                start.await(1, TimeUnit.MINUTES);
                for (Thread t : launchers) {
                    t.join();
                }
            }
            super.close();
        }
    }

    /** Rounds of T short-lived native threads; one operation is one round, the figure is per call. */
    static final class ShortLived extends OnStub {
        private final LongAdder calls = new LongAdder();
        private final ThreadLocal<long[]> firstCall = ThreadLocal.withInitial(() -> new long[1]);
        private long[] spans;
        private final AtomicInteger ended = new AtomicInteger();
        private double share;

        ShortLived(Kind kind, int threads) {
            super(kind, threads, true, kind.label + ", " + String.format(java.util.Locale.ROOT, "%,d", threads)
                    + " short-lived C threads x " + SHORT_CALLS + " calls, per call");
        }

        /** The callback: {@code void cb(int32_t i)}, i the call's index in its thread. */
        void call(int i) {
            calls.increment();
            if (i == 0) {
                firstCall.get()[0] = System.nanoTime();
            }
            if (i == SHORT_CALLS - 1) {
                long span = System.nanoTime() - firstCall.get()[0];
                int k = ended.getAndIncrement();
                if (k < spans.length) {
                    spans[k] = span;
                }
            }
        }

        @Override
        protected void open() throws Exception {
            makeStub("call", MethodType.methodType(void.class, int.class), FunctionDescriptor.ofVoid(JAVA_INT));
            spans = new long[threads];
        }

        @Override
        protected void batch(int n) {
            double worst = 1;
            for (int round = 0; round < n; round++) {
                calls.reset();
                ended.set(0);
                int rc = threadrt_testkit_h.trt_test_call_threads(stub, threads, SHORT_CALLS);
                long want = (long) threads * SHORT_CALLS;
                if (rc != 0 || calls.sum() != want || ended.get() != threads) {
                    throw new IllegalStateException("trt_test_call_threads returned " + rc + "; " + calls.sum()
                            + " calls ran of " + want + ", " + ended.get() + " threads ended of " + threads);
                }
                long[] s = spans.clone();
                Arrays.sort(s);
                worst = Math.min(worst, s[s.length - 1] == 0 ? 1 : s[(s.length - 1) / 2] / (double) s[s.length - 1]);
            }
            share = worst;
        }

        @Override
        protected double sample(int n) throws Exception {
            return super.sample(n) / ((double) threads * SHORT_CALLS);
        }

        @Override
        double lastShare() {
            return share;
        }
    }
}

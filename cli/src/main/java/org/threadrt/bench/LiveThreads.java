package org.threadrt.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.threadrt.stress.ProcSelf;
import org.threadrt.workloads.LivePopulation;

/**
 * Cost as the number of live threads grows ({@code bench --scale}, issue 15): M churn and dispatch with N live
 * Ms, against a Java thread's start + join and a ThreadPoolExecutor's dispatch with N live Java threads.
 *
 * <p>A <em>population</em> is the N live threads of one side ({@link LivePopulation}, the same code as JMH's
 * ScaleBench): for threadrt, a runtime whose N tasks sleep in one of its own Notes; for the anchor, a
 * ThreadPoolExecutor whose N core workers sleep in a CountDownLatch. The
 * two sides' populations are never alive together: with 10,000 of each, each side would measure 20,000 live
 * threads in the JVM's and the kernel's lists, and the process would hold ~2 GB of stacks.
 *
 * <p>The rule of the loop ({@link #run}): every repetition builds each population afresh, samples its two
 * figures (churn first: a churn task takes an idle M and ends it, so it runs before dispatch has made one),
 * and tears it down; the levels and the two sides alternate inside each repetition (the side that goes first
 * alternates too, and the levels go up in one repetition and down in the next), so a drift of the machine
 * falls on every figure alike. Before each timed batch, a quarter
 * of a batch runs untimed: a fresh runtime's first operations also start its template thread and first Ms,
 * which are not the cost being measured. The trade-off: building 10,000
 * threads per repetition costs seconds, which is why the repetitions here are fewer than elsewhere (at most
 * {@link #MAX_REPS}); the first
 * round is a warm-up that calibrates each figure's batch and is not recorded.
 */
final class LiveThreads {
    private LiveThreads() {
    }

    /**
     * The most repetitions of the live-thread figures (the harness's count when it is lower): each builds
     * 2 x (0 + 1,000 + 4,000 + 10,000) threads, seconds on an idle machine and minutes on a loaded one.
     */
    static final int MAX_REPS = 7;

    /** A figure of one side at one level: its operation runs on whichever population is open. */
    private static final class OnPopulation extends Measurement {
        final boolean churn;
        LivePopulation open;

        OnPopulation(String id, String label, boolean churn) {
            super(id, label, "ns");
            this.churn = churn;
        }

        @Override
        protected void batch(int n) throws Exception {
            LivePopulation p = open;
            for (int i = 0; i < n; i++) {
                if (churn) {
                    p.churn();
                } else {
                    p.dispatch();
                }
            }
        }
    }

    /** Measurement ids: {@code scale.live.<figure>-<N>}. */
    static String id(String figure, int n) {
        return "scale.live." + figure + "-" + n;
    }

    /** The four figures of every level: M churn, Java churn, threadrt dispatch, pool dispatch. */
    static final String M_CHURN = "m-churn";
    static final String JAVA_CHURN = "java-churn";
    static final String RT_DISPATCH = "threadrt-dispatch";
    static final String POOL_DISPATCH = "pool-dispatch";

    /** Runs the live-threads group for the given levels and adds its figures to the report. */
    static void run(Harness h, Report report, int[] levels, PrintWriter progress) throws InterruptedException {
        int reps = Math.min(h.reps(), MAX_REPS);
        if (progress != null) {
            progress.printf("  %-9s live threads %s, a warm-up round and %d repetitions (each builds its populations) ...%n",
                    "live", java.util.Arrays.toString(levels), reps);
            progress.flush();
        }
        List<OnPopulation[]> figures = new ArrayList<>();
        for (int n : levels) {
            String live = String.format(java.util.Locale.ROOT, "%,d", n);
            figures.add(new OnPopulation[] {
                new OnPopulation(id(M_CHURN, n), "M create+task+exit, RUNTIME 256 KiB, " + live + " live Ms", true),
                new OnPopulation(id(RT_DISPATCH, n), "submit(() -> null).get(), idle M, " + live + " live Ms", false),
                new OnPopulation(id(JAVA_CHURN, n), "Java thread start+join, 256 KiB, " + live + " live Java threads", true),
                new OnPopulation(id(POOL_DISPATCH, n), "ThreadPoolExecutor submit().get(), " + live + " live blocked workers",
                        false)});
        }
        long t0 = System.nanoTime();
        int baseline = ProcSelf.available() ? ProcSelf.osThreads() : -1;
        for (int rep = -1; rep < reps; rep++) {
            if (progress != null && rep >= 0) {
                progress.printf("            repetition %d of %d, %.0f s so far%n", rep + 1, reps,
                        (System.nanoTime() - t0) / 1e9);
                progress.flush();
            }
            for (int i = 0; i < levels.length; i++) {
                // up on even repetitions, down on odd ones: a level then follows itself or its neighbour, never
                // the teardown of the largest population (whose kernel-side cleanup outlasts settle)
                int l = rep % 2 == 0 || rep < 0 ? i : levels.length - 1 - i;
                OnPopulation[] f = figures.get(l);
                boolean threadrtFirst = rep % 2 == 0 || rep < 0;
                for (int side = 0; side < 2; side++) {
                    boolean threadrt = (side == 0) == threadrtFirst;
                    OnPopulation churn = threadrt ? f[0] : f[2];
                    OnPopulation dispatch = threadrt ? f[1] : f[3];
                    round(h, rep, threadrt ? LivePopulation.ms(levels[l]) : LivePopulation.javaThreads(levels[l]), churn,
                            dispatch, baseline);
                }
            }
        }
        for (OnPopulation[] f : figures) {
            report.addAll(List.of(f));
        }
    }

    /** Extra OS threads above the start's that still count as settled (the JVM's own come and go). */
    static final int SETTLED_SLACK = 16;
    /** The longest wait for a closed population's threads to be gone. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

    /*
     * After a population is closed its threads are still ending: exiting Ms and pool workers, their stacks
     * being unmapped. Waiting until the process is back to the thread count it had before the group keeps
     * the bulk of that aftermath (10,000 exits) out of the next population's figures. It was not enough on
     * its own: the kernel's cleanup outlasts the thread count, and 0 live Ms right after 10,000 still came out
     * 2 to 4 times slower than 1,000, hence the levels' alternating order too. Returns quietly at the limit:
     * the figures are then as they are, never a hang.
     */
    private static void settle(int baseline) throws InterruptedException {
        if (baseline < 0) {
            return;
        }
        long until = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (ProcSelf.osThreads() > baseline + SETTLED_SLACK && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }

    /** One population's round: open it, warm up and calibrate (rep -1) or sample both figures, close it. */
    private static void round(Harness h, int rep, LivePopulation p, OnPopulation churn, OnPopulation dispatch,
            int baseline) throws InterruptedException {
        if (churn.status() != Measurement.Status.OK && dispatch.status() != Measurement.Status.OK) {
            return;
        }
        try (p) {
            p.open();
            for (OnPopulation m : List.of(churn, dispatch)) {
                if (m.status() != Measurement.Status.OK) {
                    continue;
                }
                m.open = p;
                try {
                    if (rep < 0) {
                        m.batchSize = Harness.calibrate(m, h.warmupMillis(), h.batchMillis());
                    } else {
                        // untimed: a fresh population's first operations start its first Ms (and the template thread)
                        m.batch(Math.max(2, m.batchSize / 4));
                        m.values.add(m.sample(m.batchSize));
                    }
                } catch (Throwable t) {
                    Harness.fail(m, t);
                } finally {
                    m.open = null;
                }
            }
        } catch (Throwable t) {
            // the population could not be made or released: both of its figures fail
            for (OnPopulation m : List.of(churn, dispatch)) {
                if (m.status() == Measurement.Status.OK) {
                    Harness.fail(m, t);
                }
            }
        }
        settle(baseline);
    }
}

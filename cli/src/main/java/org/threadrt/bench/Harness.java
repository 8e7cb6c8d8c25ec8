package org.threadrt.bench;

import java.io.PrintWriter;
import java.util.List;

/**
 * The bench command's own timing loop (no JMH): for a group of measurements that are compared with
 * each other, warm each up while calibrating its batch size to about {@code batchMillis}, then run
 * {@code reps} rounds, each round one timed batch of every measurement in turn, so that noise from
 * the rest of the machine falls on all of them alike.
 */
public final class Harness {
    private final int reps;
    private final double warmupMillis;
    private final double batchMillis;
    private final PrintWriter progress;

    public Harness(int reps, double warmupMillis, double batchMillis, PrintWriter progress) {
        this.reps = reps;
        this.warmupMillis = warmupMillis;
        this.batchMillis = batchMillis;
        this.progress = progress;
    }

    public int reps() {
        return reps;
    }

    /** Runs one group; a measurement that throws is marked FAILED and left out of the later rounds. */
    public void run(String group, List<Measurement> ms) {
        if (progress != null) {
            progress.printf("  %-9s %d measurements ...%n", group, ms.size());
        }
        for (Measurement m : ms) {
            if (m.status != Measurement.Status.OK) {
                continue;
            }
            try {
                m.open();
                m.batchSize = calibrate(m, warmupMillis, batchMillis);
            } catch (Throwable t) {
                fail(m, t);
            }
        }
        for (int r = 0; r < reps; r++) {
            for (Measurement m : ms) {
                if (m.status != Measurement.Status.OK) {
                    continue;
                }
                try {
                    m.values.add(m.sample(m.batchSize));
                } catch (Throwable t) {
                    fail(m, t);
                }
            }
        }
        for (Measurement m : ms) {
            try {
                m.close();
            } catch (Throwable t) {
                if (m.status == Measurement.Status.OK) {
                    fail(m, t);
                }
            }
        }
    }

    static void fail(Measurement m, Throwable t) {
        m.status = Measurement.Status.FAILED;
        m.note = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        m.values.clear();
    }

    public double warmupMillis() {
        return warmupMillis;
    }

    public double batchMillis() {
        return batchMillis;
    }

    /** Warm-up: batches of growing size for warmupMillis; returns the size that takes about batchMillis. */
    static int calibrate(Measurement m, double warmupMillis, double batchMillis) throws Exception {
        int fixed = m.fixedBatch();
        if (fixed > 0) {
            m.sample(fixed); // one warm-up batch
            return fixed;
        }
        long end = System.nanoTime() + (long) (warmupMillis * 1e6);
        int n = 1;
        double nsPerOp;
        do {
            long t0 = System.nanoTime();
            m.batch(n);
            nsPerOp = Math.max(1, (System.nanoTime() - t0) / (double) n);
            double want = batchMillis * 1e6 / nsPerOp;
            n = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, Math.min(want, n * 4.0)));
        } while (System.nanoTime() < end);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, batchMillis * 1e6 / nsPerOp));
    }
}

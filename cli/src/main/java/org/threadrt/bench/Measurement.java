package org.threadrt.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One figure of the bench table: a workload timed in batches. {@link #batch(int)} runs {@code n}
 * operations and returns the cost of one (nanoseconds by default: the harness times the batch and
 * divides; a measurement of another unit or of a percentile overrides {@link #sample(int)}).
 */
public abstract class Measurement implements AutoCloseable {
    /** How a measurement ended. */
    public enum Status { OK, NOT_RUN, FAILED }

    public final String id;
    public final String label;
    public final String unit;
    final List<Double> values = new ArrayList<>();
    Status status = Status.OK;
    String note = "";
    int batchSize;

    protected Measurement(String id, String label, String unit) {
        this.id = id;
        this.label = label;
        this.unit = unit;
    }

    /** Prepares the workload (threads, runtimes); not timed. */
    protected void open() throws Exception {
    }

    /** Runs n operations. */
    protected abstract void batch(int n) throws Exception;

    /** One sample: the cost of one operation in a batch of n (default: wall time / n, in ns). */
    protected double sample(int n) throws Exception {
        long t0 = System.nanoTime();
        batch(n);
        return (System.nanoTime() - t0) / (double) n;
    }

    /** Releases what {@link #open()} made. */
    @Override
    public void close() throws Exception {
    }

    /** Whether the batch size is fixed (a memory or latency measurement) rather than calibrated by time. */
    protected int fixedBatch() {
        return 0;
    }

    public List<Double> values() {
        return values;
    }

    public Status status() {
        return status;
    }

    public String note() {
        return note;
    }

    /** Marks this measurement as not run, with the reason. */
    public Measurement notRun(String why) {
        status = Status.NOT_RUN;
        note = why;
        return this;
    }

    public Stats stats() {
        return values.isEmpty() ? null : Stats.of(values);
    }

    /** A measurement whose values come from elsewhere (the Go program). */
    public static Measurement external(String id, String label, String unit, List<Double> values) {
        Measurement m = new Measurement(id, label, unit) {
            @Override
            protected void batch(int n) {
                throw new UnsupportedOperationException("external");
            }
        };
        m.values.addAll(values);
        return m;
    }

    /** A measurement made from a lambda. */
    public static Measurement of(String id, String label, Op op) {
        return new Measurement(id, label, "ns") {
            @Override
            protected void batch(int n) throws Exception {
                op.run(n);
            }
        };
    }

    /** n operations of a workload. */
    @FunctionalInterface
    public interface Op {
        void run(int n) throws Exception;
    }
}

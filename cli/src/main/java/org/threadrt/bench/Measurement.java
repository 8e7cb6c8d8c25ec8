package org.threadrt.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.threadrt.workloads.Dispatch;
import org.threadrt.workloads.IdleRss;
import org.threadrt.workloads.Workload;

/**
 * One figure of the bench table: a workload timed in batches (most of them the shared workloads of
 * {@code org.threadrt.workloads}, which the JMH suite runs too). {@link #batch(int)} runs {@code n}
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

    /** A measurement of a shared workload: one sample is the time of run(n) / n, in ns. */
    public static Measurement of(String id, String label, Workload w) {
        return of(id, label, w, 1);
    }

    /**
     * A measurement of a shared workload whose every operation counts {@code perOp} operations of the
     * figure (a batch of tasks, the hand-offs of a round trip): one sample is the time of run(n) / (n * perOp).
     */
    public static Measurement of(String id, String label, Workload w, int perOp) {
        return new Measurement(id, label, "ns") {
            @Override
            protected void open() throws Exception {
                w.open();
            }

            @Override
            protected void batch(int n) throws Exception {
                w.run(n);
            }

            @Override
            protected double sample(int n) throws Exception {
                return super.sample(n) / perOp;
            }

            @Override
            public void close() throws Exception {
                w.close();
            }
        };
    }

    /** Submit-to-start latency: a sample is the median of a batch of {@link Dispatch.Latency#timedStart()}. */
    public static Measurement latency(String id, String label, Dispatch.Latency w) {
        return new Measurement(id, label, "ns") {
            @Override
            protected void open() {
                w.open();
            }

            @Override
            protected void batch(int n) {
                w.run(n);
            }

            @Override
            protected double sample(int n) {
                long[] lat = new long[n];
                for (int i = 0; i < n; i++) {
                    lat[i] = w.timedStart();
                }
                Arrays.sort(lat);
                return lat[n / 2];
            }

            @Override
            public void close() throws Exception {
                w.close();
            }
        };
    }

    /** KiB resident in each idle thread's own stack, of the kind ({@link IdleRss#sample}): every sample is one measurement of count threads. */
    public static Measurement idleRss(String kind, int stackKib, int count) {
        return idleRss("", kind, stackKib, count);
    }

    /** {@link #idleRss(String, int, int)} with an id prefix ({@code bench --scale}: "scale.") and the count in the label. */
    public static Measurement idleRss(String idPrefix, String kind, int stackKib, int count) {
        String label = switch (kind) {
            case "JAVA" -> "stack resident, idle Java platform thread, -Xss " + stackKib + " KiB";
            default -> "stack resident, idle M, " + kind + " stack " + stackKib + " KiB";
        };
        if (!idPrefix.isEmpty()) {
            label += ", " + count + " at once";
        }
        return new Measurement(idPrefix + "rss." + kind.toLowerCase(java.util.Locale.ROOT) + "-" + stackKib, label, "KiB") {
            @Override
            protected int fixedBatch() {
                return 1;
            }

            @Override
            protected void batch(int n) throws Exception {
                sample(n);
            }

            @Override
            protected double sample(int n) throws Exception {
                // The resident pages of the idle threads' own stacks: the figure that holds in a fresh and a warm
                // JVM. VmRSS growth does not: stacks reused from a cache bring pages counted before, and since an
                // idle M gives back its dead stack (ABI 6) a round can even shrink VmRSS.
                return IdleRss.sample(kind, stackKib * 1024L, count).stackKib();
            }
        };
    }
}

package org.threadrt.bench;

import java.util.Arrays;
import java.util.List;

/** Median, quartiles and extremes of one measurement's repetitions. */
public record Stats(int count, double median, double p25, double p75, double min, double max) {

    /** The statistics of the given values (at least one). */
    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return new Stats(v.length, quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75), v[0], v[v.length - 1]);
    }

    /** Linear interpolation between the closest ranks of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** The interquartile range as a fraction of the median (0.05 = the middle half lies within 5%). */
    public double relativeIqr() {
        return median == 0 ? 0 : (p75 - p25) / median;
    }
}

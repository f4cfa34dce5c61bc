package org.initlab.probe;

import java.util.Arrays;

/**
 * Counts of values in equal-width bins over [lo, hi].
 *
 * @param lo     left edge of the first bin
 * @param hi     right edge of the last bin
 * @param counts one count per bin
 */
public record Histogram(double lo, double hi, long[] counts) implements java.io.Serializable {

    public Histogram {
        if (!(hi > lo)) throw new IllegalArgumentException("histogram needs lo < hi, got " + lo + ", " + hi);
        if (counts.length == 0) throw new IllegalArgumentException("histogram needs at least one bin");
        counts = counts.clone();
    }

    /**
     * Bins {@code values} over their own range; a constant sample gets a small range around it. The range is found by
     * comparisons (Math.min and Math.max, with their care for NaN and the sign of zero, took 4x as long here; a probed
     * step bins nine samples per layer), then given the sign of zero Math.min and Math.max would have given it.
     */
    public static Histogram of(double[] values, int bins) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) { // NaN compares false; infinities are left out
            lo = v < lo && v > Double.NEGATIVE_INFINITY ? v : lo;
            hi = v > hi && v < Double.POSITIVE_INFINITY ? v : hi;
        }
        if (lo == 0) lo = has(values, -0.0) ? -0.0 : 0.0; // Math.min(0.0, -0.0) is -0.0
        if (hi == 0) hi = has(values, 0.0) ? 0.0 : -0.0;  // Math.max(-0.0, 0.0) is 0.0
        if (lo > hi) { lo = -1; hi = 1; }
        if (hi - lo < 1e-300 || hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) {
            double pad = Math.max(Math.abs(lo) * 1e-3, 1e-12);
            lo -= pad; hi += pad;
        }
        return of(values, bins, lo, hi);
    }

    /** Whether {@code values} holds {@code zero} with its sign (0.0 or -0.0). */
    private static boolean has(double[] values, double zero) {
        long bits = Double.doubleToRawLongBits(zero);
        for (double v : values) if (Double.doubleToRawLongBits(v) == bits) return true;
        return false;
    }

    /**
     * Bins {@code values} over [lo, hi]; values outside go to the end bins, non-finite ones are skipped. Each value's bin
     * is found first, in a loop without branches (min and max clamp, the cast floors; the JIT vectorizes it), then counted
     * in two arrays by turns, so a run of values in one bin (ReLU's zeros) is not one chain of increments.
     */
    public static Histogram of(double[] values, int bins, double lo, double hi) {
        if (bins <= 0) throw new IllegalArgumentException("bins must be positive, got " + bins);
        int n = values.length;
        int[] bin = new int[n], even = new int[bins + 1], odd = new int[bins + 1]; // bin 'bins' holds the non-finite values, not counted
        double scale = bins / (hi - lo), last = bins - 1;
        // (v - lo) * scale below 0 goes to bin 0, at or above bins to the last bin (NaN, from an infinite scale, to bin 0).
        for (int i = 0; i < n; i++) bin[i] = (int) Math.min(Math.max((values[i] - lo) * scale, 0.0), last);
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            even[Double.isFinite(values[i]) ? bin[i] : bins]++;
            odd[Double.isFinite(values[i + 1]) ? bin[i + 1] : bins]++;
        }
        if (i < n) even[Double.isFinite(values[i]) ? bin[i] : bins]++;
        long[] c = new long[bins];
        for (int k = 0; k < bins; k++) c[k] = (long) even[k] + odd[k];
        return new Histogram(lo, hi, c);
    }

    @Override public long[] counts() { return counts.clone(); }

    public int bins() { return counts.length; }

    public long total() { return Arrays.stream(counts).sum(); }

    public double binWidth() { return (hi - lo) / counts.length; }

    public double[] centers() {
        double[] x = new double[counts.length];
        for (int k = 0; k < x.length; k++) x[k] = lo + (k + 0.5) * binWidth();
        return x;
    }

    /** Normalized so the area is 1: comparable across layers with different ranges. */
    public double[] density() {
        double[] d = new double[counts.length];
        double norm = total() * binWidth();
        for (int k = 0; k < d.length; k++) d[k] = norm == 0 ? 0 : counts[k] / norm;
        return d;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Histogram h && lo == h.lo && hi == h.hi && Arrays.equals(counts, h.counts);
    }

    @Override public int hashCode() { return Double.hashCode(lo) * 31 + Double.hashCode(hi) * 17 + Arrays.hashCode(counts); }

    @Override public String toString() { return "Histogram[" + lo + ".." + hi + ", " + counts.length + " bins, n=" + total() + "]"; }
}

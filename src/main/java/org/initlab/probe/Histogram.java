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
     * Bins {@code values} over their own range; a constant sample gets a small range around it. The range is found in
     * four interleaved chains of min and max: one chain waits on each Math.min in turn (about 6 cycles), and a probed step
     * bins nine samples per layer. The least and the greatest of a set do not depend on the order they are found in.
     */
    public static Histogram of(double[] values, int bins) {
        double lo0 = Double.POSITIVE_INFINITY, lo1 = lo0, lo2 = lo0, lo3 = lo0, hi0 = Double.NEGATIVE_INFINITY, hi1 = hi0, hi2 = hi0, hi3 = hi0;
        int n = values.length, i = 0;
        for (; i + 4 <= n; i += 4) {
            double a = values[i], b = values[i + 1], c = values[i + 2], d = values[i + 3];
            if (Double.isFinite(a)) { lo0 = Math.min(lo0, a); hi0 = Math.max(hi0, a); }
            if (Double.isFinite(b)) { lo1 = Math.min(lo1, b); hi1 = Math.max(hi1, b); }
            if (Double.isFinite(c)) { lo2 = Math.min(lo2, c); hi2 = Math.max(hi2, c); }
            if (Double.isFinite(d)) { lo3 = Math.min(lo3, d); hi3 = Math.max(hi3, d); }
        }
        for (; i < n; i++) if (Double.isFinite(values[i])) { lo0 = Math.min(lo0, values[i]); hi0 = Math.max(hi0, values[i]); }
        double lo = Math.min(Math.min(lo0, lo1), Math.min(lo2, lo3)), hi = Math.max(Math.max(hi0, hi1), Math.max(hi2, hi3));
        if (lo > hi) { lo = -1; hi = 1; }
        if (hi - lo < 1e-300 || hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) {
            double pad = Math.max(Math.abs(lo) * 1e-3, 1e-12);
            lo -= pad; hi += pad;
        }
        return of(values, bins, lo, hi);
    }

    /**
     * Bins {@code values} over [lo, hi]; values outside go to the end bins, non-finite ones are skipped. The bin is
     * clamped without a branch (ReLU's activations are half zeros, at random: a branch on them is mispredicted half the
     * time), and counted in two arrays by turns, so a run of values in one bin is not one chain of increments.
     */
    public static Histogram of(double[] values, int bins, double lo, double hi) {
        if (bins <= 0) throw new IllegalArgumentException("bins must be positive, got " + bins);
        int[] even = new int[bins], odd = new int[bins];
        double scale = bins / (hi - lo), last = bins - 1;
        int n = values.length, i = 0;
        // (v - lo) * scale below 0 goes to bin 0, at or above bins to the last bin: min and max clamp it, the cast floors it.
        for (; i + 2 <= n; i += 2) {
            double a = values[i], b = values[i + 1];
            if (Double.isFinite(a)) even[(int) Math.min(Math.max((a - lo) * scale, 0.0), last)]++;
            if (Double.isFinite(b)) odd[(int) Math.min(Math.max((b - lo) * scale, 0.0), last)]++;
        }
        if (i < n && Double.isFinite(values[i])) even[(int) Math.min(Math.max((values[i] - lo) * scale, 0.0), last)]++;
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

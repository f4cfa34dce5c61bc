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

    /** Bins {@code values} over their own range; a constant sample gets a small range around it. */
    public static Histogram of(double[] values, int bins) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) { lo = -1; hi = 1; }
        if (hi - lo < 1e-300 || hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) {
            double pad = Math.max(Math.abs(lo) * 1e-3, 1e-12);
            lo -= pad; hi += pad;
        }
        return of(values, bins, lo, hi);
    }

    /** Bins {@code values} over [lo, hi]; values outside go to the end bins, non-finite ones are skipped. */
    public static Histogram of(double[] values, int bins, double lo, double hi) {
        if (bins <= 0) throw new IllegalArgumentException("bins must be positive, got " + bins);
        long[] c = new long[bins];
        double scale = bins / (hi - lo);
        for (double v : values) {
            if (!Double.isFinite(v)) continue;
            double k = (v - lo) * scale; // below lo goes to bin 0, at or above hi to the last bin
            c[k <= 0 ? 0 : k >= bins ? bins - 1 : (int) k]++;
        }
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

package org.initlab.probe;

import smile.tensor.DenseMatrix;

/**
 * What one pass over a matrix measures, with a second matrix of the same shape read alongside: the
 * sums of each, and the largest range of a column of the first (max - min across its rows; for a weight
 * matrix, whose rows are units, the largest difference between two units in one weight).
 *
 * @param first          sums of the first matrix's entries
 * @param second         sums of the second's
 * @param maxColumnRange largest column range of the first (NaN if it has a NaN)
 */
public record Scan(Sums first, Sums second, double maxColumnRange) {

    /** Whether scans run on SIMD registers (the Vector API is present); the results are the same bits either way. */
    public static boolean vectorized() { return Reductions.VECTOR; }

    /**
     * Scans weights {@code p} and their gradient {@code g} (same shape, Float64) and, in the same pass, takes SGD's step
     * p += step * g after reading each weight: the scan of the weights before the step, and the weights after it, with
     * the bits of {@link #of} followed by the step's own loop. Returns null, having changed nothing, where one pass cannot
     * do both (no SIMD, a small or a Float32 matrix).
     */
    public static Scan ofAndStep(DenseMatrix p, DenseMatrix g, double step) {
        if (p.nrow() != g.nrow() || p.ncol() != g.ncol())
            throw new IllegalArgumentException("shapes differ: " + p.nrow() + "x" + p.ncol() + " and " + g.nrow() + "x" + g.ncol());
        if (p.nrow() == 0 || p.ncol() == 0) return null;
        double shiftP = p.get(0, 0), shiftG = g.get(0, 0);
        double[] r = Reductions.scanAndStep(p, shiftP, g, shiftG, step);
        return r == null ? null : new Scan(Sums.of(p, shiftP, r[0], r[1]), Sums.of(g, shiftG, r[2], r[3]), r[4]);
    }

    /** Scans {@code a} and {@code b} (same shape) in one pass; with b null, a alone (read twice). */
    public static Scan of(DenseMatrix a, DenseMatrix b) {
        DenseMatrix second = b == null ? a : b;
        if (a.nrow() != second.nrow() || a.ncol() != second.ncol())
            throw new IllegalArgumentException("shapes differ: " + a.nrow() + "x" + a.ncol() + " and " + second.nrow() + "x" + second.ncol());
        if (a.nrow() == 0 || a.ncol() == 0) return new Scan(Sums.EMPTY, Sums.EMPTY, 0);
        double shiftA = a.get(0, 0), shiftB = second.get(0, 0);
        double[] r = Reductions.scan(a, shiftA, second, shiftB);
        return new Scan(Sums.of(a, shiftA, r[0], r[1]), Sums.of(second, shiftB, r[2], r[3]), r[4]);
    }
}

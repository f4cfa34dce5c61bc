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
        return scan(p, g, (a, shiftA, b, shiftB) -> Reductions.scanAndStep(a, shiftA, b, shiftB, step), null);
    }

    /** Scans {@code a} and {@code b} (same shape) in one pass; with b null, a alone (read twice). */
    public static Scan of(DenseMatrix a, DenseMatrix b) {
        return scan(a, b == null ? a : b, Reductions::scan, new Scan(Sums.EMPTY, Sums.EMPTY, 0));
    }

    /** One pass of the reductions over a and b: their five results, or null if this pass cannot run on them. */
    private interface Pass { double[] over(DenseMatrix a, double shiftA, DenseMatrix b, double shiftB); }

    /** The checks, the shifts (each matrix's first entry) and the sums of both passes; {@code ifEmpty} for a matrix without entries. */
    private static Scan scan(DenseMatrix a, DenseMatrix b, Pass pass, Scan ifEmpty) {
        if (a.nrow() != b.nrow() || a.ncol() != b.ncol())
            throw new IllegalArgumentException("shapes differ: " + a.nrow() + "x" + a.ncol() + " and " + b.nrow() + "x" + b.ncol());
        if (a.nrow() == 0 || a.ncol() == 0) return ifEmpty;
        double shiftA = a.get(0, 0), shiftB = b.get(0, 0);
        double[] r = pass.over(a, shiftA, b, shiftB);
        return r == null ? null : new Scan(Sums.of(a, shiftA, r[0], r[1]), Sums.of(b, shiftB, r[2], r[3]), r[4]);
    }
}

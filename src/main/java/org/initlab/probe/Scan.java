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

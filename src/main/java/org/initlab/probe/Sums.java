package org.initlab.probe;

import smile.tensor.DenseMatrix;

/**
 * Count, and sums of (x - shift) and (x - shift)^2, over the entries of a matrix: mean and standard
 * deviation without the cancellation of E[x^2] - E[x]^2 when the mean is large next to the spread (a
 * constant layer has std exactly 0). The shift is the first entry. The sums run in eight fixed lanes
 * (see {@link Scan}), so the bits are the same with or without the Vector API.
 *
 * @param count  number of values
 * @param shift  the value every entry was shifted by
 * @param sum    sum of (x - shift)
 * @param sumSq  sum of (x - shift)^2
 */
public record Sums(long count, double shift, double sum, double sumSq) {

    /** Sums over every entry of {@code m}. */
    public static Sums of(DenseMatrix m) {
        if (m.nrow() == 0 || m.ncol() == 0) return EMPTY;
        double shift = m.get(0, 0);
        double[] r = Reductions.sums(m, shift);
        return of(m, shift, r[0], r[1]);
    }

    /** No values. */
    public static final Sums EMPTY = new Sums(0, 0, 0, 0);

    /** Sums from a scan's output, around the given shift. */
    static Sums of(DenseMatrix m, double shift, double sum, double sumSq) {
        return new Sums((long) m.nrow() * m.ncol(), shift, sum, sumSq);
    }

    /** The sums of c x for these values x (exact up to rounding: c (x - shift) = c x - c shift). */
    public Sums scaled(double c) { return new Sums(count, c * shift, c * sum, c * c * sumSq); }

    public double mean() { return count == 0 ? 0 : shift + sum / count; }

    public double std() {
        if (count == 0) return 0;
        double m = sum / count;
        return Math.sqrt(Math.max(0, sumSq / count - m * m));
    }

    /** Root of the sum of squares of the values themselves (the Frobenius norm). */
    public double norm() {
        double m = mean(), sd = std();
        return Math.sqrt(count * (sd * sd + m * m));
    }
}

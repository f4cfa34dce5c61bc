package org.initlab.probe;

import smile.tensor.DenseMatrix;

/**
 * The loop behind {@link Scan}, the one full pass a probe makes over a matrix. With the Vector API
 * ({@code --add-modules jdk.incubator.vector}) it runs on SIMD registers; without it the scalar loop
 * here gives the very same bits. Both add entry i of a column into lane i mod 8 with a fused
 * multiply-add, the entries of a column past its last full block of 8 into a separate tail lane, and
 * add the lanes in one fixed order at the end: the sums do not depend on the machine's vector width.
 */
final class Reductions {
    private Reductions() {}

    /** Accumulator lanes per sum. */
    static final int LANES = 8;
    /** Sums kept: of a, of its squares, of b, of its squares; each as body lanes then tail lanes. */
    static final int SUMS = 8;

    /** Whether the SIMD path is on; {@code -Dinitlab.vector=false} turns it off. */
    static final boolean VECTOR = org.initlab.nn.Simd.ON && VectorReductions.usable();

    /**
     * Matrices with fewer entries than this take the scalar loop (the same bits): until the JIT has
     * compiled a Vector API loop it is slower than scalar code, and a small matrix's loop is slow to warm.
     */
    static final long VECTOR_THRESHOLD = 1 << 12;

    /** {sum of (a - shift), sum of its squares}. */
    static double[] sums(DenseMatrix a, double shift) {
        double[] r = vectorized(a) ? VectorReductions.sums(new Columns(a), shift, a.nrow(), a.ncol()) : scalarScan(a, shift, null, 0, false);
        return new double[]{r[0], r[1]};
    }

    /**
     * One pass over a and b (same shape): {sum of (a - shiftA), sum of its squares, the same two for b
     * around shiftB, the largest column range of a (NaN if a has a NaN)}.
     */
    static double[] scan(DenseMatrix a, double shiftA, DenseMatrix b, double shiftB) {
        if (vectorized(a)) return VectorReductions.scan(new Columns(a), shiftA, new Columns(b), shiftB, a.nrow(), a.ncol());
        return scalarScan(a, shiftA, b, shiftB, true);
    }

    /**
     * {@link #scan}, and SGD's step a += step * b in the same pass (see {@link VectorReductions#scan(Columns, double,
     * Columns, double, int, int, double)}); null, with nothing changed, where the pass cannot do both (no SIMD, a small
     * or Float32 matrix): the caller then scans and steps apart, which gives the same bits.
     */
    static double[] scanAndStep(DenseMatrix a, double shiftA, DenseMatrix b, double shiftB, double step) {
        if (!vectorized(a)) return null;
        Columns ca = new Columns(a);
        if (!ca.ownsColumns()) return null; // a Float32 (or off-heap) matrix: its columns are copies, and the step must write the matrix
        return VectorReductions.scan(ca, shiftA, new Columns(b), shiftB, a.nrow(), a.ncol(), step);
    }

    /**
     * The scalar loop, over the backing arrays a column at a time (a Float32 column is first widened into a
     * scratch column of doubles, exactly): entry i of a block of 8 goes to lane i, as in the SIMD loop.
     */
    static double[] scalarScan(DenseMatrix a, double shiftA, DenseMatrix b, double shiftB, boolean range) {
        double[] lanes = new double[SUMS * LANES];
        int rows = a.nrow(), body = rows - rows % LANES;
        Columns ca = new Columns(a), cb = b == null ? null : new Columns(b);
        double max = 0;
        for (int j = 0; j < a.ncol(); j++) {
            double[] x = ca.column(j), y = cb == null ? null : cb.column(j);
            int ox = ca.offset(j), oy = cb == null ? 0 : cb.offset(j);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < body; i += LANES) {
                for (int k = 0; k < LANES; k++) {
                    double v = x[ox + i + k], d = v - shiftA;
                    lanes[k] += d;
                    lanes[k + LANES] = Math.fma(d, d, lanes[k + LANES]);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                if (y != null) for (int k = 0; k < LANES; k++) {
                    double e = y[oy + i + k] - shiftB;
                    lanes[k + 2 * LANES] += e;
                    lanes[k + 3 * LANES] = Math.fma(e, e, lanes[k + 3 * LANES]);
                }
            }
            for (int i = body; i < rows; i++) {
                double v = x[ox + i];
                addTail(lanes, 0, i, v - shiftA);
                if (y != null) addTail(lanes, 2, i, y[oy + i] - shiftB);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            max = Math.max(max, hi - lo);
        }
        return result(lanes, range ? max : Double.NaN);
    }

    /** Adds d and d^2 at lane {@code at} of the sum of values and of squares. */
    private static void add(double[] lanes, int at, double d) {
        lanes[at] += d;
        lanes[at + LANES] = Math.fma(d, d, lanes[at + LANES]);
    }

    /** Adds entry i of a column's tail to the tail lanes of sum pair {@code pair} (0: a, 2: b). */
    static void addTail(double[] lanes, int pair, int i, double d) {
        add(lanes, LANES * SUMS / 2 + pair * LANES + i % LANES, d);
    }

    /** The four sums, body lanes then tail lanes, each added in order (the same in both paths), and the range. */
    static double[] result(double[] lanes, double range) {
        double[] out = new double[5];
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < LANES; k++) out[s] += lanes[s * LANES + k];
            for (int k = 0; k < LANES; k++) out[s] += lanes[LANES * SUMS / 2 + s * LANES + k];
        }
        out[4] = range;
        return out;
    }

    private static boolean vectorized(DenseMatrix a) {
        return VECTOR && (long) a.nrow() * a.ncol() >= VECTOR_THRESHOLD;
    }
}

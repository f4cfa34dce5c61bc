package org.initlab.probe;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Reductions#scan} on the Vector API, a column at a time ({@link Columns}: Float32 columns are widened first).
 * Each sum's 8 body lanes are one 8-lane vector where the machine has 512-bit registers (AVX-512), else two 4-lane
 * vectors (entries i and i + 4 of a block of 8): either way entry i of a column goes to lane i mod 8, as in the scalar
 * loop, so the bits are the same (one 8-lane vector does the work in half the instructions: a 256 x 256 scan of two
 * matrices took 69 us as two 4-lane vectors, 45 us as one 8-lane vector). {@link #WIDE} is a constant, so the JIT
 * drops the half the machine does not use. One method per shape of the loop, so the loop body stays straight SIMD
 * code (vector constants are made in the method: read from static fields, they are boxed and the loop runs ten
 * times slower). Loaded only when jdk.incubator.vector is present.
 */
final class VectorReductions {
    private VectorReductions() {}

    /** Whether one vector holds a whole block of 8 doubles; {@code -Dinitlab.vector.wide=false} takes the 4-lane path (to test it). */
    static final boolean WIDE = DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512 && !"false".equals(System.getProperty("initlab.vector.wide"));
    private static final VectorSpecies<Double> S = WIDE ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
    /** Where the second vector of a block starts (unused when WIDE). */
    private static final int HALF = 4;
    private static final int L = Reductions.LANES;

    /** 4-lane double vectors are worth using only if the machine has them natively (AVX2 and up). */
    static boolean usable() { return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256; }

    /** Sums only, no range: the summaries of activations and gradients need no more. */
    static double[] sums(Columns ca, double shiftA, int rows, int cols) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, q0 = s0, q1 = s0;
        double[] lanes = new double[Reductions.SUMS * L];
        int body = rows - rows % L;
        for (int j = 0; j < cols; j++) {
            double[] a = ca.column(j);
            int oa = ca.offset(j);
            for (int i = 0; i < body; i += L) {
                DoubleVector d0 = DoubleVector.fromArray(S, a, oa + i).sub(shiftA);
                s0 = s0.add(d0);
                q0 = d0.fma(d0, q0);
                if (!WIDE) {
                    DoubleVector d1 = DoubleVector.fromArray(S, a, oa + i + HALF).sub(shiftA);
                    s1 = s1.add(d1);
                    q1 = d1.fma(d1, q1);
                }
            }
            for (int i = body; i < rows; i++) Reductions.addTail(lanes, 0, i, a[oa + i] - shiftA);
        }
        store(lanes, 0, s0, s1);
        store(lanes, L, q0, q1);
        return Reductions.result(lanes, Double.NaN);
    }

    static double[] scan(Columns ca, double shiftA, Columns cb, double shiftB, int rows, int cols) { return scan(ca, shiftA, cb, shiftB, rows, cols, Double.NaN); }

    /**
     * The scan, and if {@code step} is not NaN, a += step * b in the same pass, after each entry of a is read: SGD's
     * update (a the weights, b their gradient, step -lr) while both are in registers, computed as Slot's loop computes
     * it (a + step * b, one rounding each), so the weights get the same bits. a must be its own backing array (Float64).
     */
    static double[] scan(Columns ca, double shiftA, Columns cb, double shiftB, int rows, int cols, double step) {
        boolean stepping = !Double.isNaN(step);
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, q0 = s0, q1 = s0, t0 = s0, t1 = s0, r0 = s0, r1 = s0;
        double[] lanes = new double[Reductions.SUMS * L];
        double max = 0;
        int body = rows - rows % L;
        for (int j = 0; j < cols; j++) {
            double[] a = ca.column(j), b = cb.column(j);
            int oa = ca.offset(j), ob = cb.offset(j);
            DoubleVector lo0 = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY), lo1 = lo0;
            DoubleVector hi0 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY), hi1 = hi0;
            for (int i = 0; i < body; i += L) {
                DoubleVector x0 = DoubleVector.fromArray(S, a, oa + i), d0 = x0.sub(shiftA), g0 = DoubleVector.fromArray(S, b, ob + i), e0 = g0.sub(shiftB);
                if (stepping) x0.add(g0.mul(step)).intoArray(a, oa + i);
                s0 = s0.add(d0);
                q0 = d0.fma(d0, q0);
                t0 = t0.add(e0);
                r0 = e0.fma(e0, r0);
                lo0 = lo0.min(x0);
                hi0 = hi0.max(x0);
                if (!WIDE) {
                    DoubleVector x1 = DoubleVector.fromArray(S, a, oa + i + HALF), d1 = x1.sub(shiftA), g1 = DoubleVector.fromArray(S, b, ob + i + HALF), e1 = g1.sub(shiftB);
                    if (stepping) x1.add(g1.mul(step)).intoArray(a, oa + i + HALF);
                    s1 = s1.add(d1);
                    q1 = d1.fma(d1, q1);
                    t1 = t1.add(e1);
                    r1 = e1.fma(e1, r1);
                    lo1 = lo1.min(x1);
                    hi1 = hi1.max(x1);
                }
            }
            double lo = (WIDE ? lo0 : lo0.min(lo1)).reduceLanes(VectorOperators.MIN), hi = (WIDE ? hi0 : hi0.max(hi1)).reduceLanes(VectorOperators.MAX);
            for (int i = body; i < rows; i++) {
                double x = a[oa + i];
                Reductions.addTail(lanes, 0, i, x - shiftA);
                Reductions.addTail(lanes, 2, i, b[ob + i] - shiftB);
                if (stepping) a[oa + i] = x + step * b[ob + i];
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            max = Math.max(max, hi - lo);
        }
        store(lanes, 0, s0, s1);
        store(lanes, L, q0, q1);
        store(lanes, 2 * L, t0, t1);
        store(lanes, 3 * L, r0, r1);
        return Reductions.result(lanes, max);
    }

    /** A sum's 8 body lanes into lanes[at..at+8): the one wide vector, or the two halves. */
    private static void store(double[] lanes, int at, DoubleVector first, DoubleVector second) {
        first.intoArray(lanes, at);
        if (!WIDE) second.intoArray(lanes, at + HALF);
    }
}

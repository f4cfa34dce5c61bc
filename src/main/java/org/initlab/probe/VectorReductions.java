package org.initlab.probe;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Reductions#scan} on the Vector API, a column at a time ({@link Columns}: Float32 columns are widened first): each sum's 8 body lanes are two 4-lane vectors (entries
 * i and i + 4 of a block of 8), so entry i of a column goes to lane i mod 8 as in the scalar loop.
 * One method per shape of the loop, so the loop body stays straight SIMD code (vector constants are
 * made in the method: read from static fields, they are boxed and the loop runs ten times slower).
 * Loaded only when jdk.incubator.vector is present.
 */
final class VectorReductions {
    private VectorReductions() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
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
                DoubleVector d0 = DoubleVector.fromArray(S, a, oa + i).sub(shiftA), d1 = DoubleVector.fromArray(S, a, oa + i + 4).sub(shiftA);
                s0 = s0.add(d0); s1 = s1.add(d1);
                q0 = d0.fma(d0, q0); q1 = d1.fma(d1, q1);
            }
            for (int i = body; i < rows; i++) Reductions.addTail(lanes, 0, i, a[oa + i] - shiftA);
        }
        s0.intoArray(lanes, 0); s1.intoArray(lanes, 4); q0.intoArray(lanes, L); q1.intoArray(lanes, L + 4);
        return Reductions.result(lanes, Double.NaN);
    }

    static double[] scan(Columns ca, double shiftA, Columns cb, double shiftB, int rows, int cols) {
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
                DoubleVector x0 = DoubleVector.fromArray(S, a, oa + i), x1 = DoubleVector.fromArray(S, a, oa + i + 4);
                DoubleVector d0 = x0.sub(shiftA), d1 = x1.sub(shiftA);
                DoubleVector e0 = DoubleVector.fromArray(S, b, ob + i).sub(shiftB), e1 = DoubleVector.fromArray(S, b, ob + i + 4).sub(shiftB);
                s0 = s0.add(d0); s1 = s1.add(d1);
                q0 = d0.fma(d0, q0); q1 = d1.fma(d1, q1);
                t0 = t0.add(e0); t1 = t1.add(e1);
                r0 = e0.fma(e0, r0); r1 = e1.fma(e1, r1);
                lo0 = lo0.min(x0); lo1 = lo1.min(x1);
                hi0 = hi0.max(x0); hi1 = hi1.max(x1);
            }
            double lo = lo0.min(lo1).reduceLanes(VectorOperators.MIN), hi = hi0.max(hi1).reduceLanes(VectorOperators.MAX);
            for (int i = body; i < rows; i++) {
                double x = a[oa + i];
                Reductions.addTail(lanes, 0, i, x - shiftA);
                Reductions.addTail(lanes, 2, i, b[ob + i] - shiftB);
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            max = Math.max(max, hi - lo);
        }
        s0.intoArray(lanes, 0); s1.intoArray(lanes, 4); q0.intoArray(lanes, L); q1.intoArray(lanes, L + 4);
        t0.intoArray(lanes, 2 * L); t1.intoArray(lanes, 2 * L + 4); r0.intoArray(lanes, 3 * L); r1.intoArray(lanes, 3 * L + 4);
        return Reductions.result(lanes, max);
    }
}

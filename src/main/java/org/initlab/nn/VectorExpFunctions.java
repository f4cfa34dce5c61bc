package org.initlab.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static org.initlab.nn.ExpFunctions.*;

/**
 * {@link ExpFunctions} on SIMD registers: the same operations in the same order, lane by lane, so each lane
 * holds the bits the scalar method gives (IEEE adds, multiplies and divides are exact-rounded wherever they run).
 * Each method does the whole vectors of its range and returns how many entries it did; the caller does the rest
 * with the scalar method. Loaded only when jdk.incubator.vector is present.
 */
final class VectorExpFunctions {
    private VectorExpFunctions() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** Worth it only with real vector registers (AVX2 and up): emulated lanes are slower than the scalar loop. */
    static boolean usable() { return S.vectorBitSize() >= 256; }

    /** e^y - 1 per lane, as {@link ExpFunctions#expm1}. */
    private static DoubleVector expm1(DoubleVector y) {
        DoubleVector x = y.max(-LIMIT).min(LIMIT);
        DoubleVector s = x.mul(LOG2E).add(SHIFT), k = s.sub(SHIFT);
        DoubleVector r = x.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
        DoubleVector q = r.mul(C13).add(C12).mul(r).add(C11).mul(r).add(C10).mul(r).add(C9).mul(r).add(C8).mul(r).add(C7).mul(r)
                .add(C6).mul(r).add(C5).mul(r).add(C4).mul(r).add(C3).mul(r).add(C2);
        DoubleVector p = r.add(r.mul(r).mul(q));
        DoubleVector u = s.reinterpretAsLongs().add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
        return u.mul(p).sub(u.neg().add(1.0));
    }

    static int tanh(double[] z, int from, double[] out, int to, int n) {
        int body = n - n % S.length();
        for (int i = 0; i < body; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, z, from + i);
            DoubleVector t = expm1(x.abs().min(TANH_LIMIT).mul(-2.0));
            DoubleVector m = t.neg().div(t.add(2.0)).abs();
            m.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles().intoArray(out, to + i); // copySign
        }
        return body;
    }

    static int sigmoid(double[] z, int from, double[] out, int to, int n) {
        int body = n - n % S.length();
        for (int i = 0; i < body; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, z, from + i);
            DoubleVector.broadcast(S, 1.0).div(expm1(x.neg()).add(2.0)).intoArray(out, to + i);
        }
        return body;
    }

    static int elu(double[] z, int from, double[] out, int to, int n, double scale, double alpha) {
        int body = n - n % S.length();
        double scaleAlpha = scale * alpha;
        for (int i = 0; i < body; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, z, from + i);
            VectorMask<Double> positive = x.compare(VectorOperators.GT, 0.0);
            expm1(x).mul(scaleAlpha).blend(x.mul(scale), positive).intoArray(out, to + i);
        }
        return body;
    }
}

package org.initlab.nn;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ExpFunctions}: accuracy against StrictMath (fdlibm, within 1 ulp of the true value), the identities the
 * functions must keep exactly, and the SIMD loops against the scalar methods bit for bit.
 */
class ExpFunctionsTest {

    /** Draws on several scales, so that every branch of the range reduction (k = 0, +-1, large) is covered. */
    private static double[] draws(int n, long seed) {
        Random rng = new Random(seed);
        double[] scales = {1e-6, 0.01, 0.3, 1, 3, 30, 300};
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextGaussian() * scales[i % scales.length];
        return x;
    }

    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, 1e-300, -1e-300, 0.34657359027997264, -0.34657359027997264, 19.1, -19.1, 20, -20, 21, -21, 707.9, -707.9,
            708, -708, 709.8, -709.8, 745.2, -745.2, 1e308, -1e308};

    /** Largest distance in ulps of f from the reference over the draws (both finite there). */
    private static long maxUlps(DoubleUnaryOperator f, DoubleUnaryOperator reference, double[] x) {
        long worst = 0;
        for (double v : x) {
            double got = f.applyAsDouble(v), want = reference.applyAsDouble(v);
            assertTrue(Double.isFinite(got), "finite at " + v);
            long ulps = Math.abs(Double.doubleToLongBits(got) - Double.doubleToLongBits(want));
            if (Math.signum(got) != Math.signum(want)) ulps = Long.MAX_VALUE;
            worst = Math.max(worst, ulps);
        }
        return worst;
    }

    @Test
    void expm1IsWithinTwoUlpsOfFdlibm() {
        double[] x = draws(1_000_000, 1);
        for (int i = 0; i < x.length; i++) x[i] = Math.max(-708, Math.min(708, x[i]));
        assertTrue(maxUlps(ExpFunctions::expm1, StrictMath::expm1, x) <= 2);
    }

    @Test
    void tanhIsWithinFourUlpsOfFdlibm() {
        assertTrue(maxUlps(ExpFunctions::tanh, StrictMath::tanh, draws(1_000_000, 2)) <= 4);
    }

    @Test
    void sigmoidIsWithinFourUlpsOfItsDefinition() {
        DoubleUnaryOperator reference = x -> x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
        double[] x = draws(1_000_000, 3);
        for (int i = 0; i < x.length; i++) x[i] = Math.max(-700, x[i]); // beyond, the true value is subnormal and only its order is kept
        assertTrue(maxUlps(ExpFunctions::sigmoid, reference, x) <= 4);
    }

    @Test
    void exactIdentitiesAndLimits() {
        for (double v : draws(100_000, 4)) {
            assertEquals(Double.doubleToLongBits(-ExpFunctions.tanh(v)), Double.doubleToLongBits(ExpFunctions.tanh(-v)), "tanh is odd at " + v);
            assertTrue(Math.abs(ExpFunctions.tanh(v)) <= 1 && ExpFunctions.sigmoid(v) >= 0 && ExpFunctions.sigmoid(v) <= 1, "range at " + v);
            assertTrue(ExpFunctions.expm1(v) >= -1, "e^x - 1 >= -1 at " + v);
        }
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(ExpFunctions.tanh(0.0)));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(ExpFunctions.tanh(-0.0)));
        assertEquals(0.0, ExpFunctions.expm1(0.0));
        assertEquals(0.5, ExpFunctions.sigmoid(0.0));
        assertEquals(1.0, ExpFunctions.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, ExpFunctions.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, ExpFunctions.sigmoid(Double.POSITIVE_INFINITY));
        assertTrue(ExpFunctions.sigmoid(Double.NEGATIVE_INFINITY) < 1e-300);
        assertEquals(-1.0, ExpFunctions.expm1(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(ExpFunctions.tanh(Double.NaN)) && Double.isNaN(ExpFunctions.sigmoid(Double.NaN)) && Double.isNaN(ExpFunctions.expm1(Double.NaN)));
        // Monotone across the seams of the range reduction (k changes at odd multiples of ln 2 / 2) and near the clamp.
        for (double c : new double[]{0.34657359027997264, 1.0397207708399179, 19.1, 20}) {
            double lo = c - 1e-9, prev = ExpFunctions.tanh(lo);
            for (int i = 1; i <= 2000; i++) {
                double t = ExpFunctions.tanh(lo + i * 1e-12);
                assertTrue(t >= prev, "tanh monotone near " + c);
                prev = t;
            }
        }
    }

    @Test
    void simdLoopsGiveTheScalarBits() {
        assertTrue(VectorExpFunctions.usable() == ExpFunctions.vectorized() || !Simd.ON, "the switch follows the machine");
        double[] d = draws(10_007, 5);
        double[] z = new double[d.length + SPECIAL.length + 3];
        System.arraycopy(SPECIAL, 0, z, 3, SPECIAL.length);
        System.arraycopy(d, 0, z, 3 + SPECIAL.length, d.length);
        for (int rep = 0; rep < 200; rep++) { // long enough for C2 to compile the vector loops, so compiled code is compared too
            int from = 3, n = z.length - 3 - rep % 9;
            double[] tanh = new double[n + 1], sigmoid = new double[n + 1], selu = new double[n + 1], elu = new double[n + 1];
            ExpFunctions.tanh(z, from, tanh, 1, n);
            ExpFunctions.sigmoid(z, from, sigmoid, 1, n);
            ExpFunctions.elu(z, from, selu, 1, n, Activation.Selu.LAMBDA, Activation.Selu.ALPHA);
            ExpFunctions.elu(z, from, elu, 1, n, 1, 0.7);
            if (rep % 50 != 49) continue;
            for (int i = 0; i < n; i++) {
                double v = z[from + i];
                same(ExpFunctions.tanh(v), tanh[1 + i], "tanh", v);
                same(ExpFunctions.sigmoid(v), sigmoid[1 + i], "sigmoid", v);
                same(Activation.SELU.apply(v), selu[1 + i], "selu", v);
                same(Activation.elu(0.7).apply(v), elu[1 + i], "elu", v);
            }
        }
    }

    private static void same(double want, double got, String f, double at) {
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), f + "(" + at + "): " + want + " vs " + got);
    }
}

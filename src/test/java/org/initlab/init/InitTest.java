package org.initlab.init;

import static org.initlab.init.Init.Distribution.NORMAL;
import static org.initlab.init.Init.Distribution.TRUNCATED_NORMAL;
import static org.initlab.init.Init.Distribution.UNIFORM;
import static org.initlab.init.Init.Mode.FAN_AVG;
import static org.initlab.init.Init.Mode.FAN_IN;
import static org.initlab.init.Init.Mode.FAN_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.initlab.init.Init.Distribution;
import org.initlab.init.Init.Mode;
import org.initlab.nn.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;
import smile.math.random.MersenneTwister64;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * Statistical and exact checks of every initializer. Statistical checks fill a 400 x 300 matrix
 * (120,000 draws) with a fixed seed and require the sample mean and variance to be within
 * Z standard errors of the formula, so a formula off by any sizable factor fails.
 */
class InitTest {

    /** Shape of the statistical checks: OUT units x IN inputs, so fan_out = 400, fan_in = 300. */
    static final int OUT = 400, IN = 300, N = OUT * IN;
    static final long SEED = 42;
    /** Allowed deviation in standard errors; the seed is fixed, so this is not flaky. */
    static final double Z = 4;
    /** E[z^4] of N(0, 1) truncated to [-2, 2]: 3 m2 - 16 phi(2) / erf(sqrt 2). */
    static final double TRUNC_M4 = 1.4161891248494627;

    // ---- helpers ----

    static DenseMatrix filled(Initializer init, int fanOut, int fanIn, long seed, ScalarType type) {
        DenseMatrix w = DenseMatrix.zeros(type, fanOut, fanIn);
        init.fill(w, fanIn, fanOut, new MersenneTwister64(seed));
        return w;
    }

    static DenseMatrix filled(Initializer init) {
        return filled(init, OUT, IN, SEED, ScalarType.Float64);
    }

    record Stats(long n, double mean, double var, double min, double max) {
        double maxAbs() { return Math.max(-min, max); }
    }

    static Stats stats(DenseMatrix w) {
        long n = (long) w.nrow() * w.ncol();
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < w.nrow(); i++) {
            for (int j = 0; j < w.ncol(); j++) {
                double x = w.get(i, j);
                sum += x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        double mean = sum / n, ss = 0;
        for (int i = 0; i < w.nrow(); i++) {
            for (int j = 0; j < w.ncol(); j++) ss += (w.get(i, j) - mean) * (w.get(i, j) - mean);
        }
        return new Stats(n, mean, ss / (n - 1), min, max);
    }

    /**
     * Sample mean within Z * sqrt(var/n) of {@code mean}; sample variance within
     * Z * sqrt((mu4 - var^2) / n) of {@code var}, the large-sample standard error of s^2
     * (mu4 = central 4th moment: 3 var^2 for a normal, l^4/5 for U(-l, l)).
     */
    static void assertMoments(Stats s, double mean, double var, double mu4) {
        double seMean = Math.sqrt(var / s.n());
        double seVar = Math.sqrt((mu4 - var * var) / s.n());
        assertEquals(mean, s.mean(), Z * seMean, "sample mean");
        assertEquals(var, s.var(), Z * seVar, "sample variance");
    }

    static void assertNormalMoments(Stats s, double mean, double var) {
        assertMoments(s, mean, var, 3 * var * var);
    }

    /** Moments of U(-l, l) and the support: inside [-l, l] and reaching it (n draws miss it by ~2l/n). */
    static void assertSymmetricUniform(Stats s, double limit) {
        assertMoments(s, 0, limit * limit / 3, Math.pow(limit, 4) / 5);
        assertTrue(s.maxAbs() <= limit, "max |w| " + s.maxAbs() + " beyond bound " + limit);
        assertTrue(s.min() < -limit * (1 - 1e-3) && s.max() > limit * (1 - 1e-3),
                "range [" + s.min() + ", " + s.max() + "] does not reach the bound " + limit);
    }

    /** Moments of N(0, sd^2) cut at +-2 sd, whose variance is sd^2 * 0.7737... */
    static void assertTruncated(Stats s, double mean, double sd) {
        double v = Initializer.TRUNC_VARIANCE;
        assertMoments(s, mean, sd * sd * v, Math.pow(sd, 4) * TRUNC_M4);
        assertTrue(s.min() >= mean - 2 * sd && s.max() <= mean + 2 * sd, "draw outside mean +- 2 std");
        assertTrue(s.min() < mean - 1.99 * sd && s.max() > mean + 1.99 * sd, "cut is narrower than 2 std");
    }

    /** max over entries of |A - c I| for square A. */
    static double distanceToScaledIdentity(DenseMatrix a, double c) {
        double worst = 0;
        for (int i = 0; i < a.nrow(); i++) {
            for (int j = 0; j < a.ncol(); j++) worst = Math.max(worst, Math.abs(a.get(i, j) - (i == j ? c : 0)));
        }
        return worst;
    }

    static void assertMessage(String message, Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    // ---- constants ----

    @Test
    void zerosAreExactlyZero() {
        var init = Init.zeros();
        DenseMatrix w = filled(Init.constant(7), 3, 4, SEED, ScalarType.Float64); // start non-zero
        init.fill(w, 4, 3, new MersenneTwister64(SEED));
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) assertEquals(0.0, w.get(i, j));
        assertEquals(0.0, init.variance(4, 3));
        assertEquals("zeros", init.name());
        assertEquals("0", init.describe());
    }

    @Test
    void constantIsExact() {
        var init = Init.constant(0.5);
        DenseMatrix w = filled(init, 3, 4, SEED, ScalarType.Float64);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) assertEquals(0.5, w.get(i, j));
        assertEquals(0.0, init.variance(4, 3));
        assertEquals("constant(0.5)", init.name());
        assertEquals("0.5", init.describe());
    }

    // ---- fixed distributions ----

    @Test
    void normalMatchesMeanAndStd() {
        assertNormalMoments(stats(filled(Init.normal(0.01))), 0, 1e-4);
        assertNormalMoments(stats(filled(Init.normal(1, 2))), 1, 4);
        assertEquals(4.0, Init.normal(1, 2).variance(IN, OUT));
    }

    @Test
    void uniformMatchesBoundsAndVariance() {
        var init = Init.uniform(-0.3, 0.5);
        Stats s = stats(filled(init));
        double half = 0.4;
        assertMoments(s, 0.1, half * half / 3, Math.pow(half, 4) / 5);
        assertTrue(s.min() >= -0.3 && s.max() < 0.5);
        assertTrue(s.min() < -0.299 && s.max() > 0.499);
        assertEquals(0.8 * 0.8 / 12, init.variance(IN, OUT), 1e-15);
    }

    @Test
    void truncatedNormalIsCutAtTwoStdAndReportsItsTrueVariance() {
        var init = Init.truncatedNormal(0.5, 0.1);
        Stats s = stats(filled(init));
        assertTruncated(s, 0.5, 0.1);
        assertEquals(0.01 * 0.7737413035499232, init.variance(IN, OUT), 1e-15);
        // The uncorrected std^2 would be 29% too large, far outside the sampling error.
        assertTrue(Math.abs(s.var() - 0.01) > 20 * Math.sqrt(2.0 / N) * 0.01);
    }

    // ---- variance scaling ----

    @Test
    void xavierNormalHasVarianceTwoOverFanSum() {
        double var = 2.0 / (IN + OUT);
        assertEquals(var, Init.xavierNormal().variance(IN, OUT), 1e-15);
        assertNormalMoments(stats(filled(Init.xavierNormal())), 0, var);
        double g = 5.0 / 3;
        assertNormalMoments(stats(filled(Init.xavierNormal(g))), 0, g * g * var);
    }

    @Test
    void xavierUniformHasBoundSqrtSixOverFanSum() {
        double limit = Math.sqrt(6.0 / (IN + OUT));
        assertSymmetricUniform(stats(filled(Init.xavierUniform())), limit);
        assertEquals(limit * limit / 3, Init.xavierUniform().variance(IN, OUT), 1e-15);
        assertSymmetricUniform(stats(filled(Init.xavierUniform(Math.sqrt(2)))), Math.sqrt(2) * limit);
    }

    @Test
    void heNormalHasVarianceTwoOverFan() {
        assertNormalMoments(stats(filled(Init.heNormal())), 0, 2.0 / IN);
        assertNormalMoments(stats(filled(Init.heNormal(FAN_OUT, 0))), 0, 2.0 / OUT);
        double a = 0.2;
        assertNormalMoments(stats(filled(Init.heNormal(FAN_IN, a))), 0, 2 / ((1 + a * a) * IN));
    }

    @Test
    void heUniformHasBoundSqrtSixOverFan() {
        assertSymmetricUniform(stats(filled(Init.heUniform())), Math.sqrt(6.0 / IN));
        assertSymmetricUniform(stats(filled(Init.heUniform(FAN_OUT, 0.1))), Math.sqrt(6 / (1.01 * OUT)));
    }

    @Test
    void lecunHasVarianceOneOverFanIn() {
        assertNormalMoments(stats(filled(Init.lecunNormal())), 0, 1.0 / IN);
        assertSymmetricUniform(stats(filled(Init.lecunUniform())), Math.sqrt(3.0 / IN));
        assertEquals(1.0 / IN, Init.lecunUniform().variance(IN, OUT), 1e-15);
    }

    @Test
    void fanModesGiveDifferentVariancesOnNonSquareShapes() {
        double in = Init.heNormal(FAN_IN, 0).variance(IN, OUT);
        double out = Init.heNormal(FAN_OUT, 0).variance(IN, OUT);
        assertEquals(2.0 / 300, in, 1e-15);
        assertEquals(2.0 / 400, out, 1e-15);
        double vIn = stats(filled(Init.heNormal(FAN_IN, 0))).var();
        double vOut = stats(filled(Init.heNormal(FAN_OUT, 0))).var();
        double se = Math.sqrt(2.0 / N) * in;
        assertTrue(vIn - vOut > 10 * se, "fan_in and fan_out samples are indistinguishable");
        assertEquals(2.0 / 350, Init.varianceScaling(2, FAN_AVG, NORMAL).variance(IN, OUT), 1e-15);
    }

    static Stream<Arguments> varianceScalingCases() {
        return Stream.of(Mode.values()).flatMap(m -> Stream.of(Distribution.values()).map(d -> Arguments.of(m, d)));
    }

    @ParameterizedTest
    @MethodSource("varianceScalingCases")
    void varianceScalingMatchesKeras(Mode mode, Distribution dist) {
        double scale = 2.5;
        double n = switch (mode) {
            case FAN_IN -> IN;
            case FAN_OUT -> OUT;
            case FAN_AVG -> (IN + OUT) / 2.0;
        };
        var init = Init.varianceScaling(scale, mode, dist);
        assertEquals(scale / n, init.variance(IN, OUT), 1e-15);
        Stats s = stats(filled(init));
        switch (dist) {
            case NORMAL -> assertNormalMoments(s, 0, scale / n);
            case UNIFORM -> assertSymmetricUniform(s, Math.sqrt(3 * scale / n));
            case TRUNCATED_NORMAL -> assertTruncated(s, 0, Math.sqrt(scale / n) / Initializer.TRUNC_STD);
        }
    }

    @Test
    void namedSchemesAreTheirVarianceScalingSpecialCases() {
        assertEquals(Init.varianceScaling(2, FAN_IN, NORMAL), Init.heNormal().asVarianceScaling());
        assertEquals(Init.varianceScaling(1, FAN_AVG, UNIFORM), Init.xavierUniform().asVarianceScaling());
        assertEquals(Init.varianceScaling(1, FAN_IN, NORMAL), Init.lecunNormal().asVarianceScaling());
        // Same scheme, same seed: same matrix.
        assertSameMatrix(filled(Init.heUniform()), filled(Init.varianceScaling(2, FAN_IN, UNIFORM)));
    }

    /** The checks above must reject a uniform bound off by sqrt(3) (a variance off by 3) either way. */
    @Test
    void uniformCheckCatchesABoundOffBySqrtThree() {
        double limit = Math.sqrt(6.0 / IN);
        Stats tooWide = stats(filled(Init.uniform(-Math.sqrt(3) * limit, Math.sqrt(3) * limit)));
        Stats tooNarrow = stats(filled(Init.uniform(-limit / Math.sqrt(3), limit / Math.sqrt(3))));
        assertThrows(AssertionFailedError.class, () -> assertSymmetricUniform(tooWide, limit));
        assertThrows(AssertionFailedError.class, () -> assertSymmetricUniform(tooNarrow, limit));
        // Even the moments alone (without the support check) catch it.
        assertThrows(AssertionFailedError.class, () -> assertMoments(tooNarrow, 0, limit * limit / 3, Math.pow(limit, 4) / 5));
    }

    // ---- orthogonal, identity, LSUV ----

    @Test
    void orthogonalHasOrthonormalRowsOrColumnsTimesGain() {
        for (double gain : new double[] {1, Math.sqrt(2)}) {
            for (int[] shape : new int[][] {{50, 50}, {30, 80}, {80, 30}}) {
                int fanOut = shape[0], fanIn = shape[1];
                DenseMatrix w = filled(Init.orthogonal(gain), fanOut, fanIn, SEED, ScalarType.Float64);
                // Wide (and square): W W^T = g^2 I; tall: W^T W = g^2 I.
                DenseMatrix gram = fanOut <= fanIn ? w.mt(w) : w.tm(w);
                assertEquals(0, distanceToScaledIdentity(gram, gain * gain), 1e-10,
                        "gain " + gain + ", shape " + fanOut + " x " + fanIn);
            }
        }
    }

    @Test
    void orthogonalEntryVarianceIsGainSquaredOverLargerFan() {
        double gain = Math.sqrt(2);
        var init = Init.orthogonal(gain);
        double var = gain * gain / OUT;
        assertEquals(var, init.variance(IN, OUT), 1e-15);
        assertEquals(var, init.variance(OUT, IN), 1e-15);
        Stats s = stats(filled(init));
        assertEquals(0, s.mean(), Z * Math.sqrt(var / N));
        assertEquals(var, s.var(), 1e-3 * var); // the sum of squares is fixed: g^2 * min(fan_in, fan_out)
    }

    /**
     * Without the sign fix, LAPACK's Householder QR makes Q[0][0] = -|g00| / ||g0|| always negative.
     * A Haar-distributed Q has a symmetric Q[0][0].
     */
    @Test
    void orthogonalIsSignFixedSoEntriesAreSymmetric() {
        int draws = 400, positive = 0;
        var rng = new MersenneTwister64(SEED);
        for (int k = 0; k < draws; k++) {
            DenseMatrix w = DenseMatrix.zeros(ScalarType.Float64, 3, 3);
            Init.orthogonal().fill(w, 3, 3, rng);
            if (w.get(0, 0) > 0) positive++;
        }
        assertEquals(0.5, positive / (double) draws, Z * Math.sqrt(0.25 / draws));
    }

    @Test
    void identityPutsGainOnTheDiagonal() {
        for (int[] shape : new int[][] {{4, 4}, {3, 5}, {5, 3}}) {
            int fanOut = shape[0], fanIn = shape[1];
            DenseMatrix w = filled(Init.identity(2), fanOut, fanIn, SEED, ScalarType.Float64);
            double sum = 0, sumSq = 0;
            for (int i = 0; i < fanOut; i++) {
                for (int j = 0; j < fanIn; j++) {
                    assertEquals(i == j ? 2.0 : 0.0, w.get(i, j));
                    sum += w.get(i, j);
                    sumSq += w.get(i, j) * w.get(i, j);
                }
            }
            int n = fanOut * fanIn;
            double populationVariance = sumSq / n - (sum / n) * (sum / n);
            assertEquals(populationVariance, Init.identity(2).variance(fanIn, fanOut), 1e-14);
        }
        assertEquals("identity", Init.identity().name());
        assertEquals("I", Init.identity().describe());
    }

    @Test
    void lsuvExposesItsParametersAndStartsOrthonormal() {
        var lsuv = Init.lsuv();
        assertEquals(0.1, lsuv.tolerance());
        assertEquals(10, lsuv.maxIterations());
        assertTrue(Double.isNaN(lsuv.variance(IN, OUT)));
        DenseMatrix w = filled(lsuv, 30, 80, SEED, ScalarType.Float64);
        assertEquals(0, distanceToScaledIdentity(w.mt(w), 1), 1e-10);
        assertSameMatrix(w, filled(Init.orthogonal(), 30, 80, SEED, ScalarType.Float64));
        assertEquals("lsuv", lsuv.name());
        assertEquals("LSUV(tol=0.1, max_iter=10)", lsuv.describe());
    }

    // ---- gains ----

    @Test
    void gainsMatchPyTorchCalculateGain() {
        assertEquals(1.0, Init.gain(Activation.IDENTITY));
        assertEquals(1.0, Init.gain(Activation.SIGMOID));
        assertEquals(5.0 / 3, Init.gain(Activation.TANH));
        assertEquals(Math.sqrt(2), Init.gain(Activation.RELU));
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.gain(Activation.LEAKY_RELU));
        assertEquals(Math.sqrt(2 / 1.04), Init.gain(Activation.leakyRelu(0.2)));
        assertEquals(0.75, Init.gain(Activation.SELU));
        assertMessage("no standard gain for elu; pass one explicitly", () -> Init.gain(Activation.ELU));
        assertMessage("no standard gain for gelu; pass one explicitly", () -> Init.gain(Activation.GELU));
    }

    // ---- names and formulas ----

    @Test
    void namesAndDescriptions() {
        assertEquals("he_normal", Init.heNormal().name());
        assertEquals("N(0, 2/fan_in)", Init.heNormal().describe());
        assertEquals("he_uniform(fan_out, a=0.2)", Init.heUniform(FAN_OUT, 0.2).name());
        assertEquals("U(-sqrt(6/fan_in), +sqrt(6/fan_in))", Init.heUniform().describe());
        assertEquals("xavier_uniform", Init.xavierUniform().name());
        assertEquals("U(-sqrt(6/(fan_in+fan_out)), +sqrt(6/(fan_in+fan_out)))", Init.xavierUniform().describe());
        assertEquals("N(0, 2/(fan_in+fan_out))", Init.xavierNormal().describe());
        assertEquals("xavier_normal(gain=1.67)", Init.xavierNormal(5.0 / 3).name());
        assertEquals("lecun_uniform", Init.lecunUniform().name());
        assertEquals("U(-sqrt(3/fan_in), +sqrt(3/fan_in))", Init.lecunUniform().describe());
        assertEquals("N(0, 0.01^2)", Init.normal(0.01).describe());
        assertEquals("N(0.1, 1e-12^2)", Init.normal(0.1, 1e-12).describe(), "a tiny std in powers of ten, not twelve zeros");
        assertEquals("N(0, 2.5e-5^2)", Init.normal(0, 2.5e-5).describe());
        assertEquals("N(0, 0.0001^2)", Init.normal(0, 1e-4).describe());
        assertEquals("constant(-3.14e7)", Init.constant(-31_415_926).name());
        assertEquals("U(-0.05, 0.05)", Init.uniform(-0.05, 0.05).describe());
        assertEquals("TN(0, 1/fan_out)", Init.varianceScaling(1, FAN_OUT, TRUNCATED_NORMAL).describe());
        assertEquals("variance_scaling(1, fan_out, truncated_normal)", Init.varianceScaling(1, FAN_OUT, TRUNCATED_NORMAL).name());
        assertEquals("orthogonal(gain=1.41)", Init.orthogonal(Math.sqrt(2)).describe());
        assertEquals("orthogonal", Init.orthogonal().name());
    }

    // ---- determinism, dtypes, biases ----

    static List<Initializer> all() {
        return List.of(Init.zeros(), Init.constant(0.5), Init.normal(0.01), Init.uniform(-1, 1),
                Init.truncatedNormal(0, 1), Init.xavierNormal(), Init.xavierUniform(), Init.heNormal(),
                Init.heUniform(), Init.lecunNormal(), Init.lecunUniform(),
                Init.varianceScaling(1, FAN_AVG, TRUNCATED_NORMAL), Init.orthogonal(), Init.identity(), Init.lsuv());
    }

    static void assertSameMatrix(DenseMatrix a, DenseMatrix b) {
        assertEquals(a.nrow(), b.nrow());
        assertEquals(a.ncol(), b.ncol());
        for (int i = 0; i < a.nrow(); i++) {
            for (int j = 0; j < a.ncol(); j++) {
                assertEquals(Double.doubleToRawLongBits(a.get(i, j)), Double.doubleToRawLongBits(b.get(i, j)),
                        "entry " + i + "," + j);
            }
        }
    }

    static boolean differs(DenseMatrix a, DenseMatrix b) {
        for (int i = 0; i < a.nrow(); i++) {
            for (int j = 0; j < a.ncol(); j++) if (a.get(i, j) != b.get(i, j)) return true;
        }
        return false;
    }

    @Test
    void sameSeedGivesBitIdenticalMatrices() {
        for (Initializer init : all()) {
            DenseMatrix a = filled(init, 40, 30, 7, ScalarType.Float64);
            assertSameMatrix(a, filled(init, 40, 30, 7, ScalarType.Float64));
            boolean random = !(init instanceof Initializer.Constant || init instanceof Initializer.Identity);
            if (random) assertTrue(differs(a, filled(init, 40, 30, 8, ScalarType.Float64)), init.name());
        }
    }

    @Test
    void float32MatricesFillCorrectly() {
        DenseMatrix w32 = filled(Init.heNormal(), OUT, IN, SEED, ScalarType.Float32);
        DenseMatrix w64 = filled(Init.heNormal(), OUT, IN, SEED, ScalarType.Float64);
        for (int i = 0; i < OUT; i++) {
            for (int j = 0; j < IN; j++) assertEquals((float) w64.get(i, j), (float) w32.get(i, j));
        }
        assertNormalMoments(stats(w32), 0, 2.0 / IN);
        DenseMatrix q = filled(Init.orthogonal(), 30, 80, SEED, ScalarType.Float32);
        assertEquals(0, distanceToScaledIdentity(q.mt(q), 1), 1e-5);
    }

    @Test
    void biasVectorIsFilledWithItsLayersFans() {
        var init = Init.heNormal();
        DenseMatrix bias = filled(Init.zeros(), OUT, 1, SEED, ScalarType.Float64);
        init.fill(bias, IN, OUT, new MersenneTwister64(SEED));
        Stats s = stats(bias);
        assertEquals(2.0 / IN, s.var(), 0.25 * 2.0 / IN); // 400 draws: SE of s^2 is 7%
    }

    // ---- bad input ----

    @Test
    void badParametersAreRejectedWithClearMessages() {
        assertMessage("std must be non-negative, got -1.0", () -> Init.normal(-1));
        assertMessage("std must be non-negative, got -1.0", () -> Init.truncatedNormal(0, -1));
        assertMessage("std must be finite, got Infinity", () -> Init.normal(0, Double.POSITIVE_INFINITY));
        assertMessage("mean must be finite, got NaN", () -> Init.normal(Double.NaN, 1));
        assertMessage("mean must be finite, got NaN", () -> Init.truncatedNormal(Double.NaN, 1));
        assertMessage("constant must be finite, got NaN", () -> Init.constant(Double.NaN));
        assertMessage("uniform bounds need a < b, got a=1.0, b=0.0", () -> Init.uniform(1, 0));
        assertMessage("uniform bounds need a < b, got a=0.5, b=0.5", () -> Init.uniform(0.5, 0.5));
        assertMessage("uniform bound b must be finite, got Infinity", () -> Init.uniform(0, Double.POSITIVE_INFINITY));
        assertMessage("gain must be positive, got 0.0", () -> Init.orthogonal(0));
        assertMessage("gain must be positive, got -1.0", () -> Init.xavierNormal(-1));
        assertMessage("gain must be positive, got 0.0", () -> Init.identity(0));
        assertMessage("gain must be finite, got NaN", () -> Init.xavierUniform(Double.NaN));
        assertMessage("scale must be positive, got -1.0", () -> Init.varianceScaling(-1, FAN_IN, NORMAL));
        assertMessage("scale must be positive, got 0.0", () -> Init.varianceScaling(0, FAN_IN, UNIFORM));
        assertMessage("leaky ReLU slope must be in [0, 1), got 1.5", () -> Init.heNormal(FAN_IN, 1.5));
        assertMessage("leaky ReLU slope must be in [0, 1), got -0.1", () -> Init.heUniform(FAN_IN, -0.1));
        assertMessage("tolerance must be positive, got 0.0", () -> Init.lsuv(0, 10));
        assertMessage("maxIterations must be positive, got 0", () -> Init.lsuv(0.1, 0));
    }

    @Test
    void badFansAndShapesAreRejected() {
        DenseMatrix w = DenseMatrix.zeros(ScalarType.Float64, 3, 2);
        var rng = new MersenneTwister64(SEED);
        assertMessage("fan_in must be positive, got 0", () -> Init.heNormal().fill(w, 0, 3, rng));
        assertMessage("fan_out must be positive, got -3", () -> Init.normal(1).fill(w, 2, -3, rng));
        assertMessage("fan_in must be positive, got 0", () -> Init.heNormal().variance(0, 3));
        assertMessage("fan_in must be positive, got 0", () -> Init.zeros().fill(w, 0, 3, rng));
        assertMessage("orthogonal init needs a fan_out x fan_in = 3 x 4 matrix, got 3 x 2",
                () -> Init.orthogonal().fill(w, 4, 3, rng));
        assertMessage("identity init needs a fan_out x fan_in = 2 x 3 matrix, got 3 x 2",
                () -> Init.identity().fill(w, 3, 2, rng));
    }
}

package org.initlab.init;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.initlab.init.Init.Distribution;
import org.initlab.init.Init.Mode;
import smile.math.random.RandomNumberGenerator;
import smile.tensor.DenseMatrix;

/**
 * A weight-initialization scheme: fills a fanOut x fanIn weight matrix (or a fanOut x 1 bias
 * with its layer's fans) from a random number generator.
 *
 * <p>A sealed family of records, one per scheme family, so schemes are plain values that print,
 * compare and switch exhaustively. Build them with the factories in {@link Init}. Every fill visits
 * the entries row by row, so a given seed always gives the same matrix.
 */
public sealed interface Initializer extends java.io.Serializable {

    /**
     * Fills {@code w} in place. The fans are passed explicitly so that a bias vector can be
     * filled with the fans of its layer; only {@link Orthogonal}, {@link Identity} and
     * {@link Lsuv} need {@code w} to be exactly fanOut x fanIn.
     *
     * @throws IllegalArgumentException if a fan is not positive or the shape does not fit
     */
    void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng);

    /** A short formula for tables, e.g. {@code N(0, 2/fan_in)}. */
    String describe();

    /** A short identifier, e.g. {@code he_normal}, {@code constant(0.5)}. */
    String name();

    /**
     * The theoretical variance of the entries of a filled fanOut x fanIn matrix: the variance of
     * the sampling distribution for random schemes, 0 for constants, and NaN where it depends on
     * data (LSUV).
     */
    double variance(int fanIn, int fanOut);

    /**
     * Standard deviation of N(0, 1) truncated to [-2, 2]: sqrt(1 - 4 phi(2) / erf(sqrt 2)).
     * The same constant Keras uses to correct its truncated-normal std.
     */
    double TRUNC_STD = 0.87962566103423978;

    /** Variance of N(0, 1) truncated to [-2, 2], that is TRUNC_STD^2 = 0.7737413... */
    double TRUNC_VARIANCE = TRUNC_STD * TRUNC_STD;

    /** w = c everywhere; {@code Init.zeros()} is c = 0. */
    record Constant(double value) implements Initializer {
        public Constant {
            requireFinite("constant", value);
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) {
            checkFans(fanIn, fanOut);
            forEach(w, () -> value);
        }
        public String describe() { return fmt(value); }
        public String name() { return value == 0 ? "zeros" : "constant(" + fmt(value) + ")"; }
        public double variance(int fanIn, int fanOut) { checkFans(fanIn, fanOut); return 0; }
    }

    /** w ~ N(mean, std^2), independent of the fans. */
    record Normal(double mean, double std) implements Initializer {
        public Normal {
            requireFinite("mean", mean);
            requireNonNegative("std", std);
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) {
            checkFans(fanIn, fanOut);
            forEach(w, () -> mean + std * rng.nextGaussian());
        }
        public String describe() { return "N(" + fmt(mean) + ", " + fmt(std) + "^2)"; }
        public String name() { return "normal(" + fmt(mean) + ", " + fmt(std) + ")"; }
        public double variance(int fanIn, int fanOut) { checkFans(fanIn, fanOut); return std * std; }
    }

    /** w ~ U(a, b); variance (b - a)^2 / 12. */
    record Uniform(double a, double b) implements Initializer {
        public Uniform {
            requireFinite("uniform bound a", a);
            requireFinite("uniform bound b", b);
            if (!(a < b)) throw new IllegalArgumentException("uniform bounds need a < b, got a=" + a + ", b=" + b);
            if (!Double.isFinite(b - a))
                throw new IllegalArgumentException("uniform bounds a=" + a + ", b=" + b + " are too far apart: b - a overflows to infinity, and so would the weights");
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) {
            checkFans(fanIn, fanOut);
            forEach(w, () -> a + (b - a) * rng.nextDouble());
        }
        public String describe() { return "U(" + fmt(a) + ", " + fmt(b) + ")"; }
        public String name() { return "uniform(" + fmt(a) + ", " + fmt(b) + ")"; }
        public double variance(int fanIn, int fanOut) { checkFans(fanIn, fanOut); return (b - a) * (b - a) / 12; }
    }

    /**
     * N(mean, std^2) cut at mean +- 2 std by redrawing, as TensorFlow's truncated_normal. Cutting
     * the tails shrinks the variance to std^2 * 0.7737413..., which is what {@link #variance}
     * returns: {@code std} is the parameter of the untruncated normal, not the result's spread.
     */
    record TruncatedNormal(double mean, double std) implements Initializer {
        public TruncatedNormal {
            requireFinite("mean", mean);
            requireNonNegative("std", std);
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) {
            checkFans(fanIn, fanOut);
            forEach(w, () -> mean + std * truncatedGaussian(rng));
        }
        public String describe() { return "N(" + fmt(mean) + ", " + fmt(std) + "^2) cut at +-2 std"; }
        public String name() { return "truncated_normal(" + fmt(mean) + ", " + fmt(std) + ")"; }
        public double variance(int fanIn, int fanOut) { checkFans(fanIn, fanOut); return std * std * TRUNC_VARIANCE; }
    }

    /**
     * Keras' VarianceScaling: Var(w) = scale / n, with n = fan_in, fan_out or (fan_in + fan_out) / 2.
     * NORMAL draws N(0, scale/n); UNIFORM draws U(-sqrt(3 scale/n), +sqrt(3 scale/n)) since
     * Var U(-l, l) = l^2/3; TRUNCATED_NORMAL draws a normal cut at 2 std whose std is
     * sqrt(scale/n) / 0.8796... so that the variance after cutting is exactly scale/n.
     * Xavier, He and LeCun are special cases.
     */
    record VarianceScaling(double scale, Mode mode, Distribution distribution) implements Initializer {
        public VarianceScaling {
            requirePositive("scale", scale);
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(distribution, "distribution");
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) {
            double sd = Math.sqrt(variance(fanIn, fanOut));
            switch (distribution) {
                case NORMAL -> forEach(w, () -> sd * rng.nextGaussian());
                case TRUNCATED_NORMAL -> {
                    double raw = sd / TRUNC_STD;
                    forEach(w, () -> raw * truncatedGaussian(rng));
                }
                case UNIFORM -> {
                    double limit = Math.sqrt(3) * sd;
                    forEach(w, () -> limit * (2 * rng.nextDouble() - 1));
                }
            }
        }
        public double variance(int fanIn, int fanOut) {
            checkFans(fanIn, fanOut);
            double n = switch (mode) {
                case FAN_IN -> fanIn;
                case FAN_OUT -> fanOut;
                case FAN_AVG -> (fanIn + (double) fanOut) / 2;
            };
            return scale / n;
        }
        public String describe() {
            // Write Var = num/den with the fan average spelled out, e.g. 2/(fan_in+fan_out).
            double num = mode == Mode.FAN_AVG ? 2 * scale : scale;
            String den = switch (mode) {
                case FAN_IN -> "fan_in";
                case FAN_OUT -> "fan_out";
                case FAN_AVG -> "(fan_in+fan_out)";
            };
            return switch (distribution) {
                case NORMAL -> "N(0, " + fmt(num) + "/" + den + ")";
                case TRUNCATED_NORMAL -> "TN(0, " + fmt(num) + "/" + den + ")";
                case UNIFORM -> {
                    String limit = "sqrt(" + fmt(3 * num) + "/" + den + ")";
                    yield "U(-" + limit + ", +" + limit + ")";
                }
            };
        }
        public String name() {
            return "variance_scaling(" + fmt(scale) + ", " + mode.label() + ", " + distribution.label() + ")";
        }
    }

    /**
     * Glorot &amp; Bengio 2010, eq. 12 and 16: Var(w) = gain^2 * 2 / (fan_in + fan_out), a compromise
     * between keeping forward (fan_in) and backward (fan_out) variances; uniform bound
     * gain * sqrt(6 / (fan_in + fan_out)).
     */
    record Xavier(double gain, Distribution distribution) implements Initializer {
        public Xavier {
            requirePositive("gain", gain);
            Objects.requireNonNull(distribution, "distribution");
        }
        /** The same scheme in VarianceScaling terms: scale gain^2 over the fan average. */
        public VarianceScaling asVarianceScaling() { return new VarianceScaling(gain * gain, Mode.FAN_AVG, distribution); }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) { asVarianceScaling().fill(w, fanIn, fanOut, rng); }
        public double variance(int fanIn, int fanOut) { return asVarianceScaling().variance(fanIn, fanOut); }
        public String describe() { return asVarianceScaling().describe(); }
        public String name() { return "xavier_" + distribution.label() + (gain == 1 ? "" : "(gain=" + fmt(gain) + ")"); }
    }

    /**
     * He et al. 2015, eq. 10 (forward, n = fan_in), eq. 14 (backward, n = fan_out) and eq. 15
     * (leaky/PReLU slope a): Var(w) = 2 / ((1 + a^2) n); uniform bound sqrt(6 / ((1 + a^2) n)).
     */
    record He(Mode mode, double leakySlope, Distribution distribution) implements Initializer {
        public He {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(distribution, "distribution");
            // Same range as Activation.LeakyRelu: a slope >= 1 is no longer a rectifier.
            if (!(leakySlope >= 0 && leakySlope < 1))
                throw new IllegalArgumentException("leaky ReLU slope must be in [0, 1), got " + leakySlope);
        }
        /** The same scheme in VarianceScaling terms: scale 2 / (1 + a^2). */
        public VarianceScaling asVarianceScaling() {
            return new VarianceScaling(2 / (1 + leakySlope * leakySlope), mode, distribution);
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) { asVarianceScaling().fill(w, fanIn, fanOut, rng); }
        public double variance(int fanIn, int fanOut) { return asVarianceScaling().variance(fanIn, fanOut); }
        public String describe() { return asVarianceScaling().describe(); }
        public String name() {
            // Only the non-default parameters: he_normal, he_normal(fan_out), he_uniform(fan_out, a=0.2).
            var args = new ArrayList<String>();
            if (mode != Mode.FAN_IN) args.add(mode.label());
            if (leakySlope != 0) args.add("a=" + fmt(leakySlope));
            return "he_" + distribution.label() + (args.isEmpty() ? "" : "(" + String.join(", ", args) + ")");
        }
    }

    /** LeCun et al. 1998, "Efficient BackProp", sec. 4.6: Var(w) = 1 / fan_in; uniform bound sqrt(3 / fan_in). */
    record LeCun(Distribution distribution) implements Initializer {
        public LeCun {
            Objects.requireNonNull(distribution, "distribution");
        }
        /** The same scheme in VarianceScaling terms: scale 1 over fan_in. */
        public VarianceScaling asVarianceScaling() { return new VarianceScaling(1, Mode.FAN_IN, distribution); }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) { asVarianceScaling().fill(w, fanIn, fanOut, rng); }
        public double variance(int fanIn, int fanOut) { return asVarianceScaling().variance(fanIn, fanOut); }
        public String describe() { return asVarianceScaling().describe(); }
        public String name() { return "lecun_" + distribution.label(); }
    }

    /**
     * Saxe et al. 2013: gain times a Haar-random matrix with orthonormal rows (fanOut &lt;= fanIn)
     * or columns (fanOut &gt; fanIn). Drawn as the Q of a QR of a Gaussian matrix with the signs
     * fixed by Q diag(sign(diag R)) (Mezzadri 2007), without which Q is not uniformly distributed.
     * Each entry then has variance gain^2 / max(fan_in, fan_out).
     */
    record Orthogonal(double gain) implements Initializer {
        public Orthogonal {
            requirePositive("gain", gain);
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) {
            checkFans(fanIn, fanOut);
            checkShape("orthogonal", w, fanIn, fanOut);
            fillOrthogonal(w, gain, rng);
        }
        public double variance(int fanIn, int fanOut) {
            checkFans(fanIn, fanOut);
            return gain * gain / Math.max(fanIn, fanOut);
        }
        public String describe() { return "orthogonal(gain=" + fmt(gain) + ")"; }
        public String name() { return gain == 1 ? "orthogonal" : "orthogonal(gain=" + fmt(gain) + ")"; }
    }

    /**
     * gain * I: gain on the diagonal w[i][i], 0 elsewhere, also for rectangular shapes
     * (as PyTorch's eye_). Deterministic; {@link #variance} is the spread of its entries,
     * gain^2 p (1 - p) with p = min(fan_in, fan_out) / (fan_in fan_out) the share of diagonal entries.
     */
    record Identity(double gain) implements Initializer {
        public Identity {
            requirePositive("gain", gain);
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) {
            checkFans(fanIn, fanOut);
            checkShape("identity", w, fanIn, fanOut);
            for (int i = 0; i < fanOut; i++) {
                for (int j = 0; j < fanIn; j++) w.set(i, j, i == j ? gain : 0);
            }
        }
        public double variance(int fanIn, int fanOut) {
            checkFans(fanIn, fanOut);
            double p = Math.min(fanIn, fanOut) / ((double) fanIn * fanOut);
            return gain * gain * p * (1 - p);
        }
        public String describe() { return gain == 1 ? "I" : fmt(gain) + "*I"; }
        public String name() { return gain == 1 ? "identity" : "identity(gain=" + fmt(gain) + ")"; }
    }

    /**
     * Mishkin &amp; Matas 2015, "All you need is a good init", Algorithm 1 (LSUV): start orthonormal,
     * then, layer by layer on a data batch, divide w by the std of the layer's output until it is
     * within {@code tolerance} of 1 or {@code maxIterations} passes are done. {@link #fill} draws only
     * the orthonormal start (gain 1); the data-dependent loop lives with the network code.
     */
    record Lsuv(double tolerance, int maxIterations) implements Initializer {
        public Lsuv {
            requirePositive("tolerance", tolerance);
            if (maxIterations <= 0) throw new IllegalArgumentException("maxIterations must be positive, got " + maxIterations);
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) {
            checkFans(fanIn, fanOut);
            checkShape("lsuv", w, fanIn, fanOut);
            fillOrthogonal(w, 1, rng);
        }
        public double variance(int fanIn, int fanOut) { checkFans(fanIn, fanOut); return Double.NaN; }
        public String describe() { return "LSUV(tol=" + fmt(tolerance) + ", max_iter=" + maxIterations + ")"; }
        public String name() { return "lsuv"; }
    }

    /** How a {@link Custom} initializer draws one weight: from the layer's fans and its seeded generator. */
    @FunctionalInterface
    interface Sampler {
        double draw(int fanIn, int fanOut, RandomNumberGenerator rng);
    }

    /**
     * A user's own scheme, from a lambda that draws one weight ({@code Init.custom}): the way to try a formula of
     * your own (the course's assignments derive He and Xavier this way). Entries are drawn row by row like every
     * other scheme's, so a seed gives the same matrix; a draw that is not a finite number is an error naming the
     * entry. The library knows no formula for it, so {@link #variance} is NaN: measure it.
     */
    record Custom(String name, Sampler sampler) implements Initializer {
        public Custom {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a custom initializer needs a name");
            if (sampler == null) throw new IllegalArgumentException("custom initializer '" + name + "' needs a sampler, got null");
        }
        public void fill(DenseMatrix w, int fanIn, int fanOut, RandomNumberGenerator rng) {
            checkFans(fanIn, fanOut);
            Objects.requireNonNull(w, "w");
            for (int i = 0; i < w.nrow(); i++) {
                for (int j = 0; j < w.ncol(); j++) {
                    double v = sampler.draw(fanIn, fanOut, rng);
                    if (!Double.isFinite(v))
                        throw new IllegalArgumentException("custom initializer '" + name + "' drew " + v + " for weight (" + i + ", " + j + ") of a "
                                + fanIn + " -> " + fanOut + " layer: every weight must be a finite number");
                    w.set(i, j, v);
                }
            }
        }
        public double variance(int fanIn, int fanOut) { checkFans(fanIn, fanOut); return Double.NaN; }
        public String describe() { return name + " (custom)"; }
    }

    /**
     * The weights this scheme gives a fanIn -&gt; fanOut layer from {@code seed}, as [unit][input]: a matrix to measure
     * (its sample mean and variance against the formula) without building a network.
     */
    default double[][] draw(int fanIn, int fanOut, long seed) {
        DenseMatrix w = DenseMatrix.zeros(smile.tensor.ScalarType.Float64, fanOut, fanIn);
        fill(w, fanIn, fanOut, new smile.math.random.MersenneTwister64(seed));
        return org.initlab.nn.Matrices.toArray(w);
    }

    // ---- shared helpers ----

    /** Sets every entry, row by row, so the order of draws (and thus the result) is fixed. */
    private static void forEach(DenseMatrix w, DoubleSupplier next) {
        Objects.requireNonNull(w, "w");
        for (int i = 0; i < w.nrow(); i++) {
            for (int j = 0; j < w.ncol(); j++) w.set(i, j, next.getAsDouble());
        }
    }

    /** N(0, 1) restricted to [-2, 2] by redrawing, as TensorFlow's truncated_normal. */
    private static double truncatedGaussian(RandomNumberGenerator rng) {
        double z;
        do {
            z = rng.nextGaussian();
        } while (Math.abs(z) > 2);
        return z;
    }

    /**
     * gain * Q for a Haar-random Q of w's shape: orthonormal columns if tall, rows if wide. Q is the Q of
     * a QR of a Gaussian matrix with R's diagonal made positive (Mezzadri 2007), computed here by
     * Gram-Schmidt with a second pass ("twice is enough"), whose R has a positive diagonal by construction.
     * In plain Java, not LAPACK: OpenBLAS's QR gave other last bits from one call to the next on some kernels
     * (Prescott: the same matrix, two results, depending on where the JVM put the array), and so would
     * another core count or kernel; this loop gives the same bits everywhere.
     */
    private static void fillOrthogonal(DenseMatrix w, double gain, RandomNumberGenerator rng) {
        int m = w.nrow(), n = w.ncol();
        boolean wide = m < n;
        // Orthonormalize the columns of a tall Gaussian matrix; for a wide w, build its transpose and flip back on copy-out.
        int rows = wide ? n : m, cols = wide ? m : n;
        double[][] q = new double[cols][rows]; // q[j] is column j
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) q[j][i] = rng.nextGaussian(); // row by row, as every other fill draws
        for (int j = 0; j < cols; j++) {
            double[] v = q[j];
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double[] u = q[k];
                    double dot = 0;
                    for (int i = 0; i < rows; i++) dot += u[i] * v[i];
                    for (int i = 0; i < rows; i++) v[i] -= dot * u[i];
                }
            }
            double norm = 0;
            for (int i = 0; i < rows; i++) norm += v[i] * v[i];
            norm = Math.sqrt(norm); // > 0 with probability 1: a Gaussian column is never in the span of the others
            for (int i = 0; i < rows; i++) v[i] /= norm;
        }
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) {
                if (wide) w.set(j, i, gain * q[j][i]);
                else w.set(i, j, gain * q[j][i]);
            }
    }

    private static void checkFans(int fanIn, int fanOut) {
        if (fanIn <= 0) throw new IllegalArgumentException("fan_in must be positive, got " + fanIn);
        if (fanOut <= 0) throw new IllegalArgumentException("fan_out must be positive, got " + fanOut);
    }

    /** For schemes built from w's shape, the fans must be that shape, or variance() would lie. */
    private static void checkShape(String scheme, DenseMatrix w, int fanIn, int fanOut) {
        Objects.requireNonNull(w, "w");
        if (w.nrow() != fanOut || w.ncol() != fanIn) {
            throw new IllegalArgumentException(scheme + " init needs a fan_out x fan_in = " + fanOut + " x " + fanIn
                    + " matrix, got " + w.nrow() + " x " + w.ncol());
        }
    }

    private static void requireFinite(String what, double x) {
        if (!Double.isFinite(x)) throw new IllegalArgumentException(what + " must be finite, got " + x);
    }

    private static void requireNonNegative(String what, double x) {
        requireFinite(what, x);
        if (x < 0) throw new IllegalArgumentException(what + " must be non-negative, got " + x);
    }

    private static void requirePositive(String what, double x) {
        requireFinite(what, x);
        if (x <= 0) throw new IllegalArgumentException(what + " must be positive, got " + x);
    }

    /** At most 3 significant digits, no trailing zeros: 0.5, 1.41, 0.01, 2, 100. */
    /** Three significant digits; "1e-12" rather than twelve zeros when the number is very small or very large. */
    private static String fmt(double x) {
        if (x == 0) return "0"; // also -0.0
        BigDecimal r = new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros();
        double a = Math.abs(x);
        if (a >= 1e-4 && a < 1e6) return r.toPlainString();
        int exponent = r.precision() - r.scale() - 1;
        return r.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
    }
}

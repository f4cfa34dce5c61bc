package org.initlab.init;

import java.util.Locale;
import org.initlab.nn.Activation;

/**
 * Factories for the standard {@link Initializer}s, named as in PyTorch and Keras, and the
 * standard per-activation gains. A weight matrix is fanOut x fanIn; "fan_in" is the number of
 * inputs of a unit, "fan_out" the number of units of the layer.
 */
public final class Init {

    private Init() {}

    /** Which fan the variance is divided by (Keras' {@code mode}). */
    public enum Mode {
        /** Preserves the variance of activations in the forward pass. */
        FAN_IN,
        /** Preserves the variance of gradients in the backward pass. */
        FAN_OUT,
        /** (fan_in + fan_out) / 2: Glorot &amp; Bengio's compromise between the two. */
        FAN_AVG;

        /** fan_in, fan_out or fan_avg. */
        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /** Shape of the distribution of a variance-scaling scheme (Keras' {@code distribution}). */
    public enum Distribution {
        NORMAL,
        /** Normal cut at +-2 std by redrawing, rescaled so its variance is still the target. */
        TRUNCATED_NORMAL,
        /** Symmetric uniform U(-l, l) with l = sqrt(3 Var), since Var U(-l, l) = l^2 / 3. */
        UNIFORM;

        /** normal, truncated_normal or uniform. */
        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    // ---- fixed distributions ----

    /** w = 0. Every unit of a layer then computes the same thing, so symmetry is never broken. */
    public static Initializer.Constant zeros() { return new Initializer.Constant(0); }

    /** w = c. */
    public static Initializer.Constant constant(double c) { return new Initializer.Constant(c); }

    /** w ~ N(mean, std^2). */
    public static Initializer.Normal normal(double mean, double std) { return new Initializer.Normal(mean, std); }

    /** w ~ N(0, std^2), e.g. the "small random numbers" N(0, 0.01^2) of early practice. */
    public static Initializer.Normal normal(double std) { return new Initializer.Normal(0, std); }

    /**
     * A scheme of your own: {@code Init.custom("my_he", (fanIn, fanOut, rng) -> Math.sqrt(2.0 / fanIn) * rng.nextGaussian())}
     * draws each weight from the lambda (row by row, from the layer's seeded generator).
     */
    public static Initializer.Custom custom(String name, Initializer.Sampler sampler) { return new Initializer.Custom(name, sampler); }

    /** w ~ U(a, b), Var = (b - a)^2 / 12. */
    public static Initializer.Uniform uniform(double a, double b) { return new Initializer.Uniform(a, b); }

    /**
     * N(mean, std^2) with draws beyond mean +- 2 std redrawn (TensorFlow's truncated_normal, Keras'
     * TruncatedNormal). The true variance is std^2 * 0.7737413..., which {@code variance()} returns.
     */
    public static Initializer.TruncatedNormal truncatedNormal(double mean, double std) {
        return new Initializer.TruncatedNormal(mean, std);
    }

    // ---- variance scaling: Glorot, He, LeCun and the general form ----

    /** Glorot &amp; Bengio 2010, eq. 12: w ~ N(0, 2 / (fan_in + fan_out)). Keras' glorot_normal truncates; this (like PyTorch) does not. */
    public static Initializer.Xavier xavierNormal() { return xavierNormal(1); }

    /** Glorot &amp; Bengio 2010, eq. 12, with PyTorch's gain: w ~ N(0, gain^2 * 2 / (fan_in + fan_out)). */
    public static Initializer.Xavier xavierNormal(double gain) { return new Initializer.Xavier(gain, Distribution.NORMAL); }

    /** Glorot &amp; Bengio 2010, eq. 16: w ~ U(-sqrt(6 / (fan_in + fan_out)), +sqrt(6 / (fan_in + fan_out))). */
    public static Initializer.Xavier xavierUniform() { return xavierUniform(1); }

    /** Glorot &amp; Bengio 2010, eq. 16, with PyTorch's gain: bound gain * sqrt(6 / (fan_in + fan_out)). */
    public static Initializer.Xavier xavierUniform(double gain) { return new Initializer.Xavier(gain, Distribution.UNIFORM); }

    /** He et al. 2015, eq. 10 (ReLU, forward): w ~ N(0, 2 / fan_in). */
    public static Initializer.He heNormal() { return heNormal(Mode.FAN_IN, 0); }

    /**
     * He et al. 2015, eq. 10 (FAN_IN, forward) or eq. 14 (FAN_OUT, backward), for a leaky ReLU /
     * PReLU with negative slope a (eq. 15): w ~ N(0, 2 / ((1 + a^2) fan)).
     */
    public static Initializer.He heNormal(Mode mode, double leakySlope) {
        return new Initializer.He(mode, leakySlope, Distribution.NORMAL);
    }

    /** He et al. 2015, eq. 10, uniform form: w ~ U(-sqrt(6 / fan_in), +sqrt(6 / fan_in)). */
    public static Initializer.He heUniform() { return heUniform(Mode.FAN_IN, 0); }

    /** He et al. 2015, eq. 10 / 14 / 15, uniform form: bound sqrt(6 / ((1 + a^2) fan)). */
    public static Initializer.He heUniform(Mode mode, double leakySlope) {
        return new Initializer.He(mode, leakySlope, Distribution.UNIFORM);
    }

    /**
     * LeCun et al. 1998, "Efficient BackProp", sec. 4.6: w ~ N(0, 1 / fan_in). Also the init that
     * SELU's self-normalization assumes (Klambauer et al. 2017, sec. "Initialization").
     */
    public static Initializer.LeCun lecunNormal() { return new Initializer.LeCun(Distribution.NORMAL); }

    /** LeCun et al. 1998, sec. 4.6, uniform form: w ~ U(-sqrt(3 / fan_in), +sqrt(3 / fan_in)). */
    public static Initializer.LeCun lecunUniform() { return new Initializer.LeCun(Distribution.UNIFORM); }

    /**
     * Keras' VarianceScaling: Var(w) = scale / n, n = fan_in, fan_out or (fan_in + fan_out) / 2.
     * NORMAL: N(0, scale/n). TRUNCATED_NORMAL: std sqrt(scale/n) / 0.87962566103423978, cut at 2 std,
     * so the variance after cutting is exactly scale/n. UNIFORM: U(-sqrt(3 scale/n), +sqrt(3 scale/n)).
     * For example PyTorch's default nn.Linear init (kaiming_uniform_ with a = sqrt(5)) is
     * {@code varianceScaling(1.0 / 3, FAN_IN, UNIFORM)}, a bound of 1/sqrt(fan_in).
     */
    public static Initializer.VarianceScaling varianceScaling(double scale, Mode mode, Distribution distribution) {
        return new Initializer.VarianceScaling(scale, mode, distribution);
    }

    // ---- shape-based ----

    /** Saxe et al. 2013: a Haar-random matrix with orthonormal rows or columns (see {@link Initializer.Orthogonal}). */
    public static Initializer.Orthogonal orthogonal() { return orthogonal(1); }

    /** Saxe et al. 2013: gain times a Haar-random orthonormal matrix; entry variance gain^2 / max(fan_in, fan_out). */
    public static Initializer.Orthogonal orthogonal(double gain) { return new Initializer.Orthogonal(gain); }

    /** The identity: ones on the diagonal (also for rectangular shapes), zeros elsewhere. */
    public static Initializer.Identity identity() { return identity(1); }

    /** gain on the diagonal, zeros elsewhere (PyTorch's eye_ times gain). */
    public static Initializer.Identity identity(double gain) { return new Initializer.Identity(gain); }

    /** Mishkin &amp; Matas 2015, Algorithm 1, with tolerance 0.1 and at most 10 iterations (their defaults). */
    public static Initializer.Lsuv lsuv() { return lsuv(0.1, 10); }

    /**
     * Mishkin &amp; Matas 2015, Algorithm 1: an orthonormal start, later rescaled on data until each
     * layer's output variance is within {@code tolerance} of 1 (at most {@code maxIterations} passes).
     */
    public static Initializer.Lsuv lsuv(double tolerance, int maxIterations) { return new Initializer.Lsuv(tolerance, maxIterations); }

    // ---- gains ----

    /**
     * The standard gain for an activation, PyTorch's {@code torch.nn.init.calculate_gain}:
     * identity and sigmoid 1, tanh 5/3, ReLU sqrt(2), leaky ReLU sqrt(2 / (1 + slope^2)), SELU 3/4.
     * Multiply a unit-variance scheme's std by it (e.g. {@code xavierNormal(gain(TANH))}).
     *
     * <p>SELU's 3/4 is PyTorch's empirical choice for stable gradients; SELU's own self-normalizing
     * theory wants gain 1 with {@link #lecunNormal()}. ELU and GELU have no entry in PyTorch or
     * the papers, so rather than invent a number this throws.
     *
     * @throws IllegalArgumentException for ELU and GELU: pass a gain explicitly
     */
    public static double gain(Activation activation) {
        return switch (activation) {
            case Activation.Identity _, Activation.Sigmoid _ -> 1;
            case Activation.Tanh _ -> 5.0 / 3;
            case Activation.Relu _ -> Math.sqrt(2);
            case Activation.LeakyRelu(double slope) -> Math.sqrt(2 / (1 + slope * slope));
            case Activation.Selu _ -> 0.75;
            case Activation.Elu _, Activation.Gelu _ -> throw new IllegalArgumentException(
                    "no standard gain for " + activation.label() + "; pass one explicitly");
        };
    }
}

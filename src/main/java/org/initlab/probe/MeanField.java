package org.initlab.probe;

import java.util.function.DoubleUnaryOperator;

/**
 * Mean-field theory of a wide random tanh network, weights N(0, sw^2 / n) and biases N(0, sb^2) (Poole et al. 2016;
 * Schoenholz et al. 2017, eqs. 3-5): the length map q -> sw^2 E[tanh(sqrt(q) z)^2] + sb^2, its fixed point q*, the
 * correlation map of two inputs and its fixed point c*, and chi1 = sw^2 E[tanh'(sqrt(q*) z)^2], the slope of the
 * correlation map at c = 1. chi1 &lt; 1: ordered (every pair of inputs becomes one); chi1 &gt; 1: chaotic (they decorrelate
 * to c* &lt; 1); chi1 = 1: the edge of chaos, where correlations travel deepest. Gaussian expectations by the trapezoid
 * rule on [-10, 10].
 */
public record MeanField(double sw, double sb) {

    public MeanField {
        if (!(sw > 0) || !Double.isFinite(sw)) throw new IllegalArgumentException("the weights' scale sw must be positive and finite, got " + sw);
        if (!(sb >= 0) || !Double.isFinite(sb)) throw new IllegalArgumentException("the biases' scale sb must be >= 0 and finite, got " + sb);
    }

    private static final double RANGE = 10;

    /** E[f(z)], z ~ N(0, 1), on 801 points (the one-dimensional maps). */
    static double gauss(DoubleUnaryOperator f) { return gauss(f, 801); }

    /** The same on {@code points} points (the correlation map's double integral uses 201 x 201: its fixed point moves by &lt; 1e-4). */
    static double gauss(DoubleUnaryOperator f, int points) {
        double h = 2 * RANGE / (points - 1), s = 0;
        for (int i = 0; i < points; i++) {
            double z = -RANGE + i * h, w = (i == 0 || i == points - 1 ? 0.5 : 1) * h * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
            s += w * f.applyAsDouble(z);
        }
        return s;
    }

    /** One step of the length map from q. */
    public double nextLength(double q) { return sw * sw * gauss(z -> { double t = Math.tanh(Math.sqrt(q) * z); return t * t; }) + sb * sb; }

    /** The length map's fixed point, by iterating it 500 times from q = 1. */
    public double fixedLength() {
        double q = 1;
        for (int i = 0; i < 500; i++) q = nextLength(q);
        return q;
    }

    /** chi1 = sw^2 E[tanh'(sqrt(q*) z)^2]. */
    public double chi1() {
        double q = fixedLength();
        return sw * sw * gauss(z -> { double t = Math.tanh(Math.sqrt(q) * z), d = 1 - t * t; return d * d; });
    }

    /** One step of the correlation map at the fixed length q*: c -> (sw^2 E[tanh(u1) tanh(u2)] + sb^2) / q*. */
    public double nextCorrelation(double c) { return nextCorrelation(c, fixedLength()); }

    private double nextCorrelation(double c, double q) {
        double r = Math.sqrt(q), s = Math.sqrt(Math.max(0, 1 - c * c));
        double e = gauss(z1 -> { double t1 = Math.tanh(r * z1); return t1 * gauss(z2 -> Math.tanh(r * (c * z1 + s * z2)), 201); }, 201);
        return (sw * sw * e + sb * sb) / q;
    }

    /** The correlation map's fixed point reached from {@code c0} after {@code layers} steps. */
    public double correlationAfter(double c0, int layers) {
        double c = c0, q = fixedLength();
        for (int i = 0; i < layers && c < 1; i++) c = Math.min(1, nextCorrelation(c, q));
        return c;
    }

    /** The weights' scale where chi1 = 1 for biases of scale {@code sb}, by bisection on [0.5, 4]. */
    public static double edgeOfChaos(double sb) {
        double lo = 0.5, hi = 4;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (new MeanField(mid, sb).chi1() < 1) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }
}

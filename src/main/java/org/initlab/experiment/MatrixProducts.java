package org.initlab.experiment;

import smile.math.random.MersenneTwister64;

/**
 * Depth turns a small scale error into an exponential one: multiply a vector by L random n x n
 * matrices with entries N(0, s^2 / n); each product scales its norm by about s, so after L layers
 * the norm is about s^L (a linear network, no activation to hide behind).
 */
public final class MatrixProducts {
    private MatrixProducts() {}

    /** ||W_l ... W_1 x|| / ||x|| for l = 1..depth, with fresh seeded Gaussian matrices. */
    public static double[] normGrowth(int n, double scale, int depth, long seed) {
        if (n <= 0 || depth <= 0) throw new IllegalArgumentException("n and depth must be positive, got " + n + ", " + depth);
        if (!(scale > 0)) throw new IllegalArgumentException("scale must be positive, got " + scale);
        var rng = new MersenneTwister64(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextGaussian();
        double[] out = new double[depth];
        double sd = scale / Math.sqrt(n);
        double logScale = 0; // renormalize each step so nothing overflows even when s^L does
        for (int l = 0; l < depth; l++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += sd * rng.nextGaussian() * x[j];
                y[i] = s;
            }
            double ny = norm(y);
            logScale += Math.log(ny / norm(x));
            for (int i = 0; i < n; i++) y[i] /= ny;
            x = y;
            out[l] = Math.exp(logScale);
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) s += d * d;
        return Math.sqrt(s);
    }
}

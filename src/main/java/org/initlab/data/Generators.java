package org.initlab.data;

import smile.math.random.MersenneTwister64;

/**
 * Seeded toy data sets: small enough to train on in a second, hard enough (not linearly
 * separable) that a badly initialized network visibly fails to learn them.
 *
 * <p>Every draw comes from one {@link MersenneTwister64} seeded with {@code seed}, in a fixed
 * order, so the same arguments give bit-identical data. Classes are balanced (sizes differ by at
 * most one when n does not divide evenly) and rows are shuffled, so a prefix or a mini-batch holds
 * every class.
 */
public final class Generators {

    private Generators() {
    }

    /**
     * Two interleaving half circles, as scikit-learn's {@code make_moons}: class 0 is the upper
     * arc (cos t, sin t), class 1 the lower arc (1 - cos t, 0.5 - sin t), t evenly spaced over
     * [0, pi], plus Gaussian noise of standard deviation {@code noise} on each coordinate.
     */
    public static Dataset moons(int n, double noise, long seed) {
        checkN(n, 2, "moons");
        checkNonNegative(noise, "moons: noise");
        MersenneTwister64 rng = new MersenneTwister64(seed);
        int nOut = n / 2, nIn = n - nOut;
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < nOut; i++) {
            double t = linspace(0, Math.PI, nOut, i);
            x[i] = new double[] {Math.cos(t), Math.sin(t)};
        }
        for (int i = 0; i < nIn; i++) {
            double t = linspace(0, Math.PI, nIn, i);
            x[nOut + i] = new double[] {1 - Math.cos(t), 0.5 - Math.sin(t)};
            y[nOut + i] = 1;
        }
        addNoise(x, noise, rng);
        return shuffled("moons", x, y, 2, rng);
    }

    /**
     * Two concentric circles, as scikit-learn's {@code make_circles}: class 0 on the unit circle,
     * class 1 on the circle of radius {@code factor}, angles evenly spaced, plus Gaussian noise of
     * standard deviation {@code noise} on each coordinate.
     */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        checkN(n, 2, "circles");
        checkNonNegative(noise, "circles: noise");
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("circles: factor (inner radius / outer radius) must be"
                    + " strictly between 0 and 1, got " + factor);
        }
        MersenneTwister64 rng = new MersenneTwister64(seed);
        int nOut = n / 2, nIn = n - nOut;
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < nOut; i++) {
            double t = 2 * Math.PI * i / nOut;
            x[i] = new double[] {Math.cos(t), Math.sin(t)};
        }
        for (int i = 0; i < nIn; i++) {
            double t = 2 * Math.PI * i / nIn;
            x[nOut + i] = new double[] {factor * Math.cos(t), factor * Math.sin(t)};
            y[nOut + i] = 1;
        }
        addNoise(x, noise, rng);
        return shuffled("circles", x, y, 2, rng);
    }

    /**
     * The CS231n spiral: {@code classes} arms winding out from the origin. On arm c the radius
     * runs evenly from 0 to 1 while the angle runs from 4c to 4(c+1) radians; the noise (standard
     * deviation {@code noise}, in radians; CS231n uses 0.2) is added to the angle, so points stay
     * on their radius but smear along the arm.
     */
    public static Dataset spirals(int n, int classes, double noise, long seed) {
        if (classes < 2) {
            throw new IllegalArgumentException("spirals: need at least 2 classes, got " + classes);
        }
        checkN(n, classes, "spirals with " + classes + " classes");
        checkNonNegative(noise, "spirals: noise");
        MersenneTwister64 rng = new MersenneTwister64(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        int row = 0;
        for (int c = 0; c < classes; c++) {
            int m = n / classes + (c < n % classes ? 1 : 0);
            for (int i = 0; i < m; i++, row++) {
                double r = linspace(0, 1, m, i);
                double t = linspace(4 * c, 4 * (c + 1), m, i) + noise * rng.nextGaussian();
                x[row] = new double[] {r * Math.sin(t), r * Math.cos(t)};
                y[row] = c;
            }
        }
        return shuffled("spirals", x, y, classes, rng);
    }

    /**
     * XOR: four Gaussian clusters (standard deviation {@code noise}) centred at (+-1, +-1). A
     * cluster's label is 1 where its centre has sign(x0 * x1) > 0, i.e. (1, 1) and (-1, -1), and 0
     * at (1, -1) and (-1, 1). The label belongs to the cluster, so large noise makes clusters
     * overlap and the classes genuinely inseparable, as with {@link #blobs}.
     */
    public static Dataset xor(int n, double noise, long seed) {
        checkN(n, 4, "xor");
        checkNonNegative(noise, "xor: noise");
        MersenneTwister64 rng = new MersenneTwister64(seed);
        // Alternating labels in the cluster order keeps classes balanced for every n.
        double[][] centers = {{1, 1}, {1, -1}, {-1, -1}, {-1, 1}};
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] c = centers[i % 4];
            x[i] = new double[] {c[0], c[1]};
            y[i] = c[0] * c[1] > 0 ? 1 : 0;
        }
        addNoise(x, noise, rng);
        return shuffled("xor", x, y, 2, rng);
    }

    /**
     * Isotropic Gaussian clusters in {@code dim} dimensions, one class per cluster, as
     * scikit-learn's {@code make_blobs}: centres drawn uniformly from the box [-10, 10]^dim (from
     * the same seed), points scattered around them with standard deviation {@code std}.
     */
    public static Dataset blobs(int n, int centers, double std, int dim, long seed) {
        if (centers < 2) {
            throw new IllegalArgumentException("blobs: need at least 2 centers, got " + centers);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("blobs: dim must be at least 1, got " + dim);
        }
        checkN(n, centers, "blobs with " + centers + " centers");
        checkNonNegative(std, "blobs: std");
        MersenneTwister64 rng = new MersenneTwister64(seed);
        double[][] mu = new double[centers][dim];
        for (double[] c : mu) {
            for (int j = 0; j < dim; j++) {
                c[j] = -10 + 20 * rng.nextDouble();
            }
        }
        double[][] x = new double[n][dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % centers;
            for (int j = 0; j < dim; j++) {
                x[i][j] = mu[y[i]][j] + std * rng.nextGaussian();
            }
        }
        return shuffled("blobs", x, y, centers, rng);
    }

    /** The i-th of m evenly spaced points from a to b inclusive (numpy.linspace). */
    private static double linspace(double a, double b, int m, int i) {
        return m == 1 ? a : a + (b - a) * i / (m - 1);
    }

    private static void addNoise(double[][] x, double noise, MersenneTwister64 rng) {
        if (noise == 0) {
            return;
        }
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] += noise * rng.nextGaussian();
            }
        }
    }

    /** Generators lay classes out one after another; shuffle so they are mixed. */
    private static Dataset shuffled(String name, double[][] x, int[] y, int k, MersenneTwister64 rng) {
        int[] perm = Dataset.permutation(x.length, rng);
        double[][] sx = new double[x.length][];
        int[] sy = new int[y.length];
        for (int i = 0; i < perm.length; i++) {
            sx[i] = x[perm[i]];
            sy[i] = y[perm[i]];
        }
        return new Dataset(name, sx, sy, k, Dataset.defaultClassNames(k));
    }

    private static void checkN(int n, int min, String what) {
        if (n < min) {
            throw new IllegalArgumentException(what + ": n must be at least " + min + ", got " + n);
        }
    }

    private static void checkNonNegative(double v, String what) {
        if (!(v >= 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + v);
        }
    }
}

package org.initlab.nn;

import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.util.stream.IntStream;

/**
 * The elementwise loops of forward and backward, over the matrices' backing arrays (column-major, leading
 * dimension ld): plain indexed loops C2 can unroll and vectorize, where {@code DenseMatrix.get/set} cannot be.
 * One loop per activation (the switch is outside the loop), so the JIT compiles each into straight code
 * instead of a virtual call per element, and one pass does two things where it can: the bias add with the
 * activation, the activation's derivative with the bias gradient. Float32 loops round exactly where the
 * get/set loops they replace did, so every result keeps its bits. Large matrices are done in column blocks
 * on all cores: an elementwise loop (and a column's sum) gives the same bits however the columns are split.
 */
final class Kernels {
    private Kernels() {}

    /** Matrices smaller than this (entries) are done on the calling thread. */
    static final long PARALLEL_THRESHOLD = 1L << 15;

    /** Columns j0 (inclusive) to j1 (exclusive) of an elementwise loop. */
    private interface Columns { void run(int j0, int j1); }

    private static void inBlocks(DenseMatrix m, Columns loop) {
        int n = m.ncol();
        if ((long) m.nrow() * n < PARALLEL_THRESHOLD || n < Gemm.BLOCKS) loop.run(0, n);
        else IntStream.range(0, Gemm.BLOCKS).parallel().forEach(p -> loop.run(n * p / Gemm.BLOCKS, n * (p + 1) / Gemm.BLOCKS));
    }

    /** a = f(z). */
    static void activate(Activation f, DenseMatrix z, DenseMatrix a) { activate(f, null, z, a); }

    /**
     * z += b (one bias per column; none if {@code b} is null), then a = f(z), in one pass. Without a bias the
     * loop adds -0.0, the one number whose addition changes no double or float (0.0 would turn -0.0 into 0.0).
     */
    static void activate(Activation f, DenseMatrix b, DenseMatrix z, DenseMatrix a) {
        int m = z.nrow(), ld = sameLayout(z, a);
        if (z.scalarType() == ScalarType.Float64) {
            double[] zs = Matrices.doubles(z), as = Matrices.doubles(a), bs = b == null ? null : Matrices.doubles(b);
            inBlocks(z, (j0, j1) -> {
                for (int j = j0; j < j1; j++) {
                    double bj = bs == null ? -0.0 : bs[j];
                    int o = j * ld;
                    switch (f) {
                        case Activation.Identity id -> { for (int k = o; k < o + m; k++) { double v = zs[k] + bj; zs[k] = v; as[k] = v; } }
                        case Activation.Relu r -> { for (int k = o; k < o + m; k++) { double v = zs[k] + bj; zs[k] = v; as[k] = Math.max(v, 0.0); } }
                        case Activation.Tanh t -> { addBias(zs, o, m, bj); ExpFunctions.tanh(zs, o, as, o, m); }
                        case Activation.Sigmoid g -> { addBias(zs, o, m, bj); ExpFunctions.sigmoid(zs, o, as, o, m); }
                        case Activation.Selu e -> { addBias(zs, o, m, bj); ExpFunctions.elu(zs, o, as, o, m, Activation.Selu.LAMBDA, Activation.Selu.ALPHA); }
                        case Activation.Elu e -> { addBias(zs, o, m, bj); ExpFunctions.elu(zs, o, as, o, m, 1, e.alpha()); }
                        default -> { for (int k = o; k < o + m; k++) { double v = zs[k] + bj; zs[k] = v; as[k] = f.apply(v); } }
                    }
                }
            });
        } else {
            // A float sum or max rounded once equals the double one rounded to float (24 + 24 + 2 <= 53 bits).
            float[] zs = Matrices.floats(z), as = Matrices.floats(a), bs = b == null ? null : Matrices.floats(b);
            inBlocks(z, (j0, j1) -> {
                for (int j = j0; j < j1; j++) {
                    float bj = bs == null ? -0.0f : bs[j];
                    int o = j * ld;
                    switch (f) {
                        case Activation.Identity id -> { for (int k = o; k < o + m; k++) { float v = zs[k] + bj; zs[k] = v; as[k] = v; } }
                        case Activation.Relu r -> { for (int k = o; k < o + m; k++) { float v = zs[k] + bj; zs[k] = v; as[k] = Math.max(v, 0.0f); } }
                        default -> { for (int k = o; k < o + m; k++) { float v = zs[k] + bj; zs[k] = v; as[k] = (float) f.apply(v); } }
                    }
                }
            });
        }
    }

    /**
     * dZ = dA * f'(z) (times the dropout mask, if any), and db = the column sums of dZ, summed top to bottom
     * as stored. The activations a here are after dropout, so derivatives written in terms of a (tanh,
     * sigmoid, ELU, SELU) use a / keep, recovered exactly as f(z) instead: dividing would lose the dropped units.
     */
    static void backActivate(Activation f, DenseMatrix z, DenseMatrix a, DenseMatrix keep, DenseMatrix dA, DenseMatrix dZ, DenseMatrix db) {
        if (keep != null) { masked(f, z, keep, dA, dZ, db); return; }
        int m = z.nrow(), ld = sameLayout(z, a, dA, dZ);
        if (z.scalarType() == ScalarType.Float64) {
            double[] zs = Matrices.doubles(z), as = Matrices.doubles(a), g = Matrices.doubles(dA), d = Matrices.doubles(dZ), bs = Matrices.doubles(db);
            inBlocks(z, (j0, j1) -> {
                for (int j = j0; j < j1; j++) {
                    int o = j * ld;
                    double s = 0;
                    switch (f) {
                        case Activation.Identity id -> { for (int k = o; k < o + m; k++) { double v = g[k]; d[k] = v; s += v; } }
                        case Activation.Relu r -> { for (int k = o; k < o + m; k++) { double v = zs[k] > 0 ? g[k] : 0; d[k] = v; s += v; } }
                        case Activation.Tanh t -> { for (int k = o; k < o + m; k++) { double y = as[k], v = g[k] * (1 - y * y); d[k] = v; s += v; } }
                        default -> { for (int k = o; k < o + m; k++) { double v = g[k] * f.derivative(zs[k], as[k]); d[k] = v; s += v; } }
                    }
                    bs[j] = s;
                }
            });
        } else {
            // As the get/set loops did: each entry computed in double and stored as float; the sum in double over the stored floats.
            float[] zs = Matrices.floats(z), as = Matrices.floats(a), g = Matrices.floats(dA), d = Matrices.floats(dZ), bs = Matrices.floats(db);
            inBlocks(z, (j0, j1) -> {
                for (int j = j0; j < j1; j++) {
                    int o = j * ld;
                    double s = 0;
                    switch (f) {
                        case Activation.Identity id -> { for (int k = o; k < o + m; k++) { float v = g[k]; d[k] = v; s += v; } }
                        case Activation.Relu r -> { for (int k = o; k < o + m; k++) { float v = zs[k] > 0 ? g[k] : 0; d[k] = v; s += v; } }
                        case Activation.Tanh t -> { for (int k = o; k < o + m; k++) { double y = as[k]; float v = (float) (g[k] * (1 - y * y)); d[k] = v; s += v; } }
                        default -> { for (int k = o; k < o + m; k++) { float v = (float) (g[k] * f.derivative(zs[k], as[k])); d[k] = v; s += v; } }
                    }
                    bs[j] = (float) s;
                }
            });
        }
    }

    /** The dropout case (rare, and not worth its own typed loops): f'(z) from z, through get/set. */
    private static void masked(Activation f, DenseMatrix z, DenseMatrix keep, DenseMatrix dA, DenseMatrix dZ, DenseMatrix db) {
        int m = z.nrow();
        inBlocks(z, (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    double zi = z.get(i, j), k = keep.get(i, j);
                    double v = switch (f) {
                        case Activation.Identity id -> dA.get(i, j) * k;
                        case Activation.Relu r -> zi > 0 ? dA.get(i, j) * k : 0;
                        default -> dA.get(i, j) * f.derivative(zi, f.apply(zi)) * k;
                    };
                    dZ.set(i, j, v);
                    s += dZ.get(i, j);
                }
                db.set(j, 0, s);
            }
        });
    }

    /** z[o + i] += b for i < m: the bias add of the activations that have their own array loop. */
    private static void addBias(double[] z, int o, int m, double b) { for (int k = o; k < o + m; k++) z[k] += b; }

    /** The common leading dimension of matrices of one shape (Smile pads it the same way for the same rows). */
    private static int sameLayout(DenseMatrix first, DenseMatrix... rest) {
        for (DenseMatrix o : rest)
            if (o.ld() != first.ld() || o.nrow() != first.nrow() || o.ncol() != first.ncol() || o.scalarType() != first.scalarType())
                throw new IllegalArgumentException("elementwise operands differ: " + first.nrow() + "x" + first.ncol() + " " + first.scalarType()
                        + " (ld " + first.ld() + ") against " + o.nrow() + "x" + o.ncol() + " " + o.scalarType() + " (ld " + o.ld() + ")");
        return first.ld();
    }
}

package org.initlab.nn;

import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;


/**
 * The elementwise loops of forward and backward, over the matrices' backing arrays (column-major, leading
 * dimension ld): plain indexed loops C2 can unroll and vectorize, where {@code DenseMatrix.get/set} cannot be.
 * One loop per activation (the switch is outside the loop), so the JIT compiles each into straight code
 * instead of a virtual call per element; unpadded columns are done as one run, so a small layer's 32-row columns
 * do not pay a call each. Float32 loops round exactly where the get/set loops they replace did, so every result
 * keeps its bits. Large matrices are done in column blocks on all cores ({@link Blocks}): an elementwise loop (and a column's
 * sum) gives the same bits however the columns are split.
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
        else Blocks.run(Gemm.BLOCKS, p -> loop.run(n * p / Gemm.BLOCKS, n * (p + 1) / Gemm.BLOCKS));
    }

    /** Columns j0 to j1 of a loop over z's columns: all of them in blocks on all cores (if z is large), a product's block as it is. */
    private static void onColumns(DenseMatrix z, int j0, int j1, Columns loop) {
        if (j0 == 0 && j1 == z.ncol()) inBlocks(z, loop);
        else loop.run(j0, j1);
    }

    /** a = f(z). */
    static void activate(Activation f, DenseMatrix z, DenseMatrix a) { activate(f, null, z, a); }

    /**
     * z += b (one bias per column; none if {@code b} is null), then a = f(z): two loops over each block of columns,
     * each of which C2 vectorizes (one loop storing both z and a is not: a ReLU layer of 64 x 256 floats took 14.5 us
     * that way, 7.2 us as two loops).
     */
    static void activate(Activation f, DenseMatrix b, DenseMatrix z, DenseMatrix a) { activate(f, b, z, a, 0, z.ncol()); }

    /**
     * The same on columns j0 (inclusive) to j1 (exclusive) only: what a block of the forward product runs on its own
     * columns as soon as they are done ({@link Gemm#mm(smile.linalg.Transpose, DenseMatrix, smile.linalg.Transpose, DenseMatrix, DenseMatrix, Gemm.Then)}).
     * All the columns of a large matrix are done in blocks on all cores.
     */
    static void activate(Activation f, DenseMatrix b, DenseMatrix z, DenseMatrix a, int j0, int j1) {
        int m = z.nrow(), ld = sameLayout(z, a);
        Columns loop;
        if (z.scalarType() == ScalarType.Float64) {
            double[] zs = Matrices.doubles(z), as = Matrices.doubles(a), bs = b == null ? null : Matrices.doubles(b);
            loop = (c0, c1) -> {
                if (bs != null) for (int j = c0; j < c1; j++) addBias(zs, j * ld, m, bs[j]);
                Matrices.inRuns(m, ld, c0, c1, (from, n) -> apply(f, zs, as, from, n));
            };
        } else {
            // A float sum or max rounded once equals the double one rounded to float (24 + 24 + 2 <= 53 bits).
            float[] zs = Matrices.floats(z), as = Matrices.floats(a), bs = b == null ? null : Matrices.floats(b);
            loop = (c0, c1) -> {
                if (bs != null) for (int j = c0; j < c1; j++) addBias(zs, j * ld, m, bs[j]);
                Matrices.inRuns(m, ld, c0, c1, (from, n) -> apply(f, zs, as, from, n));
            };
        }
        onColumns(z, j0, j1, loop);
    }

    /**
     * dZ = dA * f'(z) (times the dropout mask, if any), and db = the column sums of dZ, summed top to bottom
     * as stored. The activations a here are after dropout, so derivatives written in terms of a (tanh,
     * sigmoid, ELU, SELU) use a / keep, recovered exactly as f(z) instead: dividing would lose the dropped units.
     */
    static void backActivate(Activation f, DenseMatrix z, DenseMatrix a, DenseMatrix keep, DenseMatrix dA, DenseMatrix dZ, DenseMatrix db) {
        if (keep != null) masked(f, z, keep, dA, dZ, db);
        else backActivate(f, z, a, dA, dZ, db, 0, z.ncol());
    }

    /**
     * The same without a dropout mask, on columns j0 (inclusive) to j1 (exclusive) only: what a block of the product
     * that makes dA runs on its own columns as soon as they are done. All the columns of a large matrix are done in
     * blocks on all cores.
     */
    static void backActivate(Activation f, DenseMatrix z, DenseMatrix a, DenseMatrix dA, DenseMatrix dZ, DenseMatrix db, int j0, int j1) {
        int m = z.nrow(), ld = sameLayout(z, a, dA, dZ);
        Columns loop;
        if (z.scalarType() == ScalarType.Float64) {
            double[] zs = Matrices.doubles(z), as = Matrices.doubles(a), g = Matrices.doubles(dA), d = Matrices.doubles(dZ), bs = Matrices.doubles(db);
            loop = (c0, c1) -> {
                Matrices.inRuns(m, ld, c0, c1, (from, n) -> derivative(f, zs, as, g, d, from, n));
                columnSums(d, ld, m, c0, c1, bs);
            };
        } else {
            // As the get/set loops did: each entry computed in double and stored as float; the sum in double over the stored floats.
            float[] zs = Matrices.floats(z), as = Matrices.floats(a), g = Matrices.floats(dA), d = Matrices.floats(dZ), bs = Matrices.floats(db);
            loop = (c0, c1) -> {
                Matrices.inRuns(m, ld, c0, c1, (from, n) -> derivative(f, zs, as, g, d, from, n));
                columnSums(d, ld, m, c0, c1, bs);
            };
        }
        onColumns(z, j0, j1, loop);
    }

    /** The same in Float32: ReLU and the identity in float (exact either way), the others in double, rounded once. */
    private static void apply(Activation f, float[] z, float[] a, int from, int n) {
        int to = from + n;
        switch (f) {
            case Activation.Identity id -> System.arraycopy(z, from, a, from, n);
            case Activation.Relu r -> { for (int k = from; k < to; k++) a[k] = Math.max(z[k], 0.0f); }
            default -> { for (int k = from; k < to; k++) a[k] = (float) f.apply(z[k]); }
        }
    }

    /** a[k] = f(z[k]) for k in [from, from + n): one typed loop per activation, the switch outside it. */
    private static void apply(Activation f, double[] z, double[] a, int from, int n) {
        int to = from + n;
        switch (f) {
            case Activation.Identity id -> System.arraycopy(z, from, a, from, n);
            case Activation.Relu r -> { for (int k = from; k < to; k++) a[k] = Math.max(z[k], 0.0); }
            case Activation.Tanh t -> ExpFunctions.tanh(z, from, a, from, n);
            case Activation.Sigmoid g -> ExpFunctions.sigmoid(z, from, a, from, n);
            case Activation.Selu e -> ExpFunctions.elu(z, from, a, from, n, Activation.Selu.LAMBDA, Activation.Selu.ALPHA);
            case Activation.Elu e -> ExpFunctions.elu(z, from, a, from, n, 1, e.alpha());
            default -> { for (int k = from; k < to; k++) a[k] = f.apply(z[k]); }
        }
    }

    /**
     * d[k] = g[k] f'(z[k]) for k in [from, from + n), each activation's derivative written out as
     * {@link Activation#derivative} computes it (the same operations, so the same bits), without a call per entry.
     */
    private static void derivative(Activation f, double[] z, double[] a, double[] g, double[] d, int from, int n) {
        int to = from + n;
        switch (f) {
            case Activation.Identity id -> System.arraycopy(g, from, d, from, n);
            case Activation.Relu r -> {
                int k = from + (VECTOR ? VectorKernels.reluDerivative(z, g, d, from, n) : 0);
                for (; k < to; k++) d[k] = z[k] > 0 ? g[k] : 0;
            }
            case Activation.Tanh t -> { for (int k = from; k < to; k++) { double y = a[k]; d[k] = g[k] * (1 - y * y); } }
            case Activation.Sigmoid s -> { for (int k = from; k < to; k++) { double y = a[k]; d[k] = g[k] * (y * (1 - y)); } }
            case Activation.Selu e -> eluDerivative(z, a, g, d, from, n, Activation.Selu.LAMBDA, Activation.Selu.LAMBDA * Activation.Selu.ALPHA);
            case Activation.Elu e -> eluDerivative(z, a, g, d, from, n, 1, e.alpha());
            default -> { for (int k = from; k < to; k++) d[k] = g[k] * f.derivative(z[k], a[k]); }
        }
    }

    /** d = g (z &gt; 0 ? positive : a + negative), ELU's and SELU's derivative written in terms of a; SIMD selects where available. */
    private static void eluDerivative(double[] z, double[] a, double[] g, double[] d, int from, int n, double positive, double negative) {
        int k = from + (VECTOR ? VectorKernels.eluDerivative(z, a, g, d, from, n, positive, negative) : 0);
        for (; k < from + n; k++) d[k] = g[k] * (z[k] > 0 ? positive : a[k] + negative);
    }

    /** Whether the derivatives that choose per entry run as SIMD selects ({@link VectorKernels}): the same bits either way. */
    static final boolean VECTOR = Simd.ON && VectorKernels.usable();

    /** The same in Float32: each entry computed in double and stored as float. */
    private static void derivative(Activation f, float[] z, float[] a, float[] g, float[] d, int from, int n) {
        int to = from + n;
        switch (f) {
            case Activation.Identity id -> System.arraycopy(g, from, d, from, n);
            case Activation.Relu r -> {
                int k = from + (VECTOR ? VectorKernels.reluDerivative(z, g, d, from, n) : 0);
                for (; k < to; k++) d[k] = z[k] > 0 ? g[k] : 0;
            }
            case Activation.Tanh t -> { for (int k = from; k < to; k++) { double y = a[k]; d[k] = (float) (g[k] * (1 - y * y)); } }
            default -> { for (int k = from; k < to; k++) d[k] = (float) (g[k] * f.derivative(z[k], a[k])); }
        }
    }

    /**
     * out[j] = the sum of column j of d, top to bottom, for j in [j0, j1). A sum is a chain of dependent adds, each
     * waiting for the last; four columns summed side by side are four independent chains the CPU runs at once,
     * each in the same order as alone, so each sum keeps its bits.
     */
    private static void columnSums(double[] d, int ld, int m, int j0, int j1, double[] out) {
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int o0 = j * ld, o1 = o0 + ld, o2 = o1 + ld, o3 = o2 + ld;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int i = 0; i < m; i++) { s0 += d[o0 + i]; s1 += d[o1 + i]; s2 += d[o2 + i]; s3 += d[o3 + i]; }
            out[j] = s0; out[j + 1] = s1; out[j + 2] = s2; out[j + 3] = s3;
        }
        for (; j < j1; j++) {
            double s = 0;
            for (int i = j * ld; i < j * ld + m; i++) s += d[i];
            out[j] = s;
        }
    }

    /** The same in Float32: summed in double over the stored floats, rounded once to float. */
    private static void columnSums(float[] d, int ld, int m, int j0, int j1, float[] out) {
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int o0 = j * ld, o1 = o0 + ld, o2 = o1 + ld, o3 = o2 + ld;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int i = 0; i < m; i++) { s0 += d[o0 + i]; s1 += d[o1 + i]; s2 += d[o2 + i]; s3 += d[o3 + i]; }
            out[j] = (float) s0; out[j + 1] = (float) s1; out[j + 2] = (float) s2; out[j + 3] = (float) s3;
        }
        for (; j < j1; j++) {
            double s = 0;
            for (int i = j * ld; i < j * ld + m; i++) s += d[i];
            out[j] = (float) s;
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

    private static void addBias(float[] z, int o, int m, float b) { for (int k = o; k < o + m; k++) z[k] += b; }

    /** The common leading dimension of matrices of one shape (Smile pads it the same way for the same rows). */
    private static int sameLayout(DenseMatrix first, DenseMatrix... rest) {
        for (DenseMatrix o : rest)
            if (o.ld() != first.ld() || o.nrow() != first.nrow() || o.ncol() != first.ncol() || o.scalarType() != first.scalarType())
                throw new IllegalArgumentException("elementwise operands differ: " + first.nrow() + "x" + first.ncol() + " " + first.scalarType()
                        + " (ld " + first.ld() + ") against " + o.nrow() + "x" + o.ncol() + " " + o.scalarType() + " (ld " + o.ld() + ")");
        return first.ld();
    }
}

package org.initlab.nn;

import smile.tensor.DenseMatrix;

import java.util.stream.IntStream;

/**
 * The elementwise loops of forward and backward. One loop per activation (the switch is outside
 * the loop), so the JIT compiles each into straight code instead of a virtual call per element.
 * Large matrices are done in column blocks on all cores: an elementwise loop gives the same bits
 * however it is split.
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
    static void activate(Activation f, DenseMatrix z, DenseMatrix a) {
        int m = z.nrow();
        inBlocks(z, (j0, j1) -> {
            switch (f) {
                case Activation.Identity id -> {
                    for (int j = j0; j < j1; j++) for (int i = 0; i < m; i++) a.set(i, j, z.get(i, j));
                }
                case Activation.Relu r -> {
                    for (int j = j0; j < j1; j++) for (int i = 0; i < m; i++) a.set(i, j, Math.max(z.get(i, j), 0.0));
                }
                case Activation.Tanh t -> {
                    for (int j = j0; j < j1; j++) for (int i = 0; i < m; i++) a.set(i, j, Math.tanh(z.get(i, j)));
                }
                default -> {
                    for (int j = j0; j < j1; j++) for (int i = 0; i < m; i++) a.set(i, j, f.apply(z.get(i, j)));
                }
            }
        });
    }

    /**
     * dZ = dA * f'(z) (times the dropout mask, if any). The activations a here are after dropout,
     * so derivatives written in terms of a (tanh, sigmoid, ELU, SELU) use a / keep, recovered
     * exactly as f(z) instead: dividing would lose the dropped units.
     */
    static void backActivate(Activation f, DenseMatrix z, DenseMatrix a, DenseMatrix keep, DenseMatrix dA, DenseMatrix dZ) {
        int m = z.nrow();
        boolean clean = keep == null;
        inBlocks(z, (j0, j1) -> {
            switch (f) {
                case Activation.Identity id -> {
                    for (int j = j0; j < j1; j++) for (int i = 0; i < m; i++) dZ.set(i, j, dA.get(i, j) * (clean ? 1 : keep.get(i, j)));
                }
                case Activation.Relu r -> {
                    for (int j = j0; j < j1; j++) for (int i = 0; i < m; i++)
                        dZ.set(i, j, z.get(i, j) > 0 ? dA.get(i, j) * (clean ? 1 : keep.get(i, j)) : 0);
                }
                case Activation.Tanh t -> {
                    for (int j = j0; j < j1; j++) for (int i = 0; i < m; i++) {
                        double y = clean ? a.get(i, j) : Math.tanh(z.get(i, j));
                        dZ.set(i, j, dA.get(i, j) * (1 - y * y) * (clean ? 1 : keep.get(i, j)));
                    }
                }
                default -> {
                    for (int j = j0; j < j1; j++) for (int i = 0; i < m; i++) {
                        double zi = z.get(i, j);
                        double y = clean ? a.get(i, j) : f.apply(zi);
                        dZ.set(i, j, dA.get(i, j) * f.derivative(zi, y) * (clean ? 1 : keep.get(i, j)));
                    }
                }
            }
        });
    }
}

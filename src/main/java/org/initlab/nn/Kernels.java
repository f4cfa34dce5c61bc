package org.initlab.nn;

import smile.tensor.DenseMatrix;

/**
 * The elementwise loops of forward and backward. One loop per activation (the switch is outside
 * the loop), so the JIT compiles each into straight code instead of a virtual call per element.
 */
final class Kernels {
    private Kernels() {}

    /** a = f(z). */
    static void activate(Activation f, DenseMatrix z, DenseMatrix a) {
        int m = z.nrow(), n = z.ncol();
        switch (f) {
            case Activation.Identity id -> Matrices.copy(z, a);
            case Activation.Relu r -> {
                for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) { double v = z.get(i, j); a.set(i, j, v > 0 ? v : 0); }
            }
            case Activation.Tanh t -> {
                for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) a.set(i, j, Math.tanh(z.get(i, j)));
            }
            default -> {
                for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) a.set(i, j, f.apply(z.get(i, j)));
            }
        }
    }

    /**
     * dZ = dA * f'(z) (times the dropout mask, if any). The activations a here are after dropout,
     * so derivatives written in terms of a (tanh, sigmoid, ELU, SELU) use a / keep, recovered
     * exactly as f(z) instead: dividing would lose the dropped units.
     */
    static void backActivate(Activation f, DenseMatrix z, DenseMatrix a, DenseMatrix keep, DenseMatrix dA, DenseMatrix dZ) {
        int m = z.nrow(), n = z.ncol();
        boolean clean = keep == null;
        switch (f) {
            case Activation.Identity id -> {
                for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) dZ.set(i, j, dA.get(i, j) * (clean ? 1 : keep.get(i, j)));
            }
            case Activation.Relu r -> {
                for (int j = 0; j < n; j++) for (int i = 0; i < m; i++)
                    dZ.set(i, j, z.get(i, j) > 0 ? dA.get(i, j) * (clean ? 1 : keep.get(i, j)) : 0);
            }
            case Activation.Tanh t -> {
                for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) {
                    double y = clean ? a.get(i, j) : Math.tanh(z.get(i, j));
                    dZ.set(i, j, dA.get(i, j) * (1 - y * y) * (clean ? 1 : keep.get(i, j)));
                }
            }
            default -> {
                for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) {
                    double zi = z.get(i, j);
                    double y = clean ? a.get(i, j) : f.apply(zi);
                    dZ.set(i, j, dA.get(i, j) * f.derivative(zi, y) * (clean ? 1 : keep.get(i, j)));
                }
            }
        }
    }
}

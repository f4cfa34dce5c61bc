package org.initlab.nn;

import smile.tensor.DenseMatrix;

/**
 * A loss on the network's raw output (logits), averaged over the batch. Each loss owns its link
 * (softmax, sigmoid or none), so the last layer stays linear and the combined gradient is the
 * simple, stable one: for softmax cross-entropy dL/dz = (softmax(z) - onehot(y)) / batch.
 */
public sealed interface Loss extends java.io.Serializable {

    static Loss softmaxCrossEntropy() { return new SoftmaxCrossEntropy(); }
    static Loss sigmoidBinaryCrossEntropy() { return new SigmoidBinaryCrossEntropy(); }
    static Loss meanSquaredError() { return new MeanSquaredError(); }

    String label();

    /**
     * Mean loss of {@code out} (batch x k) against the labels {@code y[index[from + r]]}, and,
     * if {@code grad} is not null, dLoss/dOut written into it.
     */
    double evaluate(DenseMatrix out, int[] y, int[] index, int from, DenseMatrix grad);

    /** Predicted class of row r. */
    default int predict(DenseMatrix out, int r) {
        int k = out.ncol();
        if (k == 1) return out.get(r, 0) > threshold() ? 1 : 0;
        int best = 0;
        for (int j = 1; j < k; j++) if (out.get(r, j) > out.get(r, best)) best = j;
        return best;
    }

    /** Decision threshold of a single-output net. */
    default double threshold() { return 0; }

    /** Checks the output width fits this loss and the number of classes. */
    default void checkOutputs(int outputs, int numClasses) {
        if (outputs == 1 ? numClasses != 2 : outputs != numClasses)
            throw new IllegalArgumentException(label() + ": the network has " + outputs + " output(s) but the data has "
                    + numClasses + " classes (use " + numClasses + " outputs" + (numClasses == 2 ? ", or 1" : "") + ")");
    }

    /** Target of output j for label y: one-hot for k outputs, the label itself for one output. */
    private static double target(int k, int label, int j) {
        return k == 1 ? label : (label == j ? 1 : 0);
    }

    /** Softmax cross-entropy: L = -log softmax(z)_y, computed with the max subtracted so exp never overflows. */
    record SoftmaxCrossEntropy() implements Loss {
        public String label() { return "softmax cross-entropy"; }

        @Override public void checkOutputs(int outputs, int numClasses) {
            if (outputs < 2) throw new IllegalArgumentException("softmax cross-entropy needs at least 2 outputs, the network has " + outputs);
            Loss.super.checkOutputs(outputs, numClasses);
        }

        /**
         * Read and written off the backing arrays (column-major, Float64 or Float32 widened as get would), the same
         * arithmetic as entry by entry through get and set: on case (a)'s 64 x 10 logits, get and set cost more than the
         * exponentials.
         */
        public double evaluate(DenseMatrix out, int[] y, int[] index, int from, DenseMatrix grad) {
            DenseMatrix g = grad == null ? null : Matrices.onHeap(grad);
            return evaluate(Matrices.onHeap(out), y, index, from, g, g == grad ? null : grad);
        }

        /** The loss and gradient on matrices backed by Java arrays; {@code copyBack}, if not null, gets the gradient after. */
        private double evaluate(DenseMatrix out, int[] y, int[] index, int from, DenseMatrix grad, DenseMatrix copyBack) {
            int b = out.nrow(), k = out.ncol(), ld = out.ld(), gld = grad == null ? 0 : grad.ld();
            boolean f64 = out.scalarType() == smile.tensor.ScalarType.Float64, g64 = grad != null && grad.scalarType() == smile.tensor.ScalarType.Float64;
            double[] zd = f64 ? Matrices.doubles(out) : null, gd = g64 ? Matrices.doubles(grad) : null;
            float[] zf = f64 ? null : Matrices.floats(out), gf = grad == null || g64 ? null : Matrices.floats(grad);
            double total = 0;
            for (int r = 0; r < b; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) max = Math.max(max, f64 ? zd[j * ld + r] : zf[j * ld + r]);
                double sum = 0;
                for (int j = 0; j < k; j++) sum += Math.exp((f64 ? zd[j * ld + r] : zf[j * ld + r]) - max);
                int label = y[index[from + r]];
                double logSum = max + Math.log(sum);
                total += logSum - (f64 ? zd[label * ld + r] : zf[label * ld + r]);
                if (grad != null) {
                    for (int j = 0; j < k; j++) {
                        double p = Math.exp((f64 ? zd[j * ld + r] : zf[j * ld + r]) - logSum);
                        double v = (p - (j == label ? 1 : 0)) / b;
                        if (g64) gd[j * gld + r] = v;
                        else gf[j * gld + r] = (float) v;
                    }
                }
            }
            if (copyBack != null) Matrices.copy(grad, copyBack);
            return total / b;
        }
    }

    /**
     * Sigmoid binary cross-entropy per output, on logits: L = softplus(z) - t z, which equals
     * -t log s(z) - (1-t) log(1-s(z)) without ever taking log(0). One output for two classes,
     * or one output per class (one-vs-rest). Summed over outputs, averaged over the batch.
     */
    record SigmoidBinaryCrossEntropy() implements Loss {
        public String label() { return "sigmoid binary cross-entropy"; }

        public double evaluate(DenseMatrix out, int[] y, int[] index, int from, DenseMatrix grad) {
            int b = out.nrow(), k = out.ncol();
            double total = 0;
            for (int r = 0; r < b; r++) {
                int label = y[index[from + r]];
                for (int j = 0; j < k; j++) {
                    double z = out.get(r, j), t = target(k, label, j);
                    // softplus(z) = max(z, 0) + log1p(exp(-|z|))
                    total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - t * z;
                    if (grad != null) grad.set(r, j, (Activation.SIGMOID.apply(z) - t) / b);
                }
            }
            return total / b;
        }
    }

    /**
     * Mean squared error against one-hot targets (or the 0/1 label for one output):
     * L = sum_j (z_j - t_j)^2 / 2, averaged over the batch (the 1/2 makes dL/dz = z - t).
     */
    record MeanSquaredError() implements Loss {
        public String label() { return "mean squared error"; }

        @Override public double threshold() { return 0.5; }

        public double evaluate(DenseMatrix out, int[] y, int[] index, int from, DenseMatrix grad) {
            int b = out.nrow(), k = out.ncol();
            double total = 0;
            for (int r = 0; r < b; r++) {
                int label = y[index[from + r]];
                for (int j = 0; j < k; j++) {
                    double d = out.get(r, j) - target(k, label, j);
                    total += 0.5 * d * d;
                    if (grad != null) grad.set(r, j, d / b);
                }
            }
            return total / b;
        }
    }
}

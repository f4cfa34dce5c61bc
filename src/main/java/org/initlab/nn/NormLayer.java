package org.initlab.nn;

import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * One normalization layer at work: y = gamma * (x - mean) / sqrt(var + eps) + beta, with BatchNorm's statistics taken
 * per unit over the batch (its running ones at inference) and LayerNorm's per example over the units. Owns its scale
 * and shift (width x 1, like a bias), their gradients and what backward needs of the last pass. The arithmetic is in
 * double; a Float32 layer reads and writes floats.
 */
public final class NormLayer {
    private final Normalization spec;
    private final int width;
    private final DenseMatrix gamma, beta, dGamma, dBeta;
    private final double[] runningMean, runningVar; // BatchNorm only

    // The last pass: normalized values (column-major, rows x width), 1/sqrt(var + eps) per group, and how it was made.
    private double[] xhat = new double[0], values = new double[0], grad = new double[0]; // values: the input, then the output
    private double[] invStd = new double[0];
    private int rows;
    private boolean batchStats; // whether the last pass normalized with the batch's own statistics

    NormLayer(Normalization spec, int width, ScalarType type) {
        if (width <= 0) throw new IllegalArgumentException("a normalization layer needs a positive width, got " + width);
        if (spec.kind() == Normalization.Kind.LAYER && width == 1)
            throw new IllegalArgumentException("LayerNorm over a layer of 1 unit always outputs its shift: its one value is its own mean");
        this.spec = spec;
        this.width = width;
        this.gamma = DenseMatrix.zeros(type, width, 1);
        this.beta = DenseMatrix.zeros(type, width, 1);
        this.dGamma = DenseMatrix.zeros(type, width, 1);
        this.dBeta = DenseMatrix.zeros(type, width, 1);
        for (int j = 0; j < width; j++) gamma.set(j, 0, 1);
        boolean batch = spec.kind() == Normalization.Kind.BATCH;
        this.runningMean = batch ? new double[width] : null;
        this.runningVar = batch ? new double[width] : null;
        if (batch) java.util.Arrays.fill(runningVar, 1);
    }

    public Normalization spec() { return spec; }
    /** The learned scale gamma, width x 1 (live). */
    public DenseMatrix scale() { return gamma; }
    /** The learned shift beta, width x 1 (live). */
    public DenseMatrix shift() { return beta; }
    public DenseMatrix scaleGradient() { return dGamma; }
    public DenseMatrix shiftGradient() { return dBeta; }
    /** BatchNorm's running mean per unit (a copy); empty for LayerNorm. */
    public double[] runningMean() { return runningMean == null ? new double[0] : runningMean.clone(); }
    /** BatchNorm's running (unbiased) variance per unit (a copy); empty for LayerNorm. */
    public double[] runningVariance() { return runningVar == null ? new double[0] : runningVar.clone(); }

    void copyStateFrom(NormLayer o) {
        if (runningMean != null) restore(o.runningMean, o.runningVar);
    }

    /** Sets BatchNorm's running statistics (as {@link #runningMean} and {@link #runningVariance} returned them). */
    void restore(double[] mean, double[] variance) {
        if (runningMean == null) return;
        System.arraycopy(mean, 0, runningMean, 0, width);
        System.arraycopy(variance, 0, runningVar, 0, width);
    }

    /** out = N(x); BatchNorm in training mode uses and updates the batch's statistics, otherwise its running ones. */
    void forward(DenseMatrix x, DenseMatrix out, boolean training) {
        rows = x.nrow();
        boolean batch = spec.kind() == Normalization.Kind.BATCH;
        if (batch && training && rows < 2)
            throw new IllegalArgumentException("BatchNorm cannot normalize a batch of " + rows + " in training mode: a single example's variance is 0"
                    + " (use batches of at least 2, or LayerNorm)");
        int n = rows * width;
        if (xhat.length != n) { xhat = new double[n]; values = new double[n]; grad = new double[n]; }
        read(x, values);
        batchStats = !batch || training;
        int groups = batch ? width : rows;
        if (invStd.length != groups) invStd = new double[groups];
        for (int g = 0; g < groups; g++) {
            // BatchNorm: group g is unit g, its rows consecutive; LayerNorm: group g is example g, its units rows apart.
            int base = batch ? g * rows : g, stride = batch ? 1 : rows, count = batch ? rows : width;
            double mean, var;
            if (batchStats) {
                double s = 0;
                for (int k = 0; k < count; k++) s += values[base + k * stride];
                mean = s / count;
                double ss = 0;
                for (int k = 0; k < count; k++) { double d = values[base + k * stride] - mean; ss += d * d; }
                var = ss / count;
                if (batch && training) {
                    runningMean[g] = spec.momentum() * runningMean[g] + (1 - spec.momentum()) * mean;
                    runningVar[g] = spec.momentum() * runningVar[g] + (1 - spec.momentum()) * ss / (count - 1);
                }
            } else {
                mean = runningMean[g];
                var = runningVar[g];
            }
            double inv = 1 / Math.sqrt(var + spec.epsilon());
            invStd[g] = inv;
            for (int k = 0; k < count; k++) { int i = base + k * stride; xhat[i] = (values[i] - mean) * inv; }
        }
        for (int j = 0; j < width; j++) {
            double gj = gamma.get(j, 0), bj = beta.get(j, 0);
            for (int i = j * rows; i < (j + 1) * rows; i++) values[i] = gj * xhat[i] + bj;
        }
        write(values, out);
    }

    /**
     * dX from dOut, and the scale's and shift's gradients. With the group's own statistics (BatchNorm training,
     * LayerNorm), the mean and variance depend on every input of the group:
     * dx = inv / n (n dxhat - sum(dxhat) - xhat sum(dxhat xhat)), dxhat = dy gamma (Ioffe &amp; Szegedy 2015, section 3).
     * With BatchNorm's running statistics they are constants: dx = dy gamma inv.
     */
    void backward(DenseMatrix dOut, DenseMatrix dX) {
        if (dOut.nrow() != rows || dOut.ncol() != width)
            throw new IllegalArgumentException("normalization gradient is " + dOut.nrow() + "x" + dOut.ncol() + ", expected " + rows + "x" + width);
        read(dOut, grad);
        for (int j = 0; j < width; j++) {
            double sg = 0, sb = 0, gj = gamma.get(j, 0);
            for (int i = j * rows; i < (j + 1) * rows; i++) { sg += grad[i] * xhat[i]; sb += grad[i]; grad[i] *= gj; } // grad becomes dxhat
            dGamma.set(j, 0, sg);
            dBeta.set(j, 0, sb);
        }
        boolean batch = spec.kind() == Normalization.Kind.BATCH;
        int groups = batch ? width : rows;
        for (int g = 0; g < groups; g++) {
            int base = batch ? g * rows : g, stride = batch ? 1 : rows, count = batch ? rows : width;
            double inv = invStd[g];
            if (!batchStats) {
                for (int k = 0; k < count; k++) grad[base + k * stride] *= inv;
                continue;
            }
            double s = 0, sx = 0;
            for (int k = 0; k < count; k++) { int i = base + k * stride; s += grad[i]; sx += grad[i] * xhat[i]; }
            for (int k = 0; k < count; k++) { int i = base + k * stride; grad[i] = inv / count * (count * grad[i] - s - xhat[i] * sx); }
        }
        write(grad, dX);
    }

    /** The values of a rows x width matrix, column-major without padding. */
    private void read(DenseMatrix m, double[] to) {
        int ld = m.ld();
        if (m.scalarType() == ScalarType.Float64) {
            double[] d = Matrices.doubles(m);
            for (int j = 0; j < width; j++) System.arraycopy(d, j * ld, to, j * rows, rows);
        } else {
            float[] f = Matrices.floats(m);
            for (int j = 0; j < width; j++) for (int i = 0; i < rows; i++) to[j * rows + i] = f[j * ld + i];
        }
    }

    private void write(double[] from, DenseMatrix m) {
        int ld = m.ld();
        if (m.scalarType() == ScalarType.Float64) {
            double[] d = Matrices.doubles(m);
            for (int j = 0; j < width; j++) System.arraycopy(from, j * rows, d, j * ld, rows);
        } else {
            float[] f = Matrices.floats(m);
            for (int j = 0; j < width; j++) for (int i = 0; i < rows; i++) f[j * ld + i] = (float) from[j * rows + i];
        }
    }
}

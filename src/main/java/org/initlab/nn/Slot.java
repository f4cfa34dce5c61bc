package org.initlab.nn;

import org.initlab.probe.Scan;
import org.initlab.probe.Sums;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/** One parameter matrix with its optimizer state and its update step. */
final class Slot {
    private final Optimizer optimizer;
    private final DenseMatrix p, g;
    private final DenseMatrix m, v; // momentum velocity or Adam moments; null when unused
    private DenseMatrix updates;     // Adam's update of each entry, kept at probed steps

    Slot(Optimizer optimizer, DenseMatrix parameter, DenseMatrix gradient) {
        this.optimizer = optimizer;
        this.p = parameter;
        this.g = gradient;
        boolean first = !(optimizer instanceof Optimizer.Sgd);
        this.m = first ? DenseMatrix.zeros(p.scalarType(), p.nrow(), p.ncol()) : null;
        this.v = optimizer instanceof Optimizer.Adam ? DenseMatrix.zeros(p.scalarType(), p.nrow(), p.ncol()) : null;
    }

    /**
     * Applies update number {@code t} (from 1). If {@code stats} is not null, first measures the
     * parameters and gradients in one pass (with the spread across units), and then the update: for
     * SGD it is -lr g, for momentum -lr times the new velocity, so their sums are scaled sums already
     * at hand; only Adam's update is kept to be measured. The update loop is the same either way:
     * probing changes no bit of training.
     */
    void step(long t, Moments stats) {
        begin(t);
        DenseMatrix delta = null;
        Scan fused = null; // SGD's step rides on the scan's pass where it can (the same bits as scanning, then stepping)
        if (stats != null) {
            if (optimizer instanceof Optimizer.Sgd s) fused = Scan.ofAndStep(p, g, -s.learningRate());
            Scan before = fused != null ? fused : Scan.of(p, g);
            stats.p = before.first();
            stats.g = before.second();
            stats.spread = before.maxColumnRange();
            if (optimizer instanceof Optimizer.Adam) {
                if (updates == null) updates = DenseMatrix.zeros(p.scalarType(), p.nrow(), p.ncol());
                delta = updates;
            }
        }
        if (fused == null) update(delta, 0, p.ncol());
        if (stats != null) {
            stats.u = switch (optimizer) {
                case Optimizer.Sgd s -> stats.g.scaled(-s.learningRate());
                case Optimizer.Momentum mo -> Sums.of(m).scaled(-mo.learningRate());
                case Optimizer.Adam a -> Sums.of(delta);
            };
        }
    }

    private double c1 = 1, c2 = 1; // Adam's bias corrections for the current step

    /** Starts update number {@code t} (from 1): Adam's bias corrections. */
    void begin(long t) {
        if (optimizer instanceof Optimizer.Adam a) {
            c1 = 1 - Math.pow(a.beta1(), t);
            c2 = 1 - Math.pow(a.beta2(), t);
        }
    }

    /**
     * The unmeasured update of columns j0 (inclusive) to j1 (exclusive), after {@link #begin}: what {@link #step} does
     * without statistics, entry for entry, so a step made in column blocks (as each block's gradient is done) has the
     * same bits as one made at once.
     */
    void columns(int j0, int j1) { update(null, j0, j1); }

    /**
     * p += u, advancing the optimizer state, over the backing arrays: the optimizer chosen and the arrays found once,
     * then one loop per optimizer over the columns' stretches of the arrays ({@link Matrices#inRuns}; C2 can
     * vectorize it). Each entry is computed in double; a Float32 slot stores the new state and parameter as float
     * but steps with the unrounded velocity or moments, as the get/set loop this replaced did.
     */
    private void update(DenseMatrix delta, int j0, int j1) {
        if (p.scalarType() == ScalarType.Float64)
            update64(Matrices.doubles(p), Matrices.doubles(g), m == null ? null : Matrices.doubles(m), v == null ? null : Matrices.doubles(v),
                    delta == null ? null : Matrices.doubles(delta), j0, j1);
        else
            update32(Matrices.floats(p), Matrices.floats(g), m == null ? null : Matrices.floats(m), v == null ? null : Matrices.floats(v),
                    delta == null ? null : Matrices.floats(delta), j0, j1);
    }

    private void update64(double[] pd, double[] gd, double[] md, double[] vd, double[] dd, int j0, int j1) {
        int rows = p.nrow(), ld = p.ld();
        switch (optimizer) {
            case Optimizer.Sgd s -> {
                double lr = -s.learningRate();
                Matrices.inRuns(rows, ld, j0, j1, (from, n) -> { for (int k = from; k < from + n; k++) pd[k] += lr * gd[k]; });
            }
            case Optimizer.Momentum mo -> {
                double lr = -mo.learningRate(), beta = mo.beta();
                Matrices.inRuns(rows, ld, j0, j1, (from, n) -> {
                    for (int k = from; k < from + n; k++) { double vi = beta * md[k] + gd[k]; md[k] = vi; pd[k] += lr * vi; }
                });
            }
            case Optimizer.Adam a -> {
                double lr = -a.learningRate(), b1 = a.beta1(), b2 = a.beta2(), eps = a.epsilon();
                Matrices.inRuns(rows, ld, j0, j1, (from, n) -> {
                    for (int k = from; k < from + n; k++) {
                        double gi = gd[k], mi = b1 * md[k] + (1 - b1) * gi, vi = b2 * vd[k] + (1 - b2) * gi * gi;
                        md[k] = mi;
                        vd[k] = vi;
                        double u = lr * (mi / c1) / (Math.sqrt(vi / c2) + eps);
                        pd[k] += u;
                        if (dd != null) dd[k] = u;
                    }
                });
            }
        }
    }

    private void update32(float[] pf, float[] gf, float[] mf, float[] vf, float[] df, int j0, int j1) {
        int rows = p.nrow(), ld = p.ld();
        switch (optimizer) {
            case Optimizer.Sgd s -> {
                double lr = -s.learningRate();
                Matrices.inRuns(rows, ld, j0, j1, (from, n) -> { for (int k = from; k < from + n; k++) pf[k] = (float) (pf[k] + lr * gf[k]); });
            }
            case Optimizer.Momentum mo -> {
                double lr = -mo.learningRate(), beta = mo.beta();
                Matrices.inRuns(rows, ld, j0, j1, (from, n) -> {
                    for (int k = from; k < from + n; k++) { double vi = beta * mf[k] + gf[k]; mf[k] = (float) vi; pf[k] = (float) (pf[k] + lr * vi); }
                });
            }
            case Optimizer.Adam a -> {
                double lr = -a.learningRate(), b1 = a.beta1(), b2 = a.beta2(), eps = a.epsilon();
                Matrices.inRuns(rows, ld, j0, j1, (from, n) -> {
                    for (int k = from; k < from + n; k++) {
                        double gi = gf[k], mi = b1 * mf[k] + (1 - b1) * gi, vi = b2 * vf[k] + (1 - b2) * gi * gi;
                        mf[k] = (float) mi;
                        vf[k] = (float) vi;
                        double u = lr * (mi / c1) / (Math.sqrt(vi / c2) + eps);
                        pf[k] = (float) (pf[k] + u);
                        if (df != null) df[k] = (float) u;
                    }
                });
            }
        }
    }

    /** Parameter-side statistics of one layer's step. */
    static final class Moments {
        Sums p, g, u;
        double spread;
    }
}

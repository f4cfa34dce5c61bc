package org.initlab.nn;

import org.initlab.probe.Scan;
import org.initlab.probe.Sums;
import smile.tensor.DenseMatrix;

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
        if (optimizer instanceof Optimizer.Adam a) {
            c1 = 1 - Math.pow(a.beta1(), t);
            c2 = 1 - Math.pow(a.beta2(), t);
        }
        DenseMatrix delta = null;
        if (stats != null) {
            Scan before = Scan.of(p, g);
            stats.p = before.first();
            stats.g = before.second();
            stats.spread = before.maxColumnRange();
            if (optimizer instanceof Optimizer.Adam) {
                if (updates == null) updates = DenseMatrix.zeros(p.scalarType(), p.nrow(), p.ncol());
                delta = updates;
            }
        }
        int rows = p.nrow(), cols = p.ncol();
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                double u = update(i, j, g.get(i, j));
                p.set(i, j, p.get(i, j) + u);
                if (delta != null) delta.set(i, j, u);
            }
        }
        if (stats != null) {
            stats.u = switch (optimizer) {
                case Optimizer.Sgd s -> stats.g.scaled(-s.learningRate());
                case Optimizer.Momentum mo -> Sums.of(m).scaled(-mo.learningRate());
                case Optimizer.Adam a -> Sums.of(delta);
            };
        }
    }

    private double c1 = 1, c2 = 1; // Adam's bias corrections for the current step

    /** The update of entry (i, j) for gradient gi, advancing the optimizer state. */
    private double update(int i, int j, double gi) {
        return switch (optimizer) {
            case Optimizer.Sgd s -> -s.learningRate() * gi;
            case Optimizer.Momentum mo -> {
                double vi = mo.beta() * m.get(i, j) + gi;
                m.set(i, j, vi);
                yield -mo.learningRate() * vi;
            }
            case Optimizer.Adam a -> {
                double mi = a.beta1() * m.get(i, j) + (1 - a.beta1()) * gi;
                double vi = a.beta2() * v.get(i, j) + (1 - a.beta2()) * gi * gi;
                m.set(i, j, mi);
                v.set(i, j, vi);
                yield -a.learningRate() * (mi / c1) / (Math.sqrt(vi / c2) + a.epsilon());
            }
        };
    }

    /** Parameter-side statistics of one layer's step. */
    static final class Moments {
        Sums p, g, u;
        double spread;
    }
}

package org.initlab.nn;

import smile.tensor.DenseMatrix;

/**
 * One parameter matrix with its optimizer state. {@link #step} is the only loop that touches every
 * parameter, so the probe's parameter statistics are gathered in the same pass, for nearly free.
 */
final class Slot {
    private final Optimizer optimizer;
    private final DenseMatrix p, g;
    private final DenseMatrix m, v; // momentum velocity or Adam moments; null when unused

    Slot(Optimizer optimizer, DenseMatrix parameter, DenseMatrix gradient) {
        this.optimizer = optimizer;
        this.p = parameter;
        this.g = gradient;
        boolean first = !(optimizer instanceof Optimizer.Sgd);
        this.m = first ? DenseMatrix.zeros(p.scalarType(), p.nrow(), p.ncol()) : null;
        this.v = optimizer instanceof Optimizer.Adam ? DenseMatrix.zeros(p.scalarType(), p.nrow(), p.ncol()) : null;
    }

    /**
     * Applies update number {@code t} (from 1). If {@code stats} is not null, adds the moments of the
     * parameters (before the update), gradients and updates, and the spread across units (rows).
     */
    void step(long t, Moments stats) {
        double lr = optimizer.learningRate();
        double beta = 0, beta1 = 0, beta2 = 0, eps = 0, c1 = 1, c2 = 1;
        int kind;
        switch (optimizer) {
            case Optimizer.Sgd s -> kind = 0;
            case Optimizer.Momentum mo -> { kind = 1; beta = mo.beta(); }
            case Optimizer.Adam a -> {
                kind = 2; beta1 = a.beta1(); beta2 = a.beta2(); eps = a.epsilon();
                c1 = 1 - Math.pow(beta1, t); c2 = 1 - Math.pow(beta2, t);
            }
        }
        int rows = p.nrow(), cols = p.ncol();
        for (int j = 0; j < cols; j++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                double gi = g.get(i, j), pi = p.get(i, j);
                double u = switch (kind) {
                    case 0 -> -lr * gi;
                    case 1 -> {
                        double vi = beta * m.get(i, j) + gi;
                        m.set(i, j, vi);
                        yield -lr * vi;
                    }
                    default -> {
                        double mi = beta1 * m.get(i, j) + (1 - beta1) * gi;
                        double vi = beta2 * v.get(i, j) + (1 - beta2) * gi * gi;
                        m.set(i, j, mi);
                        v.set(i, j, vi);
                        yield -lr * (mi / c1) / (Math.sqrt(vi / c2) + eps);
                    }
                };
                p.set(i, j, pi + u);
                if (stats != null) {
                    stats.p.add(pi);
                    stats.g.add(gi);
                    stats.u.add(u);
                    lo = Math.min(lo, pi);
                    hi = Math.max(hi, pi);
                }
            }
            if (stats != null) stats.spread = Math.max(stats.spread, hi - lo);
        }
    }

    /** Running sums for mean and standard deviation, shifted by the first value so a large mean does not cancel the spread. */
    static final class Sums {
        long n;
        double shift, sum, sumSq;

        void add(double x) {
            if (n == 0) shift = x;
            double d = x - shift;
            n++; sum += d; sumSq += d * d;
        }

        double mean() { return n == 0 ? 0 : shift + sum / n; }

        double std() {
            if (n == 0) return 0;
            double m = sum / n;
            return Math.sqrt(Math.max(0, sumSq / n - m * m));
        }

        /** Root of the sum of squares of the values themselves. */
        double norm() {
            double m = mean(), var = std() * std();
            return Math.sqrt(n * (var + m * m));
        }
    }

    /** Parameter-side statistics of one layer's step. */
    static final class Moments {
        final Sums p = new Sums(), g = new Sums(), u = new Sums();
        double spread;
    }
}

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
     * The probed and plain loops are kept apart so the plain one stays a tight loop.
     */
    void step(long t, Moments stats) {
        boolean adam = optimizer instanceof Optimizer.Adam;
        if (adam) {
            var a = (Optimizer.Adam) optimizer;
            c1 = 1 - Math.pow(a.beta1(), t);
            c2 = 1 - Math.pow(a.beta2(), t);
        }
        int rows = p.nrow(), cols = p.ncol();
        if (stats == null) {
            for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) p.set(i, j, p.get(i, j) + update(i, j, g.get(i, j)));
            return;
        }
        // Sums in locals (registers), shifted by the first entry so a large common value does not cancel the spread.
        double p0 = p.get(0, 0), g0 = g.get(0, 0), u0 = update0();
        double sp = 0, sp2 = 0, sg = 0, sg2 = 0, su = 0, su2 = 0, spread = 0;
        for (int j = 0; j < cols; j++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                double gi = g.get(i, j), pi = p.get(i, j), u = update(i, j, gi);
                p.set(i, j, pi + u);
                double dp = pi - p0, dg = gi - g0, du = u - u0;
                sp += dp; sp2 += dp * dp;
                sg += dg; sg2 += dg * dg;
                su += du; su2 += du * du;
                lo = Math.min(lo, pi);
                hi = Math.max(hi, pi);
            }
            spread = Math.max(spread, hi - lo);
        }
        long n = (long) rows * cols;
        stats.p.add(n, p0, sp, sp2);
        stats.g.add(n, g0, sg, sg2);
        stats.u.add(n, u0, su, su2);
        stats.spread = Math.max(stats.spread, spread);
    }

    /** The update entry (0, 0) is about to get, as a shift for the sums; computed without advancing the state. */
    private double update0() {
        double g00 = g.get(0, 0);
        return switch (optimizer) {
            case Optimizer.Sgd s -> -s.learningRate() * g00;
            case Optimizer.Momentum mo -> -mo.learningRate() * (mo.beta() * m.get(0, 0) + g00);
            case Optimizer.Adam a -> {
                double mi = a.beta1() * m.get(0, 0) + (1 - a.beta1()) * g00;
                double vi = a.beta2() * v.get(0, 0) + (1 - a.beta2()) * g00 * g00;
                yield -a.learningRate() * (mi / c1) / (Math.sqrt(vi / c2) + a.epsilon());
            }
        };
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

    /** Sums of (x - shift) and (x - shift)^2 over n values: mean and standard deviation without cancellation. */
    static final class Sums {
        long n;
        double shift, sum, sumSq;

        /** Adds a block of n values summed around {@code blockShift}. The first block fixes the shift. */
        void add(long count, double blockShift, double s, double s2) {
            if (n == 0) shift = blockShift;
            double d = blockShift - shift; // re-centre the block on this shift
            sum += s + count * d;
            sumSq += s2 + 2 * d * s + count * d * d;
            n += count;
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

package org.initlab.nn;

import smile.tensor.DenseMatrix;

import java.util.function.DoubleSupplier;

/** Central finite differences of a loss against a parameter's back-propagated gradient, entry by entry. */
record FiniteDifferences(double analyticNorm, double numericNorm, double relativeError) {

    /** ||a - n|| / (||a|| + ||n||) over every entry of {@code p}, each moved by +-h (and put back) while {@code loss} is evaluated. */
    static FiniteDifferences compare(DenseMatrix p, DenseMatrix gradient, DoubleSupplier loss, double h) {
        double diff = 0, numericSq = 0, analyticSq = 0;
        for (int i = 0; i < p.nrow(); i++) for (int j = 0; j < p.ncol(); j++) {
            double keep = p.get(i, j);
            p.set(i, j, keep + h);
            double up = loss.getAsDouble();
            p.set(i, j, keep - h);
            double down = loss.getAsDouble();
            p.set(i, j, keep);
            double numeric = (up - down) / (2 * h), analytic = gradient.get(i, j);
            diff += (numeric - analytic) * (numeric - analytic);
            numericSq += numeric * numeric;
            analyticSq += analytic * analytic;
        }
        double a = Math.sqrt(analyticSq), n = Math.sqrt(numericSq);
        return new FiniteDifferences(a, n, Math.sqrt(diff) / Math.max(a + n, 1e-12));
    }

    /** ||a|| + ||n||: a check on a gradient that is zero both ways proves nothing. */
    double norm() { return analyticNorm + numericNorm; }
}

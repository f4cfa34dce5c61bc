package org.initlab.data;

import java.util.Objects;

/**
 * Per-feature standardization z = (x - mean) / std. Fit it on training data only and apply the
 * same statistics to test data (see {@link Dataset.Split#standardized()}).
 *
 * <p>Zero-mean, unit-variance inputs are what the variance arguments behind Xavier and He
 * initialization assume, which is why the notebooks standardize before training.
 */
public record Standardizer(double[] mean, double[] std) {

    public Standardizer {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length != std.length) {
            throw new IllegalArgumentException(mean.length + " means but " + std.length + " stds");
        }
        if (mean.length == 0) {
            throw new IllegalArgumentException("a standardizer needs at least one feature");
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("mean of feature " + j + " is " + mean[j]);
            }
            if (!(std[j] > 0 && Double.isFinite(std[j]))) {
                throw new IllegalArgumentException("std of feature " + j
                        + " must be positive and finite, got " + std[j]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Per-feature mean and population standard deviation (divide by n, so the fitted data comes
     * out with std exactly 1). A constant feature gets std 1: it becomes all zeros instead of a
     * division by zero. Constancy is tested exactly (min == max), because a computed std of a
     * constant column can be a rounding-error 1e-17 that would blow values up.
     */
    public static Standardizer fit(Dataset data) {
        double[][] x = data.x();
        int n = x.length, d = data.features();
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                sum += row[j];
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            double m = sum / n;
            double ss = 0;
            for (double[] row : x) {
                double dev = row[j] - m;
                ss += dev * dev;
            }
            mean[j] = m;
            std[j] = min == max ? 1.0 : Math.sqrt(ss / n);
        }
        return new Standardizer(mean, std);
    }

    /** A copy of the per-feature means. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the per-feature standard deviations. */
    @Override
    public double[] std() {
        return std.clone();
    }

    /** Number of features this standardizer expects. */
    public int features() {
        return mean.length;
    }

    /** A new data set with standardized features; labels and class names are kept. */
    public Dataset apply(Dataset data) {
        if (data.features() != features()) {
            throw new IllegalArgumentException("standardizer was fit on " + features()
                    + " features, data set '" + data.name() + "' has " + data.features());
        }
        return data.withX(standardize(data.x())); // a data set's rows were checked when it was made
    }

    /** Standardized copies of raw rows, e.g. the grid points of a decision-boundary plot. */
    public double[][] apply(double[][] x) {
        Dataset.requireRows(x, features(), "standardizer input: ");
        return standardize(x);
    }

    /** A standardized copy of one row. */
    public double[] apply(double[] row) {
        if (row != null && row.length != features()) {
            throw new IllegalArgumentException("standardizer was fit on " + features()
                    + " features, row has " + row.length);
        }
        return apply(new double[][] {row})[0];
    }

    private double[][] standardize(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (x[i][j] - mean[j]) / std[j];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Standardizer[" + features() + " features]";
    }
}

package org.initlab.experiment;

import java.util.Arrays;

/**
 * A number measured over several seeds, as a distribution: median with min-max, mean with sd. Prose
 * quotes it as "0.85 (0.43-0.87, 5 seeds)", never one seed's value as the result.
 */
public record Spread(double[] values, double min, double median, double max, double mean, double sd) {

    public static Spread of(double... values) {
        if (values.length == 0) throw new IllegalArgumentException("a spread needs at least one value");
        double[] v = values.clone(), s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        double mean = 0;
        for (double x : v) mean += x;
        mean /= n;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return new Spread(v, s[0], median, s[n - 1], mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0);
    }

    public static Spread of(java.util.List<? extends Number> values) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** A statistic of each result, as a spread: {@code Spread.across(runs, History::finalTrainLoss)}. */
    public static <T> Spread across(java.util.List<T> results, java.util.function.ToDoubleFunction<? super T> statistic) {
        return of(results.stream().mapToDouble(statistic).toArray());
    }

    public int seeds() { return values.length; }

    /** "0.85 (0.43-0.87, 5 seeds)": median, then min-max; just the value when all seeds agree. */
    @Override public String toString() { return over("seeds"); }

    /** The same for values over something other than seeds: {@code over("inputs")} gives "0.71 (0.69-0.74, 200 inputs)". */
    public String over(String what) {
        if (min == max) return Evidence.fmt(median) + " (all " + values.length + " " + what + ")";
        return Evidence.fmt(median) + " (" + Evidence.fmt(min) + "-" + Evidence.fmt(max) + ", " + values.length + " " + what + ")";
    }

    /** The largest distance of any value from {@code target}. */
    public double maxDistanceFrom(double target) { return Math.max(Math.abs(min - target), Math.abs(max - target)); }

    @Override public boolean equals(Object o) { return o instanceof Spread s && Arrays.equals(values, s.values); }

    @Override public int hashCode() { return Arrays.hashCode(values); }
}

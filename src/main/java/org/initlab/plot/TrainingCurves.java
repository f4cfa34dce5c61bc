package org.initlab.plot;

import org.initlab.experiment.Runs;
import org.initlab.nn.History;
import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loss and accuracy over training for one or several runs, each run one color: per epoch with
 * train solid and test dashed, or per step as a moving average of the batch losses. A run that
 * diverged ends in a cross, and its legend says at which step.
 *
 * <p>Losses are cut at 1000 times the largest initial loss: a diverging run climbs to 1e150 in a
 * few steps, and an axis that showed all of it would flatten every other run. The cut run
 * rises to the top edge and ends there.
 */
public final class TrainingCurves {
    private TrainingCurves() {}

    /** How far above the largest initial loss the axis goes. */
    static final double CEILING = 1e3;

    /** Runs labelled by {@link History#label()} (numbered when two labels agree). */
    public static Map<String, History> byLabel(List<History> runs) {
        Map<String, History> m = new LinkedHashMap<>();
        for (History h : runs) {
            String label = h.label();
            for (int k = 2; m.containsKey(label); k++) label = h.label() + " #" + k;
            m.put(label, h);
        }
        return m;
    }

    public static XYChart loss(History run) { return loss(Map.of(run.label(), run), Scale.AUTO); }
    public static XYChart loss(Map<String, History> runs) { return loss(runs, Scale.AUTO); }

    /** Train (solid) and test (dashed) loss after every epoch; epoch 0 is the initialization. */
    public static XYChart loss(Map<String, History> runs, Scale scale) {
        return perEpoch(runs, scale, true);
    }

    public static XYChart accuracy(History run) { return accuracy(Map.of(run.label(), run)); }

    /** Train (solid) and test (dashed) accuracy after every epoch, on a fixed 0..1 axis. */
    public static XYChart accuracy(Map<String, History> runs) {
        return perEpoch(runs, Scale.LINEAR, false);
    }

    public static XYChart stepLoss(History run, int window) { return stepLoss(Map.of(run.label(), run), window, Scale.AUTO); }
    public static XYChart stepLoss(Map<String, History> runs, int window) { return stepLoss(runs, window, Scale.AUTO); }

    /**
     * The batch loss of every step, smoothed by a trailing moving average of {@code window} steps
     * (1 = raw): batch losses are too noisy to compare runs by eye.
     */
    public static XYChart stepLoss(Map<String, History> runs, int window, Scale scale) {
        check(runs);
        if (window < 1) throw new IllegalArgumentException("window must be at least 1 step, got " + window);
        Map<String, double[]> smoothed = new LinkedHashMap<>();
        runs.forEach((label, h) -> smoothed.put(label, movingAverage(h.stepLosses(), window)));
        double cap = ceiling(smoothed.values());
        smoothed.replaceAll((label, y) -> cut(y, cap));
        boolean log = Charts.useLog(scale, smoothed.values().toArray(double[][]::new));

        String title = window == 1 ? "Batch loss per step" : "Batch loss, moving average over " + window + " steps";
        XYChart chart = Style.xy(title, "step", "loss" + (log ? " (log scale)" : ""), legends(runs));
        chart.getStyler().setXAxisTickLabelsFormattingFunction(Charts::wholeNumber);
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        smoothed.replaceAll((label, y) -> Charts.onAxis(y, log));
        if (log) Charts.logY(chart);
        int i = 0;
        for (var e : runs.entrySet()) {
            double[] y = smoothed.get(e.getKey());
            double[] x = new double[y.length];
            for (int s = 0; s < x.length; s++) x[s] = s;
            Color c = Style.categorical(i++);
            Charts.line(chart, legend(e.getKey(), e.getValue()), x, y, c, Style.LINE);
            if (e.getValue().diverged()) markStop(chart, e.getKey(), x, y, c);
        }
        Charts.roundXTicks(chart);
        return chart;
    }

    /**
     * The same over seeds: for each group of runs (one per seed), the median across seeds of the smoothed
     * batch loss at every step, with a band from the lowest to the highest seed. A run that diverged
     * leaves the band where it stops.
     */
    public static XYChart stepLossBands(List<Runs<History>> runs, int window) {
        return stepLossBands(Runs.byLabel(runs), window);
    }

    /** The same for runs by label. */
    public static XYChart stepLossBands(Map<String, List<History>> runs, int window) {
        return stepLossBands(runs, window, Scale.AUTO, null);
    }

    /**
     * The same on a linear loss axis that covers at least {@code from} to {@code to} (further where the data go): the
     * frames of an explorable then share their axis, and a curve's move from frame to frame is what one sees.
     */
    public static XYChart stepLossBands(List<Runs<History>> runs, int window, double from, double to) {
        return stepLossBands(Runs.byLabel(runs), window, Scale.LINEAR, new double[]{from, to});
    }

    private static XYChart stepLossBands(Map<String, List<History>> runs, int window, Scale scale, double[] yRange) {
        Map<String, double[][]> train = stepBands(runs, window);
        String title = (window == 1 ? "Batch loss per step" : "Batch loss, " + window + "-step average") + ": median, seed range";
        return bandChart(title, "step", runs, train, scale, false, yRange);
    }

    /**
     * Train and test over seeds, side by side on the same axes: left the batch loss on the training set (a moving
     * average of {@code window} steps, as {@link #stepLossBands}), right the loss on the test set after every epoch,
     * placed at the step the epoch ends on; medians over the seeds, their range as bands. The run that fits its
     * training batches best can end worst on the test set, which the left panel alone would hide.
     */
    public static Grid trainAndTestBands(List<Runs<History>> runs, int window) {
        return trainAndTestBands(Runs.byLabel(runs), window);
    }

    /** The same for runs by label. */
    public static Grid trainAndTestBands(Map<String, List<History>> runs, int window) {
        Map<String, double[][]> train = stepBands(runs, window), test = new LinkedHashMap<>();
        for (var e : runs.entrySet()) {
            List<History.Epoch> longest = e.getValue().stream().map(History::epochs).max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
            double[] x = longest.stream().mapToDouble(History.Epoch::step).toArray();
            test.put(e.getKey(), bands(x, e.getValue().stream().map(h -> h.epochs().stream().mapToDouble(History.Epoch::testLoss).toArray()).toList()));
        }
        double cap = ceiling(train.values().stream().map(d -> d[3]).toList());
        test.values().forEach(d -> { for (int k = 1; k < 4; k++) d[k] = cut(d[k], cap); });
        List<double[]> all = new ArrayList<>();
        for (var d : List.of(train, test)) d.values().forEach(b -> all.addAll(List.of(b[1], b[2], b[3])));
        Scale scale = Charts.useLog(Scale.AUTO, all.toArray(double[][]::new)) ? Scale.LOG : Scale.LINEAR;
        String smoothing = window == 1 ? "per step" : window + "-step average";
        XYChart left = bandChart("Train: batch loss, " + smoothing, "step", runs, train, scale, false, null);
        XYChart right = bandChart("Test: loss after each epoch", "step (end of each epoch)", runs, test, scale, true, null);
        Charts.shareY(left, right);
        return new Grid("Loss over seeds, train and test on the same axes: median, seed range", List.of(left, right), 2);
    }

    /** Per label: {step, median, min, max} over the seeds of the batch loss's moving average. */
    private static Map<String, double[][]> stepBands(Map<String, List<History>> runs, int window) {
        if (runs.isEmpty() || runs.values().stream().anyMatch(List::isEmpty)) throw new IllegalArgumentException("no runs to plot");
        if (window < 1) throw new IllegalArgumentException("window must be at least 1 step, got " + window);
        Map<String, double[][]> stats = new LinkedHashMap<>();
        for (var e : runs.entrySet()) {
            List<double[]> seeds = e.getValue().stream().map(h -> movingAverage(h.stepLosses(), window)).toList();
            double[] x = new double[seeds.stream().mapToInt(y -> y.length).max().orElse(0)];
            for (int s = 0; s < x.length; s++) x[s] = s;
            stats.put(e.getKey(), bands(x, seeds));
        }
        double cap = ceiling(stats.values().stream().map(d -> d[3]).toList());
        stats.values().forEach(d -> { for (int k = 1; k < 4; k++) d[k] = cut(d[k], cap); });
        return stats;
    }

    /** {x, median, min, max} at each x of one value array per seed; a seed's array may end early (a run that stopped). */
    private static double[][] bands(double[] x, List<double[]> seeds) {
        double[][] m = Charts.overSeeds(x.length, seeds);
        return new double[][]{x, m[0], m[1], m[2]};
    }

    private static XYChart bandChart(String title, String xLabel, Map<String, List<History>> runs, Map<String, double[][]> stats,
                                     Scale scale, boolean markers, double[] yRange) {
        var plot = Plots.lines(title, xLabel, "loss").yScale(scale).stepAxis();
        if (markers) plot.markers();
        if (yRange != null) plot.yRange(yRange[0], yRange[1]);
        stats.forEach((label, d) -> plot.series(label + ", median of " + runs.get(label).size() + " seeds", d[0], d[1], d[2], d[3]));
        return plot.chart();
    }

    /** Trailing moving average; it ends at the first non-finite loss (where a run diverged). */
    static double[] movingAverage(double[] values, int window) {
        double[] out = new double[values.length];
        java.util.Arrays.fill(out, Double.NaN);
        double sum = 0;
        for (int i = 0; i < values.length && Double.isFinite(values[i]); i++) {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    private static XYChart perEpoch(Map<String, History> runs, Scale scale, boolean isLoss) {
        check(runs);
        Map<String, double[][]> data = new LinkedHashMap<>();
        runs.forEach((label, h) -> {
            List<History.Epoch> ep = h.epochs();
            double[] x = new double[ep.size()], train = new double[ep.size()], test = new double[ep.size()];
            for (int k = 0; k < x.length; k++) {
                x[k] = ep.get(k).epoch();
                train[k] = isLoss ? ep.get(k).trainLoss() : ep.get(k).trainAccuracy();
                test[k] = isLoss ? ep.get(k).testLoss() : ep.get(k).testAccuracy();
            }
            data.put(label, new double[][]{x, train, test});
        });
        if (isLoss) {
            List<double[]> all = new ArrayList<>();
            data.values().forEach(d -> { all.add(d[1]); all.add(d[2]); });
            double cap = ceiling(all);
            data.values().forEach(d -> { d[1] = cut(d[1], cap); d[2] = cut(d[2], cap); });
        }
        double[][] values = data.values().stream().flatMap(d -> java.util.stream.Stream.of(d[1], d[2])).toArray(double[][]::new);
        boolean log = isLoss && Charts.useLog(scale, values);
        boolean hasTest = Double.isFinite(Charts.range(data.values().stream().map(d -> d[2]).toArray(double[][]::new))[0]);

        String what = isLoss ? "Loss" : "Accuracy";
        String title = hasTest ? what + " per epoch: train (solid), test (dashed)" : what + " per epoch (training set)";
        XYChart chart = Style.xy(title, "epoch", (isLoss ? "loss" : "accuracy") + (log ? " (log scale)" : ""), legends(runs));
        var st = chart.getStyler();
        st.setXAxisTickLabelsFormattingFunction(Charts::wholeNumber);
        st.setYAxisTickLabelsFormattingFunction(Charts::tick);
        if (!isLoss) {
            st.setYAxisMin(0.0);
            st.setYAxisMax(1.0);
        }
        data.values().forEach(d -> { d[1] = Charts.onAxis(d[1], log); d[2] = Charts.onAxis(d[2], log); });
        if (log) Charts.logY(chart);
        int i = 0;
        for (var e : runs.entrySet()) {
            double[][] d = data.get(e.getKey());
            Color c = Style.categorical(i++);
            Charts.line(chart, legend(e.getKey(), e.getValue()), d[0], d[1], c, Style.LINE);
            var test = Charts.line(chart, e.getKey() + " (test)", d[0], d[2], c, Style.DASHED);
            if (test != null) test.setShowInLegend(false);
            if (e.getValue().diverged()) markStop(chart, e.getKey(), d[0], d[1], c);
        }
        Charts.roundXTicks(chart);
        return chart;
    }

    /** CEILING times the largest first finite value of the series. */
    static double ceiling(Iterable<double[]> series) {
        double first = Double.NEGATIVE_INFINITY;
        for (double[] y : series)
            for (double v : y)
                if (Double.isFinite(v)) { first = Math.max(first, v); break; }
        return first > 0 ? CEILING * first : Double.POSITIVE_INFINITY;
    }

    /** The series up to where it first exceeds {@code cap}, that point set on the cap. */
    static double[] cut(double[] y, double cap) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] > cap) {
                out[i] = cap;
                java.util.Arrays.fill(out, i + 1, out.length, Double.NaN);
                break;
            }
        }
        return out;
    }

    /** A cross at the last point the run could still draw. */
    private static void markStop(XYChart chart, String label, double[] x, double[] y, Color c) {
        double[][] ok = Charts.finite(x, y);
        int n = ok[0].length;
        if (n > 0) Charts.stopMark(chart, label, ok[0][n - 1], ok[1][n - 1], c);
    }

    /** The run's label, with where it stopped if it did not complete. */
    static String legend(String label, History h) {
        return switch (h.status()) {
            case COMPLETED -> label;
            case DIVERGED -> label + " (diverged at step " + h.stopStep() + ")";
            case INTERRUPTED -> label + " (interrupted at step " + h.stopStep() + ")";
        };
    }

    private static List<String> legends(Map<String, History> runs) {
        return runs.entrySet().stream().map(e -> legend(e.getKey(), e.getValue())).toList();
    }

    private static void check(Map<String, History> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs to plot");
    }
}

package org.initlab.plot;

import org.initlab.experiment.Runs;
import org.initlab.experiment.SignalPropagation;
import org.initlab.probe.LayerStats;
import org.knowm.xchart.XYChart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

/**
 * How a signal's scale changes with depth: std (or mean) of pre-activations, activations or
 * gradients against the layer index, one line per run. A good initialization keeps the std flat;
 * a bad one makes it shrink or grow geometrically, a straight line on the log axis.
 *
 * <pre>{@code LayerProfiles.std(Map.of("std 0.01", small.probesAt(0), "xavier", xavier.probesAt(0)), Quantity.ACTIVATION)}</pre>
 */
public final class LayerProfiles {
    private LayerProfiles() {}

    /** Std per layer of one run. */
    public static XYChart std(List<LayerStats> layers, Quantity quantity) {
        return std(Map.of("std", layers), quantity, Scale.AUTO);
    }

    /** Std per layer, one line per run; log axis when the values span more than three decades. */
    public static XYChart std(Map<String, List<LayerStats>> runs, Quantity quantity) {
        return std(runs, quantity, Scale.AUTO);
    }

    public static XYChart std(Map<String, List<LayerStats>> runs, Quantity quantity, Scale scale) {
        return profile(runs, quantity, scale, "Std of " + quantity.plural() + " per layer", "std of " + quantity.axis(), Quantity::std);
    }

    /**
     * Std per layer over seeds: for each label, the median over its runs (one per seed) with their range as a
     * band. The runs of a label must have the same layers.
     */
    public static XYChart stdOverSeeds(Map<String, List<List<LayerStats>>> runs, Quantity quantity, Scale scale) {
        return overSeeds(runs, quantity, scale, "Std of " + quantity.plural() + " per layer", "std of " + quantity.axis(), Quantity::std);
    }

    /** The same for signal-propagation runs, one line per setting (its hidden layers). */
    public static XYChart stdOverSeeds(List<Runs<SignalPropagation>> runs, Quantity quantity, Scale scale) {
        return stdOverSeeds(hidden(runs), quantity, scale);
    }

    /** Mean per layer over seeds of signal-propagation runs, one line per setting (its hidden layers). */
    public static XYChart meanOverSeeds(List<Runs<SignalPropagation>> runs, Quantity quantity) {
        return meanOverSeeds(hidden(runs), quantity);
    }

    private static Map<String, List<List<LayerStats>>> hidden(List<Runs<SignalPropagation>> runs) {
        return Runs.byLabel(runs.stream().map(r -> r.<List<LayerStats>>map(SignalPropagation::hidden)).toList());
    }

    /** Mean per layer over seeds: median over the runs of each label, their range as a band (linear axis). */
    public static XYChart meanOverSeeds(Map<String, List<List<LayerStats>>> runs, Quantity quantity) {
        return overSeeds(runs, quantity, Scale.LINEAR, "Mean of " + quantity.plural() + " per layer", "mean of " + quantity.axis(), Quantity::mean);
    }

    private static XYChart overSeeds(Map<String, List<List<LayerStats>>> runs, Quantity quantity, Scale scale, String title, String yLabel,
                                     ToDoubleBiFunction<Quantity, LayerStats> value) {
        if (runs.isEmpty() || runs.values().stream().anyMatch(List::isEmpty)) throw new IllegalArgumentException("every label needs at least one run");
        var plot = Plots.lines(title + ": median, seed range", "layer index", yLabel).yScale(scale).markers();
        runs.forEach((label, seeds) -> {
            List<LayerStats> first = seeds.getFirst();
            double[] x = first.stream().mapToDouble(LayerStats::layer).toArray();
            List<double[]> perSeed = new java.util.ArrayList<>();
            for (int s = 0; s < seeds.size(); s++) {
                if (seeds.get(s).size() != first.size())
                    throw new IllegalArgumentException(label + ": run " + s + " has " + seeds.get(s).size() + " layers, run 0 has " + first.size());
                perSeed.add(seeds.get(s).stream().mapToDouble(l -> value.applyAsDouble(quantity, l)).toArray());
            }
            plot.seriesOverSeeds(label + ", median of " + seeds.size() + " seeds", x, perSeed);
        });
        XYChart chart = plot.chart();
        chart.getStyler().setXAxisTickLabelsFormattingFunction(Charts::wholeNumber);
        return chart;
    }

    /** Mean per layer, one line per run (linear axis: means can be negative). */
    public static XYChart mean(Map<String, List<LayerStats>> runs, Quantity quantity) {
        return profile(runs, quantity, Scale.LINEAR, "Mean of " + quantity.plural() + " per layer", "mean of " + quantity.axis(), Quantity::mean);
    }

    public static XYChart mean(List<LayerStats> layers, Quantity quantity) {
        return mean(Map.of("mean", layers), quantity);
    }

    private static XYChart profile(Map<String, List<LayerStats>> runs, Quantity quantity, Scale scale, String title, String yLabel,
                                   ToDoubleBiFunction<Quantity, LayerStats> value) {
        if (runs.isEmpty() || runs.values().stream().allMatch(List::isEmpty))
            throw new IllegalArgumentException("no probe records: train with .probe(Probe.every(n)) and pick a recorded step");
        Map<String, double[][]> lines = new LinkedHashMap<>();
        runs.forEach((label, layers) -> {
            double[] x = new double[layers.size()], y = new double[layers.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = layers.get(i).layer();
                y[i] = value.applyAsDouble(quantity, layers.get(i));
            }
            lines.put(label, new double[][]{x, y});
        });
        boolean log = Charts.useLog(scale, lines.values().stream().map(l -> l[1]).toArray(double[][]::new));
        XYChart chart = Style.xy(title, "layer index", yLabel + (log ? " (log scale)" : ""), List.copyOf(lines.keySet()));
        var st = chart.getStyler();
        st.setXAxisTickLabelsFormattingFunction(Charts::wholeNumber);
        st.setYAxisTickLabelsFormattingFunction(Charts::tick);
        lines.replaceAll((label, l) -> new double[][]{l[0], Charts.onAxis(l[1], log)});
        if (log) Charts.logY(chart);
        int i = 0;
        for (var e : lines.entrySet())
            Charts.lineWithMarkers(chart, e.getKey(), e.getValue()[0], e.getValue()[1], Style.categorical(i++), Style.LINE);
        return chart;
    }
}

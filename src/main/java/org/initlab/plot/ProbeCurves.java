package org.initlab.plot;

import org.initlab.experiment.Runs;
import org.initlab.nn.History;
import org.initlab.probe.LayerStats;
import org.knowm.xchart.XYChart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A probe metric over training, one line per layer colored by depth: saturation, dead units,
 * Karpathy's update-to-weight ratio (with its 1e-3 guide), unit symmetry. Beyond ten layers only
 * the first, a middle and the last are drawn in full and named ({@link LayerLines}). Layers where the metric
 * is undefined (NaN, e.g. saturation of a ReLU or of the linear output layer) are left out.
 *
 * <pre>{@code ProbeCurves.of(history, Metric.UPDATE_TO_WEIGHT)}</pre>
 */
public final class ProbeCurves {
    private ProbeCurves() {}

    public static XYChart of(History run, Metric metric) {
        return chart(run, metric, capitalized(metric.name()) + " per layer", Style.WIDTH, Style.HEIGHT, null);
    }

    /** One panel per setting, its run of seed {@code seed}, on a common y axis. */
    public static Grid grid(List<Runs<History>> runs, int seed, Metric metric) {
        var one = new java.util.LinkedHashMap<String, History>();
        Runs.byLabel(runs.stream().map(r -> new Runs<>(r.label() + ", seed " + seed, List.of(r.seed(seed)))).toList())
                .forEach((label, results) -> one.put(label, results.getFirst()));
        return grid(one, metric);
    }

    /** One panel per run, on a common y axis so the runs compare at a glance. */
    public static Grid grid(Map<String, History> runs, Metric metric) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs to plot");
        double[] shared = sharedRange(runs, metric);
        List<XYChart> panels = new ArrayList<>();
        if (runs.values().stream().allMatch(h -> series(h, metric).isEmpty())) throw new IllegalArgumentException(noCurve(runs.values().iterator().next(), metric));
        runs.forEach((label, h) -> {
            // A run with nothing to draw (diverged before its first probe, say) gets a panel that says why: the others still show.
            String why = h.probes().isEmpty() ? (h.diverged() ? "diverged before its first probe" : "no probe records") : metric.name() + " undefined on every layer";
            XYChart panel = series(h, metric).isEmpty() ? note(TrainingCurves.legend(label, h), why, 420, 300)
                    : chart(h, metric, TrainingCurves.legend(label, h), 420, 300, shared);
            panel.getStyler().setLegendVisible(false); // one key in the title serves every panel
            panels.add(panel);
        });
        // The key of the run with the most layers (each panel names its guide on the line).
        String key = runs.values().stream().map(h -> List.copyOf(series(h, metric).keySet()))
                .max(java.util.Comparator.comparingInt(List::size)).map(LayerLines::key).orElse("");
        return Grid.of(capitalized(metric.name()) + " per layer" + (key.isEmpty() ? "" : ": " + key), panels);
    }

    private static XYChart chart(History run, Metric metric, String title, int width, int height, double[] yRange) {
        Map<Integer, double[][]> layers = series(run, metric);
        if (layers.isEmpty()) throw new IllegalArgumentException(noCurve(run, metric));
        double[][] ys = layers.values().stream().map(l -> l[1]).toArray(double[][]::new);
        boolean log = yRange != null ? yRange[2] == 1 : Charts.useLog(metric.scale(), withGuide(ys, metric.guide()));
        boolean guide = !Double.isNaN(metric.guide());

        List<String> names = layers.keySet().stream().map(l -> "layer " + l).toList();
        XYChart chart = Style.xy(title, "step", metric.axis() + (log ? " (log scale)" : ""), width, height, LayerLines.legend(names));
        var st = chart.getStyler();
        st.setXAxisTickLabelsFormattingFunction(Charts::wholeNumber);
        st.setYAxisTickLabelsFormattingFunction(Charts::tick);
        layers.replaceAll((layer, l) -> new double[][]{l[0], Charts.onAxis(l[1], log)});
        double guideY = log ? Math.log10(metric.guide()) : metric.guide();
        if (log) Charts.logY(chart);
        if (yRange != null) {
            st.setYAxisMin(yRange[0]);
            st.setYAxisMax(yRange[1]);
        }
        double[][] xs = layers.values().stream().map(l -> l[0]).toArray(double[][]::new);
        double[][] axisYs = layers.values().stream().map(l -> l[1]).toArray(double[][]::new);
        boolean dense = java.util.Arrays.stream(xs).anyMatch(x -> x.length > 200); // many probes: thinner lines
        LayerLines.draw(chart, names, xs, axisYs, dense ? Style.THIN : Style.LINE, false);
        double[] xr = Charts.range(xs);
        double x0 = xr[0], x1 = xr[1];
        if (guide) Charts.guide(chart, guideY, metric.guideLabel(), x0, x1);
        Charts.roundXTicks(chart);
        return chart;
    }

    /** Why a run has no curve of {@code metric}. */
    private static String noCurve(History run, Metric metric) {
        if (run.probes().isEmpty())
            return run.diverged() && run.stopStep() == 0 ? run.label() + " diverged before its first probe (" + run.message() + "): nothing was measured"
                    : "no probe records in " + run.label() + ": train with .probe(Probe.every(n))";
        return metric.name() + " is undefined (NaN) on every layer of " + run.label() + " (saturation needs tanh or sigmoid, dead units need ReLU)";
    }

    /** An empty panel that says, in its middle, why there is nothing to draw. */
    private static XYChart note(String title, String why, int width, int height) {
        XYChart chart = Style.xy(title, "step", "", width, height, List.of());
        chart.addAnnotation(new org.knowm.xchart.AnnotationText(why, width / 2.0, height / 2.0, true));
        return chart;
    }

    /** layer -> {steps, values}, for the layers where the metric is defined somewhere. */
    static Map<Integer, double[][]> series(History run, Metric metric) {
        Map<Integer, List<LayerStats>> byLayer = new TreeMap<>();
        for (LayerStats s : run.probes()) byLayer.computeIfAbsent(s.layer(), k -> new ArrayList<>()).add(s);
        Map<Integer, double[][]> out = new TreeMap<>();
        byLayer.forEach((layer, records) -> {
            double[] x = new double[records.size()], y = new double[records.size()];
            boolean any = false;
            for (int k = 0; k < x.length; k++) {
                x[k] = records.get(k).step();
                y[k] = metric.of(records.get(k));
                any |= !Double.isNaN(y[k]);
            }
            if (any) out.put(layer, new double[][]{x, y});
        });
        return out;
    }

    /**
     * {min, max, 1 if log} of the axis every panel shares (in log10 on a log axis), padded a
     * little so no line sits on the frame; null if no run has a value.
     */
    private static double[] sharedRange(Map<String, History> runs, Metric metric) {
        List<double[]> all = new ArrayList<>();
        for (History h : runs.values()) for (double[][] l : series(h, metric).values()) all.add(l[1]);
        double[][] ys = withGuide(all.toArray(double[][]::new), metric.guide());
        boolean log = Charts.useLog(metric.scale(), ys);
        double[][] axis = new double[ys.length][];
        for (int i = 0; i < ys.length; i++) axis[i] = Charts.onAxis(ys[i], log);
        double[] r = Charts.range(axis);
        if (Double.isNaN(r[0])) return null;
        double pad = r[1] > r[0] ? 0.05 * (r[1] - r[0]) : Math.max(Math.abs(r[0]) * 0.1, 0.05);
        return new double[]{r[0] - pad, r[1] + pad, log ? 1 : 0};
    }

    private static double[][] withGuide(double[][] ys, double guide) {
        if (Double.isNaN(guide)) return ys;
        double[][] out = java.util.Arrays.copyOf(ys, ys.length + 1);
        out[ys.length] = new double[]{guide};
        return out;
    }

    private static String capitalized(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }
}

package org.initlab.plot;

import org.initlab.experiment.Runs;
import org.initlab.experiment.SignalPropagation;
import org.initlab.probe.Histogram;
import org.initlab.probe.LayerStats;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-layer distributions at one training step: the figure of Glorot &amp; Bengio (2010, figs 6-7)
 * and of Karpathy's makemore, built from {@code history.probesAt(step)}.
 *
 * <p>Densities (area 1) rather than counts, so layers with different ranges compare. Layer
 * numbers are the library's 0-based indices; pass only the hidden layers (drop the last record)
 * for the papers' figure, since the output layer's "activation" is the raw logits.
 *
 * <p>Two views. {@link #of} and {@link #grid} draw the values themselves, for the shapes (saturation at
 * +-1, a spike at 0); once the layers' scales differ by decades they draw each layer on its own scale, so
 * a signal that shrinks or grows shows only in the numbers. {@link #magnitudes} draws the sizes |v| on
 * one log axis shared by every layer (and every panel), so the shrinking or growing is what one sees.
 */
public final class LayerHistograms {
    private LayerHistograms() {}

    public static XYChart preActivations(List<LayerStats> layers) { return of(null, layers, Quantity.PRE_ACTIVATION); }
    public static XYChart activations(List<LayerStats> layers) { return of(null, layers, Quantity.ACTIVATION); }
    public static XYChart gradients(List<LayerStats> layers) { return of(null, layers, Quantity.GRADIENT); }

    /** The same, titled with what was measured (a start, a setting), for charts shown side by side. */
    public static XYChart activations(String what, List<LayerStats> layers) { return of(what, layers, Quantity.ACTIVATION); }
    public static XYChart gradients(String what, List<LayerStats> layers) { return of(what, layers, Quantity.GRADIENT); }

    public static XYChart of(List<LayerStats> layers, Quantity quantity) { return of(null, layers, quantity); }

    /**
     * One density curve per layer, overlaid, colored by depth (beyond ten layers, the first, a middle and the last in
     * full, the others light: {@link LayerLines}); the legend gives each layer's mean and std, the title
     * starts with {@code what} if given. When the layers' std differ more than a hundredfold (vanishing or exploding
     * signals), a shared axis would show all but one layer as a spike at 0: each layer is then drawn in units of its
     * own std (x / std, density times std, so the area stays 1), which keeps the shapes, and the title says so.
     */
    public static XYChart of(String what, List<LayerStats> layers, Quantity quantity) {
        check(layers);
        boolean own = stdSpread(layers, quantity) > OWN_SCALE;
        List<String> legend = layers.stream().map(s -> legend(s, quantity)).toList();
        String title = (what == null ? title(layers, quantity) : what + ": " + lower(title(layers, quantity))) + (own ? " (each in units of its own std)" : "");
        XYChart chart = Style.xy(title, own ? quantity.axis() + " / its layer's std" : quantity.axis(), "density", LayerLines.legend(legend));
        chart.getStyler().setXAxisTickLabelsFormattingFunction(Charts::tick);
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        double[][] xs = new double[layers.size()][], ys = new double[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            LayerStats s = layers.get(i);
            double[][] curve = polygon(quantity.histogram(s));
            double sd = quantity.std(s);
            if (own && sd > 0 && Double.isFinite(sd))
                for (int k = 0; k < curve[0].length; k++) { curve[0][k] /= sd; curve[1][k] *= sd; }
            xs[i] = curve[0];
            ys[i] = curve[1];
        }
        LayerLines.draw(chart, legend, xs, ys, Style.LINE, false);
        Charts.roundXTicks(chart);
        return chart;
    }

    /** Beyond this ratio of the largest to the smallest layer std, one shared x axis shows all but one layer as a spike. */
    static final double OWN_SCALE = 100;

    /** Largest over smallest positive finite std of the layers (1 if there are fewer than two). */
    static double stdSpread(List<LayerStats> layers, Quantity quantity) {
        double minStd = Double.POSITIVE_INFINITY, maxStd = 0;
        for (LayerStats s : layers) {
            double std = quantity.std(s);
            if (std > 0 && Double.isFinite(std)) { minStd = Math.min(minStd, std); maxStd = Math.max(maxStd, std); }
        }
        return maxStd > 0 && minStd < Double.POSITIVE_INFINITY ? maxStd / minStd : 1;
    }

    private static String lower(String s) { return Character.toLowerCase(s.charAt(0)) + s.substring(1); }

    /**
     * One small filled histogram per layer. The panels share their x axis, so widths compare at a
     * glance, unless the layers' std differ more than a hundredfold (vanishing or exploding
     * signals): then a shared axis would show most layers as a bare spike, and each panel gets
     * its own axis, its title giving the scale.
     */
    public static Grid grid(List<LayerStats> layers, Quantity quantity) {
        check(layers);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (LayerStats s : layers) {
            Histogram h = quantity.histogram(s);
            lo = Math.min(lo, h.lo());
            hi = Math.max(hi, h.hi());
        }
        boolean shared = !(stdSpread(layers, quantity) > OWN_SCALE);
        List<XYChart> panels = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerStats s = layers.get(i);
            XYChart panel = Style.xy("layer " + s.layer() + ": std " + Charts.num(quantity.std(s)), quantity.axis(), "density",
                    Style.PANEL_WIDTH, Style.PANEL_HEIGHT, List.of());
            var st = panel.getStyler();
            if (shared) {
                st.setXAxisMin(lo);
                st.setXAxisMax(hi);
            }
            st.setXAxisTickLabelsFormattingFunction(Charts::tick);
            st.setYAxisTickLabelsFormattingFunction(Charts::tick);
            st.setXAxisMaxLabelCount(5);
            double[][] curve = polygon(quantity.histogram(s));
            XYSeries area = Charts.line(panel, "layer " + s.layer(), curve[0], curve[1], Style.layer(i, layers.size()), Style.THIN);
            if (area != null) {
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
                area.setFillColor(Style.tint(Style.layer(i, layers.size()), 0.55));
            }
            Charts.roundXTicks(panel);
            panels.add(panel);
        }
        return Grid.of(title(layers, quantity) + (shared ? "" : " (each panel on its own scale)"), panels);
    }

    /** The raw view of one run's layers: see {@link #magnitudes(String, List, Quantity)}. */
    public static XYChart magnitudes(List<LayerStats> layers, Quantity quantity) { return magnitudes(null, layers, quantity); }

    /**
     * The raw view: for each layer, how the sizes |v| of its values spread over the decades, every layer on one
     * shared log axis, so a signal that shrinks or grows from layer to layer is a row of curves moving left or
     * right (a factor 10 is one decade). Each curve is the share of the layer's values per decade (area 1); for a
     * zero-mean bell its peak sits at the layer's std. The title starts with {@code what} if given.
     */
    public static XYChart magnitudes(String what, List<LayerStats> layers, Quantity quantity) {
        check(layers);
        double[] axis = magnitudeAxis(List.of(layers), quantity);
        String title = magnitudeTitle(layers, quantity);
        return magnitudeChart(what == null ? title : what + ": " + lower(title), layers, quantity, axis);
    }

    /**
     * The raw view for several settings at one seed, one panel each, all panels on the same log axis: the
     * settings compare by position, as the layers of one panel do.
     */
    public static Grid magnitudes(List<Runs<SignalPropagation>> runs, int seed, Quantity quantity) {
        Map<String, List<LayerStats>> layers = new LinkedHashMap<>();
        for (Runs<SignalPropagation> r : runs) layers.put(r.label(), r.seed(seed).hidden());
        return magnitudes(layers, quantity, "seed " + seed);
    }

    /** The same for layers by label; {@code note}, if given, ends the grid's title ("seed 1"). */
    public static Grid magnitudes(Map<String, List<LayerStats>> runs, Quantity quantity, String note) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs to plot");
        runs.values().forEach(LayerHistograms::check);
        double[] axis = magnitudeAxis(runs.values(), quantity);
        List<XYChart> panels = new ArrayList<>();
        runs.forEach((label, layers) -> panels.add(magnitudeChart(label, layers, quantity, axis)));
        String title = magnitudeTitle(runs.values().iterator().next(), quantity) + (note == null ? "" : ", " + note)
                + (runs.size() > 1 ? ": one log axis for all panels" : "");
        return Grid.of(title, panels);
    }

    /** Bins per decade of the raw view's curves, and at most this many bins in all. */
    static final int BINS_PER_DECADE = 20, MAX_MAGNITUDE_BINS = 600;

    /** The share of a layer's nonzero values the raw view's axis may leave off at its left end. */
    static final double LEFT_TAIL = 1e-3;

    private static XYChart magnitudeChart(String title, List<LayerStats> layers, Quantity quantity, double[] axis) {
        List<String> legend = layers.stream().map(s -> magnitudeLegend(s, quantity)).toList();
        XYChart chart = Style.xy(title, "|" + quantity.axis() + "| (log scale)", "share per decade", Style.WIDTH, Style.HEIGHT,
                LayerLines.legend(legend), true);
        var st = chart.getStyler();
        st.setXAxisMin(axis[0]);
        st.setXAxisMax(axis[1]);
        Charts.logX(chart);
        st.setYAxisTickLabelsFormattingFunction(Charts::tick);
        st.setYAxisMin(0.0);
        int bins = (int) Math.min(MAX_MAGNITUDE_BINS, Math.ceil((axis[1] - axis[0]) * BINS_PER_DECADE));
        double[][] xs = new double[layers.size()][], ys = new double[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            LayerStats s = layers.get(i);
            double[][] curve = magnitudeDensity(quantity.magnitudes(s), quantity.histogram(s).total(), axis[0], axis[1], bins);
            xs[i] = curve[0];
            ys[i] = curve[1];
        }
        LayerLines.draw(chart, legend, xs, ys, Style.LINE, false);
        Charts.roundXTicks(chart);
        return chart;
    }

    /** "layer 0 (std 0.21)", and the share of exact zeros if any ("layer 3 (std 0.5, zeros 48%)"): they have no place on a log axis. */
    static String magnitudeLegend(LayerStats s, Quantity q) {
        double zeros = zeroShare(q.magnitudes(s), q.histogram(s).total());
        return "layer " + s.layer() + " (std " + Charts.num(q.std(s)) + (zeros > 0 ? ", zeros " + Charts.percent(zeros) : "") + ")";
    }

    /** The share of the values the log histogram leaves out, of {@code total} finite values: the exact zeros. */
    static double zeroShare(Histogram magnitudes, long total) {
        return total == 0 ? 0 : 1 - (double) magnitudes.total() / total;
    }

    private static String magnitudeTitle(List<LayerStats> layers, Quantity q) {
        return "|" + lower(title(layers, q)).replaceFirst(" per layer", "| per layer");
    }

    /**
     * The shared log axis, {log10 lo, log10 hi} in whole decades: from where the layer that reaches lowest has all
     * but {@link #LEFT_TAIL} of its nonzero values above (a lone draw near 0 would stretch it by decades), to the
     * largest |v| of any layer.
     */
    static double[] magnitudeAxis(Iterable<List<LayerStats>> runs, Quantity quantity) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (List<LayerStats> layers : runs)
            for (LayerStats s : layers) {
                Histogram h = quantity.magnitudes(s);
                if (h.total() == 0) continue;
                hi = Math.max(hi, h.hi());
                lo = Math.min(lo, magnitudeQuantile(h, LEFT_TAIL));
            }
        if (lo > hi) return new double[]{-1, 1};
        return new double[]{Math.floor(lo), Math.max(Math.ceil(hi), Math.floor(lo) + 1)};
    }

    /** The log10 |v| below which a share {@code p} of the histogram's values lie, each bin's values spread evenly over it. */
    static double magnitudeQuantile(Histogram logs, double p) {
        long[] counts = logs.counts();
        double need = p * logs.total(), seen = 0, w = logs.binWidth();
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > 0 && seen + counts[k] >= need) return logs.lo() + (k + (need - seen) / counts[k]) * w;
            seen += counts[k];
        }
        return logs.hi();
    }

    /**
     * A layer's share of values per decade of |v| in {@code bins} equal bins of log10 |v| over [lo, hi], as a frequency
     * polygon closed by a zero at each end: {log10 |v|, share per decade}. Shares are of all {@code total} finite
     * values, zeros included, so a layer with exact zeros has a curve of area 1 minus their share. Each bin of the log
     * histogram is spread evenly over the bins it overlaps.
     */
    static double[][] magnitudeDensity(Histogram logs, long total, double lo, double hi, int bins) {
        double w = (hi - lo) / bins, from = logs.binWidth();
        double[] x = new double[bins + 2], y = new double[bins + 2];
        x[0] = lo;
        x[bins + 1] = hi;
        for (int k = 0; k < bins; k++) x[k + 1] = lo + (k + 0.5) * w;
        long[] counts = logs.counts();
        for (int j = 0; j < counts.length && total > 0; j++) {
            if (counts[j] == 0) continue;
            double a = logs.lo() + j * from, b = a + from, share = (double) counts[j] / total;
            int first = Math.max(0, (int) Math.floor((a - lo) / w)), last = Math.min(bins - 1, (int) Math.floor((b - lo) / w));
            for (int k = first; k <= last; k++) {
                double overlap = Math.min(b, lo + (k + 1) * w) - Math.max(a, lo + k * w);
                if (overlap > 0) y[k + 1] += share * overlap / from / w;
            }
        }
        return new double[][]{x, y};
    }

    /**
     * The histogram as a frequency polygon: density at each bin center, closed with a zero one
     * half-bin beyond each end so the curve starts and ends on the axis.
     */
    static double[][] polygon(Histogram h) {
        double[] c = h.centers(), d = h.density();
        int n = c.length;
        double[] x = new double[n + 2], y = new double[n + 2];
        x[0] = h.lo() - h.binWidth() / 2;
        x[n + 1] = h.hi() + h.binWidth() / 2;
        System.arraycopy(c, 0, x, 1, n);
        System.arraycopy(d, 0, y, 1, n);
        return new double[][]{x, y};
    }

    /** "layer 0 (mean 0.01, std 0.23, saturated 20%)", as in makemore. */
    static String legend(LayerStats s, Quantity q) {
        StringBuilder b = new StringBuilder("layer ").append(s.layer())
                .append(" (mean ").append(Charts.num(q.mean(s))).append(", std ").append(Charts.num(q.std(s)));
        if (q == Quantity.ACTIVATION && !Double.isNaN(s.saturated())) b.append(", saturated ").append(Charts.percent(s.saturated()));
        if (q == Quantity.ACTIVATION && !Double.isNaN(s.dead())) b.append(", dead ").append(Charts.percent(s.dead()));
        return b.append(')').toString();
    }

    private static String title(List<LayerStats> layers, Quantity q) {
        long step = layers.getFirst().step();
        boolean oneStep = layers.stream().allMatch(s -> s.step() == step);
        String what = Character.toUpperCase(q.plural().charAt(0)) + q.plural().substring(1) + " per layer";
        return oneStep ? what + ", step " + step : what;
    }

    private static void check(List<LayerStats> layers) {
        if (layers.isEmpty())
            throw new IllegalArgumentException("no probe records: train with .probe(Probe.every(n)) and pick a recorded step");
    }
}

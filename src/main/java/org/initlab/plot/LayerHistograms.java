package org.initlab.plot;

import org.initlab.probe.Histogram;
import org.initlab.probe.LayerStats;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-layer distributions at one training step: the figure of Glorot &amp; Bengio (2010, figs 6-7)
 * and of Karpathy's makemore, built from {@code history.probesAt(step)}.
 *
 * <p>Densities (area 1) rather than counts, so layers with different ranges compare. Layer
 * numbers are the library's 0-based indices; pass only the hidden layers (drop the last record)
 * for the papers' figure, since the output layer's "activation" is the raw logits.
 */
public final class LayerHistograms {
    private LayerHistograms() {}

    public static XYChart preActivations(List<LayerStats> layers) { return of(layers, Quantity.PRE_ACTIVATION); }
    public static XYChart activations(List<LayerStats> layers) { return of(layers, Quantity.ACTIVATION); }
    public static XYChart gradients(List<LayerStats> layers) { return of(layers, Quantity.GRADIENT); }

    /** One density curve per layer, overlaid, colored by depth; the legend gives each layer's mean and std. */
    public static XYChart of(List<LayerStats> layers, Quantity quantity) {
        check(layers);
        List<String> legend = layers.stream().map(s -> legend(s, quantity)).toList();
        XYChart chart = Style.xy(title(layers, quantity), quantity.axis(), "density", legend);
        chart.getStyler().setXAxisTickLabelsFormattingFunction(Charts::tick);
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        for (int i = 0; i < layers.size(); i++) {
            LayerStats s = layers.get(i);
            double[][] curve = polygon(quantity.histogram(s));
            Charts.line(chart, legend.get(i), curve[0], curve[1], Style.layer(i, layers.size()), Style.LINE);
        }
        Charts.roundXTicks(chart);
        return chart;
    }

    /**
     * One small filled histogram per layer. The panels share their x axis, so widths compare at a
     * glance, unless the layers' std differ more than a hundredfold (vanishing or exploding
     * signals): then a shared axis would show most layers as a bare spike, and each panel gets
     * its own axis, its title giving the scale.
     */
    public static Grid grid(List<LayerStats> layers, Quantity quantity) {
        check(layers);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        double minStd = Double.POSITIVE_INFINITY, maxStd = 0;
        for (LayerStats s : layers) {
            Histogram h = quantity.histogram(s);
            lo = Math.min(lo, h.lo());
            hi = Math.max(hi, h.hi());
            double std = quantity.std(s);
            if (std > 0 && Double.isFinite(std)) { minStd = Math.min(minStd, std); maxStd = Math.max(maxStd, std); }
        }
        boolean shared = !(maxStd > 100 * minStd);
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

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

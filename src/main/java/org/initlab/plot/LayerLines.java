package org.initlab.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * How a chart with one line per layer names its layers. Up to {@link #ALL_NAMED} layers, every
 * line is drawn in its viridis color and named in the legend. Beyond that thirty shades of one
 * colormap cannot be told apart, and their legend is taller than the chart (XChart cuts it at
 * both ends): the first, a middle and the last layer are drawn in full and named, the others as
 * thin light lines behind them, named once in the legend as "the other k layers".
 */
final class LayerLines {
    private LayerLines() {}

    /** Up to this many layers, every layer is named. */
    static final int ALL_NAMED = 10;

    /** Whether layer {@code i} of {@code n} (0-based positions) gets a full line and a legend entry. */
    static boolean named(int i, int n) {
        return n <= ALL_NAMED || i == 0 || i == middle(n) || i == n - 1;
    }

    static int middle(int n) { return (n - 1) / 2; }

    /** The legend's name for the layers drawn light. */
    static String others(int n) { return "the other " + (n - 3) + " layers"; }

    /** Color of a light layer: its viridis color, mostly white, so depth still reads but the named lines stand out. */
    static Color light(int i, int n) { return Style.tint(Style.layer(i, n), 0.6); }

    /** The stroke of the light layers: thinner than the named ones' {@code stroke}. */
    static BasicStroke lightStroke(BasicStroke stroke) {
        return stroke.getLineWidth() > Style.THIN.getLineWidth() ? Style.THIN : Style.HAIR;
    }

    /** The legend entries of layers named {@code names}, in the order the chart lists them. */
    static List<String> legend(List<String> names) {
        int n = names.size();
        if (n <= ALL_NAMED) return List.copyOf(names);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) if (named(i, n)) out.add(names.get(i));
        out.add(others(n));
        return out;
    }

    /** The order to draw {@code n} layers in: the light ones first, so the named ones lie on top. */
    static List<Integer> drawingOrder(int n) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) if (!named(i, n)) order.add(i);
        for (int i = 0; i < n; i++) if (named(i, n)) order.add(i);
        return order;
    }

    /**
     * The legend entry of the light layers, added last: a one-point line, which draws nothing on the plot
     * but gives the legend a thin light sample. (x, y) must be a point of the data, so the axes do not move.
     */
    static void othersEntry(XYChart chart, int n, double x, double y, BasicStroke stroke) {
        if (n <= ALL_NAMED || !Double.isFinite(x) || !Double.isFinite(y)) return;
        XYSeries s = chart.addSeries(others(n), new double[]{x}, new double[]{y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(light(middle(n), n));
        s.setLineStyle(stroke);
    }

    /**
     * Draws one line per layer, (xs[i], ys[i]) named {@code names.get(i)}, first layer first, with {@code stroke}
     * for the named lines (and markers if asked); see the class comment for many layers.
     */
    static void draw(XYChart chart, List<String> names, double[][] xs, double[][] ys, BasicStroke stroke, boolean markers) {
        int n = names.size();
        double[] anchor = {Double.NaN, Double.NaN};
        for (int i : drawingOrder(n)) {
            XYSeries s;
            if (named(i, n)) {
                Color c = Style.layer(i, n);
                s = markers ? Charts.lineWithMarkers(chart, names.get(i), xs[i], ys[i], c, stroke) : Charts.line(chart, names.get(i), xs[i], ys[i], c, stroke);
            } else {
                s = Charts.line(chart, names.get(i), xs[i], ys[i], light(i, n), lightStroke(stroke));
                if (s != null) s.setShowInLegend(false);
            }
            if (s != null && Double.isNaN(anchor[0])) anchor = new double[]{s.getXData()[0], s.getYData()[0]};
        }
        othersEntry(chart, n, anchor[0], anchor[1], lightStroke(stroke));
    }

    /** A title's key to the colors of {@code n} layers numbered {@code layers}: which are dark, light, named. */
    static String key(List<Integer> layers) {
        int n = layers.size();
        if (n <= 1) return "";
        if (n <= ALL_NAMED) return "layer " + layers.getFirst() + " dark to layer " + layers.getLast() + " light";
        return "layers " + layers.getFirst() + ", " + layers.get(middle(n)) + " and " + layers.getLast()
                + " bold (dark to light), the other " + (n - 3) + " thin";
    }
}

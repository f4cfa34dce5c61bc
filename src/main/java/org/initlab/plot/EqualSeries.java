package org.initlab.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.None;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes equal lines of a chart visible as equal. Two runs that give the same curve draw one line,
 * and a reader who counts four legend entries and three lines concludes a run is missing. So a
 * line that equals an earlier one of the same chart is drawn dashed in its own color over it (the
 * earlier line shows in the gaps), and its legend entry says which it equals:
 * "zeros, tanh = zeros, relu" when the values are equal to the bit, "output x 0.01 ≈ output x 0"
 * when they are near: on average within {@link #MEAN_TOLERANCE} (0.2%) of the chart's y range of
 * the earlier line's, and nowhere further than {@link #MAX_TOLERANCE} (2%). On a chart 400 pixels
 * high that is under a pixel on average, a few pixels at most: the same line on screen, wherever
 * two noisy curves part for a step or two. Label parts both entries end with (", median of 5
 * seeds") are said once.
 *
 * <p>Only lines in the legend are compared: bands (hidden polygons), stop marks and other hidden
 * series are left alone, and so are lines already dashed (guides, test curves), whose own dashes
 * carry a meaning. Two lines compare only when their x values are the same. The y range is the
 * one the axis shows, on a log axis that of the log10 values the chart holds. Several lines equal
 * to one take turns along its dashes, so each shows. A copy's markers become rings around the
 * first's. A copy's band, when equal to the first's band, is hidden, so the shading does not
 * double.
 *
 * <p>XChart strokes a line one segment at a time and starts the dash pattern again at each, so a
 * line of many short segments (500 steps across the chart) would come out solid. So a copy's dash
 * pattern shrinks to fit one step where its steps are short, and where that would leave dashes under
 * {@link #MIN_DASH} pixels the copy is dashed in its data instead: it keeps its values on runs of
 * steps about {@link #DASH} pixels long and is NaN (a break in the line) in between.
 *
 * <p>The notebook's rendering ({@code org.initlab.notebook.Render}), {@link Grid} and {@link Plots}
 * call {@link #mark} before they draw, so every chart gets it. Marking twice changes nothing more: a
 * copy is dashed, and dashed lines are not compared.
 */
public final class EqualSeries {
    private EqualSeries() {}

    /** Lines apart by at most this fraction of the chart's y range on average (and {@link #MAX_TOLERANCE} anywhere) are "≈". */
    public static final double MEAN_TOLERANCE = 0.002;
    /** ... and apart by at most this fraction of it at any point. */
    public static final double MAX_TOLERANCE = 0.02;

    /** Dash and gap of a copy's line, in chart pixels: the first line shows in the gaps. */
    static final float DASH = 6f, GAP = 4f;
    /** The shortest dash a stroke draws; a copy whose steps leave less is dashed in its data. */
    static final float MIN_DASH = 3f;

    /** How a line relates to an earlier one. */
    public enum Match { NONE, EQUAL, NEAR }

    /** A line drawn as a copy of an earlier one. */
    private record Copy(XYSeries series, XYSeries first, Match match) {}

    /** Marks every line of {@code chart} that equals an earlier one; charts other than XY charts are left as they are. */
    public static void mark(Chart<?, ?> chart) {
        if (!(chart instanceof XYChart xy)) return;
        var byDefault = xy.getStyler().getDefaultSeriesRenderStyle();
        List<XYSeries> lines = xy.getSeriesCollection().stream().filter(s -> comparable(s, byDefault)).toList();
        if (lines.size() < 2) return;
        double range = yRange(xy);
        List<XYSeries> firsts = new ArrayList<>();
        Map<XYSeries, List<Copy>> byFirst = new LinkedHashMap<>();
        for (XYSeries s : lines) {
            Copy copy = copyOf(s, firsts, range);
            if (copy == null) firsts.add(s);
            else byFirst.computeIfAbsent(copy.first(), k -> new ArrayList<>()).add(copy);
        }
        if (byFirst.isEmpty()) return;
        Font font = xy.getStyler().getLegendFont();
        double widest = Math.max(legendRoom(xy), lines.stream().mapToDouble(s -> widestLine(s.getLabel(), font)).max().orElse(0));
        byFirst.forEach((first, group) -> {
            for (int j = 0; j < group.size(); j++) {
                Copy c = group.get(j);
                dash(xy, c.series(), j, group.size());
                if (hasMarker(c.series())) c.series().setMarker(RING);
                c.series().setLabel(label(c.series().getLabel(), first.getLabel(), c.match(), widest, font));
                hideEqualBand(xy, c, range);
            }
        });
    }

    /**
     * How {@code b} relates to {@code a} on a chart whose y range is {@code range}: equal to the bit, near
     * (see the class comment), or neither.
     */
    public static Match compare(XYSeries a, XYSeries b, double range) {
        if (!Arrays.equals(a.getXData(), b.getXData())) return Match.NONE;
        double[] ya = a.getYData(), yb = b.getYData();
        if (Arrays.equals(ya, yb)) return Match.EQUAL;
        if (ya.length != yb.length) return Match.NONE;
        double sum = 0;
        for (int i = 0; i < ya.length; i++) {
            if (Double.isNaN(ya[i]) && Double.isNaN(yb[i])) continue;
            double d = Math.abs(ya[i] - yb[i]);
            if (!(d <= MAX_TOLERANCE * range)) return Match.NONE; // NaN against a value too
            sum += d;
        }
        return sum / ya.length <= MEAN_TOLERANCE * range ? Match.NEAR : Match.NONE;
    }

    /** The earlier line {@code s} equals, preferring one equal to the bit; null if none. */
    private static Copy copyOf(XYSeries s, List<XYSeries> firsts, double range) {
        Copy near = null;
        for (XYSeries f : firsts) {
            Match m = compare(f, s, range);
            if (m == Match.EQUAL) return new Copy(s, f, m);
            if (m == Match.NEAR && near == null) near = new Copy(s, f, m);
        }
        return near;
    }

    /** A line in the legend, solid, of at least two points: what a reader counts as a run. */
    private static boolean comparable(XYSeries s, XYSeries.XYSeriesRenderStyle byDefault) {
        boolean line = s.getXYSeriesRenderStyle().orElse(byDefault) == XYSeries.XYSeriesRenderStyle.Line;
        boolean solid = s.getLineStyle() == null || s.getLineStyle().getDashArray() == null;
        return line && solid && s.isShowInLegend() && s.isEnabled() && s.getXData().length > 1;
    }

    /** The y range the axis shows: the series' values, or the bounds the styler fixes. */
    static double yRange(XYChart chart) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesCollection()) {
            if (!s.isEnabled()) continue;
            for (double v : s.getYData()) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        var st = chart.getStyler();
        if (st.getYAxisMin() != null) lo = st.getYAxisMin();
        if (st.getYAxisMax() != null) hi = st.getYAxisMax();
        return hi > lo ? hi - lo : 0;
    }

    /**
     * Dashes the {@code j}-th of {@code n} copies of one line. Where its steps are long, by its stroke, the
     * pattern shrunk to fit a step if need be (it starts again at each step, so each shows dashes and a
     * gap); where a shrunk dash would be under {@link #MIN_DASH}, in its data ({@link #withGaps}), with a
     * stroke that draws each short step whole and gives the legend its dashed sample.
     */
    private static void dash(XYChart chart, XYSeries s, int j, int n) {
        double[] x = s.getXData();
        double step = plotWidth(chart) / (x.length - 1);
        float fit = (float) Math.min(1, step / (n * DASH + GAP));
        if (fit * DASH >= MIN_DASH) {
            s.setLineStyle(dashes(s.getLineStyle(), j, n, fit));
            return;
        }
        s.setLineStyle(dashes(s.getLineStyle(), 0, 1, 1));
        int dash = Math.max(1, (int) Math.round(DASH / step)), gap = Math.max(2, (int) Math.round(GAP / step));
        chart.updateXYSeries(s.getName(), x, withGaps(s.getYData(), j, n, dash, gap), null);
    }

    /** About how wide the plot is, in chart pixels: the chart less its axis labels and a legend beside it. */
    static double plotWidth(XYChart chart) {
        var st = chart.getStyler();
        boolean beside = st.isLegendVisible() && st.getLegendPosition() == Styler.LegendPosition.OutsideE;
        return chart.getWidth() * (beside ? 0.7 : 0.85);
    }

    /**
     * The stroke of the {@code j}-th of {@code n} copies of one line: dashes of {@link #DASH} in turn, then a
     * gap of {@link #GAP} where the first line shows, all times {@code fit}. Width, caps and joins stay the
     * copy's own.
     */
    static BasicStroke dashes(BasicStroke own, int j, int n, float fit) {
        float width = own == null ? Style.LINE.getLineWidth() : own.getLineWidth();
        float dash = fit * DASH, period = fit * (n * DASH + GAP);
        float phase = (period - j * dash) % period; // copy j's dash starts j dashes along
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{dash, period - dash}, phase);
    }

    /**
     * The values of the {@code j}-th of {@code n} copies dashed in the data: it keeps runs of {@code dash}
     * steps, the copies in turn, and then leaves {@code gap} steps (at least 2, so a NaN breaks the line)
     * to the first line; NaN elsewhere.
     */
    static double[] withGaps(double[] y, int j, int n, int dash, int gap) {
        double[] out = new double[y.length];
        Arrays.fill(out, Double.NaN);
        int period = n * dash + gap;
        for (int step = 0; step + 1 < y.length; step++) { // step joins points step and step + 1
            int at = step % period - j * dash;
            if (at >= 0 && at < dash) {
                out[step] = y[step];
                out[step + 1] = y[step + 1];
            }
        }
        return out;
    }

    /**
     * The legend label of a copy: its own, then "= first" or "≈ first", the first's label without the part
     * both labels end with. On a second line when one line would be wider than {@code widest}: the widest
     * label in the legend or the legend's room ({@link #legendRoom}), whichever is larger.
     */
    static String label(String own, String first, Match match, double widest, Font font) {
        String sign = match == Match.EQUAL ? "= " : "≈ ";
        String mark = sign + first.substring(0, first.length() - sharedTail(own, first).length());
        String oneLine = own + " " + mark;
        return Style.textWidth(oneLine, font) <= widest ? oneLine : own + "\n" + mark;
    }

    /** The longest part, from a ", " on, both labels end with ("" if none): ", median of 5 seeds". */
    static String sharedTail(String a, String b) {
        int n = 0;
        while (n < Math.min(a.length(), b.length()) && a.charAt(a.length() - 1 - n) == b.charAt(b.length() - 1 - n)) n++;
        String common = a.substring(a.length() - n);
        int at = common.indexOf(", ");
        // The tail must leave each label a head of its own: a whole label is never the shared part.
        if (at < 0 || common.length() - at >= Math.min(a.length(), b.length())) return "";
        return common.substring(at);
    }

    /**
     * The widest label the legend has room for as {@link Style#xy} plans it: beside the plot up to 30% of the
     * chart's width, line sample and paddings included; below it up to the 45% at which XChart cuts labels.
     */
    static double legendRoom(XYChart chart) {
        var st = chart.getStyler();
        double share = st.getLegendPosition() == Styler.LegendPosition.OutsideE ? 0.3 : 0.45;
        return share * chart.getWidth() - st.getLegendSeriesLineLength() - 40;
    }

    private static double widestLine(String label, Font font) {
        return Arrays.stream(label.split("\n")).mapToDouble(l -> Style.textWidth(l, font)).max().orElse(0);
    }

    private static boolean hasMarker(XYSeries s) { return s.getMarker() != null && !(s.getMarker() instanceof None); }

    /** A copy's band (its hidden "(min-max)" polygon) is hidden when it equals the first's: one shade, not two stacked. */
    private static void hideEqualBand(XYChart chart, Copy c, double range) {
        XYSeries own = chart.getSeries(c.series().getName() + Charts.BAND), first = chart.getSeries(c.first().getName() + Charts.BAND);
        if (own != null && first != null && compare(first, own, range) != Match.NONE) own.setEnabled(false);
    }

    /** An open circle in the series' color: a copy's marker, around the first's filled one. */
    static final Marker RING = new Marker() {
        @Override public void paint(Graphics2D g, double x, double y, int size) {
            var stroke = g.getStroke();
            g.setStroke(new BasicStroke(1.5f));
            double d = size + 3;
            g.draw(new Ellipse2D.Double(x - d / 2, y - d / 2, d, d));
            g.setStroke(stroke);
        }
    };
}

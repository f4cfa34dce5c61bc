package org.initlab.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.math.BigDecimal;
import java.util.List;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Locale;

/**
 * The few series-level moves every figure repeats.
 *
 * <p>Log axes are drawn as log10 of the values on a linear axis whose tick labels show the
 * values themselves ("0.001", "1e-6"). XChart's own log axis draws a grid line at every minor
 * tick and a label at every decade, which turns into a grey block of overlapping labels once
 * values span tens of decades, as a diverging loss or a vanishing gradient does.
 */
final class Charts {
    private Charts() {}

    /**
     * Adds a line through the finite points of (x, y) and returns it, or null when no point is
     * left (a run that diverged at once), so one bad run does not break the chart.
     */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        double[][] xy = finite(x, y);
        if (xy[0].length == 0) return null;
        XYSeries s = chart.addSeries(name, xy[0], xy[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        return s;
    }

    /**
     * A translucent band between {@code lo} and {@code hi} (the spread across seeds), drawn as one closed
     * polygon over the points where both are finite; it stays out of the legend, the median line beside it
     * carries the name.
     */
    static XYSeries band(XYChart chart, String name, double[] x, double[] lo, double[] hi, Color color) {
        List<Integer> keep = new java.util.ArrayList<>();
        for (int i = 0; i < x.length; i++) if (Double.isFinite(lo[i]) && Double.isFinite(hi[i])) keep.add(i);
        if (keep.size() < 2) return null;
        int n = keep.size();
        double[] px = new double[2 * n], py = new double[2 * n];
        for (int k = 0; k < n; k++) {
            int i = keep.get(k), j = keep.get(n - 1 - k);
            px[k] = x[i];
            py[k] = hi[i];
            px[n + k] = x[j];
            py[n + k] = lo[j];
        }
        XYSeries s = chart.addSeries(name + BAND, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
        s.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
        s.setShowInLegend(false);
        return s;
    }

    /** What a band's series name adds to its line's. */
    static final String BAND = " (min-max)";

    /**
     * {median, min, max} at each of the first {@code length} points of one value array per seed; a seed's array may
     * end early (a run that stopped) and is left out past its end.
     */
    static double[][] overSeeds(int length, List<double[]> seeds) {
        double[] med = new double[length], lo = new double[length], hi = new double[length];
        for (int i = 0; i < length; i++) {
            int at = i;
            double[] m = medianMinMax(seeds.stream().filter(y -> at < y.length).mapToDouble(y -> y[at]).toArray());
            med[i] = m[0];
            lo[i] = m[1];
            hi[i] = m[2];
        }
        return new double[][]{med, lo, hi};
    }

    /**
     * {median, min, max} of the finite values (NaN, NaN, NaN if there are none): a point of a curve over seeds,
     * where a seed that diverged has no value.
     */
    static double[] medianMinMax(double[] values) {
        double[] v = java.util.Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        if (n == 0) return new double[]{Double.NaN, Double.NaN, Double.NaN};
        return new double[]{n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2, v[0], v[n - 1]};
    }

    /** A line with a marker at every point: for few points, such as one per layer. */
    static XYSeries lineWithMarkers(XYChart chart, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = line(chart, name, x, y, color, stroke);
        if (s != null) {
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(color);
        }
        return s;
    }

    static XYSeries points(XYChart chart, String name, double[] x, double[] y, Color color) {
        double[][] xy = finite(x, y);
        if (xy[0].length == 0) return null;
        XYSeries s = chart.addSeries(name, xy[0], xy[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        return s;
    }

    /** A filled circle with a white rim, so points stay distinct where they crowd or sit on color. */
    static final Marker DOT = new Marker() {
        @Override public void paint(Graphics2D g, double x, double y, int size) {
            var shape = new Ellipse2D.Double(x - size / 2.0, y - size / 2.0, size, size);
            g.fill(shape);
            var color = g.getColor();
            var stroke = g.getStroke();
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(0.8f));
            g.draw(shape);
            g.setColor(color);
            g.setStroke(stroke);
        }
    };

    /** A cross where a diverged run stopped, in its color, kept out of the legend (the label says it). */
    static void stopMark(XYChart chart, String name, double x, double y, Color color) {
        XYSeries s = points(chart, name + " (stopped)", new double[]{x}, new double[]{y}, color);
        if (s == null) return;
        s.setMarker(SeriesMarkers.CROSS);
        s.setShowInLegend(false);
    }

    /**
     * A horizontal reference line across [x0, x1], dashed grey, its name written on it ({@link GuideLabel}) rather
     * than in the legend: the reader sees what the line means where it is.
     */
    static void guide(XYChart chart, double y, String label, double x0, double x1) {
        XYSeries s = line(chart, label, new double[]{x0, x1}, new double[]{y, y}, Style.GUIDE, Style.DASHED);
        if (s == null) return;
        s.setLineWidth(1.5f);
        s.setShowInLegend(false);
        chart.addAnnotation(new GuideLabel(label, y));
    }

    /** Name of the hidden one-point series {@link #roundXTicks} adds. */
    static final String TICKS = "_ticks";

    /**
     * Lets XChart place round x ticks (0, 20, 40, ...). When every series' x values are equally
     * spaced, as steps and epochs are, XChart puts a tick on data points instead, as densely as
     * the labels fit: one every 3 steps. A hidden point between two x values breaks the spacing.
     */
    static void roundXTicks(XYChart chart) {
        var all = chart.getSeriesCollection().stream().filter(s -> s.getXData().length > 1).toList();
        if (all.isEmpty() || chart.getSeries(TICKS) != null) return;
        double[] x = all.getFirst().getXData(), y = all.getFirst().getYData();
        XYSeries hidden = chart.addSeries(TICKS, new double[]{(x[0] + x[1]) / 2}, new double[]{y[0]});
        hidden.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setShowInLegend(false);
    }

    /** Keeps the points with both coordinates finite. */
    static double[][] finite(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " values but y has " + y.length);
        double[] fx = new double[x.length], fy = new double[y.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
            fx[n] = x[i];
            fy[n++] = y[i];
        }
        return new double[][]{Arrays.copyOf(fx, n), Arrays.copyOf(fy, n)};
    }

    /** log10 of each value; NaN for those a log axis cannot show (zero, negative, non-finite). */
    static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] > 0 && Double.isFinite(v[i]) ? Math.log10(v[i]) : Double.NaN;
        return out;
    }

    /** The values as an axis of this kind holds them: log10 on a log axis, as they are otherwise. */
    static double[] onAxis(double[] v, boolean log) { return log ? log10(v) : v; }

    /** Labels the y axis, which holds log10 values, as a log axis; see the class comment. */
    static void logY(XYChart chart) { chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::logTick); }

    static void logX(XYChart chart) { chart.getStyler().setXAxisTickLabelsFormattingFunction(Charts::logTick); }

    /**
     * Tick labels for log10 values: whole decades as "0.01" or "1e-6", ticks between them (when
     * the axis spans few decades) as their value to two digits. Every tick gets a label: XChart
     * takes equal labels at both ends of an axis as a sign of lost precision and drops the ticks.
     */
    static String logTick(Double v) {
        return Math.abs(v - Math.rint(v)) < 1e-6 ? power(Math.rint(v)) : num(Math.pow(10, v));
    }

    /** 10^e as a reader writes it: plain from 0.001 to 1000, "1e-6" beyond. */
    static String power(double e) {
        int k = (int) e;
        if (k >= 0 && k <= 3) return Long.toString(Math.round(Math.pow(10, k)));
        if (k < 0 && k >= -3) return BigDecimal.ONE.movePointLeft(-k).toPlainString();
        return "1e" + k;
    }

    /**
     * One y range for all the charts, the union of their series' finite values (as the axes hold them: log10 on a
     * log axis), so panels side by side compare by height.
     */
    static void shareY(XYChart... charts) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (XYChart c : charts)
            for (XYSeries s : c.getSeriesCollection())
                for (double v : s.getYData()) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (!(lo < hi)) return;
        for (XYChart c : charts) {
            c.getStyler().setYAxisMin(lo);
            c.getStyler().setYAxisMax(hi);
        }
    }

    /** {min, max} of the finite values, NaN if none. */
    static double[] range(double[]... arrays) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) for (double v : a) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        return lo > hi ? new double[]{Double.NaN, Double.NaN} : new double[]{lo, hi};
    }

    /** Whether a value axis over these values should be logarithmic under {@code scale}. */
    static boolean useLog(Scale scale, double[]... values) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        boolean anyPositive = false, allPositive = true;
        for (double[] a : values)
            for (double v : a) {
                if (!Double.isFinite(v)) continue;
                if (v > 0) { anyPositive = true; lo = Math.min(lo, v); hi = Math.max(hi, v); } else allPositive = false;
            }
        if (!anyPositive) return false; // nothing a log axis could show
        return scale == Scale.AUTO ? allPositive && scale.isLog(lo, hi) : scale.isLog(lo, hi);
    }

    /** Short legend numbers: 2 significant digits, scientific outside [1e-3, 1e4). */
    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) return plain(v, 2);
        return scientific(v);
    }

    /** Percent with no decimals, or one below 10%: "20%", "3.5%". */
    static String percent(double fraction) {
        double p = 100 * fraction;
        return (p < 10 && p != 0 ? String.format(Locale.ROOT, "%.1f", p) : String.format(Locale.ROOT, "%.0f", p)) + "%";
    }

    /** At most this many labels on an x axis of whole numbers, so that none runs into the next. */
    static final int MAX_X_LABELS = 12;

    /**
     * On an x axis whose values are all whole numbers (layers, epochs, steps), labels only every k-th whole
     * number from the first, k the smallest of 1, 2, 5, 10, 20, 50, ... that leaves at most {@link #MAX_X_LABELS}:
     * XChart 4.0.3 sometimes puts a tick on every other layer of a 50-layer axis and their labels run together
     * (it ignores the spacing hint and the label count there). Ticks without a label keep their grid line.
     */
    static void labelWholeNumbersEvery(XYChart chart, double[][] xs, double from, double to) {
        for (double[] x : xs) for (double v : x) if (Double.isFinite(v) && v != Math.rint(v)) return;
        long first = Math.round(from), every = niceStep((to - from) / (MAX_X_LABELS - 1));
        chart.getStyler().setXAxisTickLabelsFormattingFunction(v -> isWhole(v) && Math.floorMod(Math.round(v) - first, every) == 0 ? tick(v) : "");
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... at least {@code atLeast}. */
    static long niceStep(double atLeast) {
        for (long decade = 1; ; decade *= 10)
            for (long m : new long[]{1, 2, 5}) if (m * decade >= atLeast) return m * decade;
    }

    /** Tick labels for an axis of whole numbers (layers, epochs, steps): blanks between them. */
    static String wholeNumber(Double v) { return isWhole(v) ? Long.toString(Math.round(v)) : ""; }

    /** Whether a tick value is a whole number, up to the rounding of XChart's tick arithmetic. */
    private static boolean isWhole(double v) { return Math.abs(v - Math.rint(v)) < 1e-9; }

    /** Compact tick labels for linear axes that may hold values from 1e-8 to 1e6. */
    static String tick(Double v) {
        double a = Math.abs(v);
        if (v == 0) return "0";
        if (a >= 1e-3 && a < 1e5) return plain(v, 4);
        return scientific(v);
    }

    private static String plain(double v, int digits) {
        String s = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** "1.2e-5", "3e7": one decimal of mantissa at most, no zero padding in the exponent. */
    private static String scientific(double v) {
        String s = String.format(Locale.ROOT, "%.1e", v);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e).replaceAll("\\.0$", "");
        return mantissa + "e" + Integer.parseInt(s.substring(e + 1));
    }
}

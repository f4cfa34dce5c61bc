package org.initlab.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * A fluent ad-hoc line chart: name the axes, add series, pick scales, get the XChart chart.
 * Series take the shared palette in order, or viridis with {@link #layerColors()} when each
 * series is one layer of a network (beyond ten layers, only the first, a middle and the last are
 * named; see {@link LayerLines}). On a log axis the chart holds log10 of the values and its
 * tick labels show the values (see {@link Charts}).
 */
public final class LinePlot {
    private record Line(String name, double[] x, double[] y, boolean points, double[] lo, double[] hi) {}
    private record Guide(double y, String label) {}

    private final String title, xLabel, yLabel;
    private final List<Line> lines = new ArrayList<>();
    private final List<Guide> guides = new ArrayList<>();
    private Scale xScale = Scale.LINEAR, yScale = Scale.LINEAR;
    private int width = Style.WIDTH, height = Style.HEIGHT;
    private boolean layerColors, markers, stepAxis;
    private double yFrom = Double.NaN, yTo = Double.NaN, xFrom = Double.NaN, xTo = Double.NaN;

    LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** A line through (x[i], y[i]). */
    public LinePlot series(String name, double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException(name + ": x has " + x.length + " values but y has " + y.length);
        lines.add(new Line(name, x.clone(), y.clone(), false, null, null));
        return this;
    }

    /**
     * A line through (x[i], y[i]) in a shaded band from lo[i] to hi[i] of its color: a median over seeds with
     * their range, say. A point whose band ends are not finite (a diverged seed) gets no band there.
     */
    public LinePlot series(String name, double[] x, double[] y, double[] lo, double[] hi) {
        if (x.length != y.length || lo.length != y.length || hi.length != y.length)
            throw new IllegalArgumentException(name + ": x, y, lo and hi need the same length, got " + x.length + ", " + y.length + ", " + lo.length + ", " + hi.length);
        lines.add(new Line(name, x.clone(), y.clone(), false, lo.clone(), hi.clone()));
        return this;
    }

    /**
     * The median over seeds at each x, in a band from the lowest to the highest seed: {@code seeds} holds one y
     * array per seed. A seed's non-finite values, and the points past the end of a shorter array (a run that
     * stopped), are left out there.
     */
    public LinePlot seriesOverSeeds(String name, double[] x, List<double[]> seeds) {
        if (seeds.isEmpty()) throw new IllegalArgumentException(name + ": no seeds");
        double[][] m = Charts.overSeeds(x.length, seeds);
        return series(name, x, m[0], m[1], m[2]);
    }

    /** A line through (i, y[i]), i = 0, 1, ... */
    public LinePlot series(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        return series(name, x, y);
    }

    /** Unconnected points. */
    public LinePlot points(String name, double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException(name + ": x has " + x.length + " values but y has " + y.length);
        lines.add(new Line(name, x.clone(), y.clone(), true, null, null));
        return this;
    }

    /** A dashed grey horizontal reference line at {@code y} across the data, {@code label} written on it. */
    public LinePlot guide(double y, String label) {
        guides.add(new Guide(y, label));
        return this;
    }

    public LinePlot logX() { return xScale(Scale.LOG); }
    public LinePlot logY() { return yScale(Scale.LOG); }
    public LinePlot xScale(Scale s) { xScale = s; return this; }
    public LinePlot yScale(Scale s) { yScale = s; return this; }

    /** Mark every data point on the lines (for few points, such as one per layer). */
    public LinePlot markers() { markers = true; return this; }

    /**
     * The x axis counts steps (or epochs) at a spacing of more than 1, probed every 50 steps say: round ticks (0, 500,
     * 1000, ...) labelled as whole numbers, where XChart would put a tick on every few data points.
     */
    public LinePlot stepAxis() { stepAxis = true; return this; }

    /** Color the series along viridis, first to last, as layers are colored in every figure. */
    public LinePlot layerColors() { layerColors = true; return this; }

    /**
     * A y axis that covers at least {@code from} to {@code to} (further where the data go): the frames of an
     * explorable figure then share their axis, and a line's move from frame to frame is what one sees.
     */
    public LinePlot yRange(double from, double to) {
        requireRange("a y range", from, to);
        yFrom = from;
        yTo = to;
        return this;
    }

    /**
     * An x axis that covers at least {@code from} to {@code to} (further where the data go): an explorable's frames
     * over depths then share the layer axis, and a deeper net's line is longer on the same axis, not squeezed.
     */
    public LinePlot xRange(double from, double to) {
        requireRange("an x range", from, to);
        xFrom = from;
        xTo = to;
        return this;
    }

    private static void requireRange(String what, double from, double to) {
        if (!(Double.isFinite(from) && Double.isFinite(to) && from < to))
            throw new IllegalArgumentException(what + " needs two finite values, the first below the second; got " + from + " and " + to);
    }

    public LinePlot size(int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        this.width = width;
        this.height = height;
        return this;
    }

    public XYChart chart() {
        if (lines.isEmpty()) throw new IllegalArgumentException("add at least one series before chart()");
        double[][] xs = lines.stream().map(Line::x).toArray(double[][]::new);
        double[][] ys = new double[lines.size() + guides.size()][];
        for (int i = 0; i < lines.size(); i++) ys[i] = lines.get(i).y();
        for (int g = 0; g < guides.size(); g++) ys[lines.size() + g] = new double[]{guides.get(g).y()};
        List<double[]> bandEnds = new ArrayList<>(java.util.Arrays.asList(ys));
        for (Line l : lines) if (l.lo() != null) { bandEnds.add(l.lo()); bandEnds.add(l.hi()); }
        boolean ranged = !Double.isNaN(yFrom);
        if (ranged) bandEnds.add(new double[]{yFrom, yTo});
        boolean xRanged = !Double.isNaN(xFrom);
        double[][] xEnds = xs;
        if (xRanged) {
            xEnds = java.util.Arrays.copyOf(xs, xs.length + 1);
            xEnds[xs.length] = new double[]{xFrom, xTo};
        }
        boolean logX = Charts.useLog(xScale, xEnds), logY = Charts.useLog(yScale, bandEnds.toArray(double[][]::new));
        if (ranged && logY && !(yFrom > 0))
            throw new IllegalArgumentException("a log axis cannot start at " + yFrom + ": give yRange two positive values");
        if (xRanged && logX && !(xFrom > 0))
            throw new IllegalArgumentException("a log axis cannot start at " + xFrom + ": give xRange two positive values");

        List<String> names = lines.stream().map(Line::name).toList();
        List<String> legend = layerColors ? LayerLines.legend(names) : names;
        XYChart chart = Style.xy(title, xLabel + (logX ? " (log scale)" : ""), yLabel + (logY ? " (log scale)" : ""), width, height, legend);
        var st = chart.getStyler();
        st.setXAxisTickLabelsFormattingFunction(Charts::tick);
        st.setYAxisTickLabelsFormattingFunction(Charts::tick);
        double[][] axisX = new double[xs.length][], axisY = new double[ys.length][];
        for (int i = 0; i < xs.length; i++) axisX[i] = Charts.onAxis(xs[i], logX);
        for (int i = 0; i < ys.length; i++) axisY[i] = Charts.onAxis(ys[i], logY);
        if (logX) Charts.logX(chart);
        if (logY) Charts.logY(chart);

        int n = lines.size();
        List<Integer> order = layerColors ? LayerLines.drawingOrder(n) : java.util.stream.IntStream.range(0, n).boxed().toList();
        double[] anchor = {Double.NaN, Double.NaN}; // a data point for the legend entry of the light layers
        for (int i : order) {
            Line l = lines.get(i);
            boolean full = !layerColors || LayerLines.named(i, n);
            Color c = !layerColors ? Style.categorical(i) : full ? Style.layer(i, n) : LayerLines.light(i, n);
            if (l.lo() != null) Charts.band(chart, l.name(), axisX[i], Charts.onAxis(l.lo(), logY), Charts.onAxis(l.hi(), logY), c);
            XYSeries s;
            if (l.points()) s = Charts.points(chart, l.name(), axisX[i], axisY[i], c);
            else if (markers && full) s = Charts.lineWithMarkers(chart, l.name(), axisX[i], axisY[i], c, Style.LINE);
            else s = Charts.line(chart, l.name(), axisX[i], axisY[i], c, full ? Style.LINE : LayerLines.lightStroke(Style.LINE));
            if (s == null) continue;
            if (!full) s.setShowInLegend(false);
            if (Double.isNaN(anchor[0])) anchor = new double[]{s.getXData()[0], s.getYData()[0]};
        }
        if (layerColors) LayerLines.othersEntry(chart, n, anchor[0], anchor[1], LayerLines.lightStroke(Style.LINE));
        if (ranged) {
            // The data's range and the asked one together (bandEnds holds both).
            double[] covered = Charts.range(bandEnds.stream().map(v -> Charts.onAxis(v, logY)).toArray(double[][]::new));
            st.setYAxisMin(covered[0]);
            st.setYAxisMax(covered[1]);
        }
        double[] xr = Charts.range(axisX);
        if (xRanged) {
            // The data's range and the asked one together.
            xr = Charts.range(xr, Charts.onAxis(new double[]{xFrom, xTo}, logX));
            st.setXAxisMin(xr[0]);
            st.setXAxisMax(xr[1]);
        }
        if (stepAxis) st.setXAxisTickLabelsFormattingFunction(Charts::wholeNumber);
        else if (!logX) Charts.labelWholeNumbersEvery(chart, xs, xr[0], xr[1]);
        for (int g = 0; g < guides.size(); g++)
            Charts.guide(chart, axisY[lines.size() + g][0], guides.get(g).label(), xr[0], xr[1]);
        if (stepAxis) Charts.roundXTicks(chart);
        return chart;
    }
}

package org.initlab.plot;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;

/**
 * The one look every figure shares: white background, light grid and frame, readable fonts, one
 * categorical palette (tab10) for runs and classes and one sequential colormap (viridis) for
 * layers, so depth reads as dark-to-light at a glance in every figure. {@link #apply} gives a
 * chart made elsewhere the same look.
 */
public final class Style {
    private Style() {}

    /** Single-chart size, in chart pixels (PNGs are written at twice this). */
    public static final int WIDTH = 600, HEIGHT = 400;
    /** Size of one panel of a grid of small multiples. */
    public static final int PANEL_WIDTH = 300, PANEL_HEIGHT = 220;

    static final String FONT = Font.SANS_SERIF;
    static final Color TEXT = new Color(0x33, 0x33, 0x33);
    static final Color GRID = new Color(0xE6, 0xE6, 0xE6);
    static final Color AXIS = new Color(0x99, 0x99, 0x99);
    /** Reference lines (healthy ratios, chance level): visible but quieter than data. */
    static final Color GUIDE = new Color(0x80, 0x80, 0x80);
    /** A guide's name, written on its line: darker than the line, so small text stays legible. */
    static final Color GUIDE_TEXT = new Color(0x55, 0x55, 0x55);

    /** matplotlib's tab10, the palette readers of Karpathy's notebooks know; for runs and classes. */
    private static final Color[] CATEGORICAL = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    /** viridis sampled at 10 even points (matplotlib); interpolated linearly in between. */
    private static final Color[] VIRIDIS = {
            new Color(0x440154), new Color(0x482878), new Color(0x3e4989), new Color(0x31688e), new Color(0x26828e),
            new Color(0x1f9e89), new Color(0x35b779), new Color(0x6ece58), new Color(0xb5de2b), new Color(0xfde725)};

    /** Color of the i-th run, class or series, cycling through tab10. */
    public static Color categorical(int i) { return CATEGORICAL[Math.floorMod(i, CATEGORICAL.length)]; }

    /** viridis at t in [0, 1]: dark purple at 0, yellow at 1. */
    public static Color viridis(double t) {
        double x = Math.clamp(t, 0, 1) * (VIRIDIS.length - 1);
        int k = Math.min((int) x, VIRIDIS.length - 2);
        return mix(VIRIDIS[k], VIRIDIS[k + 1], x - k);
    }

    /**
     * Colors of {@code n} layers, first to last, along viridis. Stops short of the pale yellow end,
     * which would vanish on white.
     */
    public static Color layer(int i, int n) { return viridis(n <= 1 ? 0 : 0.85 * i / (n - 1)); }

    /** {@code a} moved toward {@code b} by {@code t} in [0, 1]. */
    static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }

    /** A lighter tint of {@code c}: for filled regions that must not drown the points on them. */
    static Color tint(Color c, double amount) { return mix(c, Color.WHITE, amount); }

    static Font font(int size) { return new Font(FONT, Font.PLAIN, size); }

    /** Width of a text in chart pixels, as Java2D lays it out. */
    static double textWidth(String text, Font font) {
        return font.getStringBounds(text, new java.awt.font.FontRenderContext(null, true, true)).getWidth();
    }

    /** Sets the chart's title font smaller, down to 10 pt, until the title fits the chart's width (padding included). */
    static void fitTitle(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        String title = chart.getTitle();
        if (title == null || title.isEmpty()) return;
        var st = chart.getStyler();
        st.setChartTitleFont(fitting(st.getChartTitleFont(), title, chart.getWidth() - 2.0 * st.getChartPadding() - 8, 10));
    }

    /** {@code font}, a point smaller at a time but not below {@code smallest}, until {@code text} is at most {@code room} wide. */
    static Font fitting(Font font, String text, double room, int smallest) {
        while (font.getSize() > smallest && textWidth(text, font) > room) font = font.deriveFont((float) font.getSize() - 1);
        return font;
    }

    /** A styled, empty XY chart of the default size whose legend will hold these labels. */
    static XYChart xy(String title, String xLabel, String yLabel, List<String> legend) {
        return xy(title, xLabel, yLabel, WIDTH, HEIGHT, legend);
    }

    /**
     * A styled, empty XY chart; lines without markers unless a series asks for them. The legend
     * is hidden for a single series, beside the plot when its labels are short, and below it
     * when they are long (the chart grows by the legend's height so the plot keeps its size).
     * XChart cuts legend labels wider than 45% of the chart with an ellipsis, so a chart with
     * long labels is widened until they fit.
     */
    static XYChart xy(String title, String xLabel, String yLabel, int width, int height, List<String> legend) {
        return xy(title, xLabel, yLabel, width, height, legend, false);
    }

    /** The same, with the legend below the plot whatever its labels' width if {@code legendBelow}: panels side by side then match. */
    static XYChart xy(String title, String xLabel, String yLabel, int width, int height, List<String> legend, boolean legendBelow) {
        boolean small = width < WIDTH;
        Font legendFont = font(small ? 10 : 12);
        double widest = legend.stream().mapToDouble(l -> textWidth(l, legendFont)).max().orElse(0);
        double needed = widest + (small ? 16 : 22) + 40; // line sample, paddings
        boolean below = legendBelow || needed > 0.3 * width;
        if (needed > 0.45 * width) width = (int) Math.ceil(needed / 0.45);
        int rowHeight = (int) Math.ceil(legendFont.getSize() * 1.55);
        XYChart chart = new XYChart(width, below && legend.size() > 1 ? height + 16 + rowHeight * legend.size() : height);
        chart.setTitle(title);
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        var s = chart.getStyler();
        apply(s, small);
        s.setLegendVisible(legend.size() > 1);
        if (below) {
            s.setLegendPosition(Styler.LegendPosition.OutsideS);
            s.setLegendLayout(Styler.LegendLayout.Vertical);
        }
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setSeriesColors(CATEGORICAL);
        s.setMarkerSize(6);
        return chart;
    }

    /** A styled, empty heat map. */
    static HeatMapChart heatMap(String title, String xLabel, String yLabel, int width, int height) {
        // The builder, not the constructor: only it gives the styler its default range colors.
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).build();
        chart.setTitle(title);
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        apply(chart.getStyler(), width < WIDTH);
        return chart;
    }

    /** Gives an XY chart made elsewhere the shared look: fonts, background, grid, palette. */
    public static XYChart apply(XYChart chart) {
        apply(chart.getStyler(), chart.getWidth() < WIDTH);
        chart.getStyler().setSeriesColors(CATEGORICAL);
        return chart;
    }

    /** The shared look; {@code small} shrinks fonts for grid panels, which are shown at half size. */
    static void apply(AxesChartStyler s, boolean small) {
        int base = small ? 11 : 13;
        s.setLocale(Locale.ROOT); // "0.5", never "0,5", whatever the notebook's locale
        s.setBaseFont(font(base));
        s.setChartFontColor(TEXT);
        s.setChartBackgroundColor(Color.WHITE);
        s.setChartPadding(small ? 6 : 10);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, base + 2));
        s.setChartTitleBoxVisible(false);
        s.setChartTitlePadding(small ? 4 : 8);
        s.setAxisTitleFont(font(base));
        s.setAxisTickLabelsFont(font(base - 1));
        s.setAxisTickLabelsColor(TEXT);
        s.setAxisTitlePadding(small ? 4 : 6);
        s.setAxisTickMarkLength(4);
        s.setAxisTickMarksColor(AXIS);
        s.setAxisTickMarksStroke(new BasicStroke(1f));
        s.setAxisTicksLineVisible(false);
        s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(GRID);
        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setPlotTicksMarksVisible(false);
        s.setPlotMargin(0);
        s.setPlotContentSize(0.95);
        s.setXAxisTickMarkSpacingHint(small ? 60 : 80);
        s.setYAxisTickMarkSpacingHint(small ? 40 : 60);
        s.setLegendFont(font(small ? 10 : 12));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 215));
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendPadding(small ? 4 : 6);
        s.setLegendSeriesLineLength(small ? 16 : 22);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
    }

    /** Lines 2 px wide read well at both 1x and 2x. */
    static final BasicStroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke THIN = new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    /** Thinner still: the unnamed layers behind named ones that are themselves {@link #THIN}. */
    static final BasicStroke HAIR = new BasicStroke(0.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{6f, 4f}, 0f);
}

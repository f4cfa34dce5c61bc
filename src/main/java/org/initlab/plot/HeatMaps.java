package org.initlab.plot;

import org.initlab.nn.Dense;
import org.initlab.nn.Network;
import org.initlab.table.Tables;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.style.Styler;
import smile.tensor.DenseMatrix;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.awt.Color;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.awt.Graphics2D;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;

/**
 * Matrices as colored grids on the viridis scale, values written in the cells when there is room:
 * the similarity of a layer's units (all ones is a layer of copies) and the mean result of a
 * sweep (initializer x activation or depth).
 */
public final class HeatMaps {
    private HeatMaps() {}

    /** Cells up to this many per side get their value written in them. */
    static final int ANNOTATE_UP_TO = 12;

    /**
     * A heat map over the values' own range, widened to two significant digits so the color
     * bar's ends read "0.5" and "0.96"; row 0 is drawn at the top, as a matrix reads.
     */
    public static HeatMapChart matrix(String title, double[][] values, List<String> rowLabels, List<String> columnLabels) {
        double[] r = Charts.range(values);
        if (Double.isNaN(r[0])) r = new double[]{0, 1};
        return matrix(title, values, rowLabels, columnLabels, round(r[0], RoundingMode.FLOOR), round(r[1], RoundingMode.CEILING));
    }

    private static double round(double v, RoundingMode mode) {
        return v == 0 ? 0 : new BigDecimal(v).round(new MathContext(2, mode)).doubleValue();
    }

    /** A heat map with a fixed color range, so several maps compare (e.g. 0..1 for similarities). */
    public static HeatMapChart matrix(String title, double[][] values, List<String> rowLabels, List<String> columnLabels,
                                      double min, double max) {
        return matrix(title, values, null, null, rowLabels, columnLabels, min, max);
    }

    /** As {@link #matrix(String, double[][], List, List, double, double)}, with each cell's range "lo-hi" under its value (if lo is not null). */
    private static HeatMapChart matrix(String title, double[][] values, double[][] lo, double[][] hi, List<String> rowLabels, List<String> columnLabels,
                                       double min, double max) {
        int rows = values.length, cols = rows == 0 ? 0 : values[0].length;
        if (rows == 0 || cols == 0) throw new IllegalArgumentException("a heat map needs at least one cell");
        if (rowLabels.size() != rows || columnLabels.size() != cols)
            throw new IllegalArgumentException("labels " + rowLabels.size() + " x " + columnLabels.size() + " for a " + rows + " x " + cols + " matrix");
        if (!(max >= min)) throw new IllegalArgumentException("color range needs min <= max, got " + min + ", " + max);
        int cell = Math.max(8, Math.min(60, 420 / Math.max(rows, cols)));
        int width = Math.max(Style.WIDTH, cols * cell + 260), height = Math.max(Style.HEIGHT, rows * cell + 130);
        HeatMapChart chart = Style.heatMap(title, null, null, width, height);
        var st = chart.getStyler();
        st.setRangeColors(viridisSteps());
        st.setMin(min);
        st.setMax(max == min ? min + 1 : max);
        st.setPlotGridLinesVisible(false);
        st.setPlotBorderVisible(false);
        st.setDrawBorder(false);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setPlotContentSize(1.0); // cells fill the plot, which the value labels below rely on
        st.setHeatMapDecimalValueFormatter(Charts::num);
        st.setShowValue(false);
        // Label every row and column that fits, and no more: XChart skips labels closer than the spacing hint.
        double widest = columnLabels.stream().mapToDouble(l -> Style.textWidth(l, Style.font(12))).max().orElse(0);
        st.setXAxisTickMarkSpacingHint((int) Math.max(cell, 1.3 * widest + 4));
        st.setYAxisTickMarkSpacingHint(Math.max(cell, 20));
        // XChart puts the first y label at the bottom; reverse so row 0 is on top, as in a matrix.
        List<String> ys = new ArrayList<>(rowLabels);
        java.util.Collections.reverse(ys);
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            if (values[i].length != cols) throw new IllegalArgumentException("row " + i + " has " + values[i].length + " values, expected " + cols);
            for (int j = 0; j < cols; j++)
                if (Double.isFinite(values[i][j])) cells.add(new Number[]{j, rows - 1 - i, values[i][j]});
        }
        chart.addSeries(title == null || title.isEmpty() ? "values" : title, columnLabels, ys, cells)
                .setMin(st.getMin()).setMax(st.getMax());
        if (rows <= ANNOTATE_UP_TO && cols <= ANNOTATE_UP_TO) chart.addAnnotation(new CellValues(values, lo, hi, st.getMin(), st.getMax()));
        return chart;
    }

    /**
     * |cos| between every pair of a layer's units (rows of W, one per unit): 1 where two units
     * compute the same feature up to sign. A constant initialization gives all ones, and
     * training cannot break the tie; a random one gives mostly small values off the diagonal.
     */
    public static double[][] unitSimilarity(Dense layer) {
        DenseMatrix w = layer.weights();
        int n = w.nrow(), d = w.ncol();
        // Each row divided by its largest |w| first: cos does not change, and rows of 1e200 no longer overflow their norm.
        double[][] unit = new double[n][d];
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = 0; j < d; j++) m = Math.max(m, Math.abs(w.get(i, j)));
            if (!Double.isFinite(m)) { norm[i] = Double.NaN; continue; } // a diverged unit: no direction to compare
            double s = 0;
            for (int j = 0; j < d; j++) { unit[i][j] = m == 0 ? 0 : w.get(i, j) / m; s += unit[i][j] * unit[i][j]; }
            norm[i] = Math.sqrt(s);
        }
        double[][] sim = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += unit[a][j] * unit[b][j];
                // Two zero rows are identical units; a zero and a non-zero row share nothing; a non-finite row compares to nothing (NaN).
                double v = Double.isNaN(norm[a]) || Double.isNaN(norm[b]) ? Double.NaN
                        : norm[a] == 0 || norm[b] == 0 ? (norm[a] == norm[b] ? 1 : 0) : Math.min(1, Math.abs(dot) / (norm[a] * norm[b]));
                sim[a][b] = sim[b][a] = v;
            }
        }
        return sim;
    }

    /** The unit-similarity map of one layer, on a fixed 0..1 scale. */
    public static HeatMapChart unitSimilarity(Network net, int layer) {
        double[][] sim = unitSimilarity(net.layer(layer));
        List<String> units = new ArrayList<>();
        List<Integer> broken = new ArrayList<>();
        for (int i = 0; i < sim.length; i++) {
            units.add(Integer.toString(i));
            if (Double.isNaN(sim[i][i])) broken.add(i);
        }
        if (broken.size() == sim.length)
            throw new IllegalArgumentException("every unit of layer " + layer + " has a non-finite weight (a diverged run?): there is no direction to compare");
        String title = "Unit similarity |cos(w_i, w_j)|, layer " + layer + (broken.isEmpty() ? "" : "; blank: units " + broken + ", whose weights are not finite");
        HeatMapChart chart = matrix(title, sim, units, units, 0, 1);
        chart.setXAxisTitle("unit");
        chart.setYAxisTitle("unit");
        return chart;
    }

    /**
     * A wide table (as {@link Tables#pivot} makes) as a heat map: the first column labels the rows,
     * every other numeric column is a column of the map.
     */
    public static HeatMapChart table(Table wide, String title) {
        HeatMapChart chart = matrix(title, values(wide), rowLabels(wide), valueColumnNames(wide));
        chart.setYAxisTitle(wide.column(0).name());
        return chart;
    }

    private static List<NumericColumn<?>> valueColumns(Table wide) {
        if (wide.columnCount() < 2) throw new IllegalArgumentException("a heat map table needs a label column and at least one value column");
        List<NumericColumn<?>> numeric = new ArrayList<>();
        for (int c = 1; c < wide.columnCount(); c++) if (wide.column(c) instanceof NumericColumn<?> n) numeric.add(n);
        if (numeric.isEmpty()) throw new IllegalArgumentException("table " + wide.name() + " has no numeric columns to show");
        return numeric;
    }

    private static List<String> valueColumnNames(Table wide) { return valueColumns(wide).stream().map(c -> c.name()).toList(); }

    private static List<String> rowLabels(Table wide) {
        Column<?> labels = wide.column(0);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < wide.rowCount(); i++) out.add(labels.getString(i));
        return out;
    }

    /** The numeric columns of a wide table as a matrix, a missing value as NaN. */
    private static double[][] values(Table wide) {
        List<NumericColumn<?>> numeric = valueColumns(wide);
        double[][] values = new double[wide.rowCount()][numeric.size()];
        for (int i = 0; i < values.length; i++)
            for (int j = 0; j < numeric.size(); j++)
                values[i][j] = numeric.get(j).isMissing(i) ? Double.NaN : numeric.get(j).getDouble(i);
        return values;
    }

    /**
     * A sweep's results in one picture: the mean of {@code valueColumn} over seeds, with the range over seeds
     * (min-max) written under it, rows by {@code rowColumn} and columns by {@code columnColumn}, e.g.
     * {@code HeatMaps.sweep(result.table(), "initializer", "depth", "test_accuracy")}.
     * Diverged runs have no value, so a cell averages the runs that finished.
     */
    public static HeatMapChart sweep(Table runs, String rowColumn, String columnColumn, String valueColumn) {
        Table mean = Tables.pivot(runs, rowColumn, columnColumn, valueColumn, Tables.Aggregate.MEAN);
        Table lo = Tables.pivot(runs, rowColumn, columnColumn, valueColumn, Tables.Aggregate.MIN);
        Table hi = Tables.pivot(runs, rowColumn, columnColumn, valueColumn, Tables.Aggregate.MAX);
        double[][] values = values(mean);
        double[] r = Charts.range(values);
        if (Double.isNaN(r[0])) r = new double[]{0, 1};
        HeatMapChart chart = matrix("Mean " + valueColumn.replace('_', ' ') + " by " + rowColumn + " and " + columnColumn + " (range over seeds below)",
                values, values(lo), values(hi), rowLabels(mean), valueColumnNames(mean), round(r[0], RoundingMode.FLOOR), round(r[1], RoundingMode.CEILING));
        chart.setYAxisTitle(mean.column(0).name());
        chart.setXAxisTitle(columnColumn);
        return chart;
    }

    /**
     * The value of every cell written in it, dark on light cells and white on dark ones (XChart's
     * own labels have one color, unreadable on half of viridis). Cells tile the plot area row by
     * row from the bottom, as XChart lays them out with a plot content size of 1.
     */
    private static final class CellValues extends Annotation {
        private final double[][] values;
        private final double[][] lo, hi;
        private final double min, max;
        private final int decimals;

        CellValues(double[][] values, double[][] lo, double[][] hi, double min, double max) {
            super(false);
            this.values = values;
            this.lo = lo;
            this.hi = hi;
            this.min = min;
            this.max = max;
            double[] r = Charts.range(values);
            double largest = Math.max(Math.abs(r[0]), Math.abs(r[1]));
            // Two significant digits for the largest value: 0.87, 5.3, 42; NaN ranges get none.
            this.decimals = !(largest > 0) ? 2 : largest <= 1 ? 2 : Math.max(0, 1 - (int) Math.floor(Math.log10(largest)));
        }

        @Override public void paint(Graphics2D g) {
            int rows = values.length, cols = values[0].length;
            double left = getXAxisScreenValueForMin(), right = getXAxisScreenValueForMax();
            double top = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double bottom = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double w = (right - left) / cols, h = (bottom - top) / rows;
            int size = (int) Math.clamp(Math.min(h * 0.4, w / 4.5), 9, 14);
            g.setFont(Style.font(size));
            var metrics = g.getFontMetrics();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = values[i][j];
                    if (!Double.isFinite(v)) continue;
                    String text = format(v);
                    Color cell = Style.viridis(max > min ? (v - min) / (max - min) : 0);
                    g.setColor(luminance(cell) > 0.45 ? Style.TEXT : Color.WHITE);
                    double cx = left + (j + 0.5) * w, cy = top + (i + 0.5) * h;
                    String note = lo == null || !Double.isFinite(lo[i][j]) ? null : format(lo[i][j]) + "-" + format(hi[i][j]);
                    if (note == null) {
                        g.drawString(text, (float) (cx - metrics.stringWidth(text) / 2.0), (float) (cy + metrics.getAscent() / 2.0 - 1));
                        continue;
                    }
                    // Value above, note below in a smaller face, the pair centred in the cell.
                    var small = Style.font(Math.max(8, size - 3));
                    var noteMetrics = g.getFontMetrics(small);
                    g.drawString(text, (float) (cx - metrics.stringWidth(text) / 2.0), (float) (cy - 1));
                    g.setFont(small);
                    g.drawString(note, (float) (cx - noteMetrics.stringWidth(note) / 2.0), (float) (cy + noteMetrics.getAscent()));
                    g.setFont(Style.font(size));
                }
            }
        }

        private String format(double v) {
            return Math.abs(v) >= 1e-3 || v == 0 ? String.format(Locale.ROOT, "%." + decimals + "f", v) : Charts.num(v);
        }

        private static double luminance(Color c) {
            return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
        }
    }

    /** viridis in 32 steps: XChart interpolates between the range colors it is given. */
    private static Color[] viridisSteps() {
        Color[] c = new Color[32];
        for (int i = 0; i < c.length; i++) c[i] = Style.viridis(i / (c.length - 1.0));
        return c;
    }
}

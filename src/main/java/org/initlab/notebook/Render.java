package org.initlab.notebook;

import org.initlab.plot.EqualSeries;
import org.initlab.plot.Grid;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the library's objects look in a notebook, independent of any kernel: each method turns an object
 * into a {@link Bundle}. Charts and grids of charts ({@link org.initlab.plot.Grid}) become a PNG drawn at
 * {@link #SCALE}x and shown at their natural width (crisp on high-density screens), a line equal to an
 * earlier one drawn dashed over it and named as equal ({@link EqualSeries}); tables become an
 * HTML table with numbers rounded to {@link #DIGITS} significant digits, plus a text table.
 */
public final class Render {

    /** Pixel density of chart PNGs: drawn at twice the chart's size, displayed at its size. */
    public static final int SCALE = 2;
    /** Significant digits of numbers in rendered tables. */
    public static final int DIGITS = 4;
    /** Tables longer than this show their first {@link #HEAD} and last {@link #TAIL} rows. */
    public static final int MAX_ROWS = 40, HEAD = 15, TAIL = 5;

    private Render() {}

    /** The bundle of an object this library knows how to draw, or null for anything else. */
    public static Bundle bundle(Object o) {
        return switch (o) {
            case Bundle b -> b;
            case Chart<?, ?> c -> chart(c);
            case Table t -> table(t);
            case Grid g -> grid(g);
            case Svg s -> svg(s.chart());
            case Explorable e -> e.bundle();
            case BufferedImage img -> image(encode(img), img.getWidth(), img.getHeight(), "image (" + img.getWidth() + "x" + img.getHeight() + ")");
            case null, default -> null;
        };
    }

    /** Whether {@link #bundle} draws this object. */
    public static boolean renders(Object o) {
        return o instanceof Bundle || o instanceof Chart<?, ?> || o instanceof Table || o instanceof Grid || o instanceof Svg
                || o instanceof BufferedImage || o instanceof Explorable;
    }

    // ---- charts ----------------------------------------------------------------------------------

    /** A chart as a {@link #SCALE}x PNG displayed at the chart's own width and height. */
    public static Bundle chart(Chart<?, ?> chart) {
        byte[] png = png(chart, SCALE);
        return image(png, chart.getWidth(), chart.getHeight(), describe(chart));
    }

    /** A chart as SVG (vector; larger, but sharp at any zoom). */
    public static Bundle svg(Chart<?, ?> chart) {
        org.initlab.plot.Plots.prepare(chart);
        var out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var data = new LinkedHashMap<String, String>();
        data.put(Bundle.SVG, out.toString(StandardCharsets.UTF_8));
        data.put(Bundle.TEXT, describe(chart));
        return new Bundle(data, Map.of());
    }

    /** A grid of charts ({@link org.initlab.plot.Grid}): one PNG drawn at {@link #SCALE}x, shown at the grid's size. */
    public static Bundle grid(Grid grid) {
        var text = new StringBuilder((grid.title() == null ? "grid" : "grid \"" + grid.title() + "\"") + " of "
                + grid.charts().size() + " charts, " + grid.rows() + "x" + grid.columns() + ":");
        for (Chart<?, ?> c : grid.charts()) text.append("\n  ").append(describe(c));
        return image(encode(grid.toImage(SCALE)), grid.width(), grid.height(), text.toString());
    }

    /** The chart drawn at {@code scale} times its size, as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart, int scale) {
        return encode(picture(chart, scale));
    }

    /** The chart painted at {@code scale} times its size on white, as {@link #png} encodes it. */
    static BufferedImage picture(Chart<?, ?> chart, int scale) {
        if (scale < 1) throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        org.initlab.plot.Plots.prepare(chart);
        int w = chart.getWidth(), h = chart.getHeight();
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            hints(g);
            g.scale(scale, scale);
            chart.paint(g, w, h);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** A PNG shown at {@code width x height} CSS pixels. */
    public static Bundle image(byte[] png, int width, int height, String text) {
        var data = new LinkedHashMap<String, String>();
        data.put(Bundle.PNG, Base64.getEncoder().encodeToString(png));
        data.put(Bundle.TEXT, text);
        var size = new LinkedHashMap<String, Object>();
        size.put("width", width);
        size.put("height", height);
        return new Bundle(data, Map.of(Bundle.PNG, size));
    }

    /** One line naming a chart: its kind, title and size. */
    public static String describe(Chart<?, ?> chart) {
        String title = chart.getTitle();
        return chart.getClass().getSimpleName() + (title == null || title.isBlank() ? "" : " \"" + title + "\"")
                + " (" + chart.getWidth() + "x" + chart.getHeight() + ")";
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    /** A picture as PNG bytes (Palette's indexed frames too). */
    static byte[] encode(BufferedImage img) {
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) throw new IllegalStateException("no PNG writer in this JDK");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- tables ----------------------------------------------------------------------------------

    /** A table as HTML (numbers rounded to {@link #DIGITS} significant digits) and as aligned text. */
    public static Bundle table(Table table) {
        var data = new LinkedHashMap<String, String>();
        data.put(Bundle.HTML, tableHtml(table));
        data.put(Bundle.TEXT, tableText(table));
        return new Bundle(data, Map.of());
    }

    /** The rows shown: all of them, or the first {@link #HEAD} and last {@link #TAIL} with -1 marking the gap. */
    static int[] shownRows(int n) {
        if (n <= MAX_ROWS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] rows = new int[HEAD + 1 + TAIL];
        for (int i = 0; i < HEAD; i++) rows[i] = i;
        rows[HEAD] = -1;
        for (int i = 0; i < TAIL; i++) rows[HEAD + 1 + i] = n - TAIL + i;
        return rows;
    }

    /**
     * A table as HTML. Every row is there (a long table scrolls inside its own box rather than losing its middle);
     * a "verdict" column is coloured by verdict, and a "shown in" column links to the notebook it names.
     */
    public static String tableHtml(Table table) {
        boolean scroll = table.rowCount() > MAX_ROWS;
        var sb = new StringBuilder(scroll ? "<div style=\"max-height:36em;overflow:auto;border:1px solid #ddd\">\n" : "");
        sb.append("<table class=\"initlab-table\" style=\"border-collapse:collapse\">\n");
        if (table.name() != null && !table.name().isBlank())
            sb.append("<caption style=\"caption-side:top;text-align:left;font-weight:bold;white-space:nowrap\">").append(escape(table.name())).append("</caption>\n");
        sb.append("<thead><tr>");
        for (Column<?> c : table.columns())
            sb.append("<th style=\"text-align:").append(numeric(c) ? "right" : "left").append("\">").append(escape(c.name())).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rowCount(); r++) {
            sb.append("<tr>");
            for (Column<?> c : table.columns()) sb.append(htmlCell(c, r));
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        if (scroll)
            sb.append("</div>\n<p style=\"font-size:smaller\">").append(table.rowCount()).append(" rows &times; ").append(table.columnCount())
                    .append(" columns (scroll the table)</p>\n");
        return sb.toString();
    }

    /** A notebook's name as the catalog gives it ("05-he-kaiming"). */
    private static final java.util.regex.Pattern NOTEBOOK = java.util.regex.Pattern.compile("\\d\\d-[a-z0-9-]+");

    private static String htmlCell(Column<?> c, int r) {
        String text = cell(c, r), style = "text-align:" + (numeric(c) ? "right" : "left");
        if (c.name().equals("verdict")) {
            var v = org.initlab.experiment.Verdict.ofLabel(text);
            if (v.isPresent()) style += ";color:" + v.get().colour() + ";font-weight:bold";
        }
        String content = escape(text);
        // A relative link to the notebook: Jupyter opens it, the site's write-ups point it at the page.
        if (c.name().equals("shown in") && NOTEBOOK.matcher(text).matches()) content = "<a href=\"" + text + ".ipynb\">" + content + "</a>";
        return "<td style=\"" + style + "\">" + content + "</td>";
    }

    public static String tableText(Table table) {
        List<Column<?>> cols = table.columns();
        int[] rows = shownRows(table.rowCount());
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[cols.size()];
        for (int c = 0; c < cols.size(); c++) header[c] = cols.get(c).name();
        lines.add(header);
        for (int r : rows) {
            String[] line = new String[cols.size()];
            for (int c = 0; c < cols.size(); c++) line[c] = r < 0 ? "..." : cell(cols.get(c), r);
            lines.add(line);
        }
        int[] width = new int[cols.size()];
        for (String[] line : lines) for (int c = 0; c < line.length; c++) width[c] = Math.max(width[c], line[c].length());
        var sb = new StringBuilder();
        if (table.name() != null && !table.name().isBlank()) sb.append(table.name()).append('\n');
        for (int i = 0; i < lines.size(); i++) {
            String[] line = lines.get(i);
            var row = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                if (c > 0) row.append("  ");
                String pad = " ".repeat(width[c] - line[c].length());
                row.append(numeric(cols.get(c)) ? pad + line[c] : line[c] + pad);
            }
            sb.append(row.toString().stripTrailing()).append('\n');
            if (i == 0) {
                int total = 0;
                for (int w : width) total += w;
                sb.append("-".repeat(total + 2 * Math.max(0, width.length - 1))).append('\n');
            }
        }
        if (table.rowCount() > MAX_ROWS) sb.append(table.rowCount()).append(" rows x ").append(table.columnCount()).append(" columns\n");
        return sb.toString();
    }

    private static boolean numeric(Column<?> c) { return c instanceof NumericColumn<?>; }

    private static boolean integral(Column<?> c) {
        ColumnType t = c.type();
        return t == ColumnType.INTEGER || t == ColumnType.LONG || t == ColumnType.SHORT;
    }

    private static String cell(Column<?> c, int row) {
        if (c.isMissing(row)) return "";
        if (c instanceof NumericColumn<?> n && !integral(c)) return round(n.getDouble(row));
        return c.getString(row);
    }

    /**
     * A number rounded to {@link #DIGITS} significant digits, for reading: 0.123456 -> "0.1235",
     * 1234.5 -> "1235", 20.0 -> "20", 1.23456e-7 -> "1.235e-07", 12345678 -> "1.235e+07".
     */
    public static String round(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            String s = new BigDecimal(v).round(new MathContext(DIGITS)).stripTrailingZeros().toPlainString();
            return s.equals("-0") ? "0" : s;
        }
        String s = String.format(Locale.ROOT, "%." + (DIGITS - 1) + "e", v);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + s.substring(e);
    }

    /** HTML-escapes text. */
    public static String escape(String s) {
        var sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}

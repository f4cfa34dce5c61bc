package org.initlab.notebook;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RenderTest {

    private static BufferedImage decode(String base64) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    @Test
    void chartIsAPngDrawnAtTwiceItsSizeAndShownAtItsNaturalSize() throws IOException {
        XYChart chart = Charts.line("Loss", 300, 200);
        Bundle b = Render.chart(chart);

        BufferedImage img = decode(b.data().get(Bundle.PNG));
        assertEquals(600, img.getWidth());
        assertEquals(400, img.getHeight());
        assertEquals(Map.of("width", 300, "height", 200), b.metadata().get(Bundle.PNG));
        assertEquals("XYChart \"Loss\" (300x200)", b.text());
        assertEquals(List.of(Bundle.PNG, Bundle.TEXT), List.copyOf(b.data().keySet()));
    }

    @Test
    void everyWayOfShowingAChartMarksItsEqualLines() {
        double[] x = {0, 1, 2}, y = {3, 2, 1};
        var plot = org.initlab.plot.Plots.lines("runs", "step", "loss").series("a", x, y).series("b", x, y.clone());
        XYChart png = plot.chart(), svg = plot.chart(), grid = plot.chart();
        Render.chart(png);
        Render.svg(svg);
        Render.grid(new org.initlab.plot.Grid(null, List.of(grid), 1));
        for (XYChart c : List.of(png, svg, grid)) assertEquals("b = a", c.getSeries("b").getLabel());
    }

    @Test
    void pngBytesAreTheSameEveryTime() {
        assertArrayEquals(Render.png(Charts.line("a", 200, 150), 2), Render.png(Charts.line("a", 200, 150), 2));
        BufferedImage once;
        try {
            once = ImageIO.read(new ByteArrayInputStream(Render.png(Charts.line("a", 200, 150), 1)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(200, once.getWidth());
        assertThrows(IllegalArgumentException.class, () -> Render.png(Charts.line("a", 200, 150), 0));
    }

    @Test
    void chartIsNotABlankImage() throws IOException {
        BufferedImage img = decode(Render.chart(Charts.line("Loss", 300, 200)).data().get(Bundle.PNG));
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) for (int x = 0; x < img.getWidth(); x += 7) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 5, "a drawn chart has axes, grid, text and a line: " + colours.size() + " colours");
    }

    @Test
    void gridComposesOnePngOfRowsOfCharts() throws IOException {
        var g = Show.grid(2, Charts.line("a", 300, 200), Charts.line("b", 300, 200), Charts.line("c", 300, 250));
        assertEquals(2, g.rows());
        Bundle b = Render.bundle(g);
        BufferedImage img = decode(b.data().get(Bundle.PNG));
        assertEquals(2 * g.width(), img.getWidth());
        assertEquals(2 * g.height(), img.getHeight());
        assertEquals(Map.of("width", 600, "height", 500), b.metadata().get(Bundle.PNG), "panels of the largest chart's size");
        assertEquals("grid of 3 charts, 2x2:\n  XYChart \"a\" (300x200)\n  XYChart \"b\" (300x200)\n  XYChart \"c\" (300x250)", b.text());
        assertThrows(IllegalArgumentException.class, () -> Show.grid(0, Charts.line("a", 300, 200)));
        assertThrows(IllegalArgumentException.class, () -> Show.grid(2));
    }

    @Test
    void imagesShowAtTheirSize() throws IOException {
        Bundle b = Render.bundle(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB));
        assertEquals(30, decode(b.data().get(Bundle.PNG)).getWidth());
        assertEquals(Map.of("width", 30, "height", 20), b.metadata().get(Bundle.PNG));
    }

    @Test
    void svgIsVectorMarkup() {
        Bundle b = Render.bundle(Show.svg(Charts.line("Loss", 300, 200)));
        assertTrue(b.data().get(Bundle.SVG).contains("<svg"), "SVG markup");
        assertEquals("XYChart \"Loss\" (300x200)", b.text());
    }

    @Test
    void numbersAreRoundedToFourSignificantDigits() {
        assertEquals("0.1235", Render.round(0.123456));
        assertEquals("1235", Render.round(1234.5));
        assertEquals("20", Render.round(20.0));
        assertEquals("-0.5", Render.round(-0.5));
        assertEquals("0.0001", Render.round(1e-4));
        assertEquals("1.235e-07", Render.round(1.23456e-7));
        assertEquals("1.235e+07", Render.round(12345678));
        assertEquals("2e-09", Render.round(2e-9));
        assertEquals("0", Render.round(0.0));
        assertEquals("0", Render.round(-0.0));
        assertEquals("NaN", Render.round(Double.NaN));
        assertEquals("inf", Render.round(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Render.round(Double.NEGATIVE_INFINITY));
    }

    @Test
    void tableShowsAsHtmlWithRoundedNumbersAndAsText() {
        Table t = Table.create("Runs <1>",
                StringColumn.create("init", "he", "xavier & co"),
                IntColumn.create("epochs", 20, 300),
                DoubleColumn.create("loss", 0.123456789, 2.5e-9));
        Bundle b = Render.bundle(t);
        String html = b.data().get(Bundle.HTML);
        assertTrue(html.contains(">0.1235</td>"), html);
        assertTrue(html.contains(">2.5e-09</td>"), html);
        assertTrue(html.contains(">300</td>"), html);
        assertTrue(html.contains("Runs &lt;1&gt;"), html);
        assertTrue(html.contains(">xavier &amp; co</td>"), html);
        assertFalse(html.contains("0.123456789"), html);
        assertEquals("""
                Runs <1>
                init         epochs     loss
                ----------------------------
                he               20   0.1235
                xavier & co     300  2.5e-09
                """, b.text());
    }

    @Test
    void longTablesScrollWholeInHtmlAndShowHeadAndTailAsText() {
        int n = 100;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        Table t = Table.create("long", DoubleColumn.create("v", v));
        String html = Render.tableHtml(t);
        assertEquals(n, html.split("<tr>", -1).length - 2, "every row is in the HTML");
        assertTrue(html.contains(">15</td>") && html.contains(">50</td>") && html.startsWith("<div style=\"max-height:36em;overflow:auto"), html);
        assertTrue(html.contains("100 rows &times; 1 columns"), html);
        assertTrue(Render.tableText(t).contains("...\n"));
        assertTrue(Render.tableText(t).endsWith("100 rows x 1 columns\n"));
    }

    @Test
    void verdictsAreColouredAndNotebooksLinked() {
        Table t = Table.create("claims", tech.tablesaw.api.StringColumn.create("verdict", "holds", "holds only partly", "wrong", "unknown"),
                tech.tablesaw.api.StringColumn.create("shown in", "05-he-kaiming", "02-constant-init", "not a notebook", "x"));
        String html = Render.tableHtml(t);
        for (var v : org.initlab.experiment.Verdict.values())
            assertTrue(html.contains("color:" + v.colour() + ";font-weight:bold\">" + v.label() + "<"), v + ": " + html);
        assertTrue(html.contains("<td style=\"text-align:left\">unknown</td>"), "an unknown label stays plain");
        assertTrue(html.contains("<a href=\"05-he-kaiming.ipynb\">05-he-kaiming</a>") && html.contains(">not a notebook</td>"), html);
    }

    @Test
    void missingValuesAreBlank() {
        DoubleColumn c = DoubleColumn.create("x", 1.0);
        c.appendMissing();
        assertTrue(Render.tableHtml(Table.create("m", c)).contains("<td style=\"text-align:right\"></td>"));
    }

    @Test
    void onlyTheLibrarysObjectsAreRendered() {
        assertNull(Render.bundle("text"));
        assertNull(Render.bundle(null));
        assertTrue(Render.renders(Charts.line("a", 100, 100)));
        assertFalse(Render.renders(42));
        Bundle b = Bundle.text("x");
        assertSame(b, Render.bundle(b));
        assertThrows(IllegalArgumentException.class, () -> new Bundle(Map.of(Bundle.HTML, "<b>"), Map.of()));
    }
}

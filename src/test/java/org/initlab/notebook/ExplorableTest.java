package org.initlab.notebook;

import org.initlab.plot.Grid;
import org.initlab.plot.Plots;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The explorable figure's HTML as a browser without scripts, one with them, and a notebook's output limits see it. */
class ExplorableTest {

    private static final Pattern IMG = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"[^>]*alt=\"([^\"]*)\"");

    /** A line chart of a random walk drawn from {@code seed}: anti-aliased curves, as the course's charts are. */
    private static XYChart walk(String title, long seed) {
        Random r = new Random(seed);
        double[] y = new double[200];
        for (int i = 1; i < y.length; i++) y[i] = y[i - 1] + r.nextGaussian();
        return Plots.lines(title, "step", "value").series("seed " + seed, y).chart();
    }

    /** The same, small (quick to draw). */
    private static XYChart small(String title, long seed) {
        Random r = new Random(seed);
        double[] y = new double[50];
        for (int i = 1; i < y.length; i++) y[i] = y[i - 1] + r.nextGaussian();
        return Plots.lines(title, "step", "value").series("seed " + seed, y).size(240, 160).chart();
    }

    /** The HTML a viewer that strips scripts keeps. */
    private static String withoutScripts(String html) {
        return html.replaceAll("(?s)<script>.*?</script>", "");
    }

    private static List<String[]> images(String html) {
        var out = new ArrayList<String[]>();
        Matcher m = IMG.matcher(html);
        while (m.find()) out.add(new String[]{m.group(1), m.group(2)});
        return out;
    }

    private static BufferedImage decode(String base64) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    @Test
    void withoutScriptsTheStartFrameShowsAsAPictureWithANoteOfTheOtherValues() throws IOException {
        Knob<Double> std = Knob.of("std of the weights", 0.01, 0.1, 1.0).startAt(0.1);
        Explorable e = Explorable.of(std, s -> walk("std " + s, Math.round(1 / s)));

        String plain = withoutScripts(e.html());
        List<String[]> shown = images(plain);
        assertEquals(1, shown.size(), "one picture without scripts, the start frame's");
        assertEquals("std of the weights = 0.1", shown.getFirst()[1]);
        BufferedImage img = decode(shown.getFirst()[0]);
        assertTrue(img.getWidth() == 600 || img.getWidth() == 1200, "drawn at the chart's size or twice it: " + img.getWidth());
        assertTrue(plain.contains("width=\"600\" height=\"400\""), "shown at the chart's size");
        assertTrue(plain.contains("std of the weights = 0.01, 0.1, 1 (3 frames)"), "the note names every value: " + plain);
        assertFalse(plain.contains("hidden"), "nothing a sanitizer could strip hides the note or the frame without scripts");
        assertEquals(e.frameHtml(e.start()), between(plain, "<div class=\"initlab-explore-frame\"><div>", "</div></div>\n"));

        // With scripts, the other frames are in the script, the start frame only once (in the page).
        String script = between(e.html(), "<script>", "</script>");
        assertEquals(2, images(script.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\\"", "\"")).size());
        assertTrue(script.contains("\"labels\":[\"0.01\",\"0.1\",\"1\"]"), script);
        // The kernel's bundle: the HTML, the start frame as a PNG for viewers without HTML, and a text form.
        Bundle b = e.bundle();
        assertEquals(List.of(Bundle.HTML, Bundle.PNG, Bundle.TEXT), List.copyOf(b.data().keySet()));
        assertEquals(shown.getFirst()[0], b.data().get(Bundle.PNG));
        assertTrue(b.text().startsWith("explorable figure: std of the weights = 0.01, 0.1, 1, 3 frames; shown: std of the weights = 0.1"), b.text());
        assertEquals(b.data(), Render.bundle(e).data(), "a cell that ends with it, or show(it), shows this bundle");
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from) + from.length();
        return s.substring(a, s.indexOf(to, a));
    }

    @Test
    void twoKnobsMakeAGridOfFramesTheFirstKnobVaryingSlowest() {
        Knob<Integer> depth = Knob.of("depth", List.of(5, 10, 20));
        Knob<String> act = Knob.of("activation", List.of("tanh", "relu")).startAt("relu");
        var seen = new ArrayList<String>();
        Explorable e = Explorable.of(depth.startAt(10), act, (d, a) -> {
            synchronized (seen) { seen.add(d + " " + a); }
            return small(a + " " + d, d * 7L + a.length());
        });
        assertEquals(6, e.frames());
        assertEquals(6, seen.size(), "every frame drawn once");
        assertEquals(1 * 2 + 1, e.start(), "depth 10 (index 1), relu (index 1)");
        for (int i = 0; i < 6; i++)
            assertEquals("depth = " + List.of(5, 10, 20).get(i / 2) + ", activation = " + List.of("tanh", "relu").get(i % 2),
                    images(e.frameHtml(i)).getFirst()[1]);
        String script = between(e.html(), "<script>", "</script>");
        assertTrue(script.contains("{\"name\":\"depth\",\"start\":1,\"labels\":[\"5\",\"10\",\"20\"]}"), script);
        assertTrue(script.contains("{\"name\":\"activation\",\"start\":1,\"labels\":[\"tanh\",\"relu\"]}"), script);
    }

    @Test
    void eachOutputHasItsOwnIdsAndNoScriptLeavesItsOwn() {
        Knob<Double> k = Knob.of("x", 1, 2);
        Explorable a = Explorable.of(k, x -> Charts.line("x " + x, 200, 100));
        Explorable b = Explorable.of(k, x -> Charts.line("x " + x, 200, 100));
        assertNotEquals(a.id(), b.id(), "the same figure shown twice on a page gets two ids");
        var ids = new HashSet<String>();
        for (Explorable e : List.of(a, b)) {
            assertTrue(e.id().matches("initlab-explore-[0-9a-f]{12}"), e.id());
            assertTrue(e.html().startsWith("<div class=\"initlab-explore\" id=\"" + e.id() + "\""));
            assertTrue(e.html().contains("var id = \"" + e.id() + "\""), "the script looks for its own output");
            assertTrue(ids.add(e.id()));
        }
        // A value or name with markup in it stays text: one script element, which nothing closes early.
        Explorable tricky = Explorable.of(Knob.of("a </script><b>", List.of("<i>")), v -> Charts.line("t", 100, 80));
        assertEquals(1, tricky.html().split("</script>", -1).length - 1);
        assertTrue(tricky.html().contains("a &lt;/script&gt;&lt;b&gt; = &lt;i&gt;"));
        assertFalse(tricky.html().matches("(?s).*\\b(src|href)=\"(https?:)?//.*"), "nothing loaded from the network");
    }

    @Test
    void thirtyFramesOfChartsStayUnderTheBoundAndSmallFiguresAreSharp() throws IOException {
        double[] values = new double[Explorable.MAX_FRAMES];
        for (int i = 0; i < values.length; i++) values[i] = i + 1;
        Explorable big = Explorable.of(Knob.of("seed", values), s -> new Grid(null, List.of(walk("a", s.longValue()),
                walk("b", 100 + s.longValue())), 2));
        assertEquals(30, big.frames());
        assertTrue(big.bytes() < Explorable.MAX_BYTES, big.bytes() + " bytes");
        assertEquals(big.bytes(), big.html().length() + big.bundle().data().get(Bundle.PNG).length()
                + big.bundle().text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        BufferedImage frame = decode(images(big.frameHtml(7)).getFirst()[0]);
        assertEquals(1200 * big.scale(), frame.getWidth(), "a grid of two 600-wide charts");

        Explorable small = Explorable.of(Knob.of("seed", 1, 2, 3), s -> walk("a", s.longValue()));
        assertEquals(2, small.scale(), "three frames fit at twice their size");
        assertEquals(1200, decode(images(small.frameHtml(0)).getFirst()[0]).getWidth());
        assertTrue(small.seconds() > 0 && small.threads() >= 1);
    }

    @Test
    void anOutputOverTheBoundIsRefused() {
        List<Knob<?>> knobs = List.of(Knob.of("seed", 1, 2, 3));
        Explorable.Draw draw = at -> small("seed " + at[0], at[0]);
        Explorable sharp = Explorable.compute(knobs, draw, 2, Explorable.MAX_BYTES);
        assertEquals(2, sharp.scale());
        // Under a bound the sharp pictures do not fit, they are drawn at their size instead...
        Explorable plain = Explorable.compute(knobs, draw, 2, sharp.bytes() - 1);
        assertEquals(1, plain.scale());
        assertTrue(plain.bytes() < sharp.bytes() - 1);
        // ...and under one they do not fit either, the figure is refused.
        var e = assertThrows(IllegalArgumentException.class, () -> Explorable.compute(knobs, draw, 2, plain.bytes() - 1));
        assertTrue(e.getMessage().startsWith("the explorable's output would take "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" MB a figure may: use fewer values or smaller charts"), e.getMessage());
    }

    @Test
    void aChartAndItsTableMakeOneFrame() {
        Explorable e = Explorable.of(Knob.of("k", 1, 2), k -> List.of(Charts.line("k " + k, 200, 100),
                Table.create("numbers", DoubleColumn.create("k", k))));
        String frame = e.frameHtml(1);
        assertEquals(1, images(frame).size());
        assertTrue(frame.contains("<table class=\"initlab-table\""), frame);
        assertTrue(frame.indexOf("<img") < frame.indexOf("<table"), "in the order the frame gave");
        // The start frame is one element of the frame box, its chart and table inside: the script shows and hides
        // that element, so moving the slider hides the table with the chart (the box's first child was the chart).
        String box = between(e.html(), "<div class=\"initlab-explore-frame\">", "\n<p class=\"initlab-explore-note\"");
        assertEquals("<div>" + e.frameHtml(e.start()) + "</div></div>", box);
    }

    @Test
    void badKnobsAndFramesAreRefusedByName() {
        assertMessage(() -> Knob.of("std", new double[0]), "knob 'std' has no values");
        assertMessage(() -> Knob.of("std", List.of()), "knob 'std' has no values");
        assertMessage(() -> Knob.of("std", new double[31]), "knob 'std' has 31 values");
        assertMessage(() -> Knob.of("std", 0.1, Double.NaN), "knob 'std': value 2 is NaN");
        assertMessage(() -> Knob.of("std", 0.1, Double.POSITIVE_INFINITY), "value 2 is Infinity");
        assertMessage(() -> Knob.of("std", 0.1, 0.1), "has the value 0.1 twice");
        assertMessage(() -> Knob.of("std", java.util.Arrays.asList(0.1, null)), "value 2 is null");
        assertMessage(() -> Knob.of(" ", 1), "a knob needs a name");
        assertMessage(() -> Knob.of("std", 0.1, 1).startAt(0.5), "knob 'std' cannot start at 0.5: it is not one of 0.1, 1");
        Knob<Double> six = Knob.of("a", 1, 2, 3, 4, 5, 6);
        assertMessage(() -> Explorable.of(six, Knob.of("b", 1, 2, 3, 4, 5, 6), (a, b) -> Charts.line("x", 100, 80)),
                "6 values of 'a' x 6 values of 'b' = 36 frames is more than 30");
        assertMessage(() -> Explorable.of(six, six, (a, b) -> Charts.line("x", 100, 80)), "two knobs are both named 'a'");

        var failed = assertThrows(IllegalStateException.class, () -> Explorable.of(six, a -> {
            if (a == 4) throw new ArithmeticException("the run diverged");
            return Charts.line("x", 100, 80);
        }));
        assertEquals("the frame for a = 4 failed: java.lang.ArithmeticException: the run diverged", failed.getMessage());
        assertInstanceOf(ArithmeticException.class, failed.getCause());
        assertMessage(() -> Explorable.of(six, a -> a == 2 ? null : Charts.line("x", 100, 80)), "the frame for a = 2 drew nothing (null)");
        assertMessage(() -> Explorable.of(six, a -> "a chart"), "the frame for a = 1 drew a String; a frame is a chart, a grid of charts,"
                + " a table, or a list of them");
        assertMessage(() -> Explorable.of(six, a -> List.of()), "the frame for a = 1 drew nothing (an empty list)");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
    }

    @Test
    void valuesAreWrittenShortOrByTheirLabel() {
        assertEquals(List.of("0.01", "0.015", "1", "2", "1e-05", "1.235e+07"), Knob.of("x", 0.01, 0.015, 1.0, 2, 1e-5, 12345678).labels());
        assertEquals(List.of("5", "40"), Knob.of("depth", List.of(5, 40)).labels());
        assertEquals(List.of("TANH", "RELU"), Knob.of("f", List.of("tanh", "relu"), s -> s.toUpperCase(java.util.Locale.ROOT)).labels());
    }

    @Test
    void framesDrawnInParallelAreTheSameBitsAsOneAtATime() {
        List<Knob<?>> knobs = List.of(Knob.of("seed", 1, 2, 3, 4, 5, 6, 7));
        Explorable.Draw draw = at -> new Grid("seed " + at[0], List.of(small("a", at[0]), small("b", 10 + at[0])), 2);
        Explorable one = Explorable.compute(knobs, draw, 1, Explorable.MAX_BYTES);
        Explorable four = Explorable.compute(knobs, draw, 4, Explorable.MAX_BYTES);
        assertEquals(1, one.threads());
        assertEquals(4, four.threads());
        for (int i = 0; i < 7; i++) assertEquals(one.frameHtml(i), four.frameHtml(i), "frame " + i);
    }

    @Test
    void theStopButtonStopsTheFramesAndSaysSo() throws Exception {
        Throwable failure = org.initlab.StopButton.press(() -> Explorable.compute(List.of(Knob.of("x", 1, 2, 3, 4)), at -> {
            Thread.sleep(60_000);
            return Charts.line("x", 100, 80);
        }, 2, Explorable.MAX_BYTES));
        assertEquals("explore was stopped before every frame was drawn", failure.getMessage());
    }

    @Test
    void aPaletteKeepsFewColoursExactlyAndWhiteWhite() {
        BufferedImage few = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 40; x++) for (int y = 0; y < 30; y++) few.setRGB(x, y, (x % 8 * 30) << 16 | (y % 8 * 30) << 8 | 200);
        BufferedImage kept = Palette.indexed(few);
        for (int x = 0; x < 40; x++) for (int y = 0; y < 30; y++) assertEquals(few.getRGB(x, y), kept.getRGB(x, y));

        // A chart-like picture: white, anti-aliased lines of many colours (thousands of blends).
        BufferedImage chart = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = chart.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 200);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Random r = new Random(3);
        for (int i = 0; i < 60; i++) {
            g.setColor(Color.getHSBColor(r.nextFloat(), 0.8f, 0.7f));
            g.drawLine(r.nextInt(300), r.nextInt(200), r.nextInt(300), r.nextInt(200));
        }
        g.dispose();
        var distinct = new HashSet<Integer>();
        for (int x = 0; x < 300; x++) for (int y = 0; y < 200; y++) distinct.add(chart.getRGB(x, y));
        assertTrue(distinct.size() > Palette.COLOURS, distinct.size() + " colours");
        BufferedImage reduced = Palette.indexed(chart);
        var left = new HashSet<Integer>();
        double error = 0;
        for (int x = 0; x < 300; x++)
            for (int y = 0; y < 200; y++) {
                int a = chart.getRGB(x, y), b = reduced.getRGB(x, y);
                left.add(b);
                if (a == Color.WHITE.getRGB()) assertEquals(a, b, "white stays white");
                for (int c = 0; c < 24; c += 8) error += Math.abs(((a >> c) & 255) - ((b >> c) & 255));
            }
        assertTrue(left.size() <= Palette.COLOURS);
        assertTrue(error / (300 * 200 * 3) < 2, "mean error per channel " + error / (300 * 200 * 3));
        assertArrayEquals(Palette.png(chart), Palette.png(chart), "the same bytes every time");
    }
}

package org.initlab.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.junit.jupiter.api.Test;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Equal lines of a chart are drawn dashed over the first and named as equal; others are left as they are. */
class EqualSeriesTest {

    static final double[] X = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    static final double[] Y = {1, 0.8, 0.7, 0.5, 0.45, 0.4, 0.3, 0.25, 0.2, 0.1};

    /** Y shifted by {@code fraction} of its range (0.9). */
    static double[] shifted(double fraction) {
        double[] y = Y.clone();
        for (int i = 0; i < y.length; i++) y[i] += fraction * 0.9;
        return y;
    }

    static XYChart chart() {
        return Plots.lines("runs", "step", "loss")
                .series("first", X, Y)
                .series("same", X, Y.clone())
                .series("near", X, shifted(0.001))
                .series("apart", X, shifted(0.01))
                .chart();
    }

    static boolean dashed(XYSeries s) { return s.getLineStyle().getDashArray() != null; }

    @Test
    void equalLinesAreDashedAndNamedNearOnesToo() {
        XYChart c = chart();
        EqualSeries.mark(c);
        assertEquals("first", c.getSeries("first").getLabel());
        assertEquals("same = first", c.getSeries("same").getLabel());
        assertEquals("near ≈ first", c.getSeries("near").getLabel());
        assertEquals("apart", c.getSeries("apart").getLabel(), "1% of the range apart is a different line");
        assertFalse(dashed(c.getSeries("first")));
        assertTrue(dashed(c.getSeries("same")));
        assertTrue(dashed(c.getSeries("near")));
        assertFalse(dashed(c.getSeries("apart")));
        assertEquals(Style.LINE.getLineWidth(), c.getSeries("same").getLineStyle().getLineWidth(), "a copy keeps its width");
    }

    @Test
    void nearMeansCloseOnAverageAndNowhereFar() {
        double[] blip = Y.clone(), jump = Y.clone();
        blip[4] += 0.015 * 0.9; // one point 1.5% of the range off: the mean stays under 0.2%
        jump[4] += 0.03 * 0.9;  // 3%: a line that visibly parts
        XYChart c = Plots.lines("runs", "step", "loss").series("first", X, Y).series("blip", X, blip).series("jump", X, jump).chart();
        EqualSeries.mark(c);
        assertEquals("blip ≈ first", c.getSeries("blip").getLabel());
        assertEquals("jump", c.getSeries("jump").getLabel());
    }

    @Test
    void aDenseCopyIsDashedInItsData() {
        int n = 500;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = i; y[i] = Math.exp(-i / 100.0) + 0.005 * Math.sin(i); }
        XYChart c = Plots.lines("runs", "step", "loss").series("a", x, y).series("b", x, y.clone()).chart();
        BufferedImage img = Plots.toImage(c, 2);
        int firstColor = count(img, Style.categorical(0)), copyColor = count(img, Style.categorical(1));
        assertTrue(firstColor > 1000 && copyColor > 1000, "pixels of the first and the copy: " + firstColor + ", " + copyColor);
        double[] shown = c.getSeries("b").getYData();
        int kept = 0;
        for (int i = 0; i < n; i++) if (!Double.isNaN(shown[i])) { assertEquals(y[i], shown[i]); kept++; }
        assertTrue(kept > n / 3 && kept < n - n / 5, "points on the copy's dashes: " + kept + " of " + n);
        assertEquals(y.length, c.getSeries("a").getYData().length);
        assertFalse(Double.isNaN(c.getSeries("a").getYData()[1]), "the first line is whole");
    }

    @Test
    void copiesInTheDataTakeTurnsToo() {
        double[] y = new double[20];
        Arrays.fill(y, 1);
        double[] a = EqualSeries.withGaps(y, 0, 2, 3, 2), b = EqualSeries.withGaps(y, 1, 2, 3, 2);
        // Period 3 + 3 + 2 steps: copy 0 draws steps 0-2 (points 0-3), copy 1 steps 3-5 (points 3-6), points 7 neither.
        for (int i : new int[]{0, 1, 2, 3, 8, 11}) assertFalse(Double.isNaN(a[i]), "copy 0 at " + i);
        for (int i : new int[]{4, 5, 6, 7}) assertTrue(Double.isNaN(a[i]), "copy 0 at " + i);
        for (int i : new int[]{3, 4, 5, 6, 11, 14}) assertFalse(Double.isNaN(b[i]), "copy 1 at " + i);
        for (int i : new int[]{0, 1, 2, 7, 8}) assertTrue(Double.isNaN(b[i]), "copy 1 at " + i);
    }

    @Test
    void copiesOfOneLineTakeTurnsAlongItsDashes() {
        XYChart c = chart();
        EqualSeries.mark(c);
        BasicStroke same = c.getSeries("same").getLineStyle(), near = c.getSeries("near").getLineStyle();
        assertArrayEquals(same.getDashArray(), near.getDashArray());
        assertNotEquals(same.getDashPhase(), near.getDashPhase(), "two copies in phase would hide each other");
        // Drawn after the first, so a copy's dashes lie over it.
        List<String> order = c.getSeriesCollection().stream().map(XYSeries::getName).toList();
        assertTrue(order.indexOf("first") < order.indexOf("same"));
    }

    @Test
    void aChartWithoutEqualLinesIsUnchanged() {
        XYChart c = Plots.lines("runs", "step", "loss").series("a", X, Y).series("b", X, shifted(0.01))
                .series("c", new double[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 10}, Y.clone()).guide(0.5, "half").chart();
        var before = c.getSeriesCollection().stream().map(s -> List.of(s.getLabel(), s.getLineStyle(), s.isEnabled())).toList();
        EqualSeries.mark(c);
        var after = c.getSeriesCollection().stream().map(s -> List.of(s.getLabel(), s.getLineStyle(), s.isEnabled())).toList();
        assertEquals(before, after, "same y on other x values is not the same line");
    }

    @Test
    void markingTwiceChangesNothingMore() {
        XYChart c = chart();
        EqualSeries.mark(c);
        var once = c.getSeriesCollection().stream().map(s -> List.of(s.getLabel(), s.getLineStyle())).toList();
        EqualSeries.mark(c);
        assertEquals(once, c.getSeriesCollection().stream().map(s -> List.of(s.getLabel(), s.getLineStyle())).toList());
    }

    @Test
    void theLabelSaysTheSharedTailOnceAndBreaksWhenTooWide() {
        var font = Style.font(12);
        assertEquals("zeros, tanh, median of 5 seeds = zeros, relu",
                EqualSeries.label("zeros, tanh, median of 5 seeds", "zeros, relu, median of 5 seeds", EqualSeries.Match.EQUAL, 1000, font));
        assertEquals("output x 0.01, median of 5 seeds ≈ output x 0",
                EqualSeries.label("output x 0.01, median of 5 seeds", "output x 0, median of 5 seeds", EqualSeries.Match.NEAR, 1000, font));
        assertEquals("last layer zero = SkipInit", EqualSeries.label("last layer zero", "SkipInit", EqualSeries.Match.EQUAL, 1000, font));
        assertEquals("last layer zero\n= SkipInit", EqualSeries.label("last layer zero", "SkipInit", EqualSeries.Match.EQUAL, 50, font),
                "wider than the legend was sized for: on a second line");
        assertEquals(", median of 5 seeds", EqualSeries.sharedTail("x 0.01, median of 5 seeds", "x 0, median of 5 seeds"));
        assertEquals("", EqualSeries.sharedTail("last layer zero", "SkipInit"));
    }

    @Test
    void anEqualBandIsShadedOnce() {
        double[] lo = shifted(-0.05), hi = shifted(0.05);
        XYChart c = Plots.lines("runs", "step", "loss").series("a", X, Y, lo, hi).series("b", X, Y.clone(), lo.clone(), hi.clone()).chart();
        EqualSeries.mark(c);
        assertEquals("b = a", c.getSeries("b").getLabel());
        assertTrue(c.getSeries("a" + Charts.BAND).isEnabled());
        assertFalse(c.getSeries("b" + Charts.BAND).isEnabled());
    }

    @Test
    void markersOfACopyBecomeRings() {
        XYChart c = Plots.lines("layers", "layer", "std").series("a", X, Y).series("b", X, Y.clone()).markers().chart();
        EqualSeries.mark(c);
        assertSame(EqualSeries.RING, c.getSeries("b").getMarker());
        assertNotSame(EqualSeries.RING, c.getSeries("a").getMarker());
    }

    /** Pixels of exactly this color. */
    static int count(BufferedImage img, Color color) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) n++;
        return n;
    }

    @Test
    void drawnChartsShowBothColorsOfEqualLines() {
        XYChart marked = Plots.lines("runs", "step", "loss").series("a", X, Y).series("b", X, Y.clone()).chart();
        BufferedImage img = Plots.toImage(marked, 2); // the grid's painting marks the chart
        assertEquals("b = a", marked.getSeries("b").getLabel());
        int firstColor = count(img, Style.categorical(0)), copyColor = count(img, Style.categorical(1));
        // The first line shows in the copy's gaps, the copy in its dashes: each a good share of the line.
        assertTrue(firstColor > 300, "first line's pixels: " + firstColor);
        assertTrue(copyColor > 300, "copy's pixels: " + copyColor);
    }
}

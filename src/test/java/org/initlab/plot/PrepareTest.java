package org.initlab.plot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What every chart gets before it is drawn: a title that fits. */
class PrepareTest {

    @Test
    void aTitleTooWideForItsChartIsSetSmallerUntilItFits() {
        var heat = HeatMaps.matrix("short", new double[][]{{0.1, 0.2}, {0.3, 0.4}}, List.of("a", "b"), List.of("x", "y"));
        int before = heat.getStyler().getChartTitleFont().getSize();
        Plots.prepare(heat);
        assertEquals(before, heat.getStyler().getChartTitleFont().getSize(), "a title that fits keeps its size");

        heat.setTitle("fashion-mnist(1000, 500), depth 20: mean test accuracy, range over seeds below");
        double room = heat.getWidth() - 2.0 * heat.getStyler().getChartPadding();
        assertTrue(Style.textWidth(heat.getTitle(), heat.getStyler().getChartTitleFont()) > room, "the case: too wide at the default size");
        Plots.prepare(heat);
        assertTrue(Style.textWidth(heat.getTitle(), heat.getStyler().getChartTitleFont()) <= room, "fits after prepare");
        assertTrue(heat.getStyler().getChartTitleFont().getSize() >= 10, "never below 10 pt");
    }
}

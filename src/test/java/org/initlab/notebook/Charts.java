package org.initlab.notebook;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Small charts for the rendering tests. */
final class Charts {
    private Charts() {}

    static XYChart line(String title, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("epoch").yAxisTitle("loss").build();
        c.addSeries("train", new double[]{0, 1, 2, 3}, new double[]{1.4, 0.6, 0.3, 0.2});
        return c;
    }
}

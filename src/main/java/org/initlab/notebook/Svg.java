package org.initlab.notebook;

import org.knowm.xchart.internal.chartpart.Chart;

/** A chart to be shown as SVG instead of PNG: {@code Show.svg(chart)} as a cell's last expression, or {@code Show.showSvg(chart)}. */
public record Svg(Chart<?, ?> chart) {
    public Svg {
        if (chart == null) throw new IllegalArgumentException("chart must not be null");
    }
}

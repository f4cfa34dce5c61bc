package org.initlab.plot;

import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/**
 * A guide line's name, written on the line, so a reader need not look up in a legend what a
 * dashed line means. It sits just above the line (or below) at the right end of the plot (or the
 * left), wherever the fewest data lines cross it, on a white backing so those that do cross do not
 * garble it.
 */
final class GuideLabel extends Annotation {
    /** Gap between the text and the line, and between the text and the plot's side, in chart pixels. */
    private static final int GAP = 3, INSET = 6;

    private final String text;
    private final double y;

    /** {@code y} as the chart's axis holds it (log10 of the value on a log axis). */
    GuideLabel(String text, double y) {
        super(false);
        this.text = text;
        this.y = y;
    }

    String text() { return text; }

    @Override
    public void paint(Graphics2D g) {
        bounds = null;
        if (!isVisible || !Double.isFinite(y)) return;
        int top = getYAxisScreenValueForMin(), bottom = getYAxisScreenValueForMax();
        int left = getXAxisScreenValueForMin(), right = getXAxisScreenValueForMax();
        double lineY = getYAxisScreenValue(y);
        if (lineY < top - 1 || lineY > bottom + 1) return; // off the axis: nothing to name
        TextLayout layout = new TextLayout(text, Style.font(chart.getWidth() < Style.WIDTH ? 10 : 12), g.getFontRenderContext());
        double width = layout.getAdvance(), ascent = layout.getAscent(), height = ascent + layout.getDescent();

        // Right end above the line, right below, left above, left below: the first that the fewest data lines cross.
        Rectangle2D best = null;
        int fewest = Integer.MAX_VALUE;
        for (boolean atRight : new boolean[]{true, false})
            for (boolean above : new boolean[]{true, false}) {
                double x = atRight ? right - INSET - width : left + INSET;
                double boxTop = above ? lineY - GAP - height : lineY + GAP;
                if (boxTop < top || boxTop + height > bottom) continue;
                Rectangle2D box = new Rectangle2D.Double(x - 2, boxTop - 1, width + 4, height + 2);
                int crossing = crossings(box);
                if (crossing < fewest) { fewest = crossing; best = box; }
            }
        if (best == null) best = new Rectangle2D.Double(right - INSET - width - 2, lineY - GAP - height - 1, width + 4, height + 2);
        bounds = best;

        Object antiAlias = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        Color color = g.getColor();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(255, 255, 255, 230));
        g.fill(best);
        g.setColor(Style.GUIDE_TEXT);
        layout.draw(g, (float) (best.getX() + 2), (float) (best.getY() + 1 + ascent));
        g.setColor(color);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, antiAlias);
    }

    /** How many segments of the chart's lines, and points of its scatter series, fall in {@code box} on screen. */
    private int crossings(Rectangle2D box) {
        int n = 0;
        for (Object o : chart.getSeriesCollection()) {
            if (!(o instanceof XYSeries s)) continue;
            var style = s.getXYSeriesRenderStyle().orElse(XYSeries.XYSeriesRenderStyle.Line);
            if (style == XYSeries.XYSeriesRenderStyle.PolygonArea) continue; // a translucent band: text reads on it
            double[] xs = s.getXData(), ys = s.getYData();
            for (int i = 0; i < xs.length; i++) {
                double x1 = getXAxisScreenValue(xs[i]), y1 = getYAxisScreenValue(ys[i]);
                if (style == XYSeries.XYSeriesRenderStyle.Scatter) {
                    if (box.contains(x1, y1)) n++;
                } else if (i > 0 && new Line2D.Double(getXAxisScreenValue(xs[i - 1]), getYAxisScreenValue(ys[i - 1]), x1, y1).intersects(box)) n++;
            }
        }
        return n;
    }
}

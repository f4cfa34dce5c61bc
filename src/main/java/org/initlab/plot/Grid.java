package org.initlab.plot;

import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Small multiples: charts laid out row by row in {@code columns} columns, under a common title.
 *
 * @param title   above the grid, or null
 * @param charts  the panels, in reading order
 * @param columns panels per row
 */
public record Grid(String title, List<? extends Chart<?, ?>> charts, int columns) {

    private static final int TITLE_HEIGHT = 34;

    public Grid {
        charts = List.copyOf(charts);
        if (charts.isEmpty()) throw new IllegalArgumentException("a grid needs at least one chart");
        if (columns < 1) throw new IllegalArgumentException("columns must be positive, got " + columns);
        columns = Math.min(columns, charts.size());
    }

    /** A grid with a sensible number of columns: up to 4 per row. */
    public static Grid of(String title, List<? extends Chart<?, ?>> charts) {
        return new Grid(title, charts, columnsFor(charts.size()));
    }

    static int columnsFor(int n) {
        return n <= 4 ? n : n <= 6 ? 3 : 4;
    }

    public int rows() { return (charts.size() + columns - 1) / columns; }

    /** Width in chart pixels: the widest panel times the columns. */
    public int width() { return columns * panelWidth(); }

    /** Height in chart pixels, title included. */
    public int height() { return rows() * panelHeight() + (title == null ? 0 : TITLE_HEIGHT); }

    private int panelWidth() { return charts.stream().mapToInt(Chart::getWidth).max().orElseThrow(); }

    private int panelHeight() { return charts.stream().mapToInt(Chart::getHeight).max().orElseThrow(); }

    /** Bold 16, or smaller down to 11 for a long title over few panels, so that it fits the grid's width. */
    static Font titleFont(String title, int width) {
        return Style.fitting(new Font(Style.FONT, Font.BOLD, 16), title, width - 16, 11);
    }

    /**
     * Paints the grid at {@code scale} times its size (2 for sharp PNGs on high-density screens), equal
     * lines of a panel marked as such ({@link EqualSeries}).
     */
    public BufferedImage toImage(double scale) {
        int w = panelWidth(), h = panelHeight(), top = title == null ? 0 : TITLE_HEIGHT;
        BufferedImage image = new BufferedImage((int) Math.ceil(width() * scale), (int) Math.ceil(height() * scale), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(scale, scale);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width(), height());
            if (title != null) {
                g.setColor(Style.TEXT);
                g.setFont(titleFont(title, width()));
                int tw = g.getFontMetrics().stringWidth(title);
                g.drawString(title, (width() - tw) / 2f, TITLE_HEIGHT - 10);
            }
            for (int i = 0; i < charts.size(); i++) {
                Graphics2D panel = (Graphics2D) g.create((i % columns) * w, top + (i / columns) * h, w, h);
                try {
                    Chart<?, ?> c = charts.get(i);
                    Plots.prepare(c);
                    c.paint(panel, c.getWidth(), c.getHeight());
                } finally {
                    panel.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}

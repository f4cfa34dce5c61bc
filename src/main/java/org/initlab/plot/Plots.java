package org.initlab.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point for ad-hoc charts, and PNG output for any chart or grid.
 *
 * <pre>{@code
 * XYChart c = Plots.lines("Signal scale vs depth", "layer", "std of activations")
 *     .series("xavier", depths, xavierStd).series("std 0.01", depths, smallStd).logY().chart();
 * Plots.savePng(c, Path.of("scale.png"));
 * }</pre>
 */
public final class Plots {
    private Plots() {}

    /**
     * PNGs are written at twice the chart's size, sharp on high-density screens: XChart scales by
     * DPI / 72 (Java2D's unit), so 2x is 144 DPI.
     */
    public static final int DPI = 144;

    /**
     * What every chart gets just before it is drawn, wherever it is drawn (a notebook's PNG or SVG, a grid's panel, a
     * file): equal lines marked as such ({@link EqualSeries}) and a title too wide for the chart set smaller, down to
     * 10 pt, so that it is never cut at both ends (a long data set's name on a heat map).
     */
    public static void prepare(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        EqualSeries.mark(chart);
        Style.fitTitle(chart);
    }

    /** Starts an ad-hoc line chart. */
    public static LinePlot lines(String title, String xLabel, String yLabel) {
        return new LinePlot(title, xLabel, yLabel);
    }

    /**
     * Writes a chart as PNG at {@link #DPI}, twice the chart's size, creating parent folders; equal
     * lines are marked as such ({@link EqualSeries}).
     * Returns the file written: {@code path}, with ".png" added if it lacked it.
     */
    public static Path savePng(Chart<?, ?> chart, Path path) {
        Path file = withPng(path);
        try {
            createParent(file);
            prepare(chart);
            BitmapEncoder.saveBitmapWithDPI(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG, DPI);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Writes a grid as PNG at twice its size; see {@link #savePng(Chart, Path)}. */
    public static Path savePng(Grid grid, Path path) {
        Path file = withPng(path);
        try {
            createParent(file);
            ImageIO.write(grid.toImage(DPI / 72.0), "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static Path withPng(Path path) {
        return Path.of(BitmapEncoder.addFileExtension(path.toString(), BitmapEncoder.BitmapFormat.PNG));
    }

    /** The chart painted at {@code scale} times its size. */
    public static BufferedImage toImage(Chart<?, ?> chart, double scale) {
        return new Grid(null, java.util.List.of(chart), 1).toImage(scale);
    }

    private static void createParent(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }
}

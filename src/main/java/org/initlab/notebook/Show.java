package org.initlab.notebook;

import org.initlab.plot.Grid;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.List;
import java.util.Locale;

/**
 * Shows things in the notebook from anywhere in a cell, under rapaio, IJava or JJava alike:
 * <pre>{@code import static org.initlab.notebook.Show.*;
 * show(lossChart, accuracyTable);
 * showGrid(2, chartA, chartB, chartC, chartD);
 * markdown("The loss fell to **%s** after %d epochs.", fmt(loss), epochs);}</pre>
 * Charts show as crisp PNGs, tables as HTML with rounded numbers (see {@link Render}), anything else
 * as its {@code toString()} in plain text, the same under every kernel. Returns nothing, so a cell
 * ending in {@code show(...)} prints no display id. Outside a kernel (plain java, tests) each object
 * prints its text form.
 */
public final class Show {

    private Show() {}

    /** Shows each object as its own output, in order. */
    public static void show(Object... objects) {
        KernelBridge k = Kernels.current();
        for (Object o : objects) {
            Bundle b = Render.bundle(o);
            k.display(b != null ? b : Bundle.text(String.valueOf(o)), null);
        }
    }

    /** Shows charts in rows of {@code columns}, as one picture. */
    public static void showGrid(int columns, Chart<?, ?>... charts) {
        show(grid(columns, charts));
    }

    /** Charts in rows of {@code columns} ({@link org.initlab.plot.Grid}): end a cell with it, or pass it to {@link #show}. */
    public static Grid grid(int columns, Chart<?, ?>... charts) {
        return new Grid(null, List.of(charts), columns);
    }

    /** Charts in rows of {@code columns}. */
    public static Grid grid(int columns, List<? extends Chart<?, ?>> charts) {
        return new Grid(null, charts, columns);
    }

    /**
     * Shows Markdown (text/markdown; TeX between dollars renders too), {@code String.format}ted with
     * {@code args} in the root locale, so numbers measured in a cell can go into prose:
     * {@code markdown("The std falls by **%s** per layer.", fmt(ratio))}. Without args the text is used as is.
     */
    public static void markdown(String format, Object... args) {
        String text = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
        show(Bundle.text(text).with(Bundle.MARKDOWN, text));
    }

    /** Shows a chart as SVG (vector) instead of PNG. */
    public static void showSvg(Chart<?, ?> chart) {
        show(svg(chart));
    }

    /** A chart to show as SVG: end a cell with it, or pass it to {@link #show}. */
    public static Svg svg(Chart<?, ?> chart) {
        return new Svg(chart);
    }

    /**
     * A figure with a slider ({@link Explorable}): {@code frame} drawn for every value of the knob when the cell runs,
     * the slider swapping the pictures in the browser. End the cell with it, or pass it to {@link #show}:
     * {@code show(explore(knob("depth", List.of(5, 10, 20, 40)), depth -> chart(depth)))}.
     */
    public static <V> Explorable explore(Knob<V> knob, Explorable.Frame<V> frame) {
        return Explorable.of(knob, frame);
    }

    /** The same over every pair of values of two knobs: {@code (std, act) -> chart(std, act)}. */
    public static <A, B> Explorable explore(Knob<A> a, Knob<B> b, Explorable.Frame2<A, B> frame) {
        return Explorable.of(a, b, frame);
    }

    /** A knob over numbers for {@link #explore}, starting at the first: {@code knob("std", new double[]{0.01, 0.1, 1})}. */
    public static Knob<Double> knob(String name, double... values) {
        return Knob.of(name, values);
    }

    /** A knob over any values (numbers written to 4 significant digits, others as text), starting at the first. */
    public static <V> Knob<V> knob(String name, java.util.List<V> values) {
        return Knob.of(name, values);
    }

    /** A knob whose values are written by {@code label}: {@code knob("activation", acts, Activation::label)}. */
    public static <V> Knob<V> knob(String name, java.util.List<V> values, Knob.Label<? super V> label) {
        return Knob.of(name, values, label);
    }

    /** Shows HTML (text/html), with a text form for terminals. */
    public static void showHtml(String html, String text) {
        show(Bundle.text(text).with(Bundle.HTML, html));
    }
}

package org.initlab.notebook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * One knob of an {@link Explorable}: its name, the values a frame is drawn for, how each value is written next to the
 * slider, and the value shown first.
 * <pre>{@code knob("std of the weights", new double[]{0.01, 0.1, 1})          // starts at 0.01
 * knob("activation", List.of(Activation.TANH, Activation.RELU), Activation::label)
 * knob("depth", List.of(5, 10, 20, 40)).startAt(10)}</pre>
 *
 * @param name   the knob, as the slider's label says it
 * @param values the values, in slider order
 * @param labels each value as written (numbers to 4 significant digits), all different
 * @param start  the index of the value shown first: the frame a reader sees without moving a slider
 */
public record Knob<V>(String name, List<V> values, List<String> labels, int start) {

    /** How a knob's value is written next to its slider: {@code Activation::label}. */
    @FunctionalInterface
    public interface Label<V> {
        String of(V value);
    }

    public Knob {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a knob needs a name, the slider's label");
        if (values == null || values.isEmpty()) throw new IllegalArgumentException("knob '" + name + "' has no values");
        if (values.size() > Explorable.MAX_FRAMES)
            throw new IllegalArgumentException("knob '" + name + "' has " + values.size() + " values; an explorable draws every"
                    + " frame when its cell runs, so it takes at most " + Explorable.MAX_FRAMES + ": use fewer values");
        if (labels == null || labels.size() != values.size())
            throw new IllegalArgumentException("knob '" + name + "' needs one label per value");
        var seen = new HashSet<String>();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v == null) throw new IllegalArgumentException("knob '" + name + "': value " + (i + 1) + " is null");
            if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f))
                throw new IllegalArgumentException("knob '" + name + "': value " + (i + 1) + " is " + v + ", not a number a frame can be drawn for");
            String label = labels.get(i);
            if (label == null || label.isBlank()) throw new IllegalArgumentException("knob '" + name + "': value " + (i + 1) + " has no label");
            if (!seen.add(label))
                throw new IllegalArgumentException("knob '" + name + "' has the value " + label + " twice: each value is one slider position");
        }
        if (start < 0 || start >= values.size())
            throw new IllegalArgumentException("knob '" + name + "': start " + start + " is not one of its " + values.size() + " positions");
        values = List.copyOf(values);
        labels = List.copyOf(labels);
    }

    /** A knob over numbers, starting at the first. */
    public static Knob<Double> of(String name, double... values) {
        if (values == null) throw new IllegalArgumentException("knob '" + name + "' has no values");
        var boxed = new ArrayList<Double>(values.length);
        for (double v : values) boxed.add(v);
        return of(name, boxed);
    }

    /** A knob over any values, starting at the first; numbers are written to 4 significant digits, others as text. */
    public static <V> Knob<V> of(String name, List<V> values) {
        return of(name, values, Knob::write);
    }

    /** A knob whose values are written by {@code label}. */
    public static <V> Knob<V> of(String name, List<V> values, Label<? super V> label) {
        if (values == null) throw new IllegalArgumentException("knob '" + name + "' has no values");
        if (label == null) throw new IllegalArgumentException("knob '" + name + "' needs a way to write its values");
        var labels = new ArrayList<String>(values.size());
        for (V v : values) labels.add(v == null ? null : label.of(v));
        return new Knob<>(name, values, labels, 0);
    }

    /** The same knob, shown first at {@code value}. */
    public Knob<V> startAt(V value) {
        int i = values.indexOf(value);
        if (i < 0) throw new IllegalArgumentException("knob '" + name + "' cannot start at " + write(value) + ": it is not one of "
                + String.join(", ", labels));
        return new Knob<>(name, values, labels, i);
    }

    /** The number of values. */
    public int size() { return values.size(); }

    /** "name = label" of the value at {@code index}. */
    String setting(int index) { return name + " = " + labels.get(index); }

    static String write(Object v) {
        return switch (v) {
            case Double d -> Render.round(d);
            case Float f -> Render.round(f);
            case null -> "null";
            default -> String.valueOf(v);
        };
    }
}

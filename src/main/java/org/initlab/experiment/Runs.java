package org.initlab.experiment;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * One setting of an experiment run over seeds 1..n, with the label its curves and table rows carry. The label
 * comes from the objects the cell used, so a changed knob relabels its curve:
 * <pre>{@code var small = Runs.over(seeds, start.describe(), seed -> train(start, seed));
 * Spread loss = small.spread(History::finalTrainLoss);}</pre>
 *
 * @param label   what the runs are, as charts and tables show it
 * @param results one result per seed, seed 1 first
 */
public record Runs<T>(String label, List<T> results) {

    public Runs {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("runs need a label");
        results = List.copyOf(results);
        if (results.isEmpty()) throw new IllegalArgumentException("'" + label + "' has no runs");
    }

    /** {@code run} for seeds 1..{@code seeds}, in parallel, in seed order ({@link Repeat#over}). */
    public static <T> Runs<T> over(int seeds, String label, LongFunction<T> run) {
        return new Runs<>(label, Repeat.over(seeds, run));
    }

    /** A statistic of every seed's result, as its spread over the seeds. */
    public Spread spread(ToDoubleFunction<? super T> statistic) { return Spread.across(results, statistic); }

    /**
     * A statistic of each seed's result over the same statistic of {@code other}'s same seed, as a spread: the
     * scaled start's final loss over the large start's, seed by seed, {@code scaled.ratioTo(large, History::finalTrainLoss)}.
     */
    public Spread ratioTo(Runs<? extends T> other, ToDoubleFunction<? super T> statistic) {
        if (other.seeds() != seeds())
            throw new IllegalArgumentException("'" + label + "' has " + seeds() + " seeds, '" + other.label + "' " + other.seeds());
        double[] r = new double[seeds()];
        for (int s = 0; s < r.length; s++) r[s] = statistic.applyAsDouble(results.get(s)) / statistic.applyAsDouble(other.results.get(s));
        return Spread.of(r);
    }

    /** How many seeds' results satisfy {@code test}. */
    public long count(Predicate<? super T> test) { return results.stream().filter(test).count(); }

    /** The result of seed {@code seed} (1-based, as the seeds are numbered). */
    public T seed(int seed) {
        if (seed < 1 || seed > results.size())
            throw new IllegalArgumentException("'" + label + "' has seeds 1-" + results.size() + ", not " + seed);
        return results.get(seed - 1);
    }

    /** The number of seeds. */
    public int seeds() { return results.size(); }

    /** Each seed's result turned into something else, under the same label. */
    public <R> Runs<R> map(Function<? super T, ? extends R> f) {
        return new Runs<>(label, results.stream().<R>map(f).toList());
    }

    /**
     * Several settings' runs by label, in order, for the charts and tables that take a map. Two settings with the
     * same label (a learner who set two knobs alike) stay two entries: the second becomes "label (2)".
     */
    public static <T> java.util.LinkedHashMap<String, List<T>> byLabel(List<Runs<T>> runs) {
        var out = new java.util.LinkedHashMap<String, List<T>>();
        for (Runs<T> r : runs) {
            String key = r.label();
            for (int k = 2; out.containsKey(key); k++) key = r.label() + " (" + k + ")";
            out.put(key, r.results());
        }
        return out;
    }

    /**
     * How many seeds give the same numbers, bit for bit, as {@code other}'s same seed: a chapter's runs in view
     * against the catalog's own runs of the experiment, {@code mine.sameAs(catalog, History::stepLosses)}.
     */
    public long sameAs(Runs<T> other, Function<? super T, double[]> numbers) {
        long same = 0;
        for (int s = 0; s < Math.min(seeds(), other.seeds()); s++)
            if (java.util.Arrays.equals(numbers.apply(results.get(s)), numbers.apply(other.results.get(s)))) same++;
        return same;
    }

    /** The same results under another label. */
    public Runs<T> label(String newLabel) { return new Runs<>(newLabel, results); }
}

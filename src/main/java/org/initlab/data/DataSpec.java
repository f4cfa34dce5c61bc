package org.initlab.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data set named by how it is made, so another machine can make the same one: a sweep on a cluster sends
 * this name to its workers, not the data. {@link #name()} and {@link #parse} are each other's inverse.
 *
 * <pre>{@code DataSpec.parse("fashion-mnist(1000, 500)").load()}</pre>
 */
public sealed interface DataSpec extends java.io.Serializable {

    /** What this data set is called in tables, spec files and errors: "digits", "digits(split_seed=3)", "fashion-mnist(1000, 500)". */
    String name();

    /** Reads and prepares the data, fresh. */
    Dataset.Split read();

    /** Throws, naming what is missing and how to install it, if this machine cannot {@link #read} the data. */
    default void requireAvailable() {}

    /**
     * The data, read once per JVM and shared: every run of a sweep on this machine trains on the same arrays
     * (they are only read). A cluster worker reads each data set once, however many runs it trains on it.
     */
    default Dataset.Split load() { return Loaded.CACHE.computeIfAbsent(this, DataSpec::read); }

    /** The shipped 8x8 digits, standardized, 20% held out by {@code splitSeed} (which digits are held out is part of a run's randomness). */
    static Digits digits(long splitSeed) { return new Digits(splitSeed); }

    /** The digits split as every chapter splits them (seed 1). */
    static Digits digits() { return digits(1); }

    /** The first {@code train} training and {@code test} test images of Fashion-MNIST, standardized. */
    static FashionMnistSubset fashionMnist(int train, int test) { return new FashionMnistSubset(train, test); }

    record Digits(long splitSeed) implements DataSpec {
        public String name() { return splitSeed == 1 ? "digits" : "digits(split_seed=" + splitSeed + ")"; }
        public Dataset.Split read() { return org.initlab.data.Digits.load().split(0.2, splitSeed).standardized(); }
    }

    record FashionMnistSubset(int train, int test) implements DataSpec {
        public FashionMnistSubset {
            if (train < 1 || test < 1) throw new IllegalArgumentException("Fashion-MNIST needs at least 1 training and 1 test image, got " + train + " and " + test);
        }
        public String name() { return "fashion-mnist(" + train + ", " + test + ")"; }
        public Dataset.Split read() { return FashionMnist.load(train, test).standardized(); }
        @Override public void requireAvailable() {
            if (!FashionMnist.isAvailable())
                throw new DataFileException("Fashion-MNIST is not installed in " + FashionMnist.defaultFolder() + ": " + FashionMnist.howToGet(false));
        }
    }

    /**
     * The data set a {@link #name()} names: "digits", "digits(split_seed=N)", "fashion-mnist(TRAIN, TEST)".
     * Anything else is an error that lists these.
     */
    static DataSpec parse(String name) {
        String s = name == null ? "" : name.strip();
        if (s.equals("digits")) return digits();
        Matcher m = Loaded.DIGITS.matcher(s);
        if (m.matches()) return digits(Long.parseLong(m.group(1)));
        m = Loaded.FASHION.matcher(s);
        if (m.matches()) return fashionMnist(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        throw new IllegalArgumentException("unknown data set '" + s + "': expected digits, digits(split_seed=N) or fashion-mnist(TRAIN, TEST), e.g. fashion-mnist(1000, 500)");
    }

    /** The per-JVM cache behind {@link #load()}, and the patterns behind {@link #parse} (an interface's own fields would be public). */
    final class Loaded {
        private Loaded() {}
        private static final Map<DataSpec, Dataset.Split> CACHE = new ConcurrentHashMap<>();
        private static final Pattern DIGITS = Pattern.compile("digits\\(\\s*split_seed\\s*=\\s*(-?\\d{1,18})\\s*\\)");
        private static final Pattern FASHION = Pattern.compile("fashion-mnist\\(\\s*(\\d{1,9})\\s*,\\s*(\\d{1,9})\\s*\\)");
    }
}

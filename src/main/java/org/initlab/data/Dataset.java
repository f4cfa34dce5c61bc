package org.initlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import smile.math.random.MersenneTwister64;

/**
 * A labelled classification data set: {@code x[i]} holds the features of sample {@code i} and
 * {@code y[i]} its class in {@code 0..numClasses-1}.
 *
 * <p>The constructor checks everything a training loop would otherwise trip over much later
 * (ragged rows, NaN, labels out of range), so a bad data set fails where it was made, with a
 * message that says what is wrong and where.
 *
 * <p>The arrays are not copied (Fashion-MNIST is 47 million doubles) and the derived data sets
 * below never modify them; callers should not either. {@code equals} is the record default, so it
 * compares array identity, not contents.
 */
public record Dataset(String name, double[][] x, int[] y, int numClasses, List<String> classNames) {

    /** A train/test pair made by {@link Dataset#split}. */
    public record Split(Dataset train, Dataset test) {

        public Split {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
            if (train.features() != test.features()) {
                throw new IllegalArgumentException("train has " + train.features()
                        + " features but test has " + test.features());
            }
            if (train.numClasses() != test.numClasses()) {
                throw new IllegalArgumentException("train has " + train.numClasses()
                        + " classes but test has " + test.numClasses());
            }
        }

        /**
         * Both parts standardized with statistics fitted on the training part only, so nothing
         * about the test set leaks into the preprocessing.
         */
        public Split standardized() {
            Standardizer s = Standardizer.fit(train);
            return new Split(s.apply(train), s.apply(test));
        }

        /** A sentence for the notebooks: "moons/train: 800 training rows and 200 test rows of 2 features, 2 classes". */
        @Override
        public String toString() {
            return train.name() + ": " + train.size() + " training rows and " + test.size() + " test rows of " + count(train.features(), "feature")
                    + ", " + count(train.numClasses(), "class");
        }
    }

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(classNames, "classNames");
        String where = "data set '" + name + "': ";
        if (x.length == 0) {
            throw new IllegalArgumentException(where + "empty data set (no rows)");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException(where + "x has " + x.length + " rows but y has "
                    + y.length + " labels");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException(where + "numClasses must be at least 2, got "
                    + numClasses);
        }
        if (classNames.size() != numClasses) {
            throw new IllegalArgumentException(where + classNames.size() + " class names for "
                    + numClasses + " classes");
        }
        for (int c = 0; c < classNames.size(); c++) {
            if (classNames.get(c) == null) {
                throw new IllegalArgumentException(where + "the name of class " + c + " is null");
            }
        }
        classNames = List.copyOf(classNames);
        if (x[0] == null) {
            throw new IllegalArgumentException(where + "row 0 is null");
        }
        if (x[0].length == 0) {
            throw new IllegalArgumentException(where + "rows have no features");
        }
        requireRows(x, x[0].length, where);
        for (int i = 0; i < x.length; i++) {
            if (y[i] < 0 || y[i] >= numClasses) {
                throw new IllegalArgumentException(where + "label " + y[i] + " at row " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
    }

    /**
     * Checks rows of features: present, each with {@code features} values, every value finite. For data sets, and
     * for rows handed to a network or a standardizer later (a NaN would come out as NaN predictions, a short row
     * as an index error). {@code where} starts the message: "data set 'moons': ", "the input: ".
     */
    public static void requireRows(double[][] x, int features, String where) {
        if (x == null) {
            throw new IllegalArgumentException(where + "the rows are null");
        }
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (row == null) {
                throw new IllegalArgumentException(where + "row " + i + " is null");
            }
            if (row.length != features) {
                throw new IllegalArgumentException(where + "row " + i + " has " + row.length
                        + " features, expected " + features);
            }
            for (int j = 0; j < features; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException(where + row[j] + " in feature " + j
                            + " of row " + i);
                }
            }
        }
    }

    /** A data set whose classes are 0..max(y), named "0", "1", ... */
    public static Dataset of(String name, double[][] x, int[] y) {
        Objects.requireNonNull(y, "y");
        int max = -1;
        for (int label : y) {
            max = Math.max(max, label);
        }
        return new Dataset(name, x, y, max + 1, defaultClassNames(max + 1));
    }

    /** "0", "1", ..., "k-1". */
    static List<String> defaultClassNames(int k) {
        List<String> names = new ArrayList<>(Math.max(k, 0));
        for (int c = 0; c < k; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    /** Number of samples. */
    public int size() {
        return x.length;
    }

    /** Number of features per sample. */
    public int features() {
        return x[0].length;
    }

    /** How many samples each class has, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : y) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * A seeded, stratified train/test split: every class contributes about {@code testFraction}
     * of its samples to the test part (the test size is round(size * testFraction), shared out
     * over classes by largest remainder). Both parts come out in shuffled order.
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be strictly between 0 and 1, got "
                    + testFraction);
        }
        long nTest = Math.round(size() * testFraction);
        if (nTest == 0 || nTest == size()) {
            throw new IllegalArgumentException("test fraction " + testFraction + " of " + size()
                    + " rows leaves the " + (nTest == 0 ? "test" : "train") + " part empty");
        }
        int[][] parts = stratifiedPick((int) nTest, seed);
        return new Split(rows(name + "/train", parts[1]), rows(name + "/test", parts[0]));
    }

    /** A seeded, stratified random sample of {@code n} rows (class proportions kept), shuffled. */
    public Dataset subset(int n, long seed) {
        if (n < 1 || n > size()) {
            throw new IllegalArgumentException("subset size must be in 1.." + size() + ", got " + n);
        }
        return rows(name, stratifiedPick(n, seed)[0]);
    }

    /** The first {@code n} rows (all of them if {@code n >= size()}), in order. */
    public Dataset head(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("head size must be at least 1, got " + n);
        }
        int m = Math.min(n, size());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = i;
        }
        return rows(name, idx);
    }

    /** This data set with features transformed by {@code s} (see {@link Standardizer#apply}). */
    public Dataset standardized(Standardizer s) {
        return s.apply(this);
    }

    /** Same data set, new feature matrix; labels and class names are kept. */
    Dataset withX(double[][] newX) {
        return new Dataset(name, newX, y, numClasses, classNames);
    }

    private Dataset rows(String newName, int[] idx) {
        double[][] nx = new double[idx.length][];
        int[] ny = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            nx[i] = x[idx[i]].clone();
            ny[i] = y[idx[i]];
        }
        return new Dataset(newName, nx, ny, numClasses, classNames);
    }

    /**
     * Picks k rows so each class gets its proportional share, and returns {picked, rest}, both
     * in a seeded random order. Walking one random permutation and taking each class's first
     * quota members gives a uniform random subset per class and a shuffled order for free.
     */
    private int[][] stratifiedPick(int k, long seed) {
        int n = size();
        int[] counts = classCounts();
        int[] quota = new int[numClasses];
        double[] remainder = new double[numClasses];
        int assigned = 0;
        for (int c = 0; c < numClasses; c++) {
            long share = (long) k * counts[c];
            quota[c] = (int) (share / n);
            remainder[c] = (double) (share % n) / n;
            assigned += quota[c];
        }
        // Largest remainder: hand the leftover rows to the classes that were rounded down most.
        for (; assigned < k; assigned++) {
            int best = -1;
            for (int c = 0; c < numClasses; c++) {
                if (quota[c] < counts[c] && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
        }

        int[] perm = permutation(n, new MersenneTwister64(seed));
        int[] picked = new int[k];
        int[] rest = new int[n - k];
        int p = 0, r = 0;
        for (int i : perm) {
            if (quota[y[i]] > 0) {
                quota[y[i]]--;
                picked[p++] = i;
            } else {
                rest[r++] = i;
            }
        }
        return new int[][] {picked, rest};
    }

    /** A Fisher-Yates shuffle of 0..n-1. */
    static int[] permutation(int n, MersenneTwister64 rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** A sentence for the notebooks: "moons/train: 800 rows of 2 features, 2 classes". */
    @Override
    public String toString() {
        return name + ": " + count(size(), "row") + " of " + count(features(), "feature") + ", " + count(numClasses, "class");
    }

    /** "1 class", "3 classes". */
    private static String count(int n, String noun) { return n + " " + noun + (n == 1 ? "" : noun.endsWith("s") ? "es" : "s"); }
}

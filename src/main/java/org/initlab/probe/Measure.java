package org.initlab.probe;

import org.initlab.nn.Activation;
import smile.tensor.DenseMatrix;

/** The per-layer measurements a probe takes, as plain functions of the layer's matrices. */
public final class Measure {
    private Measure() {}

    /**
     * Mean, standard deviation and histograms of a matrix's entries: of the values, and of their sizes in decades
     * (log10 |v|, see {@link #magnitudes}).
     */
    public record Summary(double mean, double std, Histogram histogram, Histogram magnitudes) {}

    /**
     * Moments over every entry (one pass, shifted sums), histograms over a strided sample of at most
     * {@code sample} entries, so the cost stays a single read of the matrix.
     */
    public static Summary summary(DenseMatrix m, int bins, int sample) {
        Sums s = Sums.of(m);
        double[] values = sample(m, sample);
        return new Summary(s.mean(), s.std(), Histogram.of(values, bins), magnitudes(values, bins));
    }

    /**
     * Histogram of log10 |v| over the values' own range: the sizes of values that may span dozens of decades (the
     * gradients of a saturated tanh stack), which equal-width bins of v itself lump into the bin around 0. Zeros have
     * no logarithm and are left out, as non-finite values are: its total falls short of the values' by the zeros.
     */
    public static Histogram magnitudes(double[] values, int bins) {
        double[] logs = new double[values.length];
        for (int i = 0; i < values.length; i++) logs[i] = Math.log10(Math.abs(values[i])); // 0 gives -infinity
        return Histogram.of(logs, bins);
    }

    /** A deterministic strided sample of the entries, at most {@code n} of them. */
    public static double[] sample(DenseMatrix m, int n) {
        int rows = m.nrow();
        long total = (long) rows * m.ncol();
        long stride = Math.max(1, (total + n - 1) / n);
        double[] out = new double[(int) ((total + stride - 1) / stride)];
        // Entry k * stride in column-major order, walked without a division per entry; read off the backing array where
        // there is one (a probed step samples nine matrices: through get, 2-3 ns an entry).
        Object base = org.initlab.nn.Matrices.backingArray(m);
        double[] ds = base instanceof double[] d ? d : null;
        float[] fs = base instanceof float[] f ? f : null;
        int ld = m.ld();
        long down = stride % rows, across = stride / rows;
        int i = 0, j = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = ds != null ? ds[j * ld + i] : fs != null ? fs[j * ld + i] : m.get(i, j);
            i += (int) down;
            j += (int) across;
            if (i >= rows) { i -= rows; j++; }
        }
        return out;
    }

    /**
     * |z| beyond which f is saturated: tanh(z) past +-0.97 (Karpathy's makemore threshold), and the
     * same for sigmoid, whose 2 sigmoid(z) - 1 = tanh(z/2). NaN for activations that do not saturate.
     */
    public static double saturationThreshold(Activation f) {
        double t = 0.5 * Math.log((1 + 0.97) / (1 - 0.97)); // atanh(0.97)
        return switch (f) {
            case Activation.Tanh x -> t;
            case Activation.Sigmoid x -> 2 * t;
            default -> Double.NaN;
        };
    }

    /** Fraction of pre-activations in the saturated region of f; NaN if f does not saturate. */
    public static double saturatedFraction(Activation f, DenseMatrix z) {
        double t = saturationThreshold(f);
        if (Double.isNaN(t)) return Double.NaN;
        long n = 0;
        for (int j = 0; j < z.ncol(); j++) for (int i = 0; i < z.nrow(); i++) if (Math.abs(z.get(i, j)) > t) n++;
        return (double) n / ((long) z.nrow() * z.ncol());
    }

    /** Fraction of units whose output is 0 on every row of the batch (z &lt;= 0 for ReLU); NaN if f cannot die. */
    public static double deadFraction(Activation f, DenseMatrix z) {
        if (!f.canDie()) return Double.NaN;
        int dead = 0, rows = z.nrow();
        Columns columns = new Columns(z);
        for (int j = 0; j < z.ncol(); j++) {
            double[] c = columns.column(j);
            boolean alive = false;
            for (int i = columns.offset(j), end = i + rows; i < end && !alive; i++) alive = c[i] > 0;
            if (!alive) dead++;
        }
        return (double) dead / z.ncol();
    }

    /**
     * The largest difference between two units of a layer, over every weight and the bias: the
     * spread (max - min across units) of each column of w and of b. 0 means all units are copies.
     */
    public static double unitSpread(DenseMatrix w, DenseMatrix b) {
        return Math.max(Scan.of(w, null).maxColumnRange(), Scan.of(b, null).maxColumnRange());
    }

    /**
     * How many distinct units a layer has: units (rows of w with their bias) that agree to within
     * {@code tol} in every weight and the bias count once. Units are first sorted by their first
     * weight; only runs whose neighbours are within tol can hold copies, and only those are compared
     * in full, so a random layer costs a sort and a symmetric one a single pass.
     */
    public static int distinctUnits(DenseMatrix w, DenseMatrix b, double tol) {
        int n = w.nrow();
        // The common case, a random layer: no two first weights within tol, so every unit is distinct.
        double[] first = new double[n];
        for (int i = 0; i < n; i++) first[i] = w.get(i, 0);
        java.util.Arrays.sort(first);
        boolean close = false;
        for (int i = 1; i < n && !close; i++) close = first[i] - first[i - 1] <= tol;
        if (!close) return n;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(w.get(p, 0), w.get(q, 0)));
        int count = 0;
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && w.get(order[end], 0) - w.get(order[end - 1], 0) <= tol) end++;
            count += end - start == 1 ? 1 : greedyDistinct(w, b, tol, order, start, end);
            start = end;
        }
        return count;
    }

    /** Greedy merge of units order[from..to) with the first representative each agrees with. */
    private static int greedyDistinct(DenseMatrix w, DenseMatrix b, double tol, Integer[] order, int from, int to) {
        int cols = w.ncol();
        int[] reps = new int[to - from];
        int count = 0;
        for (int u = from; u < to; u++) {
            int i = order[u];
            boolean matched = false;
            for (int r = 0; r < count && !matched; r++) {
                int k = reps[r];
                boolean same = Math.abs(b.get(i, 0) - b.get(k, 0)) <= tol;
                for (int j = 0; j < cols && same; j++) same = Math.abs(w.get(i, j) - w.get(k, j)) <= tol;
                matched = same;
            }
            if (!matched) reps[count++] = i;
        }
        return count;
    }
}

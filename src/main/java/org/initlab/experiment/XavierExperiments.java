package org.initlab.experiment;

import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Network;
import org.initlab.probe.LayerStats;
import smile.math.random.MersenneTwister64;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The experiments of notebook 04: Xavier (Glorot) initialization, Glorot &amp; Bengio 2010.
 * <ul>
 *   <li>(a) the deep tanh stack at its initialization, Xavier against the "standard" U(-1/sqrt(n), 1/sqrt(n))
 *       the paper compared with: activation and back-propagated gradient std per layer (their figs. 6-7);</li>
 *   <li>(b) where it fails: a deep ReLU stack loses half the second moment per layer, 2^-L over L layers;</li>
 *   <li>(c) the notes' formula {@code randn(fan_in, fan_out) / sqrt(fan_in)} has variance 1/fan_in: LeCun's,
 *       not Glorot's 2/(fan_in + fan_out); the two differ on every non-square layer.</li>
 * </ul>
 */
public final class XavierExperiments {
    private XavierExperiments() {}

    /** The ReLU stack of (b): 20 hidden layers of 256. */
    public static final int RELU_DEPTH = 20, RELU_WIDTH = 256;

    /** The non-square layer the formula check uses by default: a 28x28 image into 256 units. */
    public static final int FAN_IN = 784, FAN_OUT = 256;

    // ---------------------------------------------------------------- (a) tanh, Glorot figs. 6-7

    /**
     * Glorot &amp; Bengio's "standard" initialization (their eq. 1), U(-1/sqrt(n), 1/sqrt(n)) with n the
     * fan-in, here the 500 units of the stack: Var = 1/(3n), a third of what keeps the signal.
     */
    public static Initializer standard() {
        double b = 1 / Math.sqrt(ScaleExperiments.WIDTH);
        return Init.uniform(-b, b);
    }

    /** The 10 x 500 tanh stack of notebook 03 with {@code init}, measured at its initialization. */
    public static SignalPropagation tanhStack(Initializer init) { return tanhStack(init, 1); }

    /** The same for weights and inputs drawn from {@code seed}. */
    public static SignalPropagation tanhStack(Initializer init, long seed) {
        return ScaleExperiments.propagate(Activation.TANH, init, seed);
    }

    /**
     * The comparison of Glorot's figs. 6-7 at small scale: the standard init, Xavier normal (gain 1, as
     * in the paper) and Xavier normal with tanh's gain 5/3 (PyTorch's later correction), in that order.
     * Computed once per JVM and shared (the catalog and the notebook use the same numbers).
     */
    public static Map<String, SignalPropagation> tanhComparison() { return tanhComparison(1); }

    /** The same comparison with weights and inputs drawn from {@code seed}; memoized per seed. */
    public static Map<String, SignalPropagation> tanhComparison(long seed) {
        return Memo.get("xavier.tanhComparison/" + seed, () -> {
            Map<String, SignalPropagation> m = new LinkedHashMap<>();
            m.put("standard U(-1/sqrt(n), 1/sqrt(n))", tanhStack(standard(), seed));
            m.put("xavier_normal (gain 1)", tanhStack(Init.xavierNormal(), seed));
            m.put("xavier_normal (gain 5/3)", tanhStack(Init.xavierNormal(Init.gain(Activation.TANH)), seed));
            return java.util.Collections.unmodifiableMap(m);
        });
    }

    // ---------------------------------------------------------------- trends over depth

    /**
     * A geometric trend over depth: {@code values[l]} is fitted by {@code c * factor^l} (least squares on
     * the logarithms), so {@code factor} is the mean change from one layer to the next.
     *
     * @param values    what was fitted, one value per layer
     * @param factor    the fitted change per layer (1 = constant; 0.5 = halves each layer)
     * @param rSquared  how well a straight line fits the logarithms (1 = exactly geometric)
     */
    public record Trend(double[] values, double factor, double rSquared) {
        public Trend {
            values = values.clone();
        }

        @Override public double[] values() { return values.clone(); }

        /** Fits {@code values} (all positive and finite, at least two). */
        public static Trend of(double[] values) {
            if (values.length < 2) throw new IllegalArgumentException("a trend needs at least two layers, got " + values.length);
            int n = values.length;
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                if (!(values[i] > 0) || !Double.isFinite(values[i]))
                    throw new IllegalArgumentException("value " + i + " is " + values[i] + ": a geometric trend needs positive finite values");
                y[i] = Math.log(values[i]);
            }
            double mx = (n - 1) / 2.0, my = Arrays.stream(y).average().orElseThrow();
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = 0; i < n; i++) {
                sxy += (i - mx) * (y[i] - my);
                sxx += (i - mx) * (i - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
            double slope = sxy / sxx;
            double r2 = syy == 0 ? 1 : slope * slope * sxx / syy;
            return new Trend(values, Math.exp(slope), r2);
        }

        /** Last value over first. */
        public double overall() { return values[values.length - 1] / values[0]; }

        /** The number of layers fitted. */
        public int layers() { return values.length; }

        @Override public String toString() {
            return "Trend[factor " + Claims.fmt(factor) + " per layer over " + values.length + " layers, last/first " + Claims.fmt(overall())
                    + ", R^2 " + Claims.fmt(rSquared) + "]";
        }
    }

    /** One value per hidden layer of a measurement. */
    public static double[] perLayer(SignalPropagation s, ToDoubleFunction<LayerStats> f) {
        return s.hidden().stream().mapToDouble(f).toArray();
    }

    /** Second moment E[a^2] = std^2 + mean^2 of each hidden layer's activations. */
    public static double[] activationSecondMoments(SignalPropagation s) {
        return perLayer(s, l -> l.actStd() * l.actStd() + l.actMean() * l.actMean());
    }

    /** Second moment E[z^2] of each hidden layer's pre-activations: the "variance" the init schemes control. */
    public static double[] preActivationSecondMoments(SignalPropagation s) {
        return perLayer(s, l -> l.preStd() * l.preStd() + l.preMean() * l.preMean());
    }

    /** Trend of the hidden activations' std, input side first. */
    public static Trend activationStdTrend(SignalPropagation s) { return Trend.of(s.actStd()); }

    /**
     * Trend of the back-propagated gradient's std (dLoss/dz), going <em>back</em> from the last hidden layer
     * to the first: a factor below 1 means the gradient shrinks on its way to the input.
     */
    public static Trend gradientStdTrend(SignalPropagation s) {
        double[] g = s.gradStd();
        double[] back = new double[g.length];
        for (int i = 0; i < g.length; i++) back[i] = g[g.length - 1 - i];
        return Trend.of(back);
    }

    /**
     * The fitted change per layer of {@code values} ({@link Trend#factor}), or NaN where a trend cannot be fitted: a
     * layer whose value is 0 or not finite (a dead or overflowing stack), or fewer than two layers. For the notebook,
     * whose knobs may make such a stack: a NaN shows as a check that did not show, not as an exception.
     */
    public static double factor(double[] values) {
        if (values.length < 2) return Double.NaN;
        for (double v : values) if (!(v > 0) || !Double.isFinite(v)) return Double.NaN;
        return Trend.of(values).factor();
    }

    /** The activations' std: its fitted change per layer, input side first ({@link #activationStdTrend}); NaN if it cannot be fitted. */
    public static double activationFactor(SignalPropagation s) { return factor(s.actStd()); }

    /**
     * The back-propagated gradient's std: its fitted change per layer going back toward the input
     * ({@link #gradientStdTrend}: below 1, it shrinks on its way to the input); NaN if it cannot be fitted.
     */
    public static double gradientFactor(SignalPropagation s) {
        double[] g = s.gradStd();
        double[] back = new double[g.length];
        for (int i = 0; i < g.length; i++) back[i] = g[g.length - 1 - i];
        return factor(back);
    }

    /** The activations' second moment E[a^2]: its fitted change per layer ({@link #reluSecondMomentTrend}); NaN if it cannot be fitted. */
    public static double secondMomentFactor(SignalPropagation s) { return factor(activationSecondMoments(s)); }

    /** Each hidden layer's pre-activation second moment E[z^2] over layer 0's. */
    public static double[] relativePreActivationSecondMoments(SignalPropagation s) {
        double[] m = preActivationSecondMoments(s);
        double[] r = new double[m.length];
        for (int l = 0; l < m.length; l++) r[l] = m[l] / m[0];
        return r;
    }

    /** The last hidden layer's pre-activation second moment E[z^2] over the first's. */
    public static double lastOverFirstSecondMoment(SignalPropagation s) {
        double[] r = relativePreActivationSecondMoments(s);
        return r[r.length - 1];
    }

    /**
     * The pre-activations' second moment per layer relative to layer 0, median and range over the seeds, against the
     * prediction {@code factor^l}: ReLU keeps half of E[z^2], so on square layers {@code factor} is n Var(W) / 2.
     */
    public static org.knowm.xchart.XYChart secondMomentChart(Runs<SignalPropagation> runs, double factor) {
        int layers = runs.seed(1).hidden().size();
        double[] x = new double[layers], predicted = new double[layers];
        for (int l = 0; l < layers; l++) {
            x[l] = l;
            predicted[l] = Math.pow(factor, l);
        }
        return org.initlab.plot.Plots.lines(runs.label() + ": second moment of z per layer", "layer", "E[z²] / E[z²] of layer 0").logY()
                .seriesOverSeeds("measured, median of " + runs.seeds() + " seeds", x, runs.map(XavierExperiments::relativePreActivationSecondMoments).results())
                .series("prediction " + Claims.fmt(factor) + "^l", x, predicted).markers().chart();
    }

    // ---------------------------------------------------------------- (b) ReLU: half the second moment per layer

    /** {@link #RELU_DEPTH} hidden ReLU layers of {@link #RELU_WIDTH}, a linear 10-class head, seed 1. */
    public static NetworkSpec reluStack(Initializer init) { return stack(Activation.RELU, init, RELU_DEPTH, RELU_WIDTH); }

    /** {@code depth} hidden layers of {@code width} with {@code act}, a linear 10-class head, weights from {@code init}, seed 1. */
    public static NetworkSpec stack(Activation act, Initializer init, int depth, int width) {
        int[] widths = new int[depth + 2];
        Arrays.fill(widths, width);
        widths[depth + 1] = 10;
        return Network.mlp(widths).activation(act).init(init).seed(1);
    }

    /** The ReLU stack measured on 256 N(0, 1) rows (memoized for Xavier and He normal, which the catalog shares). */
    public static SignalPropagation reluPropagation(Initializer init) { return reluPropagation(init, 1); }

    /** The same with weights and inputs drawn from {@code seed}; memoized per initializer and seed. */
    public static SignalPropagation reluPropagation(Initializer init, long seed) {
        return Memo.get("xavier.reluPropagation/" + init + "/" + seed, () -> SignalPropagation.seeded(reluStack(init), ScaleExperiments.SAMPLES, seed));
    }

    /**
     * Per-layer decay of the ReLU stack's activation second moment E[a^2] with {@code init}. Theory for
     * Xavier on square layers: Var(z_l) = n Var(w) E[a_{l-1}^2] = E[a_{l-1}^2] and E[a_l^2] = Var(z_l) / 2,
     * so the factor is 1/2 and layer L holds 2^-L of the input's second moment.
     */
    public static Trend reluSecondMomentTrend(Initializer init) { return reluSecondMomentTrend(init, 1); }

    public static Trend reluSecondMomentTrend(Initializer init, long seed) {
        return Trend.of(activationSecondMoments(reluPropagation(init, seed)));
    }

    /** The 2^-l prediction for the second moment of hidden layer l (0-based) relative to layer 0. */
    public static double[] halvingPrediction(int layers) {
        double[] p = new double[layers];
        for (int l = 0; l < layers; l++) p[l] = Math.pow(0.5, l);
        return p;
    }

    // ---------------------------------------------------------------- (c) the notes' formula is LeCun's

    /**
     * The notes' recipe, literally: a fan_in x fan_out matrix (NumPy's x @ W orientation) of N(0, 1)
     * draws divided by sqrt(divisor). Xavier's bullet uses divisor fan_in; He's fan_in/2.
     */
    public static double[][] notesFormula(int fanIn, int fanOut, double divisor, long seed) {
        if (fanIn <= 0 || fanOut <= 0) throw new IllegalArgumentException("fans must be positive, got " + fanIn + ", " + fanOut);
        if (!(divisor > 0)) throw new IllegalArgumentException("divisor must be positive, got " + divisor);
        var rng = new MersenneTwister64(seed);
        double s = 1 / Math.sqrt(divisor);
        double[][] w = new double[fanIn][fanOut];
        for (double[] row : w) for (int j = 0; j < fanOut; j++) row[j] = s * rng.nextGaussian();
        return w;
    }

    /** Sample variance (about the sample mean, n - 1) of every entry. */
    public static double sampleVariance(double[][] w) {
        long n = 0;
        double mean = 0, m2 = 0;
        for (double[] row : w)
            for (double v : row) { // Welford
                n++;
                double d = v - mean;
                mean += d / n;
                m2 += d * (v - mean);
            }
        return m2 / (n - 1);
    }

    /** Sample variance of a fan_out x fan_in matrix filled by {@code init} with the given seed. */
    public static double filledVariance(Initializer init, int fanIn, int fanOut, long seed) {
        return sampleVariance(init.draw(fanIn, fanOut, seed));
    }

    /**
     * The variance a recipe produces on one layer shape, against the two candidate formulas.
     *
     * @param measured sample variance of a filled matrix
     * @param lecun    1 / fan_in (LeCun 1998)
     * @param glorot   2 / (fan_in + fan_out) (Glorot &amp; Bengio 2010, eq. 12)
     */
    public record FormulaCheck(String recipe, int fanIn, int fanOut, double measured, double lecun, double glorot) {
        /** Measured over LeCun's variance (1 = it is LeCun's). */
        public double toLecun() { return measured / lecun; }
        /** Measured over Glorot's variance (1 = it is Glorot's). */
        public double toGlorot() { return measured / glorot; }
        /** sqrt(glorot / lecun) = sqrt(2 fan_in / (fan_in + fan_out)): how much larger Glorot's std is. */
        public double stdRatio() { return Math.sqrt(glorot / lecun); }
    }

    /** The notes' "Xavier" formula, randn(fan_in, fan_out) / sqrt(fan_in), on one layer shape (seed 1). */
    public static FormulaCheck notesXavierFormula(int fanIn, int fanOut) { return notesXavierFormula(fanIn, fanOut, 1); }

    public static FormulaCheck notesXavierFormula(int fanIn, int fanOut, long seed) {
        return new FormulaCheck("randn(fan_in, fan_out) / sqrt(fan_in)", fanIn, fanOut, sampleVariance(notesFormula(fanIn, fanOut, fanIn, seed)),
                1.0 / fanIn, 2.0 / (fanIn + fanOut));
    }

    /** The library's Xavier normal (Glorot's eq. 12) on one layer shape (seed 1). */
    public static FormulaCheck glorotFormula(int fanIn, int fanOut) { return glorotFormula(fanIn, fanOut, 1); }

    public static FormulaCheck glorotFormula(int fanIn, int fanOut, long seed) {
        return new FormulaCheck("xavier_normal: N(0, 2/(fan_in+fan_out))", fanIn, fanOut, filledVariance(Init.xavierNormal(), fanIn, fanOut, seed),
                1.0 / fanIn, 2.0 / (fanIn + fanOut));
    }

    /** Layer shapes that show the difference: square (no difference), the digits and Fashion-MNIST layers, and a classifier head. */
    public static final List<int[]> SHAPES = List.of(new int[]{256, 256}, new int[]{64, 128}, new int[]{784, 256}, new int[]{256, 10});

    /**
     * For each {fan_in, fan_out}: the two formulas' variances, the std ratio, and the sample variances of
     * the notes' formula and of Xavier normal, each over LeCun's and Glorot's variance.
     */
    public static Table formulaTable(int[]... shapes) { return formulaTable(List.of(shapes)); }

    /** The same for a list of {fan_in, fan_out}. */
    public static Table formulaTable(List<int[]> shapes) {
        IntColumn in = IntColumn.create("fan_in"), out = IntColumn.create("fan_out");
        DoubleColumn lecun = DoubleColumn.create("1/fan_in"), glorot = DoubleColumn.create("2/(fan_in+fan_out)"),
                ratio = DoubleColumn.create("std ratio glorot/lecun"), notes = DoubleColumn.create("notes formula: measured"),
                notesL = DoubleColumn.create("notes / lecun"), notesG = DoubleColumn.create("notes / glorot"),
                xav = DoubleColumn.create("xavier_normal: measured"), xavG = DoubleColumn.create("xavier / glorot");
        for (int[] s : shapes) {
            FormulaCheck n = notesXavierFormula(s[0], s[1]), g = glorotFormula(s[0], s[1]);
            in.append(s[0]);
            out.append(s[1]);
            lecun.append(n.lecun());
            glorot.append(n.glorot());
            ratio.append(n.stdRatio());
            notes.append(n.measured());
            notesL.append(n.toLecun());
            notesG.append(n.toGlorot());
            xav.append(g.measured());
            xavG.append(g.toGlorot());
        }
        return Table.create("the notes' Xavier formula against LeCun's and Glorot's variances", in, out, lecun, glorot, ratio, notes, notesL, notesG, xav, xavG);
    }
}

package org.initlab.experiment;

import org.initlab.data.Dataset;
import org.initlab.experiment.XavierExperiments.Trend;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.plot.Plots;
import org.initlab.probe.LayerStats;
import org.initlab.probe.Probe;
import org.knowm.xchart.XYChart;
import smile.math.random.MersenneTwister64;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments of notebook 06: LeCun initialization, Var(w) = 1/fan_in (LeCun, Bottou, Orr &amp; Müller,
 * "Efficient BackProp", 1998, sec. 4.6).
 * <ul>
 *   <li>the notes' formula is exactly this one (the sample variance of a filled matrix);</li>
 *   <li>with SELU, LeCun normal makes a deep stack self-normalizing (Klambauer et al. 2017): from inputs that
 *       are far from mean 0, variance 1, every layer's activations are pulled to mean 0, variance 1;</li>
 *   <li>"very similar to Xavier": the variances differ by (fan_in + fan_out) / (2 fan_in) per layer, 1 on square
 *       layers; on a tapering tanh network the difference shows mostly in the backward pass.</li>
 * </ul>
 */
public final class LeCunExperiments {
    private LeCunExperiments() {}

    // ---------------------------------------------------------------- the formula

    /** The notes' LeCun formula, randn(fan_in, fan_out) / sqrt(fan_in), on one shape (seed 1): the same draw as their Xavier bullet. */
    public static XavierExperiments.FormulaCheck notesFormula(int fanIn, int fanOut) {
        return XavierExperiments.notesXavierFormula(fanIn, fanOut);
    }

    /**
     * LeCun's sec. 4.6 argument measured: with unit-variance inputs, one layer of LeCun-normal weights gives
     * pre-activations with std (sum_j w_ij^2)^(1/2) ≈ 1 (their eq. 14-15). Returns the first layer's
     * pre-activation std on 256 N(0, 1) rows of {@code fanIn} features.
     */
    public static double firstLayerPreStd(int fanIn, int fanOut) { return firstLayerPreStd(fanIn, fanOut, 1); }

    public static double firstLayerPreStd(int fanIn, int fanOut, long seed) {
        NetworkSpec spec = Network.mlp(fanIn, fanOut, 10).activation(Activation.TANH).init(Init.lecunNormal());
        return SignalPropagation.seeded(spec, ScaleExperiments.SAMPLES, seed).layers().getFirst().preStd();
    }

    // ---------------------------------------------------------------- SELU self-normalization

    /** The SELU stack: 50 hidden layers of 256. */
    public static final int SELU_DEPTH = 50, SELU_WIDTH = 256;
    /** The inputs it starts from: N(1, 2^2) features, so E[x] = 1 and E[x^2] = 5, far from the fixed point. */
    public static final double INPUT_MEAN = 1, INPUT_STD = 2;

    /** Rows of independent N(mean, std^2) features with balanced labels 0..classes-1. */
    public static Dataset shiftedGaussian(int samples, int features, int classes, double mean, double std, long seed) {
        var rng = new MersenneTwister64(seed);
        double[][] x = new double[samples][features];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < features; j++) x[i][j] = mean + std * rng.nextGaussian();
            y[i] = i % classes;
        }
        return Dataset.of("N(" + mean + ", " + std + "^2) " + samples + "x" + features, x, y);
    }

    /** As {@link SignalPropagation#measure}, on given rows instead of N(0, 1) ones. */
    public static SignalPropagation measureOn(NetworkSpec spec, Dataset data) {
        var trainer = Trainer.of(Optimizer.sgd(1e-12)).epochs(1).batchSize(data.size()).evaluation(Trainer.Evaluation.NONE)
                .probe(Probe.everyStep().sample(20_000).bins(60));
        var history = trainer.fit(spec.build(), data, null);
        return new SignalPropagation(spec, history.probesAt(0), history.stepLosses()[0]);
    }

    /** {@link #SELU_DEPTH} SELU layers of {@link #SELU_WIDTH} from {@code init}, on 256 N(1, 2^2) rows. */
    public static SignalPropagation seluStack(Initializer init) { return seluStack(init, 1); }

    /** The same with weights drawn from {@code seed} and inputs from {@code seed + 6}. */
    public static SignalPropagation seluStack(Initializer init, long seed) {
        NetworkSpec spec = XavierExperiments.stack(Activation.SELU, init, SELU_DEPTH, SELU_WIDTH).seed(seed);
        return measureOn(spec, shiftedGaussian(ScaleExperiments.SAMPLES, SELU_WIDTH, 10, INPUT_MEAN, INPUT_STD, seed + 6));
    }

    /** Memoized: the LeCun-normal SELU stack the catalog and notebook share. */
    public static SignalPropagation seluLecun() { return seluLecun(1); }

    public static SignalPropagation seluLecun(long seed) { return Memo.get("lecun.selu/" + seed, () -> seluStack(Init.lecunNormal(), seed)); }

    /** Per hidden layer: mean and variance of the activations (over samples and units). */
    public record Moments(double[] mean, double[] variance) {
        public Moments {
            mean = mean.clone();
            variance = variance.clone();
        }
        @Override public double[] mean() { return mean.clone(); }
        @Override public double[] variance() { return variance.clone(); }

        /** Largest |mean| and |variance - 1| over layers {@code from} to the last. */
        public double[] worstFrom(int from) {
            double m = 0, v = 0;
            for (int l = from; l < mean.length; l++) {
                m = Math.max(m, Math.abs(mean[l]));
                v = Math.max(v, Math.abs(variance[l] - 1));
            }
            return new double[]{m, v};
        }

        /** Largest |mean| over layers {@code from} to the last (0 if there are none). */
        public double largestMean(int from) { return worstFrom(from)[0]; }

        /** Largest |variance - 1| over layers {@code from} to the last (0 if there are none). */
        public double largestVarianceGap(int from) { return worstFrom(from)[1]; }

        /** First layer from which |mean| &lt;= meanTol and |variance - 1| &lt;= varTol at every later layer, or -1. */
        public int settledBy(double meanTol, double varTol) {
            int settled = -1;
            for (int l = mean.length - 1; l >= 0; l--) {
                if (Math.abs(mean[l]) <= meanTol && Math.abs(variance[l] - 1) <= varTol) settled = l;
                else break;
            }
            return settled;
        }
    }

    public static Moments moments(SignalPropagation s) {
        List<LayerStats> h = s.hidden();
        return new Moments(h.stream().mapToDouble(LayerStats::actMean).toArray(), h.stream().mapToDouble(l -> l.actStd() * l.actStd()).toArray());
    }

    /** The input rows' own mean and variance (over samples and features), for the plot's layer "-1". */
    public static double[] inputMoments(Dataset d) {
        double sum = 0, sq = 0;
        long n = 0;
        for (double[] row : d.x()) for (double v : row) { sum += v; sq += v * v; n++; }
        double mean = sum / n;
        return new double[]{mean, sq / n - mean * mean};
    }

    // ---------------------------------------------------------------- "very similar to Xavier"

    /** LeCun's variance over Xavier's: (1/fan_in) / (2/(fan_in + fan_out)) = (fan_in + fan_out) / (2 fan_in). */
    public static double varianceRatio(int fanIn, int fanOut) {
        if (fanIn <= 0 || fanOut <= 0) throw new IllegalArgumentException("fans must be positive, got " + fanIn + ", " + fanOut);
        return (fanIn + fanOut) / (2.0 * fanIn);
    }

    /** Shapes the comparison table shows: square, expanding, the digits and Fashion-MNIST layers, and two heads. */
    public static final List<int[]> SHAPES = List.of(new int[]{256, 256}, new int[]{64, 128}, new int[]{128, 64}, new int[]{784, 256},
            new int[]{128, 10}, new int[]{256, 10});

    /** For each {fan_in, fan_out}: LeCun's and Xavier's variance, their ratio, and the std ratio. */
    public static Table similarityTable(List<int[]> shapes) {
        IntColumn in = IntColumn.create("fan_in"), out = IntColumn.create("fan_out");
        DoubleColumn lecun = DoubleColumn.create("lecun 1/fan_in"), xavier = DoubleColumn.create("xavier 2/(fan_in+fan_out)"),
                ratio = DoubleColumn.create("variance ratio lecun/xavier"), std = DoubleColumn.create("std ratio lecun/xavier");
        for (int[] s : shapes) {
            in.append(s[0]);
            out.append(s[1]);
            lecun.append(1.0 / s[0]);
            xavier.append(2.0 / (s[0] + s[1]));
            ratio.append(varianceRatio(s[0], s[1]));
            std.append(Math.sqrt(varianceRatio(s[0], s[1])));
        }
        return Table.create("LeCun against Xavier, layer by layer", in, out, lecun, xavier, ratio, std);
    }

    /** Widths of the tapering tanh network: 784 inputs halving down to 24 hidden units, then 10 outputs. */
    public static final int[] TAPER = {784, 392, 196, 98, 49, 24, 10};

    /** The tapering tanh network with {@code init}, seed 1. */
    public static NetworkSpec taperingTanh(Initializer init) {
        return Network.mlp(TAPER).activation(Activation.TANH).init(init).seed(1);
    }

    /** LeCun normal against Xavier normal on the tapering tanh network, measured on 256 N(0, 1) rows; memoized. */
    public static Map<String, SignalPropagation> taperedComparison() { return taperedComparison(1); }

    /** The same with weights and inputs drawn from {@code seed}; memoized per seed. */
    public static Map<String, SignalPropagation> taperedComparison(long seed) {
        return Memo.get("lecun.tapered/" + seed, () -> {
            Map<String, SignalPropagation> m = new LinkedHashMap<>();
            m.put("lecun_normal", SignalPropagation.seeded(taperingTanh(Init.lecunNormal()), ScaleExperiments.SAMPLES, seed));
            m.put("xavier_normal", SignalPropagation.seeded(taperingTanh(Init.xavierNormal()), ScaleExperiments.SAMPLES, seed));
            return java.util.Collections.unmodifiableMap(m);
        });
    }

    /** Largest per-layer ratio (either way, so &gt;= 1) between two measurements' hidden activation std. */
    public static double maxActStdRatio(SignalPropagation a, SignalPropagation b) { return maxRatio(a.actStd(), b.actStd()); }

    /** Largest per-layer ratio (either way) between two measurements' hidden gradient std. */
    public static double maxGradStdRatio(SignalPropagation a, SignalPropagation b) { return maxRatio(a.gradStd(), b.gradStd()); }

    private static double maxRatio(double[] a, double[] b) {
        double m = 1;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.max(a[i] / b[i], b[i] / a[i]));
        return m;
    }

    /** The square tanh stack (10 x 500) with LeCun normal; on its square layers it draws exactly Xavier's weights. Memoized. */
    public static SignalPropagation tanhStack() { return tanhStack(1); }

    public static SignalPropagation tanhStack(long seed) { return Memo.get("lecun.tanh/" + seed, () -> XavierExperiments.tanhStack(Init.lecunNormal(), seed)); }

    /** The 20 x 256 ReLU stack with LeCun normal. Memoized. */
    public static SignalPropagation reluStack() { return reluStack(1); }

    public static SignalPropagation reluStack(long seed) { return XavierExperiments.reluPropagation(Init.lecunNormal(), seed); }

    /** Largest per-layer difference between two measurements' hidden activation std (0 = the same signal). */
    public static double maxActStdDifference(SignalPropagation a, SignalPropagation b) {
        double[] x = a.actStd(), y = b.actStd();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    /**
     * Gradient trends (per-layer change of the gradient std going back toward the input) of LeCun-normal
     * square stacks: tanh 10 x 500, SELU 50 x 256, ReLU 20 x 256.
     */
    public static Map<String, Trend> gradientTrends() { return gradientTrends(1); }

    public static Map<String, Trend> gradientTrends(long seed) {
        Map<String, Trend> m = new LinkedHashMap<>();
        m.put("tanh", XavierExperiments.gradientStdTrend(tanhStack(seed)));
        m.put("selu", XavierExperiments.gradientStdTrend(seluLecun(seed)));
        m.put("relu", XavierExperiments.gradientStdTrend(reluStack(seed)));
        return m;
    }

    // ---------------------------------------------------------------- what the notebook's cells name

    /**
     * The SELU section's statistic: the first hidden layer from which every layer's activations have
     * |mean| &lt;= tol and |variance - 1| &lt;= tol, or NaN if the last layer is outside that band (a NaN fails
     * every check, so a stack that never settles cannot pass one).
     */
    public static double settledLayer(SignalPropagation s, double tol) {
        int l = moments(s).settledBy(tol, tol);
        return l < 0 ? Double.NaN : l;
    }

    /** The variance of hidden layer {@code layer}'s activations (over samples and units), NaN past the last layer. */
    public static double activationVariance(SignalPropagation s, int layer) {
        double[] std = s.actStd();
        return layer >= 0 && layer < std.length ? std[layer] * std[layer] : Double.NaN;
    }

    /**
     * The per-layer change of the back-propagated gradient's std, going back from the last hidden layer to the
     * first (a geometric fit, {@link XavierExperiments#gradientStdTrend}): 1 is steady, below 1 it shrinks toward
     * the input. NaN where no geometric trend can be fitted (a gradient that is 0 or not finite somewhere).
     */
    public static double gradientFactor(SignalPropagation s) {
        try {
            return XavierExperiments.gradientStdTrend(s).factor();
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /** Mean and variance of each hidden layer's activations, median over the seeds with their range, 0 and 1 as guides. */
    public static XYChart momentsChart(Runs<SignalPropagation> runs) {
        List<Moments> m = runs.results().stream().map(LeCunExperiments::moments).toList();
        double[] layer = layerIndices(m.getFirst().mean().length);
        return Plots.lines(runs.label() + ": moments per layer (" + runs.seeds() + " seeds)", "layer", "value")
                .seriesOverSeeds("mean", layer, m.stream().map(Moments::mean).toList())
                .seriesOverSeeds("variance", layer, m.stream().map(Moments::variance).toList())
                .guide(1, "variance 1").guide(0, "mean 0").chart();
    }

    /** The variance of each hidden layer's activations, one line per setting (median over seeds, their range), log axis. */
    public static XYChart varianceChart(List<Runs<SignalPropagation>> runs) {
        var plot = Plots.lines("Variance of the activations per layer (" + runs.getFirst().seeds() + " seeds)", "layer", "variance").logY();
        Runs.byLabel(runs).forEach((label, results) -> {
            List<double[]> v = results.stream().map(s -> moments(s).variance()).toList();
            plot.seriesOverSeeds(label, layerIndices(v.getFirst().length), v);
        });
        return plot.guide(1, "variance 1").chart();
    }

    private static double[] layerIndices(int n) {
        double[] x = new double[n];
        for (int l = 0; l < n; l++) x[l] = l;
        return x;
    }

    /**
     * For each {fan_in, fan_out}: the variance each of two starts draws, their ratio and the ratio of their std,
     * the columns named after the starts ({@code a.name()}), so a changed start renames them.
     */
    public static Table similarityTable(Initializer a, Initializer b, int[]... shapes) {
        String an = a.name(), bn = b.name().equals(an) ? b.name() + " (2)" : b.name();
        IntColumn in = IntColumn.create("fan_in"), out = IntColumn.create("fan_out");
        DoubleColumn va = DoubleColumn.create("Var " + an), vb = DoubleColumn.create("Var " + bn),
                ratio = DoubleColumn.create("variance ratio " + an + "/" + bn), std = DoubleColumn.create("std ratio " + an + "/" + bn);
        for (int[] s : shapes) {
            in.append(s[0]);
            out.append(s[1]);
            va.append(a.variance(s[0], s[1]));
            vb.append(b.variance(s[0], s[1]));
            ratio.append(a.variance(s[0], s[1]) / b.variance(s[0], s[1]));
            std.append(Math.sqrt(a.variance(s[0], s[1]) / b.variance(s[0], s[1])));
        }
        return Table.create(an + " against " + bn + ", layer by layer", in, out, va, vb, ratio, std);
    }

    /** Seed by seed, the largest per-layer ratio (either way, so &gt;= 1) between two settings' hidden activation std. */
    public static Spread maxActStdRatio(Runs<SignalPropagation> a, Runs<SignalPropagation> b) {
        return seedBySeed(a, b, LeCunExperiments::maxActStdRatio);
    }

    /** Seed by seed, the largest per-layer ratio (either way) between two settings' hidden gradient std. */
    public static Spread maxGradStdRatio(Runs<SignalPropagation> a, Runs<SignalPropagation> b) {
        return seedBySeed(a, b, LeCunExperiments::maxGradStdRatio);
    }

    /** Seed by seed, the largest per-layer difference between two settings' hidden activation std (0: the same signal). */
    public static Spread maxActStdDifference(Runs<SignalPropagation> a, Runs<SignalPropagation> b) {
        return seedBySeed(a, b, LeCunExperiments::maxActStdDifference);
    }

    private static Spread seedBySeed(Runs<SignalPropagation> a, Runs<SignalPropagation> b,
                                     java.util.function.ToDoubleBiFunction<SignalPropagation, SignalPropagation> f) {
        int n = Math.min(a.seeds(), b.seeds());
        double[] v = new double[n];
        for (int s = 0; s < n; s++) {
            double[] x = a.results().get(s).actStd(), y = b.results().get(s).actStd();
            v[s] = x.length == y.length ? f.applyAsDouble(a.results().get(s), b.results().get(s)) : Double.NaN;
        }
        return Spread.of(v);
    }

    /** The catalog's LeCun-normal run of the tapering tanh network ({@link #taperedComparison}), for a chapter to compare with. */
    public static SignalPropagation taperedLecun(long seed) { return taperedComparison(seed).get("lecun_normal"); }

    /** The catalog's Xavier-normal run of the tapering tanh network. */
    public static SignalPropagation taperedXavier(long seed) { return taperedComparison(seed).get("xavier_normal"); }
}

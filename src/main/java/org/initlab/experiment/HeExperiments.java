package org.initlab.experiment;

import java.util.List;

import org.initlab.experiment.XavierExperiments.Trend;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Matrices;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.probe.LayerStats;
import org.initlab.probe.Probe;
import smile.tensor.DenseMatrix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The experiments of notebook 05: He (Kaiming) initialization, He et al. 2015, "Delving deep into rectifiers".
 * <ul>
 *   <li>(a) Var(w) = 2/fan_in keeps a ReLU stack's forward second moment constant over depth (Xavier halves it);
 *       fan_in against fan_out mode on a tapering stack; the leaky-ReLU gain 2/(1 + a^2);</li>
 *   <li>(b) their depth experiment at small scale: a 30-layer ReLU MLP on the digits stalls at ln 10 from Xavier
 *       and trains from He; an 18-layer one trains from both, He several times sooner;</li>
 *   <li>(c) what the factor 2 compensates: half the second moment E[relu(z)^2] = Var(z)/2, not half the inputs.</li>
 * </ul>
 */
public final class HeExperiments {
    private HeExperiments() {}

    // ---------------------------------------------------------------- (a) forward second moment over depth

    /** The 20 x 256 ReLU stack of notebook 04 with {@code init}, measured at its initialization. */
    public static SignalPropagation reluStack(Initializer init) { return XavierExperiments.reluPropagation(init); }

    /**
     * Per-layer factor of the pre-activation second moment E[z^2] over the ReLU stack: the quantity He's
     * derivation keeps (their eq. 10: Var(z_l) = n Var(w) Var(z_{l-1}) / 2). 1 for He, 1/2 for Xavier.
     */
    public static Trend forwardTrend(Initializer init) { return forwardTrend(init, 1); }

    public static Trend forwardTrend(Initializer init, long seed) {
        return forwardTrend(XavierExperiments.reluPropagation(init, seed));
    }

    /** The ReLU stack's forward trend with Xavier, He, and He with twice or 3/4 of its variance, by label (seed 1). */
    public static Map<String, Trend> forwardTrends() { return forwardTrends(1); }

    /** The same with weights and inputs drawn from {@code seed}. */
    public static Map<String, Trend> forwardTrends(long seed) {
        Map<String, Trend> m = new LinkedHashMap<>();
        m.put("xavier_normal: Var 1/n", forwardTrend(Init.xavierNormal(), seed));
        m.put("he_normal: Var 2/n", forwardTrend(Init.heNormal(), seed));
        m.put("Var 4/n", forwardTrend(Init.varianceScaling(4, Init.Mode.FAN_IN, Init.Distribution.NORMAL), seed));
        m.put("Var 1.5/n", forwardTrend(Init.varianceScaling(1.5, Init.Mode.FAN_IN, Init.Distribution.NORMAL), seed));
        return m;
    }

    /** Leaky-ReLU slope of the gain experiment: large enough that 2 and 2/(1 + a^2) = 1.6 differ clearly. */
    public static final double LEAKY_SLOPE = 0.5;

    /** The 20 x 256 stack with leaky ReLU of slope {@code slope}, weights from {@code seed}, measured on 256 N(0, 1) rows from {@code seed + 6}. */
    public static SignalPropagation leakyStack(double slope, Initializer init, long seed) {
        return SignalPropagation.seeded(XavierExperiments.stack(Activation.leakyRelu(slope), init, XavierExperiments.RELU_DEPTH,
                XavierExperiments.RELU_WIDTH), ScaleExperiments.SAMPLES, seed);
    }

    /**
     * Leaky ReLU (slope {@link #LEAKY_SLOPE}): forward trend with plain He (2/n, which ignores the slope) and with
     * He's eq. 15, 2/((1 + a^2) n). The first grows by (1 + a^2) per layer, the second stays. Seed 1.
     */
    public static Map<String, Trend> leakyTrends() { return leakyTrends(1); }

    /** The same with weights and inputs drawn from {@code seed}. */
    public static Map<String, Trend> leakyTrends(long seed) {
        Map<String, Trend> m = new LinkedHashMap<>();
        m.put("he_normal, a ignored: Var 2/n", forwardTrend(leakyStack(LEAKY_SLOPE, Init.heNormal(), seed)));
        m.put("he_normal(a=" + LEAKY_SLOPE + "): Var 2/((1+a^2) n)", forwardTrend(leakyStack(LEAKY_SLOPE, Init.heNormal(Init.Mode.FAN_IN, LEAKY_SLOPE), seed)));
        return m;
    }

    /** Widths of the tapering stack for the fan_in / fan_out comparison: each layer halves the width. */
    public static final int[] TAPER = {1024, 512, 256, 128, 64, 32, 16};

    /** A tapering ReLU stack (inputs 1024, hidden 512 down to 16, 10 outputs) with {@code init}, seed 1. */
    public static NetworkSpec taperingStack(Initializer init) {
        int[] widths = java.util.Arrays.copyOf(TAPER, TAPER.length + 1);
        widths[TAPER.length] = 10;
        return Network.mlp(widths).activation(Activation.RELU).init(init).seed(1);
    }

    /**
     * fan_in mode (eq. 10) against fan_out mode (eq. 14) on the tapering stack, where they differ by the
     * factor 2 each layer: fan_in keeps the forward second moment, fan_out the backward gradient variance. Seed 1.
     */
    public static Map<String, SignalPropagation> modes() { return modes(1); }

    /** The same with weights from {@code seed}, inputs from {@code seed + 6}. */
    public static Map<String, SignalPropagation> modes(long seed) {
        Map<String, SignalPropagation> m = new LinkedHashMap<>();
        m.put("he_normal (fan_in)", SignalPropagation.seeded(taperingStack(Init.heNormal()), ScaleExperiments.SAMPLES, seed));
        m.put("he_normal (fan_out)", SignalPropagation.seeded(taperingStack(Init.heNormal(Init.Mode.FAN_OUT, 0)), ScaleExperiments.SAMPLES, seed));
        return m;
    }

    /** Per-layer factor of the pre-activation second moment E[z^2] of a measured stack, going forward. */
    public static Trend forwardTrend(SignalPropagation s) { return Trend.of(XavierExperiments.preActivationSecondMoments(s)); }

    /** Per-layer factor of the back-propagated gradient's variance, going back toward the input. */
    public static Trend backwardTrend(SignalPropagation s) {
        double[] g = s.gradStd();
        double[] back = new double[g.length];
        for (int i = 0; i < g.length; i++) back[i] = g[g.length - 1 - i] * g[g.length - 1 - i];
        return Trend.of(back);
    }

    // ---------------------------------------------------------------- (b) the depth experiment

    /** The depths of (b): 30 layers (29 hidden), where Xavier stalls, and 18 (17 hidden), where both train. */
    public static final int DEEP = 30, MID = 18;
    /** Hidden width of the depth experiment. */
    public static final int TRAIN_WIDTH = 64;
    /** Epochs for each depth: the deep nets need fewer to show the stall, the mid ones more for Xavier to arrive. */
    public static final int DEEP_EPOCHS = 10, MID_EPOCHS = 16;
    /** The batch loss whose first crossing counts as "started learning". */
    public static final double TARGET_LOSS = 1.0;

    /** A plain ReLU MLP on the digits: 64 inputs, {@code depth - 1} hidden layers of 64, 10 outputs. */
    public static NetworkSpec deepNet(Initializer init, int depth, long seed) {
        if (depth < 2) throw new IllegalArgumentException("depth counts the dense layers including the output, at least 2, got " + depth);
        int[] w = new int[depth + 1];
        java.util.Arrays.fill(w, TRAIN_WIDTH);
        w[0] = 64;
        w[depth] = 10;
        return Network.mlp(w).activation(Activation.RELU).init(init).seed(seed);
    }

    /**
     * SGD with momentum 0.9 at 0.005 in batches of 32 (45 steps an epoch), probing every 15 steps: a rate at
     * which the 30-layer He net trains on seeds 1-3 (plain SGD at 0.02-0.05 trains it too, but erratically).
     */

    /** Epochs used for a depth: {@link #DEEP_EPOCHS} from {@link #DEEP} layers on, else {@link #MID_EPOCHS}. */
    public static int epochsFor(int depth) { return depth >= DEEP ? DEEP_EPOCHS : MID_EPOCHS; }

    /** Trains {@link #deepNet} on the digits with {@link #trainer}; the history has per-layer probes every 15 steps. */
    public static History trainDeep(Initializer init, int depth, long seed) {
        return trainDeep(init, depth, Optimizer.momentum(0.005, 0.9), seed);
    }

    /**
     * The same with another optimizer; computed once per JVM (the notebook and the catalog share the runs). The
     * whole sets are evaluated at the start and the end; the epochs between report their mean batch loss, which
     * is all a stall needs (a net that stays at ln 10 has every batch mean there too).
     */
    public static History trainDeep(Initializer init, int depth, Optimizer opt, long seed) {
        return Memo.get("he.deep/" + init.describe() + "/" + depth + "/" + opt.label() + "/" + seed, () -> Trainer.of(opt).epochs(epochsFor(depth)).batchSize(32)
                .seed(seed).probe(Probe.every(15)).evaluation(Trainer.Evaluation.START_AND_END).fit(deepNet(init, depth, seed).build(), ScaleExperiments.digits(seed)));
    }

    /**
     * The {@link #DEEP}-layer race of {@link #trainDeep} in Float32 (weights, activations and gradients in single
     * precision, so the rounding differs from the first product on), without probes; epochs between the start and
     * the end report their mean batch loss. Computed once per JVM: notebook 05 and he.1 share it.
     */
    public static History trainDeepFloat32(Initializer init, long seed) {
        return Memo.get("he.deep.f32/" + init.describe() + "/" + seed, () -> Trainer.of(Optimizer.momentum(0.005, 0.9)).epochs(DEEP_EPOCHS).batchSize(32)
                .seed(seed).evaluation(Trainer.Evaluation.START_AND_END).fit(deepNet(init, DEEP, seed).float32().build(), ScaleExperiments.digits(seed)));
    }

    // ---------------------------------------------------------------- (c) the learning rate against the start, at depth 30

    /** Epochs of the scan: 135 steps, where the 30-layer He net is well below ln 10 at a rate that suits it. */
    public static final int SCAN_EPOCHS = 3;
    /** The rates scanned, a factor of 5 apart: momentum SGD (0.9) around the depth race's 0.005, Adam around its usual 1e-3. */
    public static final List<Double> MOMENTUM_RATES = List.of(0.001, 0.005, 0.025), ADAM_RATES = List.of(2e-4, 1e-3, 5e-3);

    /** Momentum SGD (0.9) at {@code lr}, or Adam at {@code lr}. */
    public static Optimizer scanOptimizer(boolean adam, double lr) { return adam ? Optimizer.adam(lr) : Optimizer.momentum(lr, 0.9); }

    /** The momentum rate of the depth race, whose runs the scan reads at that rate. */
    static final double RACE_RATE = 0.005;

    /**
     * The mean batch loss of the third epoch (steps 90-134) of the 30-layer net trained with {@link #scanOptimizer};
     * NaN if the run diverged before. Its {@link #SCAN_EPOCHS} epochs are evaluated on nothing but their batches.
     * Momentum SGD at {@link #RACE_RATE} reads {@link #trainDeep}'s run: its first 135 steps are this run's, bit for bit.
     * Computed once per JVM (notebook 05 and he.1 share it).
     */
    public static double scanLoss(Initializer init, boolean adam, double lr, long seed) {
        return epochLoss(scanRun(init, adam, lr, seed), SCAN_EPOCHS);
    }

    /**
     * The run {@link #scanLoss} reads: {@link #SCAN_EPOCHS} epochs of the 30-layer net with {@link #scanOptimizer}, evaluated
     * on nothing but their batches (momentum SGD at {@link #RACE_RATE}: {@link #trainDeep}'s run). Computed once per JVM.
     */
    public static History scanRun(Initializer init, boolean adam, double lr, long seed) {
        return !adam && lr == RACE_RATE ? trainDeep(init, DEEP, seed)
                : Memo.get("he.scan/" + init.describe() + "/" + scanOptimizer(adam, lr).label() + "/" + seed, () -> Trainer.of(scanOptimizer(adam, lr))
                        .epochs(SCAN_EPOCHS).batchSize(32).seed(seed).evaluation(Trainer.Evaluation.NONE).fit(deepNet(init, DEEP, seed).build(), ScaleExperiments.digits(seed)));
    }

    /**
     * The mean batch loss of epoch {@code epoch} (1-based) of a run, from its step losses: steps 90-134 for the third
     * epoch of 45 steps, whether the run evaluated the whole sets or not. NaN if the run stopped (diverged) before
     * that epoch ended.
     */
    public static double epochLoss(History h, int epoch) {
        if (epoch < 1 || h.epochs().size() <= epoch) return Double.NaN;
        long from = h.epochs().get(epoch - 1).step(), to = h.epochs().get(epoch).step();
        double[] losses = h.stepLosses();
        if (to > losses.length || to <= from) return Double.NaN;
        double sum = 0;
        for (long i = from; i < to; i++) sum += losses[(int) i];
        return sum / (to - from);
    }

    /** Whether a run never left ln 10: every epoch's loss (whole set or batch mean) within {@code tol} of it. */
    public static boolean stalled(History h, double tol) { return ScaleExperiments.offChance(h) < tol; }

    /** Lowest training loss over the epochs (whole set or batch mean). */
    public static double bestTrainLoss(History h) {
        return h.epochs().stream().mapToDouble(History.Epoch::trainLoss).min().orElse(Double.NaN);
    }

    /** Per-layer weight-gradient norms at the first probe (step 0), input side first: how much reaches each layer. */
    public static double[] initialWeightGradNorms(History h) {
        return h.probesAt(0).stream().mapToDouble(LayerStats::weightGradNorm).toArray();
    }


    // ---------------------------------------------------------------- (c) half the inputs, half the second moment

    /**
     * What a rectifier keeps of its input, measured on one layer.
     *
     * @param activeFraction     share of the (sample, unit) entries with z &gt; 0
     * @param secondMomentRatio  E[f(z)^2] / E[z^2]: what the weights' variance must make up for
     * @param minUnitActive      the least active unit's share of samples with z &gt; 0
     * @param maxUnitActive      the most active unit's share
     * @param unusedUnits        units with z &lt;= 0 on every sample (whose output the next layer never sees)
     * @param units              units measured
     * @param zeroFraction       share of the entries with f(z) = 0: of the next layer's inputs, the share that are 0
     * @param minSampleZero      per sample, the share of the layer's outputs that are 0: the smallest over the samples
     * @param maxSampleZero      and the largest
     */
    public record Rectification(Activation activation, double activeFraction, double secondMomentRatio,
                                double minUnitActive, double maxUnitActive, int unusedUnits, int units,
                                double zeroFraction, double minSampleZero, double maxSampleZero) {
        /** Every measured number, to compare two measurements bit for bit ({@link Runs#sameAs}). */
        public double[] numbers() {
            return new double[]{activeFraction, secondMomentRatio, minUnitActive, maxUnitActive, unusedUnits, units,
                    zeroFraction, minSampleZero, maxSampleZero};
        }

        /** The per-sample share of zero outputs farthest from 1/2: how far "half the inputs" is off on the worst sample. */
        public double worstSampleFromHalf() { return Math.max(Math.abs(minSampleZero - 0.5), Math.abs(maxSampleZero - 0.5)); }
    }

    /** Samples and width of the one-layer measurement of (c). */
    public static final int HALF_SAMPLES = 2000, HALF_WIDTH = 256;

    /**
     * The bias that shifts the layer's pre-activations by one standard deviation: with He's 2/n and N(0, 1) inputs,
     * E[z^2] = n (2/n) 1 = 2, so z ~ N(sqrt 2, 2) and z is no longer symmetric around 0.
     */
    public static final double SHIFT = Math.sqrt(2);

    /** One He-initialized layer (256 -> 256, gain for {@code act}) on 2000 N(0, 1) rows: what {@code act} keeps. */
    public static Rectification rectification(Activation act) { return rectification(act, 1); }

    /** The same with weights drawn from {@code seed}, inputs from {@code seed + 6}. */
    public static Rectification rectification(Activation act, long seed) { return rectification(act, 0, seed); }

    /** The same with every bias at {@code bias} (0: the pre-activations are symmetric around 0). */
    public static Rectification rectification(Activation act, double bias, long seed) {
        double slope = act instanceof Activation.LeakyRelu(double a) ? a : 0;
        NetworkSpec spec = Network.mlp(HALF_WIDTH, HALF_WIDTH, 10).activation(act).init(Init.heNormal(Init.Mode.FAN_IN, slope))
                .biasInit(Init.constant(bias)).seed(seed);
        return rectification(spec, 0, SignalPropagation.gaussian(HALF_SAMPLES, HALF_WIDTH, 10, seed + 6).x());
    }

    /** The same measurement on layer {@code layer} of any network, on the given rows. */
    public static Rectification rectification(NetworkSpec spec, int layer, double[][] x) {
        return rectifications(spec, x).get(layer);
    }

    /** The measurement at every layer of {@code spec} (output layer included), from one forward pass over {@code x}. */
    public static java.util.List<Rectification> rectifications(NetworkSpec spec, double[][] x) {
        Network net = spec.build();
        net.forward(Matrices.rows(x, 0, x.length, spec.type()), false);
        java.util.List<Rectification> out = new java.util.ArrayList<>();
        for (int l = 0; l < net.depth(); l++) out.add(measure(net.layer(l).preActivations(), net.layer(l).activation()));
        return out;
    }

    private static Rectification measure(DenseMatrix z, Activation f) {
        int rows = z.nrow(), cols = z.ncol(), unused = 0;
        long active = 0, zeros = 0;
        int[] zeroPerRow = new int[rows]; // per sample: how many of the next layer's inputs are 0
        double z2 = 0, f2 = 0, minUnit = 1, maxUnit = 0;
        for (int j = 0; j < cols; j++) {
            int on = 0;
            for (int i = 0; i < rows; i++) {
                double v = z.get(i, j), a = f.apply(v);
                if (v > 0) on++;
                if (a == 0) { zeros++; zeroPerRow[i]++; }
                z2 += v * v;
                f2 += a * a;
            }
            active += on;
            double share = (double) on / rows;
            minUnit = Math.min(minUnit, share);
            maxUnit = Math.max(maxUnit, share);
            if (on == 0) unused++;
        }
        int fewest = cols, most = 0;
        for (int c : zeroPerRow) { fewest = Math.min(fewest, c); most = Math.max(most, c); }
        long entries = (long) rows * cols;
        return new Rectification(f, (double) active / entries, f2 / z2, minUnit, maxUnit, unused, cols,
                (double) zeros / entries, (double) fewest / cols, (double) most / cols);
    }

    /**
     * Share of (sample, unit) entries with z &gt; 0 and share of units never active, at each hidden layer of
     * {@code spec} on 256 N(0, 1) rows: per input about half the units fire at every depth, but in a deep
     * stack more and more units are off for every input (the inputs' representations grow alike with depth).
     */
    public static double[][] activityByLayer(NetworkSpec spec) {
        var r = rectifications(spec, SignalPropagation.gaussian(ScaleExperiments.SAMPLES, spec.widths()[0], 10, 7).x());
        double[][] out = new double[r.size() - 1][];
        for (int l = 0; l < out.length; l++) out[l] = new double[]{r.get(l).activeFraction(), (double) r.get(l).unusedUnits() / r.get(l).units()};
        return out;
    }

    // ---------------------------------------------------------------- what notebook 05's cells measure and draw

    /**
     * The fitted change per layer of positive values, input side first ({@link Trend#factor}), or NaN where the
     * values carry no geometric trend (a zero, an overflow, fewer than two layers): a start a learner tries that
     * kills the signal gives a number that fails its check, not an exception.
     */
    public static double factorPerLayer(double[] values) {
        if (values.length < 2) return Double.NaN;
        for (double v : values) if (!(v > 0) || !Double.isFinite(v)) return Double.NaN;
        return Trend.of(values).factor();
    }

    /** Per-layer factor of the pre-activation second moment E[z^2], going forward ({@link #forwardTrend}); NaN if none fits. */
    public static double forwardFactor(SignalPropagation s) {
        return factorPerLayer(XavierExperiments.preActivationSecondMoments(s));
    }

    /** Per-layer factor of the back-propagated gradient's variance, going back ({@link #backwardTrend}); NaN if none fits. */
    public static double backwardFactor(SignalPropagation s) {
        double[] g = s.gradStd();
        double[] back = new double[g.length];
        for (int i = 0; i < g.length; i++) back[i] = g[g.length - 1 - i] * g[g.length - 1 - i];
        return factorPerLayer(back);
    }

    /**
     * One line per setting: the pre-activations' second moment E[z^2] of each hidden layer over layer 0's, median over
     * the seeds in a band from the lowest to the highest seed, on a log axis.
     */
    public static org.knowm.xchart.XYChart secondMomentChart(List<Runs<SignalPropagation>> runs) {
        var chart = org.initlab.plot.Plots.lines("Second moment of z per layer, relative to layer 0", "hidden layer",
                "E[z²] / E[z²] of layer 0").logY();
        for (var entry : Runs.byLabel(runs).entrySet()) {
            List<double[]> relative = new java.util.ArrayList<>();
            for (SignalPropagation s : entry.getValue()) {
                double[] v = XavierExperiments.preActivationSecondMoments(s);
                double[] r = new double[v.length];
                for (int l = 0; l < v.length; l++) r[l] = v[l] / v[0];
                relative.add(r);
            }
            double[] x = new double[relative.getFirst().length];
            for (int l = 0; l < x.length; l++) x[l] = l;
            chart.seriesOverSeeds(entry.getKey(), x, relative);
        }
        return chart.chart();
    }

    /**
     * The weight-gradient norm of every layer at step 0 (the first probe), input side first, of seed {@code seed}'s
     * run of each setting, on a log axis: how much of the gradient reaches each layer.
     */
    public static org.knowm.xchart.XYChart initialGradientChart(List<Runs<History>> runs, int seed) {
        return initialGradientPlot(runs, seed).chart();
    }

    /**
     * {@link #initialGradientChart}'s plot before it is drawn, to fix its axes ({@code xRange}, {@code yRange}) so that
     * the frames of an explorable over depths share them.
     */
    public static org.initlab.plot.LinePlot initialGradientPlot(List<Runs<History>> runs, int seed) {
        var plot = org.initlab.plot.Plots.lines("Weight-gradient norm per layer at step 0, seed " + seed, "layer", "||dL/dW||").logY();
        for (Runs<History> r : runs) {
            double[] g = initialWeightGradNorms(r.seed(seed));
            double[] x = new double[g.length];
            for (int l = 0; l < x.length; l++) x[l] = l;
            plot.series(r.label(), x, g);
        }
        return plot.markers();
    }

    /**
     * Every layer's step-0 weight-gradient norm in {@code top}'s run over the same layer's in {@code bottom}'s run of
     * the same seed: one value per layer and seed (NaN where the two nets differ in depth).
     */
    public static Spread initialGradientRatios(Runs<History> top, Runs<History> bottom) {
        int seeds = Math.min(top.seeds(), bottom.seeds());
        var out = new java.util.ArrayList<Double>();
        for (int s = 1; s <= seeds; s++) {
            double[] t = initialWeightGradNorms(top.seed(s)), b = initialWeightGradNorms(bottom.seed(s));
            if (t.length != b.length || t.length == 0) out.add(Double.NaN);
            else for (int l = 0; l < t.length; l++) out.add(t[l] / b[l]);
        }
        return Spread.of(out);
    }

    /** A statistic of every run of several settings pooled into one spread (over runs, not seeds). */
    public static <T> Spread pooled(List<Runs<T>> runs, java.util.function.ToDoubleFunction<? super T> statistic) {
        return Spread.of(runs.stream().flatMap(r -> r.results().stream()).mapToDouble(statistic).toArray());
    }

    /**
     * The learning-rate scan's figure: for each start, one line over the optimizers' learning rates (a log axis), the
     * mean batch loss of epoch {@code epoch} ({@link #epochLoss}), median over the seeds in a band from the lowest to the
     * highest seed, with ln 10 (chance on the digits) as a guide. {@code lines} holds, per start, one setting's runs per
     * optimizer, in the optimizers' order; a line is labelled with its first setting's label.
     */
    public static org.knowm.xchart.XYChart rateScanChart(String title, List<Optimizer> optimizers, int epoch,
                                                         List<List<Runs<History>>> lines) {
        double[] x = optimizers.stream().mapToDouble(Optimizer::learningRate).toArray();
        var chart = org.initlab.plot.Plots.lines(title, "learning rate", "mean batch loss, epoch " + epoch).logX();
        for (List<Runs<History>> line : lines) {
            if (line.size() != x.length)
                throw new IllegalArgumentException("a line has " + line.size() + " settings for " + x.length + " optimizers");
            double[] median = new double[x.length], lo = new double[x.length], hi = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                Spread loss = line.get(i).spread(h -> epochLoss(h, epoch));
                median[i] = loss.median();
                lo[i] = loss.min();
                hi[i] = loss.max();
            }
            chart.series(line.getFirst().label() + ", median of " + line.getFirst().seeds() + " seeds", x, median, lo, hi);
        }
        return chart.guide(Math.log(10), "ln 10: chance").markers().chart();
    }

    /**
     * The learning-rate scan as a table: one row per optimizer, one column per start (its first setting's label),
     * each the mean batch loss of epoch {@code epoch} as "median (min-max)" over the seeds.
     */
    public static tech.tablesaw.api.Table rateScanTable(List<Optimizer> optimizers, int epoch, List<List<Runs<History>>> lines) {
        var optimizer = tech.tablesaw.api.StringColumn.create("optimizer");
        optimizers.forEach(o -> optimizer.append(o.label()));
        var table = tech.tablesaw.api.Table.create("mean batch loss of epoch " + epoch + ": median (min-max) over the seeds", optimizer);
        var names = Runs.byLabel(lines.stream().map(l -> l.getFirst()).toList()).keySet().iterator();
        for (List<Runs<History>> line : lines) {
            var column = tech.tablesaw.api.StringColumn.create(names.next());
            for (int i = 0; i < optimizers.size(); i++)
                column.append(i < line.size() ? range(line.get(i).spread(h -> epochLoss(h, epoch))) : "-");
            table.addColumns(column);
        }
        return table;
    }

    /** What each setting's layer keeps of its input, one row per setting, each number "median (min-max)" over the seeds. */
    public static tech.tablesaw.api.Table rectificationTable(List<Runs<Rectification>> runs) {
        var label = tech.tablesaw.api.StringColumn.create("activation");
        var active = tech.tablesaw.api.StringColumn.create("share of z > 0");
        var kept = tech.tablesaw.api.StringColumn.create("E[f(z)^2] / E[z^2]");
        var least = tech.tablesaw.api.StringColumn.create("least active unit");
        var most = tech.tablesaw.api.StringColumn.create("most active unit");
        var unused = tech.tablesaw.api.StringColumn.create("units never active");
        var zero = tech.tablesaw.api.StringColumn.create("share of f(z) = 0");
        var perSample = tech.tablesaw.api.StringColumn.create("f(z) = 0 per sample: fewest-most");
        for (var e : Runs.byLabel(runs).entrySet()) {
            var r = new Runs<>(e.getKey(), e.getValue());
            label.append(e.getKey());
            active.append(range(r.spread(Rectification::activeFraction)));
            kept.append(range(r.spread(Rectification::secondMomentRatio)));
            least.append(range(r.spread(Rectification::minUnitActive)));
            most.append(range(r.spread(Rectification::maxUnitActive)));
            unused.append(range(r.spread(Rectification::unusedUnits)));
            zero.append(range(r.spread(Rectification::zeroFraction)));
            // Over every sample of every seed: the fewest and the most of a sample's outputs that are 0.
            perSample.append(fmt(r.spread(Rectification::minSampleZero).min()) + "-" + fmt(r.spread(Rectification::maxSampleZero).max()));
        }
        return tech.tablesaw.api.Table.create("one layer, " + runs.getFirst().seeds() + " seeds: median (min-max)",
                label, active, zero, perSample, kept, least, most, unused);
    }

    /** "0.5001 (0.4983-0.5004)", or the value alone when every seed gives it. */
    private static String range(Spread s) {
        return s.min() == s.max() ? fmt(s.median()) : fmt(s.median()) + " (" + fmt(s.min()) + "-" + fmt(s.max()) + ")";
    }

    private static String fmt(double v) { return Evidence.fmt(v); }
}

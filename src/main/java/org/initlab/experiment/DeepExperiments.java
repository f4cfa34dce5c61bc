package org.initlab.experiment;

import org.initlab.data.Dataset;
import org.initlab.data.FashionMnist;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.Dense;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Normalization;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Residual;
import org.initlab.nn.ResidualBlock;
import org.initlab.nn.Trainer;
import org.initlab.plot.Plots;
import org.knowm.xchart.XYChart;
import smile.tensor.DenseMatrix;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.initlab.experiment.Evidence.fmt;

/**
 * The experiments of notebook 10, deep and modern: the residual stream's variance against depth, plain against residual
 * at depth 50, and the weights' initial scale with and without normalization. Runs are seeded from their seed and
 * computed once per JVM: these are the claims catalog's copies. The notebook builds and trains the same networks in
 * view and takes from here only the statistics, charts and tables it names, and the catalog's runs to compare with.
 */
public final class DeepExperiments {
    private DeepExperiments() {}

    /** Hidden width of the deep nets. */
    public static final int WIDTH = 64;
    /** Residual blocks of two layers: 24 blocks make a 50-layer net (a first hidden layer, 48 in blocks, the output). */
    public static final int BLOCKS = 24;

    /** The starts of the residual race, by name: {@code null} for the plain stack. */
    public static Map<String, Residual> variants() {
        Map<String, Residual> m = new LinkedHashMap<>();
        m.put("plain", null);
        m.put("residual", Residual.blocks(2));
        m.put("residual, last / sqrt(blocks)", Residual.blocks(2).depthScaled());
        m.put("residual, last zero", Residual.blocks(2).zeroLast());
        m.put("residual, SkipInit", Residual.blocks(2).skipInit());
        return m;
    }

    /** "plain" for no residual blocks ({@code null}), else the blocks' own label: a row's and a curve's name. */
    public static String label(Residual r) { return r == null ? "plain" : r.label(); }

    /** "none" for no normalization ({@code null}), else its own label. */
    public static String label(Normalization n) { return n == null ? "none" : n.label(); }

    /** {@code inputs} - 64 x (2 blocks + 1) - 10, ReLU, He start; residual blocks of two layers unless {@code residual} is null. */
    public static NetworkSpec net(int inputs, int blocks, Residual residual, long seed) {
        int[] w = new int[2 * blocks + 3];
        java.util.Arrays.fill(w, WIDTH);
        w[0] = inputs;
        w[w.length - 1] = 10;
        return Network.mlp(w).activation(Activation.RELU).init(Init.heNormal()).residual(residual).seed(seed);
    }

    /**
     * The mean square of the signal after the first hidden layer and after every block (for a plain stack, after every
     * second layer, the same positions), on the rows {@code x}: E[h^2] over rows and units.
     */
    public static double[] streamSecondMoments(Network net, double[][] x) {
        net.forward(org.initlab.nn.Matrices.rows(x, 0, x.length, net.spec().type()), false); // one batch: every layer keeps all its rows
        int blocks = (net.depth() - 2) / 2;
        double[] q = new double[blocks + 1];
        q[0] = meanSquare(net.layer(0).activations());
        for (int b = 1; b <= blocks; b++) {
            DenseMatrix h = net.blocks().isEmpty() ? net.layer(2 * b).activations() : net.blocks().get(b - 1).output();
            q[b] = meanSquare(h);
        }
        return q;
    }

    /** Mean of the squared entries. */
    public static double meanSquare(DenseMatrix m) {
        double f = org.initlab.nn.Matrices.frobenius(m);
        return f * f / ((double) m.nrow() * m.ncol());
    }

    /** A profile's total growth ({@link #streamSecondMoments}): E[h^2] at its end over E[h^2] after the first hidden layer. */
    public static double growth(double[] q) { return q[q.length - 1] / q[0]; }

    /** A profile's growth per block: the geometric mean of the factors, {@code growth(q)^(1/blocks)} (1 with no block). */
    public static double growthPerBlock(double[] q) { return q.length < 2 ? 1 : Math.pow(growth(q), 1.0 / (q.length - 1)); }

    /**
     * The second moment after each block relative to the first hidden layer's, one line per setting: the median over
     * its seeds, their range as a band, on a log axis.
     */
    public static XYChart streamChart(List<Runs<double[]>> runs) {
        var plot = Plots.lines("Second moment after each block, relative to the first layer", "block",
                "E[h²] / E[h₀²]").logY();
        Runs.byLabel(runs).forEach((label, profiles) -> {
            List<double[]> relative = profiles.stream().map(q -> java.util.Arrays.stream(q).map(v -> v / q[0]).toArray()).toList();
            double[] x = new double[relative.getFirst().length];
            for (int b = 0; b < x.length; b++) x[b] = b;
            plot.seriesOverSeeds(label, x, relative);
        });
        return plot.chart();
    }

    /** Blocks of the variance measurement: 49 make a 100-layer net. */
    public static final int VARIANCE_BLOCKS = 49;

    /** {@link #streamSecondMoments} of the 100-layer net of {@code residual} on 256 digits of seed {@code seed}'s training set. */
    public static double[] varianceProfile(Residual residual, long seed) {
        return Memo.get("deep.variance/" + residual + "/" + seed, () -> {
            Dataset train = ScaleExperiments.digits(seed).train();
            return streamSecondMoments(net(64, VARIANCE_BLOCKS, residual, seed).build(), train.subset(256, seed).x());
        });
    }

    // ---------------------------------------------------------------- training at depth 50

    /** Epochs of the depth-50 race on the digits (45 steps each). */
    public static final int EPOCHS = 3;

    /** The trainer of the depth-50 race: momentum SGD (0.9) at 0.005, batches of 32; evaluated at the start and the end. */
    public static Trainer trainer(long seed) {
        return Trainer.of(Optimizer.momentum(0.005, 0.9)).epochs(EPOCHS).batchSize(32).seed(seed).evaluation(Trainer.Evaluation.START_AND_END);
    }

    /** The 50-layer net of {@code variant} ({@link #variants}) trained on the digits. */
    public static History trainDigits(String variant, long seed) { return trainDigits(variant(variant), seed); }

    /** The 50-layer net with residual blocks {@code residual} ({@code null}: plain) trained on the digits. */
    public static History trainDigits(Residual residual, long seed) { return trainDigits(residual, 1, seed); }

    /** Seeds behind a rate (how many runs of a variant diverge): a rate needs more than the usual 5. */
    public static final int RATE_SEEDS = 10;
    /**
     * The output layer's gain of the race's fix: with the branches scaled by 1/sqrt(N) the stream ends e^2 times larger
     * than it started, and so do the logits; a quieter output layer (x0.1) gives the first steps small logits again.
     */
    public static final double QUIET_OUTPUT = 0.1;

    /** The same with the output layer's weights times {@code outputGain} at the start. */
    public static History trainDigits(Residual residual, double outputGain, long seed) {
        return Memo.get("deep.digits/" + residual + "/" + outputGain + "/" + seed,
                () -> trainer(seed).fit(net(64, BLOCKS, residual, seed).outputGain(outputGain).build(), ScaleExperiments.digits(seed)));
    }

    /** Fashion-MNIST images of the depth-50 race: the first 1000 for training and 500 for testing. */
    public static final int FASHION_TRAIN = 1000, FASHION_TEST = 500;

    /** The same on a Fashion-MNIST subset (check {@link FashionMnist#isAvailable()} first). */
    public static History trainFashion(String variant, long seed) {
        return Memo.get("deep.fashion/" + variant + "/" + seed,
                () -> trainer(seed).fit(net(784, BLOCKS, variant(variant), seed).build(), FashionMnist.load(FASHION_TRAIN, FASHION_TEST).standardized()));
    }

    static Residual variant(String name) {
        if (!variants().containsKey(name)) throw new IllegalArgumentException("no variant '" + name + "'; known: " + variants().keySet());
        return variants().get(name);
    }

    // ---------------------------------------------------------------- the initial scale, with and without normalization

    /** Multiples of He's standard deviation tried, four orders of magnitude. */
    public static final List<Double> SCALES = List.of(0.01, 0.1, 1.0, 10.0, 100.0);
    /** Depth of the scale sweep: 10 ReLU layers of 64. */
    public static final int SWEEP_DEPTH = 10;

    /** The normalizations of the sweep, by name: {@code null} for none. */
    public static Map<String, Normalization> norms() {
        Map<String, Normalization> m = new LinkedHashMap<>();
        m.put("none", null);
        m.put("batchnorm", Normalization.batchNorm());
        m.put("layernorm", Normalization.layerNorm());
        return m;
    }

    /** N(0, (scale sqrt(2/64))^2): He's standard deviation for the 64-wide hidden layers, times {@code scale}. */
    public static Initializer scaledHe(double scale) { return Init.normal(0, scale * Math.sqrt(2.0 / WIDTH)); }

    /**
     * 64 - 64 x 9 - 10 ReLU, the hidden layers from {@link #scaledHe} and the output layer at He's own scale, with
     * {@code norm} in every hidden layer (before the activation). Only the hidden layers are scaled: normalization
     * divides out their scale, and a scaled output layer (never normalized) would add a failure of its own at x10 and x100.
     */
    public static NetworkSpec sweepNet(double scale, String norm, long seed) {
        if (!norms().containsKey(norm)) throw new IllegalArgumentException("no normalization '" + norm + "'; known: " + norms().keySet());
        return sweepNet(scale, norms().get(norm), seed);
    }

    /** The same with the normalization itself ({@code null}: none). */
    public static NetworkSpec sweepNet(double scale, Normalization norm, long seed) {
        int[] w = new int[SWEEP_DEPTH + 1];
        java.util.Arrays.fill(w, WIDTH);
        w[SWEEP_DEPTH] = 10;
        return Network.mlp(w).activation(Activation.RELU).init(scaledHe(scale)).outputInit(Init.heNormal()).norm(norm).seed(seed);
    }

    /** Epochs of the scale sweep. */
    public static final int SWEEP_EPOCHS = 3;

    /** The sweep's net trained on the digits with momentum SGD (0.9) at 0.01, batches of 32, evaluated at the start and the end. */
    public static History trainSweep(double scale, String norm, long seed) {
        if (!norms().containsKey(norm)) throw new IllegalArgumentException("no normalization '" + norm + "'; known: " + norms().keySet());
        return trainSweep(scale, norms().get(norm), seed);
    }

    /** The same with the normalization itself ({@code null}: none). */
    public static History trainSweep(double scale, Normalization norm, long seed) { return sweepRun(scale, norm, SWEEP_RATE, seed).history(); }

    /** The sweep's learning rate (momentum SGD, 0.9). */
    public static final double SWEEP_RATE = 0.01;

    /** A sweep run's history and its trained net's dead share on the test set ({@link #deadFraction}). */
    record SweepRun(History history, double deadAfter) {}

    static SweepRun sweepRun(double scale, Normalization norm, double rate, long seed) {
        return Memo.get("deep.sweep/" + scale + "/" + norm + "/" + rate + "/" + seed, () -> {
            Network net = sweepNet(scale, norm, seed).build();
            Dataset.Split digits = ScaleExperiments.digits(seed);
            History h = Trainer.of(Optimizer.momentum(rate, 0.9)).epochs(SWEEP_EPOCHS).batchSize(32).seed(seed)
                    .evaluation(Trainer.Evaluation.START_AND_END).fit(net, digits);
            return new SweepRun(h, deadFraction(net, digits.test().x()));
        });
    }

    /** The scales at which dead units are counted after training. */
    public static final List<Double> DEAD_SCALES = List.of(0.01, 0.1, 1.0);

    /**
     * The share of hidden units dead on the whole test set ({@link #deadFraction}) after the sweep's training, at each of
     * {@code scales}: LayerNorm centres each example over its units, so a unit can sit below the mean on every example;
     * BatchNorm centres each unit over the batch, so it cannot.
     */
    public static double[] deadAfterTraining(double[] scales, Normalization norm, long seed) {
        double[] d = new double[scales.length];
        for (int i = 0; i < d.length; i++) d[i] = sweepRun(scales[i], norm, SWEEP_RATE, seed).deadAfter();
        return d;
    }

    /**
     * Dead shares per scale ({@link #deadAfterTraining}), median (min-max over seeds): one row per scale, one column per
     * setting (its runs' label).
     */
    public static Table deadTable(String title, double[] scales, List<Runs<double[]>> runs) {
        StringColumn scaleColumn = StringColumn.create("scale s");
        for (double s : scales) scaleColumn.append(fmt(s));
        Table t = Table.create(title, scaleColumn);
        List<String> names = distinct(runs.stream().map(Runs::label).toList());
        for (int k = 0; k < runs.size(); k++) {
            StringColumn c = StringColumn.create(names.get(k));
            for (int i = 0; i < scales.length; i++) {
                int at = i;
                c.append(runs.get(k).spread(d -> d[at]).toString());
            }
            t.addColumns(c);
        }
        return t;
    }

    /** The learning rates of the rate sweep (momentum SGD, 0.9), at He's scale: "much higher learning rates". */
    public static final List<Double> RATES = List.of(0.01, 0.03, 0.1, 0.3);

    /** The sweep's net at He's scale (x1) trained at the learning rate {@code rate}. */
    public static History trainAtRate(double rate, Normalization norm, long seed) { return sweepRun(1, norm, rate, seed).history(); }

    /** How one setting's run at an initial scale is made: {@code (scale, seed) -> fit(...)}. */
    @FunctionalInterface
    public interface ScaleRun {
        History train(double scale, long seed);
    }

    /**
     * One setting (a normalization, say) trained from every initial scale of a sweep, each scale over seeds 1..n.
     *
     * @param label  the setting's name, from its objects
     * @param scales the initial scales, in order
     * @param runs   one {@link Runs} per scale
     */
    public record ScaleSweep(String label, double[] scales, List<Runs<History>> runs) {

        public ScaleSweep {
            scales = scales.clone();
            runs = List.copyOf(runs);
            if (scales.length != runs.size()) throw new IllegalArgumentException(label + ": " + scales.length + " scales but " + runs.size() + " runs");
        }

        @Override public double[] scales() { return scales.clone(); }

        /** {@code run} at every scale for seeds 1..{@code seeds}; all scales' seeds run in parallel, in order. */
        public static ScaleSweep over(int seeds, String label, double[] scales, ScaleRun run) {
            if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
            List<long[]> jobs = new ArrayList<>();
            for (int i = 0; i < scales.length; i++) for (long s = 1; s <= seeds; s++) jobs.add(new long[]{i, s});
            List<History> all = Repeat.parallel(jobs, j -> run.train(scales[(int) j[0]], j[1]));
            List<Runs<History>> runs = new ArrayList<>();
            for (int i = 0; i < scales.length; i++)
                runs.add(new Runs<>(label + ", x" + fmt(scales[i]), all.subList(i * seeds, (i + 1) * seeds)));
            return new ScaleSweep(label, scales, runs);
        }

        /** The runs at the {@code i}-th scale. */
        public Runs<History> at(int i) { return runs.get(i); }

        /** Test accuracy at the {@code i}-th scale over the seeds, 0 for a diverged run ({@link #accuracy(History)}). */
        public Spread accuracy(int i) { return runs.get(i).spread(DeepExperiments::accuracy); }

        /** At how many scales the median run reaches {@code accuracy} on the test set. */
        public long scalesReaching(double accuracy) {
            long n = 0;
            for (int i = 0; i < scales.length; i++) if (accuracy(i).median() >= accuracy) n++;
            return n;
        }

        /** How many runs, over every scale and seed, are {@code other}'s same runs bit for bit (their step losses). */
        public long sameAs(ScaleSweep other) {
            long same = 0;
            for (int i = 0; i < Math.min(runs.size(), other.runs.size()); i++)
                if (scales[i] == other.scales[i]) same += runs.get(i).sameAs(other.runs.get(i), History::stepLosses);
            return same;
        }
    }

    /** Test accuracy against the initial scale, one line per sweep: the median over seeds, their range as a band. */
    public static XYChart sweepChart(String title, List<ScaleSweep> sweeps, double learns) {
        return sweepChart(title, "scale s (x the start's std)", sweeps, learns);
    }

    /** The same against another swept number (a learning rate), named by {@code axis}. */
    public static XYChart sweepChart(String title, String axis, List<ScaleSweep> sweeps, double learns) {
        var plot = Plots.lines(title, axis, "test accuracy").logX();
        List<String> names = distinct(sweeps.stream().map(ScaleSweep::label).toList());
        for (int k = 0; k < sweeps.size(); k++) {
            ScaleSweep w = sweeps.get(k);
            double[] med = new double[w.scales.length], lo = new double[med.length], hi = new double[med.length];
            for (int i = 0; i < med.length; i++) {
                Spread a = w.accuracy(i);
                med[i] = a.median();
                lo[i] = a.min();
                hi[i] = a.max();
            }
            plot.series(names.get(k), w.scales, med, lo, hi);
        }
        return plot.guide(learns, "learns: " + fmt(learns)).markers().chart();
    }

    /** Test accuracy, median (min-max over seeds), one row per scale and one column per sweep (0: diverged). */
    public static Table sweepTable(List<ScaleSweep> sweeps) { return sweepTable("scale s", sweeps); }

    /** The same with the swept number named {@code axis} (a learning rate). */
    public static Table sweepTable(String axis, List<ScaleSweep> sweeps) {
        if (sweeps.isEmpty()) throw new IllegalArgumentException("no sweeps to tabulate");
        double[] scales = sweeps.getFirst().scales;
        StringColumn scaleColumn = StringColumn.create(axis);
        for (double s : scales) scaleColumn.append(fmt(s));
        Table t = Table.create("test accuracy, median (min-max, " + sweeps.getFirst().at(0).seeds() + " seeds; 0: diverged)", scaleColumn);
        List<String> names = distinct(sweeps.stream().map(ScaleSweep::label).toList());
        for (int k = 0; k < sweeps.size(); k++) {
            ScaleSweep w = sweeps.get(k);
            StringColumn c = StringColumn.create(names.get(k));
            for (int i = 0; i < scales.length; i++) c.append(i < w.scales.length ? w.accuracy(i).toString() : "");
            t.addColumns(c);
        }
        return t;
    }

    /** "10 and 100", "0.1, 1 and 10": numbers as a sentence lists them. */
    public static String list(double... values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++)
            b.append(i == 0 ? "" : i == values.length - 1 ? " and " : ", ").append(fmt(values[i]));
        return b.toString();
    }

    /** The labels, a repeated one numbered ("batchnorm (2)"): a learner may set two settings alike. */
    static List<String> distinct(List<String> labels) {
        List<String> out = new ArrayList<>();
        for (String l : labels) {
            String name = l;
            for (int k = 2; out.contains(name); k++) name = l + " (" + k + ")";
            out.add(name);
        }
        return out;
    }

    /**
     * The largest relative difference between the BatchNorm sweep net's last hidden layer at step 0 (one training-mode pass:
     * batch statistics) at scale 1 and at scales 10 and 100, on 256 digits: BatchNorm makes the hidden layers independent of
     * the weights' scale, up to its epsilon. (The output layer is not normalized: its outputs scale with its weights.)
     */
    public static double batchNormOutputSpread(long seed) {
        return Memo.get("deep.bn.spread/" + seed, () -> {
            double[][] x = ScaleExperiments.digits(seed).train().subset(256, seed).x();
            double[][] base = lastHiddenInTraining(sweepNet(1, "batchnorm", seed).build(), x);
            double worst = 0;
            for (double scale : new double[]{10, 100})
                worst = Math.max(worst, relativeDifference(lastHiddenInTraining(sweepNet(scale, "batchnorm", seed).build(), x), base));
            return worst;
        });
    }

    /** The largest |a - b| over the largest |b|: how far {@code a} is from {@code b}, relative to b's size. */
    public static double relativeDifference(double[][] a, double[][] b) {
        double diff = 0, norm = 0;
        for (int i = 0; i < b.length; i++)
            for (int j = 0; j < b[i].length; j++) {
                diff = Math.max(diff, Math.abs(a[i][j] - b[i][j]));
                norm = Math.max(norm, Math.abs(b[i][j]));
            }
        return diff / norm;
    }

    /** The last hidden layer's activations after one forward pass over {@code x} as one batch in training mode. */
    public static double[][] lastHiddenInTraining(Network net, double[][] x) {
        net.forward(org.initlab.nn.Matrices.rows(x, 0, x.length, net.spec().type()), true);
        return org.initlab.nn.Matrices.toArray(net.layer(net.depth() - 2).activations());
    }

    /** A run's final test accuracy, 0 when it diverged (a diverged run has learned nothing usable). */
    public static double accuracy(History h) { return h.diverged() ? 0 : h.last().testAccuracy(); }

    /**
     * The fraction of a network's hidden units that output 0 on every one of {@code x}'s rows (dead ReLUs), in one forward
     * pass in training mode (BatchNorm normalizes with the batch's statistics, as in training).
     */
    public static double deadFraction(Network net, double[][] x) {
        net.forward(org.initlab.nn.Matrices.rows(x, 0, x.length, net.spec().type()), true);
        double dead = 0, units = 0;
        for (Dense d : net.layers().subList(0, net.depth() - 1)) {
            dead += org.initlab.probe.Measure.deadFraction(d.activation(), d.preActivations()) * d.fanOut();
            units += d.fanOut();
        }
        return dead / units;
    }
    // ---------------------------------------------------------------- dynamical isometry and the edge of chaos

    /** Depth and width of the tanh stacks of the last two sections. */
    public static final int ISOMETRY_DEPTH = 100, ISOMETRY_WIDTH = 64, CHAOS_WIDTH = 128;

    /**
     * The singular values of the Jacobian of a 100-layer tanh stack of 64 from {@code init} at one digit (of seed
     * {@code seed}'s training set) times {@code inputScale}: a small input keeps every tanh near its linear part.
     */
    public static double[] jacobianSpectrum(Initializer init, double inputScale, long seed) {
        return Memo.get("deep.jacobian/" + init.describe() + "/" + inputScale + "/" + seed, () -> {
            double[] x = isometryInput(inputScale, seed);
            return org.initlab.probe.Jacobian.singularValues(org.initlab.probe.Jacobian.of(isometryNet(init, seed), x, ISOMETRY_DEPTH));
        });
    }

    /** The 100-layer tanh stack of 64 of the isometry section, from {@code init}. */
    static Network isometryNet(Initializer init, long seed) {
        int[] w = new int[ISOMETRY_DEPTH + 1];
        java.util.Arrays.fill(w, ISOMETRY_WIDTH);
        return Network.mlp(w).activation(Activation.TANH).init(init).seed(seed).build();
    }

    /** One digit of seed {@code seed}'s training set, times {@code inputScale}. */
    static double[] isometryInput(double inputScale, long seed) {
        double[] x = ScaleExperiments.digits(seed).train().subset(1, seed).x()[0].clone();
        for (int j = 0; j < x.length; j++) x[j] *= inputScale;
        return x;
    }

    /**
     * The stretches of the same Jacobian by QR accumulation ({@link org.initlab.probe.Jacobian#log10Stretches}): their
     * spread is a lower bound on log10 of its condition number that double precision does not cap.
     */
    public static double[] jacobianStretches(Initializer init, double inputScale, long seed) {
        return Memo.get("deep.stretches/" + init.describe() + "/" + inputScale + "/" + seed,
                () -> org.initlab.probe.Jacobian.log10Stretches(isometryNet(init, seed), isometryInput(inputScale, seed), ISOMETRY_DEPTH));
    }

    /** The spread of {@link #jacobianStretches}: at most log10 of the condition number, largest minus smallest. */
    public static double stretchSpread(double[] log10Stretches) { return log10Stretches[0] - log10Stretches[log10Stretches.length - 1]; }

    /** Largest over smallest singular value. */
    public static double condition(double[] singularValues) { return singularValues[0] / singularValues[singularValues.length - 1]; }

    /** Singular values against their rank (1 = the largest), one line per setting: the median over seeds, their range as a band (log scale). */
    public static XYChart spectrumChart(String title, List<Runs<double[]>> runs) {
        var plot = Plots.lines(title, "rank", "singular value").logY();
        Runs.byLabel(runs).forEach((label, spectra) -> {
            double[] rank = new double[spectra.getFirst().length];
            for (int i = 0; i < rank.length; i++) rank[i] = i + 1;
            plot.seriesOverSeeds(label, rank, spectra);
        });
        return plot.chart();
    }

    /** The biases' scale of the chaos experiment: sb^2 = 0.05, as in Schoenholz et al.'s figures. */
    public static final double CHAOS_SB = Math.sqrt(0.05);
    /** The weights' scales of the chaos experiment. */
    public static final List<Double> CHAOS_SW = List.of(0.5, 1.0, 1.25, 1.4, 1.5, 2.0, 3.0);
    /** The two inputs' starting correlation. */
    public static final double C0 = 0.6;

    /** Input pairs per network in the chaos experiment: their mean correlation has a third of one pair's finite-width noise. */
    public static final int PAIRS = 16;

    /**
     * The correlation of two inputs' pre-activations after each layer of a 100-layer tanh stack of 128, weights
     * N(0, sw^2 / 128) and biases N(0, sb^2), averaged over {@link #PAIRS} pairs of Gaussian inputs with correlation
     * {@link #C0}, all drawn from {@code seed}.
     */
    public static double[] correlations(double sw, long seed) {
        return Memo.get("deep.chaos/" + sw + "/" + seed, () -> {
            int n = CHAOS_WIDTH;
            int[] w = new int[ISOMETRY_DEPTH + 1];
            java.util.Arrays.fill(w, n);
            Network net = Network.mlp(w).activation(Activation.TANH).init(Init.normal(0, sw / Math.sqrt(n))).biasInit(Init.normal(0, CHAOS_SB)).seed(seed).build();
            return pairCorrelations(net, correlatedPairs(PAIRS, n, C0, seed));
        });
    }

    /**
     * {@code pairs} pairs of Gaussian inputs of {@code width} entries whose two members have correlation {@code c0}, drawn
     * from {@code seed}'s data stream: rows 2p and 2p + 1 are pair p.
     */
    public static double[][] correlatedPairs(int pairs, int width, double c0, long seed) {
        var rng = org.initlab.nn.Seeds.rng(seed, org.initlab.nn.Seeds.DATA);
        double[][] x = new double[2 * pairs][width];
        for (int p = 0; p < pairs; p++)
            for (int j = 0; j < width; j++) {
                double z1 = rng.nextGaussian(), z2 = rng.nextGaussian();
                x[2 * p][j] = z1;
                x[2 * p + 1][j] = c0 * z1 + Math.sqrt(1 - c0 * c0) * z2;
            }
        return x;
    }

    /**
     * The correlation of each pair's pre-activations ({@link #correlatedPairs}: rows 2p and 2p + 1) at every layer of
     * {@code net}, averaged over the pairs: one forward pass, one value per layer.
     */
    public static double[] pairCorrelations(Network net, double[][] x) {
        int pairs = x.length / 2;
        net.forward(org.initlab.nn.Matrices.rows(x, 0, x.length, net.spec().type()), false);
        double[] c = new double[net.depth()];
        for (int l = 0; l < c.length; l++) {
            DenseMatrix z = net.layer(l).preActivations();
            for (int p = 0; p < pairs; p++) {
                double q11 = 0, q22 = 0, q12 = 0;
                for (int j = 0; j < z.ncol(); j++) {
                    double u = z.get(2 * p, j), v = z.get(2 * p + 1, j);
                    q11 += u * u; q22 += v * v; q12 += u * v;
                }
                c[l] += q12 / Math.sqrt(q11 * q22) / pairs;
            }
        }
        return c;
    }

    /**
     * One weight scale of the chaos experiment: the measured correlation at every layer (one array per seed) and mean-field
     * theory's correlation after the last layer.
     *
     * @param sw        the weights' scale: N(0, sw^2 / width)
     * @param runs      the correlation per layer, one array per seed
     * @param predicted the mean field's correlation after the last layer
     * @param chaotic   whether sw lies above the edge of chaos
     */
    public record Phase(double sw, Runs<double[]> runs, double predicted, boolean chaotic) {
        /** The correlation after the last layer, over the seeds. */
        public Spread atEnd() { return runs.spread(c -> c[c.length - 1]); }

        /** "ordered" or "chaotic". */
        public String name() { return chaotic ? "chaotic" : "ordered"; }
    }

    /** The correlation of two inputs against depth, one line per weight scale: the median over seeds, their range as a band. */
    public static XYChart phaseChart(String title, List<Phase> phases) {
        var plot = Plots.lines(title, "layer", "correlation");
        List<String> names = distinct(phases.stream().map(p -> p.runs().label()).toList());
        for (int k = 0; k < phases.size(); k++) {
            List<double[]> runs = phases.get(k).runs().results();
            double[] x = new double[runs.getFirst().length];
            for (int l = 0; l < x.length; l++) x[l] = l;
            plot.seriesOverSeeds(names.get(k), x, runs);
        }
        return plot.chart();
    }

    /** One row per weight scale: its phase, the correlation after the last layer over the seeds, and the mean field's. */
    public static Table phaseTable(String title, List<Phase> phases) {
        StringColumn sw = StringColumn.create("σw"), phase = StringColumn.create("phase"),
                measured = StringColumn.create("correlation at the last layer"), theory = StringColumn.create("mean field");
        for (Phase p : phases) {
            sw.append(fmt(p.sw()));
            phase.append(p.name());
            measured.append(p.atEnd().toString());
            theory.append(fmt(p.predicted()));
        }
        return Table.create(title, sw, phase, measured, theory);
    }

    /** The mean-field correlation after the 100 layers, from {@link #C0}. */
    public static double meanFieldCorrelation(double sw) {
        return Memo.get("deep.chaos.mf/" + sw, () -> new org.initlab.probe.MeanField(sw, CHAOS_SB).correlationAfter(C0, ISOMETRY_DEPTH));
    }
}

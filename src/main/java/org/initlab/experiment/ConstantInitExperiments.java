package org.initlab.experiment;

import org.initlab.data.Dataset;
import org.initlab.data.Generators;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.plot.LinePlot;
import org.initlab.plot.Plots;
import org.initlab.probe.Probe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import org.knowm.xchart.XYChart;

import java.util.List;
import java.util.Map;

/** The experiments of notebook 02: one constant for every weight. */
public final class ConstantInitExperiments {
    private ConstantInitExperiments() {}

    /** Three interleaved spirals, standardized: a one-unit-wide network cannot separate them. */
    public static Dataset.Split spirals() { return spirals(1); }

    /** The same drawn from {@code seed} (seed 1: the notebook's, points seed 3, split seed 4). */
    public static Dataset.Split spirals(long seed) {
        return Generators.spirals(600, 3, 0.2, seed + 2).split(0.25, seed + 3).standardized();
    }

    /** 2-32-32-3 tanh, every weight {@code init}, biases zero, seed 1. */
    public static NetworkSpec spec(Initializer init) { return spec(init, 1); }

    public static NetworkSpec spec(Initializer init, long seed) {
        return Network.mlp(2, 32, 32, 3).activation(Activation.TANH).init(init).seed(seed);
    }

    /**
     * {@code steps} steps rounded up to whole epochs (batches of 45 from 450 rows: 10 an epoch), probing every 50 steps.
     * Epochs are 10 steps here, so the whole sets are evaluated only at the start and the end (every epoch would
     * cost a third of the run); the epochs between report their mean batch loss.
     */
    public static Trainer trainer(Optimizer opt, int steps) { return trainer(opt, steps, 1); }

    public static Trainer trainer(Optimizer opt, int steps, long seed) {
        return Trainer.of(opt).batchSize(45).epochs(Math.max(1, (steps + 9) / 10)).seed(seed).probe(Probe.every(50))
                .evaluation(Trainer.Evaluation.START_AND_END);
    }

    /** The three optimizers the notebook runs, at rates where each trains a random start well. */
    public static Optimizer[] optimizers() {
        return new Optimizer[]{Optimizer.sgd(0.2), Optimizer.momentum(0.05, 0.9), Optimizer.adam(0.01)};
    }

    /**
     * A trained network with its history, and the statistics notebook 02 reads off it by name.
     *
     * @param net     the network as training left it
     * @param history what training recorded
     */
    public record Run(Network net, History history) {

        /** The steps the run took. */
        public int steps() { return history.stepLosses().length; }

        /** The loss on the whole training set at the end. */
        public double finalTrainLoss() { return history.finalTrainLoss(); }

        /** The accuracy on the test set at the end. */
        public double testAccuracy() { return history.finalTestAccuracy(); }

        /** The batch loss of every step: what two runs must share, bit for bit, to be the same run. */
        public double[] stepLosses() { return history.stepLosses(); }

        /** The largest difference between two units of any hidden layer ({@link Symmetry#hiddenSpread}): 0 for copies. */
        public double unitSpread() { return Symmetry.hiddenSpread(net); }

        /** Distinct units (to 1e-12) in hidden layer {@code layer}; NaN if the network has no such hidden layer. */
        public double distinctUnits(int layer) {
            int[] d = ZeroInitExperiments.distinctHiddenUnits(net);
            return layer >= 0 && layer < d.length ? d[layer] : Double.NaN;
        }

        /** The most distinct units (to 1e-12) in any hidden layer: 1 when every hidden layer is copies of one unit. */
        public double mostDistinctUnits() {
            int most = 0;
            for (int d : ZeroInitExperiments.distinctHiddenUnits(net)) most = Math.max(most, d);
            return most;
        }

        /**
         * The first probed step at which two units of a hidden layer differ by at least {@code by}: when a nudged
         * constant start has left the symmetric subspace. NaN if they never do in the run (or nothing was probed).
         */
        public double splitStep(double by) {
            for (var l : history.probes())
                if (l.layer() < net.depth() - 1 && l.maxUnitDifference() >= by) return l.step();
            return Double.NaN;
        }

        /**
         * The largest difference between two units of any hidden layer at every probed step, as {steps,
         * differences}: the curve whose first crossing of a threshold is {@link #splitStep}.
         */
        public double[][] unitDifferences() {
            var byStep = new java.util.TreeMap<Long, Double>();
            for (var l : history.probes())
                if (l.layer() < net.depth() - 1) byStep.merge(l.step(), l.maxUnitDifference(), Math::max);
            double[] steps = byStep.keySet().stream().mapToDouble(Long::doubleValue).toArray();
            double[] differences = byStep.values().stream().mapToDouble(Double::doubleValue).toArray();
            return new double[][]{steps, differences};
        }
    }

    /** Each setting's histories, under the same labels: for the charts and tables that take histories. */
    public static List<Runs<History>> histories(List<Runs<Run>> runs) {
        return runs.stream().map(r -> r.<History>map(Run::history)).toList();
    }

    /** The settings that trained: those with at least one seed whose run did not diverge (a chart leaves the others out). */
    public static List<Runs<History>> trained(List<Runs<History>> runs) {
        return runs.stream().filter(r -> r.count(History::diverged) < r.seeds()).toList();
    }

    /** Each seed's final training loss from {@code a} minus the same seed's from {@code b}, as a spread. */
    public static Spread lossGap(Runs<Run> a, Runs<Run> b) {
        if (a.seeds() != b.seeds()) throw new IllegalArgumentException("'" + a.label() + "' has " + a.seeds() + " seeds, '" + b.label() + "' " + b.seeds());
        double[] gap = new double[a.seeds()];
        for (int s = 1; s <= gap.length; s++) gap[s - 1] = a.seed(s).finalTrainLoss() - b.seed(s).finalTrainLoss();
        return Spread.of(gap);
    }

    /**
     * One row per setting, over its seeds: steps, the largest difference between two hidden units, the most
     * distinct units in a hidden layer, test accuracy ("median (min-max)").
     */
    public static Table symmetryTable(List<Runs<Run>> runs) {
        StringColumn name = StringColumn.create("run"), acc = StringColumn.create("test accuracy");
        IntColumn steps = IntColumn.create("steps"), seeds = IntColumn.create("seeds"), distinct = IntColumn.create("most distinct units in a hidden layer");
        DoubleColumn spread = DoubleColumn.create("largest difference between hidden units");
        for (Runs<Run> r : runs) {
            name.append(r.label());
            seeds.append(r.seeds());
            steps.append((int) r.spread(Run::steps).max());
            spread.append(r.spread(Run::unitSpread).max());
            distinct.append((int) r.spread(Run::mostDistinctUnits).max());
            acc.append(r.spread(Run::testAccuracy).toString());
        }
        return Table.create("symmetry after training, over the seeds", name, seeds, steps, spread, distinct, acc);
    }

    /**
     * The network {@link Symmetry#collapse} makes, one unit per hidden layer with the weights above summed, whether or
     * not the units are copies: then it computes something else, which is what a comparison with the wide one shows.
     */
    public static Network oneUnitWide(Network wide) { return Symmetry.collapse(wide, Double.POSITIVE_INFINITY); }

    /**
     * A wide network's training loss and its one-unit collapse's, at the start and after every {@code chunk} epochs.
     *
     * @param chunk  epochs between two comparisons
     * @param wide   the wide network's training loss at each comparison
     * @param narrow its one-unit collapse's
     */
    public record WideAndNarrow(int chunk, double[] wide, double[] narrow) {
        public WideAndNarrow {
            if (wide.length != narrow.length) throw new IllegalArgumentException("wide has " + wide.length + " losses, narrow " + narrow.length);
            wide = wide.clone();
            narrow = narrow.clone();
        }

        /** The largest gap between the two losses at any comparison (NaN if a loss is NaN). */
        public double largestGap() {
            double gap = 0;
            for (int i = 0; i < wide.length; i++) {
                double d = Math.abs(wide[i] - narrow[i]);
                if (Double.isNaN(d)) return Double.NaN;
                gap = Math.max(gap, d);
            }
            return gap;
        }

        /** Both loss curves against epochs, the wide as a line, the collapse as points on it. */
        public XYChart chart(String wideLabel) {
            double[] epochs = new double[wide.length];
            for (int i = 0; i < epochs.length; i++) epochs[i] = (double) chunk * i;
            return Plots.lines("A wide network and its one-unit collapse", "epoch", "training loss")
                    .series(wideLabel, epochs, wide).points("1 unit per hidden layer", epochs, narrow).chart();
        }
    }

    /**
     * The step at which a nudge of each size split the units ({@link Run#splitStep}): each seed as a point, the median
     * over the seeds as a line, against log10(1/eps). A seed whose units never split has no point.
     */
    public static XYChart escapeChart(double[] nudges, List<Runs<Run>> escapes, double by) {
        if (nudges.length != escapes.size()) throw new IllegalArgumentException(nudges.length + " nudges but " + escapes.size() + " settings");
        double[] decades = new double[nudges.length], medians = new double[nudges.length];
        for (int i = 0; i < nudges.length; i++) {
            decades[i] = -Math.log10(nudges[i]);
            medians[i] = escapes.get(i).spread(r -> r.splitStep(by)).median();
        }
        var chart = Plots.lines("Start + N(0, eps²): step at which two units differ by " + Evidence.fmt(by), "log10(1/eps)", "split step").markers();
        int seeds = escapes.stream().mapToInt(Runs::seeds).min().orElse(0);
        for (int s = 1; s <= seeds; s++) {
            double[] steps = new double[nudges.length];
            for (int i = 0; i < nudges.length; i++) steps[i] = escapes.get(i).seed(s).splitStep(by);
            chart.points("seed " + s, decades, steps);
        }
        return chart.series("median", decades, medians).chart();
    }

    /**
     * How one nudge's runs leave the symmetric subspace: the largest difference between two units of a hidden layer
     * at every probed step ({@link Run#unitDifferences}), median over the seeds with their range as a band, on a log
     * axis, where exponential growth is a straight line; the threshold {@code by} as a guide, and each seed's split
     * step ({@link Run#splitStep}) as a point on it; the legend does not name the setting (a title or a table
     * next to it does). Returned before it is drawn, to fix its axes ({@code xRange},
     * {@code yRange}) so that the frames of an explorable over nudges share them.
     */
    public static LinePlot escapePlot(Runs<Run> runs, double by) {
        List<double[][]> curves = runs.results().stream().map(Run::unitDifferences).toList();
        double[] steps = curves.stream().map(c -> c[0]).max(java.util.Comparator.comparingInt(a -> a.length)).orElseThrow();
        // Legends that read the same for every setting: the frames of an explorable then keep one size.
        var plot = Plots.lines("Largest difference between two units of a hidden layer", "step", "largest difference").logY().stepAxis()
                .seriesOverSeeds("median of " + runs.seeds() + " seeds", steps, curves.stream().map(c -> c[1]).toList());
        double[] split = runs.results().stream().mapToDouble(r -> r.splitStep(by)).filter(Double::isFinite).toArray();
        if (split.length > 0)
            plot.points("a seed's split step", split, java.util.stream.DoubleStream.generate(() -> by).limit(split.length).toArray());
        return plot.guide(by, "units split: " + Evidence.fmt(by));
    }

    /** One row per nudge: eps, the seeds whose units split, the split step and the test accuracy over the seeds. */
    public static Table escapeTable(double[] nudges, List<Runs<Run>> escapes, double by) {
        if (nudges.length != escapes.size()) throw new IllegalArgumentException(nudges.length + " nudges but " + escapes.size() + " settings");
        StringColumn eps = StringColumn.create("eps"), split = StringColumn.create("seeds split"), step = StringColumn.create("split step"),
                acc = StringColumn.create("test accuracy");
        for (int i = 0; i < nudges.length; i++) {
            Runs<Run> r = escapes.get(i);
            double[] at = r.results().stream().mapToDouble(run -> run.splitStep(by)).filter(Double::isFinite).toArray();
            eps.append(Evidence.fmt(nudges[i]));
            split.append(at.length + " of " + r.seeds());
            step.append(at.length == 0 ? "-" : Spread.of(at).toString());
            acc.append(r.spread(Run::testAccuracy).toString());
        }
        return Table.create("when the units split (two differ by " + Evidence.fmt(by) + ")", eps, split, step, acc);
    }

    /** {@code n} positive inputs, fixed (no randomness): the signal {@link #linearSignalGrowth} pushes through a constant stack. */
    public static double[] positiveInput(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 1.0 / n + 0.5 * i / (n * (double) n);
        return x;
    }

    /**
     * The signal size at the deepest stack against the law (c n)^(maxDepth-1): one row per c n, the size measured with
     * activation {@code a} and with {@code b}.
     */
    public static Table signalGrowthTable(int maxDepth, double[] cn, Activation a, double[] atDeepestA, Activation b, double[] atDeepestB) {
        DoubleColumn c = DoubleColumn.create("c·n"), ma = DoubleColumn.create(a.label() + ", measured"), pred = DoubleColumn.create("(c·n)^(L-1)"),
                mb = DoubleColumn.create(b.label() + ", measured");
        for (int i = 0; i < cn.length; i++) {
            c.append(cn[i]);
            ma.append(atDeepestA[i]);
            pred.append(Math.pow(cn[i], maxDepth - 1));
            mb.append(atDeepestB[i]);
        }
        return Table.create("signal size after " + maxDepth + " layers", c, ma, pred, mb);
    }

    /** Norm of all weight gradients of {@link #spec}({@code init}) at its start, one pass over the training spirals. */
    public static double gradientNormAtStart(Initializer init) { return gradientNormAtStart(init, 1); }

    public static double gradientNormAtStart(Initializer init, long seed) {
        Network net = spec(init, seed).build();
        Trainer.of(Optimizer.sgd(0.1)).backprop(net, spirals(seed).train());
        double norm = 0;
        for (var layer : net.layers()) norm = Math.hypot(norm, org.initlab.nn.Matrices.frobenius(layer.weightGradient()));
        return norm;
    }

    public static Run train(Initializer init, Optimizer opt, int steps) { return train(init, opt, steps, 1); }

    /**
     * Weights, data and batch order from {@code seed}; computed once per JVM, so the notebook and the catalog
     * share the runs (train the returned network no further: others may be reading it).
     */
    public static Run train(Initializer init, Optimizer opt, int steps, long seed) {
        return Memo.get("constant.run/" + init.describe() + "/" + opt.label() + "/" + steps + "/" + seed, () -> {
            Network net = spec(init, seed).build();
            return new Run(net, trainer(opt, steps, seed).fit(net, spirals(seed)));
        });
    }

    /** How long a nudged constant start takes to leave the symmetric subspace: the steps of {@link #escape}. */
    public static final int ESCAPE_STEPS = 4000;
    /** Units count as split once two of them differ by this much: a tenth of the starting weight 0.1. */
    public static final double ESCAPED = 0.01;

    /**
     * A constant start nudged by N(0, eps^2) noise, trained with momentum SGD (0.05, 0.9) for {@link #ESCAPE_STEPS} steps.
     *
     * @param step          the first probed step (every 50) at which two units of a hidden layer differ by {@link #ESCAPED}; -1 if never
     * @param testAccuracy  at the end
     */
    public record Escape(double eps, long seed, long step, double testAccuracy) {}

    /** {@link Escape} for one nudge size and seed (weights, data and batch order), from {@link #train}'s run (computed once per JVM). */
    public static Escape escape(double eps, long seed) {
        Run run = train(Init.normal(0.1, eps), Optimizer.momentum(0.05, 0.9), ESCAPE_STEPS, seed);
        double split = run.splitStep(ESCAPED);
        return new Escape(eps, seed, Double.isNaN(split) ? -1 : (long) split, run.history().last().testAccuracy());
    }

    /** One row per run: steps, largest difference between hidden units, distinct units per hidden layer, test accuracy. */
    public static Table symmetryTable(Map<String, Run> runs) {
        StringColumn name = StringColumn.create("run");
        IntColumn steps = IntColumn.create("steps"), d0 = IntColumn.create("distinct units, layer 0"), d1 = IntColumn.create("distinct units, layer 1");
        DoubleColumn spread = DoubleColumn.create("largest difference between hidden units"), acc = DoubleColumn.create("test accuracy");
        for (var e : runs.entrySet()) {
            Network net = e.getValue().net();
            int[] distinct = ZeroInitExperiments.distinctHiddenUnits(net);
            name.append(e.getKey());
            steps.append(e.getValue().history().stepLosses().length);
            spread.append(Symmetry.hiddenSpread(net));
            d0.append(distinct[0]);
            d1.append(distinct[1]);
            acc.append(e.getValue().history().last().testAccuracy());
        }
        return Table.create("symmetry after training", name, steps, spread, d0, d1, acc);
    }

    /** Measured signal growth at {@code maxDepth} against (c n)^(maxDepth-1), linear and ReLU, one row per c n. */
    public static Table signalGrowthTable(int width, int maxDepth, double... cn) {
        DoubleColumn c = DoubleColumn.create("c·n"), lin = DoubleColumn.create("linear, measured"), pred = DoubleColumn.create("(c·n)^(L-1)"),
                relu = DoubleColumn.create("relu, measured");
        for (double v : cn) {
            c.append(v);
            lin.append(linearSignalGrowth(v / width, width, maxDepth, Activation.IDENTITY)[maxDepth - 1]);
            pred.append(Math.pow(v, maxDepth - 1));
            relu.append(linearSignalGrowth(v / width, width, maxDepth, Activation.RELU)[maxDepth - 1]);
        }
        return Table.create("signal size after " + maxDepth + " layers of width " + width, c, lin, pred, relu);
    }

    /**
     * Wide (constant start) against its one-unit collapse, after each of {@code rounds} chunks of
     * {@code epochs} epochs: {wide training loss, collapsed network's training loss} per round.
     */
    public static double[][] wideVsCollapsed(double c, Optimizer opt, int rounds, int epochs) {
        Dataset.Split data = spirals();
        Network wide = spec(Init.constant(c)).build();
        Trainer t = Trainer.of(opt).batchSize(50).epochs(epochs);
        double[][] out = new double[rounds + 1][2];
        for (int r = 0; r <= rounds; r++) {
            if (r > 0) t.seed(r).fit(wide, data.train(), null);
            Network narrow = Symmetry.collapse(wide, 1e-12);
            out[r][0] = t.lossAndAccuracy(wide, data.train())[0];
            out[r][1] = t.lossAndAccuracy(narrow, data.train())[0];
        }
        return out;
    }

    /**
     * A linear (or ReLU, on positive inputs) stack with every weight c and no bias: each unit of
     * layer l holds c n times the previous layer's value, so the output is c (c n)^(L-1) times the
     * input sum. Returns |measured output| / |c x_sum| per depth 1..maxDepth: (c n)^(depth-1).
     */
    public static double[] linearSignalGrowth(double c, int width, int maxDepth, Activation act) {
        double[] x = positiveInput(width);
        double sum = 0;
        for (double v : x) sum += v;
        double[] out = new double[maxDepth];
        for (int depth = 1; depth <= maxDepth; depth++) {
            int[] widths = new int[depth + 1];
            java.util.Arrays.fill(widths, width);
            Network net = Network.mlp(widths).activation(act).outputActivation(act).init(Init.constant(c)).build();
            out[depth - 1] = Math.abs(net.outputs(new double[][]{x})[0][0]) / Math.abs(c * sum);
        }
        return out;
    }

    // ---------------------------------------------------------------- does the scale stop training?

    /** Width and hidden depth of the constant linear stack: 64 matches the digits' 64 features. */
    public static final int STACK_WIDTH = 64, STACK_DEPTH = 10;
    /** Epochs of the scale runs on the digits (225 steps of 32). */
    public static final int SCALE_EPOCHS = 5;

    /** A linear stack of {@code depth} hidden layers of width n, every weight c (a 10-class linear head). */
    public static NetworkSpec constantStack(int n, int depth, double c) {
        int[] widths = new int[depth + 2];
        java.util.Arrays.fill(widths, n);
        widths[depth + 1] = 10;
        return Network.mlp(widths).activation(Activation.IDENTITY).init(Init.constant(c));
    }

    /**
     * The {@link #STACK_DEPTH} x {@link #STACK_WIDTH} constant linear stack with every weight c = cn / 64, trained on
     * the digits (split and batch order from {@code seed}) with {@code opt} for {@link #SCALE_EPOCHS} epochs in
     * batches of 32; the whole sets are evaluated at the start and the end. Whether a start whose signal fades
     * (c n &lt; 1) or explodes (c n &gt; 1) trains at all. Computed once per JVM: notebook 02 and the catalog share it.
     */
    public static History trainScaled(double cn, Optimizer opt, long seed) {
        return Memo.get("constant.scaled/" + cn + "/" + opt.label() + "/" + seed, () -> Trainer.of(opt).epochs(SCALE_EPOCHS).batchSize(32).seed(seed)
                .evaluation(Trainer.Evaluation.START_AND_END).fit(constantStack(STACK_WIDTH, STACK_DEPTH, cn / STACK_WIDTH).build(), ScaleExperiments.digits(seed)));
    }
}

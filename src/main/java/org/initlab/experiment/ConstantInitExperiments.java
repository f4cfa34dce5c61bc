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
import org.initlab.probe.Probe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

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

    public record Run(Network net, History history) {}

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
        long step = -1;
        for (var l : run.history().probes())
            if (l.layer() < run.net().depth() - 1 && l.maxUnitDifference() >= ESCAPED) { step = l.step(); break; }
        return new Escape(eps, seed, step, run.history().last().testAccuracy());
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
        double[] x = new double[width];
        for (int i = 0; i < width; i++) x[i] = 1.0 / width + 0.5 * i / (width * (double) width); // positive inputs
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

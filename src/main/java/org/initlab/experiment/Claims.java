package org.initlab.experiment;

import org.initlab.data.Dataset;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.Optimizer;
import org.initlab.probe.LayerStats;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The catalog of the source notes' claims (shared/source-notes/weight-init-notes.md), each with the
 * seeded experiment that decides it. Notebooks quote the claims, show the experiments in full and
 * state their verdicts through {@link #expect}, which fails the notebook if the evidence disagrees;
 * notebook 08 reruns the whole catalog, so the summary cannot drift from the evidence.
 */
public final class Claims {
    private Claims() {}

    static final String ZEROS = "Zero initialization", CONSTANT = "Constant initialization", KEY = "Key points";

    private static final Map<String, Claim> CATALOG = new LinkedHashMap<>();

    private static void add(Claim c) { CATALOG.put(c.id(), c); }

    static {
        add(new Claim("zeros.1", ZEROS, "With all zero weights, every neuron in the network computes the same output, so they are essentially "
                + "redundant copies. This leaves no room for different units to specialize and learn different features.", "01-zero-init", Claims::zerosSymmetry));
        add(new Claim("zeros.2", ZEROS, "With zeros, the gradients on each weight will be the same during backpropagation. This means the weights "
                + "will update identically, so no differentiation emerges between units. The network remains homogeneous.", "01-zero-init", Claims::zerosStuck));
        add(new Claim("zeros.3", ZEROS, "All-zero initialization can make gradients either vanish to zero or explode to very large values during "
                + "backprop. This prevents effective learning.", "01-zero-init", Claims::zerosVanishOrExplode));
        add(new Claim("zeros.4", ZEROS, "Neural networks with all zero weights produce zero or constant outputs. This provides no useful "
                + "information for the loss function to improve upon.", "01-zero-init", Claims::zerosConstantOutput));
        add(new Claim("constant.1", CONSTANT, "With identical weights, all the neurons are effectively the same. This prevents differentiation "
                + "between units, limiting their ability to specialize for distinct features.", "02-constant-init", Claims::constantSymmetry));
        add(new Claim("constant.2", CONSTANT, "Equal weights can lead to inputs either fading out or accumulating uncontrollably as they propagate "
                + "through the layers. This makes optimization difficult.", "02-constant-init", Claims::constantSignal));
        add(new Claim("constant.3", CONSTANT, "Identical gradients from symmetric weights means the optimization algorithm must slowly break "
                + "symmetry. Learning is much slower compared to proper random initialization.", "02-constant-init", Claims::constantSlow));
        add(new Claim("constant.4", CONSTANT, "Depending on the non-zero value chosen, gradients can still vanish or explode, inhibiting training.",
                "02-constant-init", Claims::constantGradients));
        add(new Claim("constant.5", CONSTANT, "The symmetric initialization provides a flat energy landscape without clear gradients, making it "
                + "easy to get trapped in poor local minima.", "02-constant-init", Claims::constantLocalMinima));
        add(new Claim("key.2", KEY, "Scale inputs or variance to control signal stability", "03-too-small-too-large", Claims::scaleControlsSignal));
        add(new Claim("key.3", KEY, "Enable efficient convergence and avoid vanishing/exploding gradients", "03-too-small-too-large", Claims::scaleControlsLearning));
        FixClaims.all().forEach(Claims::add);
    }

    /** Every claim, in the notes' order. */
    public static List<Claim> all() { return List.copyOf(CATALOG.values()); }

    public static Claim get(String id) {
        Claim c = CATALOG.get(id);
        if (c == null) throw new NoSuchElementException("no claim '" + id + "'; known: " + CATALOG.keySet());
        return c;
    }

    /**
     * Runs every claim's experiment and returns one row per claim: id, section, quote, verdict, evidence,
     * and the notebook that shows it in full.
     */
    public static Table summary() {
        StringColumn id = StringColumn.create("claim"), section = StringColumn.create("section"), quote = StringColumn.create("the notes say"),
                verdict = StringColumn.create("verdict"), evidence = StringColumn.create("evidence"), notebook = StringColumn.create("shown in");
        for (Claim c : all()) {
            Finding f = c.test();
            id.append(c.id());
            section.append(c.section());
            quote.append(c.quote());
            verdict.append(f.verdict().label());
            evidence.append(f.evidence());
            notebook.append(c.notebook());
        }
        return Table.create("the notes' claims and what the evidence says", id, section, quote, verdict, evidence, notebook);
    }

    /** Starts a list of verdicts a notebook states: {@code Claims.expect("zeros.1", HOLDS).and("zeros.2", PARTLY).verify()}. */
    public static Expectations expect(String id, Verdict verdict) { return new Expectations().and(id, verdict); }

    /** The verdicts a notebook's prose states, checked against the evidence. */
    public static final class Expectations {
        private final Map<String, Verdict> stated = new LinkedHashMap<>();

        public Expectations and(String id, Verdict verdict) {
            get(id);
            stated.put(id, verdict);
            return this;
        }

        /**
         * Runs every claim's experiment and returns the verdict table (claim, quote, stated, computed,
         * evidence). Throws {@link IllegalStateException} naming each claim whose evidence disagrees
         * with the stated verdict, so a notebook whose phenomenon does not show fails.
         */
        public Table verify() {
            StringColumn id = StringColumn.create("claim"), quote = StringColumn.create("the notes say"),
                    verdict = StringColumn.create("verdict"), evidence = StringColumn.create("evidence");
            List<String> mismatches = new ArrayList<>();
            for (var e : stated.entrySet()) {
                Claim c = get(e.getKey());
                Finding f = c.test();
                id.append(c.id());
                quote.append(c.quote());
                verdict.append(f.verdict().label());
                evidence.append(f.evidence());
                if (f.verdict() != e.getValue())
                    mismatches.add(c.id() + ": the notebook says '" + e.getValue().label() + "' but the evidence says '" + f.verdict().label() + "': " + f.evidence());
            }
            if (!mismatches.isEmpty()) throw new IllegalStateException("verdicts contradicted by the evidence:\n" + String.join("\n", mismatches));
            return Table.create("verdicts", id, quote, verdict, evidence);
        }
    }

    static String fmt(double v) { return Evidence.fmt(v); }

    // ---------------------------------------------------------------- zeros

    static Finding zerosSymmetry() {
        var data = ZeroInitExperiments.imbalancedMoons();
        int maxDistinct = 0;
        double spread = 0;
        for (Activation a : List.of(Activation.TANH, Activation.RELU, Activation.SIGMOID)) {
            var run = ZeroInitExperiments.train(ZeroInitExperiments.spec(a, Init.zeros()), data);
            for (int d : ZeroInitExperiments.distinctHiddenUnits(run.net())) maxDistinct = Math.max(maxDistinct, d);
            spread = Math.max(spread, Symmetry.hiddenSpread(run.net()));
        }
        String ev = "after " + ZeroInitExperiments.trainer().epochs() + " epochs of SGD with tanh, ReLU and sigmoid, every hidden layer of 16 units has "
                + maxDistinct + " distinct unit(s); largest difference between two units " + fmt(spread);
        return new Finding(maxDistinct == 1 && spread == 0 ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding zerosStuck() {
        var data = ZeroInitExperiments.imbalancedMoons();
        var tanh = ZeroInitExperiments.train(ZeroInitExperiments.spec(Activation.TANH, Init.zeros()), data);
        var relu = ZeroInitExperiments.train(ZeroInitExperiments.spec(Activation.RELU, Init.zeros()), data);
        var sigmoid = ZeroInitExperiments.train(ZeroInitExperiments.spec(Activation.SIGMOID, Init.zeros()), data);
        double frozen = Math.max(Symmetry.hiddenMaxAbs(tanh.net()), Symmetry.hiddenMaxAbs(relu.net()));
        double moved = Symmetry.hiddenMaxAbs(sigmoid.net());
        int sigDistinct = java.util.Arrays.stream(ZeroInitExperiments.distinctHiddenUnits(sigmoid.net())).max().orElse(0);
        String ev = "tanh and ReLU: the hidden weights never move (largest |w| after training " + fmt(frozen)
                + "): their gradients are not just equal but exactly 0; sigmoid: the weights move (largest |w| " + fmt(moved)
                + ") but stay copies (" + sigDistinct + " distinct unit per layer)";
        Verdict v = frozen == 0 && moved > 0 && sigDistinct == 1 ? Verdict.PARTLY : frozen > 0 && sigDistinct == 1 ? Verdict.HOLDS : Verdict.WRONG;
        return new Finding(v, ev);
    }

    static Finding zerosVanishOrExplode() {
        var data = ZeroInitExperiments.imbalancedMoons();
        Network net = ZeroInitExperiments.spec(Activation.TANH, Init.zeros()).build();
        var g = ZeroInitExperiments.gradientsAtInit(net, data.train());
        double hidden = 0;
        for (int l = 0; l < net.depth() - 1; l++) hidden = Math.max(hidden, Math.max(g.maxWeightGradient()[l], g.maxBiasGradient()[l]));
        double outW = g.maxWeightGradient()[net.depth() - 1];
        double outB = g.maxBiasGradient()[net.depth() - 1];
        History h = ZeroInitExperiments.trainer().fit(net, data);
        double maxGradNorm = h.probes().stream().mapToDouble(LayerStats::weightGradNorm).max().orElse(Double.NaN);
        String ev = "at the start every hidden gradient is exactly " + fmt(hidden) + " in every layer, the last hidden layer included (no decay with depth), "
                + "and so is the output layer's weight gradient (" + fmt(outW) + "); only the output bias gets one (" + fmt(outB)
                + "); nothing explodes: the largest weight-gradient norm in training is " + fmt(maxGradNorm);
        Verdict v = hidden == 0 && outW == 0 && outB > 0 && maxGradNorm < 1 ? Verdict.WRONG : Verdict.HOLDS;
        return new Finding(v, ev);
    }

    static Finding zerosConstantOutput() {
        var data = ZeroInitExperiments.imbalancedMoons();
        var run = ZeroInitExperiments.train(ZeroInitExperiments.spec(Activation.TANH, Init.zeros()), data);
        double spread = ZeroInitExperiments.outputSpreadAcrossInputs(run.net(), data.test());
        double start = run.history().epochs().getFirst().trainLoss(), end = run.history().last().trainLoss();
        double prior = ZeroInitExperiments.priorEntropy(data.train());
        String ev = "the outputs are the same for every input (spread " + fmt(spread) + ") before and after training, yet the loss does improve: "
                + fmt(start) + " (ln 2) -> " + fmt(end) + ", the entropy of the 3:1 class prior (" + fmt(prior) + "), as the output bias learns the prior";
        Verdict v = spread == 0 ? (start - end > 0.05 && Math.abs(end - prior) < 0.01 ? Verdict.PARTLY : Verdict.HOLDS) : Verdict.WRONG;
        return new Finding(v, ev);
    }

    // ---------------------------------------------------------------- constant

    static final int SYMMETRY_STEPS = 2000;

    static Finding constantSymmetry() {
        double spread = 0;
        List<String> parts = new ArrayList<>();
        for (Optimizer opt : ConstantInitExperiments.optimizers()) {
            var run = ConstantInitExperiments.train(Init.constant(0.1), opt, SYMMETRY_STEPS);
            double s = Symmetry.hiddenSpread(run.net());
            spread = Math.max(spread, s);
            parts.add(opt.label() + " " + fmt(s));
        }
        String ev = "every weight 0.1, after " + SYMMETRY_STEPS + " steps the largest difference between two hidden units is: " + String.join(", ", parts);
        return new Finding(spread <= 1e-12 ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding constantSignal() {
        int n = 64, depth = 16;
        double[] fade = ConstantInitExperiments.linearSignalGrowth(0.5 / n, n, depth, Activation.IDENTITY);
        double[] grow = ConstantInitExperiments.linearSignalGrowth(2.0 / n, n, depth, Activation.IDENTITY);
        double[] reluGrow = ConstantInitExperiments.linearSignalGrowth(2.0 / n, n, depth, Activation.RELU);
        String ev = "linear stack of width " + n + ", output size relative to the input after " + depth + " layers: c = 0.5/n gives " + fmt(fade[depth - 1])
                + " (0.5^15 = " + fmt(Math.pow(0.5, depth - 1)) + "), c = 2/n gives " + fmt(grow[depth - 1]) + " (2^15 = " + fmt(Math.pow(2, depth - 1))
                + "); ReLU the same: " + fmt(reluGrow[depth - 1]);
        boolean ok = fade[depth - 1] < 1e-3 && grow[depth - 1] > 1e3 && Math.abs(reluGrow[depth - 1] / grow[depth - 1] - 1) < 1e-9;
        return new Finding(ok ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding constantSlow() {
        Optimizer opt = Optimizer.momentum(0.05, 0.9);
        var constant = ConstantInitExperiments.train(Init.constant(0.1), opt, SYMMETRY_STEPS);
        var random = ConstantInitExperiments.train(ZeroInitExperiments.proper(), opt, SYMMETRY_STEPS);
        double spread = Symmetry.hiddenSpread(constant.net());
        Dataset.Split data = ConstantInitExperiments.spirals();
        double same = Symmetry.outputDifference(constant.net(), Symmetry.collapse(constant.net(), 1e-12), data.test().x());
        double accC = constant.history().last().testAccuracy(), accR = random.history().last().testAccuracy();
        String ev = "after " + SYMMETRY_STEPS + " steps nothing has been broken (largest difference between units " + fmt(spread)
                + "); the 32-wide net computes what a 1-unit-wide one does (outputs differ by " + fmt(same) + "); test accuracy "
                + fmt(accC) + " against " + fmt(accR) + " from a random start: not slower learning, a capped network";
        return new Finding(spread <= 1e-12 && same < 1e-9 && accR > accC + 0.2 ? Verdict.WRONG : Verdict.HOLDS, ev);
    }

    static Finding constantGradients() {
        int n = 64, depth = 10;
        // Squared error: with cross-entropy the identical outputs of a constant head send back exactly nothing.
        var small = SignalPropagation.measure(constantStack(n, depth, 0.5 / n), 256, 3, org.initlab.nn.Loss.meanSquaredError());
        var large = SignalPropagation.measure(constantStack(n, depth, 2.0 / n), 256, 3, org.initlab.nn.Loss.meanSquaredError());
        String ev = "linear stack, " + depth + " layers of " + n + ", squared error: std of the gradient at the first layer over the last is " + fmt(small.gradStdRatio())
                + " for c = 0.5/n (vanishing) and " + fmt(large.gradStdRatio()) + " for c = 2/n (exploding)";
        boolean ok = small.gradStdRatio() < 1e-2 && large.gradStdRatio() > 1e2;
        return new Finding(ok ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    /** A linear stack of {@code depth} hidden layers of width n, every weight c (a 10-class linear head). */
    static org.initlab.nn.NetworkSpec constantStack(int n, int depth, double c) {
        int[] widths = new int[depth + 2];
        java.util.Arrays.fill(widths, n);
        widths[depth + 1] = 10;
        return Network.mlp(widths).activation(Activation.IDENTITY).init(Init.constant(c));
    }

    static Finding constantLocalMinima() {
        Optimizer opt = Optimizer.momentum(0.05, 0.9);
        double gradNorm = ConstantInitExperiments.gradientNormAtStart(Init.constant(0.1));
        var constant = ConstantInitExperiments.train(Init.constant(0.1), opt, SYMMETRY_STEPS);
        var nudged = ConstantInitExperiments.train(Init.normal(0.1, 1e-3), opt, SYMMETRY_STEPS);
        double lc = constant.history().last().trainLoss(), ln = nudged.history().last().trainLoss();
        String ev = "not flat: the gradient norm at the constant start is " + fmt(gradNorm) + "; not a minimum either: the same run from 0.1 plus N(0, 0.001^2) noise ends at loss "
                + fmt(ln) + " against " + fmt(lc) + " from the exact constant. The trap is the symmetric subspace, which gradient descent never leaves";
        return new Finding(gradNorm > 1e-3 && ln < lc - 0.1 ? Verdict.WRONG : Verdict.HOLDS, ev);
    }

    // ---------------------------------------------------------------- scale (key points)

    static Finding scaleControlsSignal() {
        var small = ScaleExperiments.propagate(Activation.TANH, Init.normal(0, 0.01));
        var large = ScaleExperiments.propagate(Activation.TANH, Init.normal(0, 1.0));
        var scaled = ScaleExperiments.propagate(Activation.TANH, Init.xavierNormal(Init.gain(Activation.TANH)));
        double[] sat = large.saturated();
        String ev = "10 tanh layers of 500: std of the last layer's activations over the first's is " + fmt(small.actStdRatio()) + " with N(0, 0.01^2), "
                + fmt(scaled.actStdRatio()) + " with Xavier (gain 5/3); with N(0, 1) " + fmt(100 * sat[sat.length - 1]) + "% of the last layer is saturated";
        boolean ok = small.actStdRatio() < 1e-4 && scaled.actStdRatio() > 0.3 && sat[sat.length - 1] > 0.5;
        return new Finding(ok ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding scaleControlsLearning() {
        History small = ScaleExperiments.trainDigits(Activation.TANH, Init.normal(0, 0.01));
        History large = ScaleExperiments.trainDigits(Activation.TANH, Init.normal(0, 1.0));
        History scaled = ScaleExperiments.trainDigits(Activation.TANH, Init.xavierNormal(Init.gain(Activation.TANH)));
        double s0 = small.epochs().getFirst().trainLoss();
        String ev = "digits, 4 tanh layers, " + ScaleExperiments.digitsTrainer().epochs() + " epochs of SGD: final train loss " + fmt(small.last().trainLoss())
                + " from N(0, 0.01^2) (start " + fmt(s0) + "), " + fmt(large.last().trainLoss()) + " from N(0, 1), " + fmt(scaled.last().trainLoss())
                + " from Xavier; test accuracy " + fmt(small.last().testAccuracy()) + ", " + fmt(large.last().testAccuracy()) + ", " + fmt(scaled.last().testAccuracy());
        boolean ok = scaled.last().trainLoss() < 0.5 * Math.min(small.last().trainLoss(), large.last().trainLoss());
        return new Finding(ok ? Verdict.HOLDS : Verdict.WRONG, ev);
    }
}

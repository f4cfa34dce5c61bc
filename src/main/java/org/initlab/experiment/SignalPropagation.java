package org.initlab.experiment;

import org.initlab.data.Dataset;
import org.initlab.nn.Loss;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.probe.LayerStats;
import org.initlab.probe.Probe;
import smile.math.random.MersenneTwister64;

import java.util.List;

/**
 * The classic initialization experiment (CS231n; Glorot &amp; Bengio 2010, figs. 6-7): push a batch
 * of N(0, 1) inputs through a deep stack at its initialization, back-propagate a cross-entropy
 * gradient (random labels), and measure every layer. Nothing is trained.
 *
 * @param spec   the network measured
 * @param layers one probe record per layer, input side first (the last is the output layer)
 * @param loss   the loss at the initialization
 */
public record SignalPropagation(NetworkSpec spec, List<LayerStats> layers, double loss) {

    /** Measures {@code spec} on {@code samples} Gaussian rows drawn with {@code seed}. */
    public static SignalPropagation measure(NetworkSpec spec, int samples, long seed) {
        return measure(spec, samples, seed, Loss.softmaxCrossEntropy());
    }

    /**
     * The same with another loss. Squared error matters for constant networks: their identical
     * outputs make softmax's gradient sum to zero over the classes, so nothing flows back at all.
     */
    public static SignalPropagation measure(NetworkSpec spec, int samples, long seed, Loss loss) {
        int[] w = spec.widths();
        Dataset data = gaussian(samples, w[0], w[w.length - 1], seed);
        var trainer = Trainer.of(Optimizer.sgd(1e-12)).loss(loss).epochs(1).batchSize(samples).evaluation(Trainer.Evaluation.NONE)
                .probe(Probe.everyStep().sample(20_000).bins(60));
        var history = trainer.fit(spec.build(), data, null);
        return new SignalPropagation(spec, history.probesAt(0), history.stepLosses()[0]);
    }

    /**
     * {@code spec} with its weights drawn from {@code seed}, measured on inputs drawn from {@code seed + 6}
     * (so seed 1 is the notebooks' original draw: weights seed 1, inputs seed 7).
     */
    public static SignalPropagation seeded(NetworkSpec spec, int samples, long seed) {
        return measure(spec.seed(seed), samples, seed + 6);
    }

    /** The inputs {@link #seeded} pushes through {@code spec} for {@code seed}: to look at the same pass by hand. */
    public static Dataset inputs(NetworkSpec spec, int samples, long seed) {
        int[] w = spec.widths();
        return gaussian(samples, w[0], w[w.length - 1], seed + 6);
    }

    /** Rows of independent N(0, 1) features with uniformly random labels 0..classes-1. */
    public static Dataset gaussian(int samples, int features, int classes, long seed) {
        var rng = new MersenneTwister64(seed);
        double[][] x = new double[samples][features];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < features; j++) x[i][j] = rng.nextGaussian();
            y[i] = i % classes; // every class present, so the label set is fixed
        }
        return new Dataset("gaussian " + samples + "x" + features, x, y, classes, defaultNames(classes));
    }

    private static List<String> defaultNames(int k) {
        return java.util.stream.IntStream.range(0, k).mapToObj(Integer::toString).toList();
    }

    /** The hidden layers only (the last record is the linear output layer). */
    public List<LayerStats> hidden() { return layers.subList(0, layers.size() - 1); }

    public double[] actStd() { return hidden().stream().mapToDouble(LayerStats::actStd).toArray(); }
    public double[] gradStd() { return hidden().stream().mapToDouble(LayerStats::gradStd).toArray(); }
    public double[] saturated() { return hidden().stream().mapToDouble(LayerStats::saturated).toArray(); }

    /** Std of the last hidden layer's activations over the first's. */
    public double actStdRatio() {
        double[] s = actStd();
        return s[s.length - 1] / s[0];
    }

    /** Std of the first hidden layer's back-propagated gradient over the last's: below 1 means it vanishes toward the input. */
    public double gradStdRatio() {
        double[] g = gradStd();
        return g[0] / g[g.length - 1];
    }
}

package org.initlab.experiment;

import org.initlab.data.Dataset;
import org.initlab.data.Digits;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Loss;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments of notebook 09, the first step: the loss at initialization, the output layer's scale and bias, and
 * how the start meets the optimizer. Every run is seeded from its seed and computed once per JVM (the notebook and the
 * catalog share them).
 */
public final class FirstStepExperiments {
    private FirstStepExperiments() {}

    /** The course's starts (notebook 07's contestants), by name. */
    public static Map<String, Initializer> starts() {
        Map<String, Initializer> m = new LinkedHashMap<>();
        for (Initializer init : ShowdownExperiments.initializers()) m.put(init.name(), init);
        return m;
    }

    /** 64-128-128-128-10 with {@code f} and {@code init}, weights from {@code seed}: the chapter's digits net. */
    public static NetworkSpec net(Activation f, Initializer init, long seed) {
        return Network.mlp(64, 128, 128, 128, 10).activation(f).init(init).seed(seed);
    }

    /** Softmax cross-entropy of a freshly built {@code spec} on the whole training set, before any step. */
    public static double initialLoss(NetworkSpec spec, Dataset train) {
        return Trainer.of(Optimizer.sgd(1)).lossAndAccuracy(spec.build(), train)[0];
    }

    // ---------------------------------------------------------------- the output layer's scale

    /** Gains on the He-started output layer's weights: oversized (x10), He's own, squashed (x0.01, Karpathy's) and zero. */
    public static final List<Double> GAINS = List.of(10.0, 1.0, 0.01, 0.0);
    /** Epochs of the gain race: 450 steps of 32. */
    public static final int GAIN_EPOCHS = 10;

    /** The ReLU digits net from He's start with its output weights times {@code gain}, trained with momentum SGD (0.01, 0.9). */
    public static History trainWithOutputGain(double gain, long seed) {
        return Memo.get("first.gain/" + gain + "/" + seed, () -> Trainer.of(Optimizer.momentum(0.01, 0.9)).epochs(GAIN_EPOCHS).batchSize(32).seed(seed)
                .fit(net(Activation.RELU, Init.heNormal(), seed).outputGain(gain).build(), ScaleExperiments.digits(seed)));
    }

    /** The mean batch loss of a run's first {@code steps} steps: the height of its hockey stick. */
    public static double firstSteps(History h, int steps) {
        double s = 0;
        for (int i = 0; i < steps; i++) s += h.stepLosses()[i];
        return s / steps;
    }

    // ---------------------------------------------------------------- the output bias at the log prior

    /** The digits as "is it a 0?": about 1 positive in 10, as Karpathy's example; standardized, split 80/20 with {@code seed}. */
    public static Dataset.Split zeroOrNot(long seed) {
        Dataset d = Digits.load();
        int[] y = d.y().clone(); // the loaded set is shared: relabel a copy
        for (int i = 0; i < y.length; i++) y[i] = y[i] == 0 ? 1 : 0;
        return Dataset.of("digits: a 0 or not", d.x(), y).split(0.2, seed).standardized();
    }

    /** Epochs of the prior race: 135 steps of 32. */
    public static final int PRIOR_EPOCHS = 3;

    /**
     * 64-64-64-1 ReLU from He's start, one sigmoid output with its weights times {@code gain} and its bias at the log odds
     * of the training labels ({@code prior}) or 0, trained with SGD at 0.01.
     */
    public static History trainWithPrior(boolean prior, double gain, long seed) {
        return Memo.get("first.prior/" + prior + "/" + gain + "/" + seed, () -> {
            Dataset.Split data = zeroOrNot(seed);
            NetworkSpec spec = Network.mlp(64, 64, 64, 1).activation(Activation.RELU).init(Init.heNormal()).outputGain(gain).seed(seed);
            if (prior) spec = spec.outputBiasAtLogPrior(data.train().y(), 2);
            return Trainer.of(Optimizer.sgd(0.01)).loss(Loss.sigmoidBinaryCrossEntropy()).epochs(PRIOR_EPOCHS).batchSize(32).seed(seed).fit(spec.build(), data);
        });
    }

    /** Entropy of a two-class prior, in nats: the loss of predicting it for every example. */
    public static double entropy(double p) { return -p * Math.log(p) - (1 - p) * Math.log(1 - p); }

    /** The fraction of positives in a data set's labels. */
    public static double positives(Dataset d) { return (double) d.classCounts()[1] / d.size(); }

    // ---------------------------------------------------------------- the optimizer

    /** The starts of the optimizer race: symmetric, too small, too large (notebooks 01 and 03). */
    public static Map<String, Initializer> optimizerStarts() {
        Map<String, Initializer> m = new LinkedHashMap<>();
        m.put("zeros", Init.zeros());
        m.put("N(0, 0.01²)", Init.normal(0, 0.01));
        m.put("N(0, 1)", Init.normal(0, 1));
        return m;
    }

    /** Notebook 03's tanh digits net (64-128x4-10, 15 epochs) with SGD at 0.05 or Adam at 1e-3. */
    public static History trainWithOptimizer(Initializer init, boolean adam, long seed) {
        return ScaleExperiments.trainDigits(Activation.TANH, init, adam ? Claims.ADAM : Optimizer.sgd(0.05), seed);
    }

    // ---------------------------------------------------------------- the learning-rate window at depth 30

    /** Momentum (0.9) rates a factor of 5 apart, around notebook 05's depth race (0.005). */
    public static final List<Double> WINDOW_RATES = List.of(2e-4, 1e-3, 5e-3, 0.025, 0.125);
    /** A rate is inside the window when every seed's third-epoch loss is at most ln 10 - 0.1 (and finite): every seed has left chance. */
    public static final double WINDOW_GAP = 0.1;

    /** The third epoch's mean batch loss of the 30-layer ReLU net from {@code init} at {@code lr} (NaN if it diverged): notebook 05's scan. */
    public static double windowLoss(Initializer init, double lr, long seed) { return HeExperiments.scanLoss(init, false, lr, seed); }

    /** Whether every seed's loss learned: finite and at least {@link #WINDOW_GAP} below ln 10. */
    public static boolean learned(Spread loss) {
        for (double v : loss.values()) if (!(v <= Math.log(10) - WINDOW_GAP)) return false;
        return true;
    }
}

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
import org.initlab.probe.LayerStats;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Notebook 09, the first step: the catalog's own runs of its experiments (the loss at initialization, the output
 * layer's scale and bias, how the start meets the optimizer), each seeded from its seed and computed once per JVM,
 * and what the chapter's cells use beside the networks they build and train in view: the statistics with a name
 * (the logits' spread, the height of a hockey stick, the first step's update-to-weight ratio, the learning-rate
 * window) and the tables.
 */
public final class FirstStepExperiments {
    private FirstStepExperiments() {}

    /** 64-128-128-128-10 with {@code f} and {@code init}, weights from {@code seed}: the chapter's digits net. */
    public static NetworkSpec net(Activation f, Initializer init, long seed) {
        return Network.mlp(64, 128, 128, 128, 10).activation(f).init(init).seed(seed);
    }

    /** Softmax cross-entropy of a freshly built {@code spec} on the whole training set, before any step. */
    public static double initialLoss(NetworkSpec spec, Dataset train) {
        return Trainer.of(Optimizer.sgd(1)).lossAndAccuracy(spec.build(), train)[0];
    }

    /**
     * What a net says before its first step, on one seed's training set.
     *
     * @param loss     its softmax cross-entropy on the whole set (ln K for equal logits)
     * @param logitStd the standard deviation of its logits across the classes, averaged over the examples
     */
    public record StartLoss(double loss, double logitStd) {}

    /**
     * The standard deviation of each example's logits across the classes (around that example's own mean),
     * averaged over the examples: the scale of what the net says, which sets its loss at step 0.
     */
    public static double logitStd(double[][] logits) {
        double sum = 0;
        for (double[] z : logits) {
            double m = 0, ss = 0;
            for (double v : z) m += v;
            m /= z.length;
            for (double v : z) ss += (v - m) * (v - m);
            sum += Math.sqrt(ss / z.length);
        }
        return sum / logits.length;
    }

    /**
     * E[max of {@code k} independent N(0, 1)], by numerical integration: 1.539 for k = 10. For logits with a large
     * spread sigma the loss at step 0 grows like sigma times this (the net bets on the largest of k random logits).
     */
    public static double expectedMaxOfNormals(int k) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        // E[max] = integral of x k phi(x) Phi(x)^(k-1) dx, on [-12, 12] by the midpoint rule, Phi summed along.
        int n = 240_000;
        double lo = -12, h = 24.0 / n, cdf = 0, mean = 0, norm = 1 / Math.sqrt(2 * Math.PI);
        for (int i = 0; i < n; i++) {
            double x = lo + (i + 0.5) * h, pdf = norm * Math.exp(-x * x / 2);
            double atX = cdf + pdf * h / 2; // Phi at the midpoint
            mean += x * k * pdf * Math.pow(atX, k - 1) * h;
            cdf += pdf * h;
        }
        return mean;
    }

    /**
     * The loss at step 0, one row per setting in the order given ({@code byActivation}'s lists side by side, row by
     * row): its spread over the seeds, the median's excess over ln 10, and the logits' spread.
     */
    @SafeVarargs
    public static Table lossTable(List<Runs<StartLoss>>... byActivation) {
        double ln10 = Math.log(10);
        StringColumn run = StringColumn.create("start, activation"), loss = StringColumn.create("loss at step 0"),
                above = StringColumn.create("median above ln 10"), std = StringColumn.create("logit std");
        int rows = 0;
        for (List<Runs<StartLoss>> list : byActivation) rows = Math.max(rows, list.size());
        for (int i = 0; i < rows; i++)
            for (List<Runs<StartLoss>> list : byActivation) {
                if (i >= list.size()) continue;
                Runs<StartLoss> r = list.get(i);
                Spread l = r.spread(StartLoss::loss);
                run.append(r.label());
                loss.append(l.toString());
                above.append(Evidence.fmt(l.median() - ln10));
                std.append(r.spread(StartLoss::logitStd).toString());
            }
        return Table.create("loss at initialization on the digits (ln 10 = " + Evidence.fmt(ln10) + "): median (min-max)",
                run, loss, above, std);
    }

    // ---------------------------------------------------------------- the output layer's scale

    /** Epochs of the gain race: 450 steps of 32. */
    public static final int GAIN_EPOCHS = 10;

    /** The ReLU digits net from He's start with its output weights times {@code gain}, trained with momentum SGD (0.01, 0.9). */
    public static History trainWithOutputGain(double gain, long seed) {
        return Memo.get("first.gain/" + gain + "/" + seed, () -> Trainer.of(Optimizer.momentum(0.01, 0.9)).epochs(GAIN_EPOCHS).batchSize(32).seed(seed)
                .fit(net(Activation.RELU, Init.heNormal(), seed).outputGain(gain).build(), ScaleExperiments.digits(seed)));
    }

    /** The mean batch loss of a run's first {@code steps} steps: the height of its hockey stick (NaN if it took fewer). */
    public static double firstSteps(History h, int steps) {
        double[] losses = h.stepLosses();
        if (steps < 1 || losses.length < steps) return Double.NaN;
        double s = 0;
        for (int i = 0; i < steps; i++) s += losses[i];
        return s / steps;
    }

    /** The train loss after epoch {@code epoch} (0: before the first step); NaN if the run did not get there. */
    public static double trainLossAfter(History h, int epoch) {
        return epoch >= 0 && epoch < h.epochs().size() ? h.epochs().get(epoch).trainLoss() : Double.NaN;
    }

    /** The test loss where the run ended; NaN if it diverged (its last evaluation is then from before the blow-up). */
    public static double endTestLoss(History h) { return h.diverged() ? Double.NaN : h.last().testLoss(); }

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
     * The prior race's optimizer: SGD at 0.1, at which every seed learns the task within its three epochs (train accuracy
     * above 0.99, where the majority class gives 0.90); at 0.01 the squashed nets were still guessing "not a 0".
     */
    public static final Optimizer PRIOR_OPTIMIZER = Optimizer.sgd(0.1);

    /** The loss the prior race times: under a third of the prior's entropy (0.33), so the bias alone cannot reach it. */
    public static final double PRIOR_TARGET = 0.1;

    /** Steps in the trailing mean of batch losses that {@link #stepsToLoss} reads, as the chart averages them. */
    public static final int PRIOR_WINDOW = 10;

    /**
     * 64-64-64-1 ReLU from He's start, one sigmoid output with its weights times {@code gain} and its bias at the log odds
     * of the training labels ({@code prior}) or 0, trained with {@link #PRIOR_OPTIMIZER}.
     */
    public static History trainWithPrior(boolean prior, double gain, long seed) {
        return Memo.get("first.prior/" + prior + "/" + gain + "/" + seed, () -> {
            Dataset.Split data = zeroOrNot(seed);
            NetworkSpec spec = Network.mlp(64, 64, 64, 1).activation(Activation.RELU).init(Init.heNormal()).outputGain(gain).seed(seed);
            if (prior) spec = spec.outputBiasAtLogPrior(data.train().y(), 2);
            return Trainer.of(PRIOR_OPTIMIZER).loss(Loss.sigmoidBinaryCrossEntropy()).epochs(PRIOR_EPOCHS).batchSize(32).seed(seed).fit(spec.build(), data);
        });
    }

    /**
     * Steps a run takes until the trailing mean of its last {@code window} batch losses (fewer at the start, as the
     * chart's curves) is at or below {@code target}: its speed. NaN if it never gets there. A single batch of 32 holds
     * about 3 positives, too noisy to time a run by.
     */
    public static double stepsToLoss(History h, double target, int window) {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1 step, got " + window);
        double[] losses = h.stepLosses();
        double sum = 0;
        for (int i = 0; i < losses.length; i++) {
            sum += losses[i];
            if (i >= window) sum -= losses[i - window];
            if (sum / Math.min(i + 1, window) <= target) return i + 1;
        }
        return Double.NaN;
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

    /** Adam at ten times Kingma &amp; Ba's default rate, the second rate tried from N(0, 1). */
    public static final Optimizer ADAM_FAST = Optimizer.adam(1e-2);

    /** Notebook 03's tanh digits net (64-128x4-10, 15 epochs) with {@code optimizer}: SGD at 0.05, Adam at 1e-3 or 1e-2. */
    public static History trainWithOptimizer(Initializer init, Optimizer optimizer, long seed) {
        return ScaleExperiments.trainDigits(Activation.TANH, init, optimizer, seed);
    }

    /**
     * The update-to-weight ratio of layer {@code layer} at the run's first probed step (step 0): the std of the
     * first update over the std of the weights it is added to. NaN if that step or layer was not probed.
     */
    public static double firstUpdate(History h, int layer) {
        List<LayerStats> first = h.probesAt(0);
        return layer >= 0 && layer < first.size() ? first.get(layer).updateToWeight() : Double.NaN;
    }

    /** The first step's update-to-weight ratio of layers 0 to {@code layers - 1}, one row per setting, median (min-max). */
    public static Table updateTable(List<Runs<History>> runs, int layers) {
        StringColumn run = StringColumn.create("start, optimizer");
        List<StringColumn> columns = new ArrayList<>();
        for (int l = 0; l < layers; l++) columns.add(StringColumn.create("layer " + l));
        for (Runs<History> r : runs) {
            run.append(r.label());
            for (int l = 0; l < layers; l++) {
                int layer = l;
                columns.get(l).append(r.spread(h -> firstUpdate(h, layer)).toString());
            }
        }
        Table t = Table.create("update-to-weight ratio of the first step, hidden layers: median (min-max)", run);
        columns.forEach(t::addColumns);
        return t;
    }

    /**
     * Where runs end, one row per setting: train loss, train accuracy and test accuracy, median (min-max) over the
     * seeds that completed. Train and test side by side tell a net that learned from one that memorized.
     */
    public static Table endTable(List<Runs<History>> runs) {
        StringColumn run = StringColumn.create("run"), done = StringColumn.create("completed"), loss = StringColumn.create("train loss"),
                trainAcc = StringColumn.create("train accuracy"), testAcc = StringColumn.create("test accuracy");
        for (Runs<History> r : runs) {
            List<History> ok = r.results().stream().filter(h -> !h.diverged()).toList();
            run.append(r.label());
            done.append(ok.size() + " of " + r.seeds() + " seeds");
            loss.append(ok.isEmpty() ? "-" : Spread.across(ok, History::finalTrainLoss).toString());
            trainAcc.append(ok.isEmpty() ? "-" : Spread.across(ok, h -> h.last().trainAccuracy()).toString());
            testAcc.append(ok.isEmpty() ? "-" : Spread.across(ok, History::finalTestAccuracy).toString());
        }
        return Table.create("where the runs end: median (min-max)", run, done, loss, trainAcc, testAcc);
    }

    // ---------------------------------------------------------------- the learning-rate window

    /**
     * The rates of a scan at which every seed's loss is finite and at least {@code gap} below ln 10: every seed has
     * left chance. {@code scan} holds one array per seed, its loss at each of {@code rates}.
     */
    public static List<Double> window(Runs<double[]> scan, double[] rates, double gap) {
        List<Double> inside = new ArrayList<>();
        for (int i = 0; i < rates.length; i++) {
            boolean learned = true;
            for (double[] loss : scan.results()) learned &= i < loss.length && loss[i] <= Math.log(10) - gap;
            if (learned) inside.add(rates[i]);
        }
        return inside;
    }

    /** "none", or the rates of a window with its span: "0.001, 0.005, 0.025 (a factor of 25 from the lowest to the highest)". */
    public static String describeWindow(List<Double> rates) {
        if (rates.isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        for (double r : rates) b.append(b.isEmpty() ? "" : ", ").append(Evidence.fmt(r));
        if (rates.size() == 1) return b.toString();
        return b + " (a factor of " + Evidence.fmt(rates.getLast() / rates.getFirst()) + " from the lowest to the highest)";
    }

    /** A scan's loss at each rate, one column per start: median (min-max) over the seeds; NaN where a seed diverged. */
    public static Table windowTable(double[] rates, List<Runs<double[]>> scans) {
        StringColumn rate = StringColumn.create("learning rate");
        for (double r : rates) rate.append(Evidence.fmt(r));
        Table t = Table.create("loss in the last epoch, median (min-max; NaN: diverged)", rate);
        for (Runs<double[]> scan : scans) {
            StringColumn c = StringColumn.create(t.columnNames().contains(scan.label()) ? scan.label() + " (2)" : scan.label());
            for (int i = 0; i < rates.length; i++) {
                int at = i;
                c.append(scan.spread(loss -> at < loss.length ? loss[at] : Double.NaN).toString());
            }
            t.addColumns(c);
        }
        return t;
    }
}

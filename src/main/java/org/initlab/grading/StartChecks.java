package org.initlab.grading;

import org.initlab.data.Dataset;
import org.initlab.data.Digits;
import org.initlab.experiment.DeepExperiments;
import org.initlab.experiment.FirstStepExperiments;
import org.initlab.experiment.Repeat;
import org.initlab.experiment.ScaleExperiments;
import org.initlab.experiment.Spread;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Loss;
import org.initlab.nn.Matrices;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Normalization;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Residual;
import org.initlab.nn.Trainer;
import smile.tensor.DenseMatrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static org.initlab.experiment.Evidence.check;
import static org.initlab.experiment.Evidence.fmt;
import static org.initlab.experiment.Evidence.percent;

/**
 * The checks of assignment a5 (step 0 and depth), called by fully qualified name from its check cells (see
 * {@link DeriveChecks} for why), and the networks and runs they measure. Every check decides on seeds 1-5: an exact
 * loss in every seed, a prediction against the median, a training result in every seed. That the settings tell a
 * right start or rule from a wrong one is the assignment's own property, held by StartChecksTest at no student's cost.
 */
public final class StartChecks {
    private StartChecks() {}

    /** Seeds of every measurement and run. */
    public static final int SEEDS = 5;

    // ---------------------------------------------------------------- part 1: the loss at step 0

    /** Karpathy's squashing: the output layer's weights times this. */
    public static final double SQUASH = 0.01;

    /** How close the predicted loss of a squashed output layer (softmax or sigmoid) must be to the measured one, in every seed (nats). */
    public static final double SMALL_LOGITS_TOLERANCE = 0.01;

    /** How close a saturated start's predicted loss must be to the median over the seeds, relative. */
    public static final double SATURATED_TOLERANCE = 0.15;

    /** The digits as K = 10 classes, or, for K = 2, as "a 0 or not" (about 1 in 10 a 0); seed's split, standardized. */
    static Dataset.Split classes(int classes, long seed) {
        if (classes == 10) return ScaleExperiments.digits(seed);
        if (classes == 2) return FirstStepExperiments.zeroOrNot(seed);
        throw new IllegalArgumentException("the digits come as 10 classes or as 2 (a 0 or not), not " + classes);
    }

    /** The loss of a fresh network before any step, on seed's training set, for seeds 1-5. */
    static Spread lossAtStep0(NetworkSpec spec, int classes, Loss loss) {
        return Repeat.spread(SEEDS, seed -> Trainer.of(Optimizer.sgd(1)).loss(loss)
                .lossAndAccuracy(spec.seed(seed).build(), classes(classes, seed).train())[0]);
    }

    /** 64-128-128-128-K, ReLU, He's start, the output layer's weights times {@link #SQUASH}: softmax over K classes. */
    public static NetworkSpec squashedNet(int classes) {
        return Network.mlp(64, 128, 128, 128, classes).activation(Activation.RELU).init(Init.heNormal()).outputGain(SQUASH);
    }

    /** The squashed net's loss at step 0 on the digits as {@code classes} classes: the prediction within 0.01 in every seed. */
    public static void squashed(int classes, double predicted) {
        Spread loss = lossAtStep0(squashedNet(classes), classes, Loss.softmaxCrossEntropy());
        check(loss.maxDistanceFrom(predicted) < SMALL_LOGITS_TOLERANCE, classes + " classes, output layer x" + fmt(SQUASH)
                        + ": loss at step 0 " + loss + ", predicted " + fmt(predicted) + " (within " + fmt(SMALL_LOGITS_TOLERANCE)
                        + " in every seed)",
                "logits near 0 give every class the same probability: what is the cross-entropy of that guess? Use `classes`");
    }

    /** The digits with {@code positives} as class 1 and every other digit as class 0; seed's split, standardized. */
    static Dataset.Split positives(int[] positives, long seed) {
        if (positives.length == 0) throw new IllegalArgumentException("name at least one digit as the positive class");
        Dataset d = Digits.load();
        int[] y = d.y().clone(); // the loaded set is shared: relabel a copy
        for (int i = 0; i < y.length; i++) {
            int digit = y[i];
            y[i] = Arrays.stream(positives).anyMatch(p -> p == digit) ? 1 : 0;
        }
        return Dataset.of("digits: " + Arrays.toString(positives) + " or not", d.x(), y).split(0.2, seed).standardized();
    }

    /** The share of positives in the training set when {@code digits} are the positive class (the same in every seed: the split is stratified). */
    public static double positiveShare(int... digits) {
        Spread p = Repeat.spread(SEEDS, seed -> FirstStepExperiments.positives(positives(digits, seed).train()));
        if (p.min() != p.max()) throw new IllegalStateException("the share of positives differs between seeds: " + p);
        return p.median();
    }

    /**
     * 64-64-64-1 ReLU from He's start, one sigmoid output with its weights times {@link #SQUASH} and its bias at the log
     * odds of {@code train}'s labels (the digits relabelled as one positive class and the rest).
     */
    static NetworkSpec priorNet(Dataset train, long seed) {
        return Network.mlp(64, 64, 64, 1).activation(Activation.RELU).init(Init.heNormal()).outputGain(SQUASH)
                .outputBiasAtLogPrior(train.y(), 2).seed(seed);
    }

    /** The loss at step 0 of {@link #priorNet}: the prediction within 0.01 in every seed. */
    public static void logPrior(double predicted, int... digits) {
        Spread loss = Repeat.spread(SEEDS, seed -> {
            Dataset train = positives(digits, seed).train();
            return Trainer.of(Optimizer.sgd(1)).loss(Loss.sigmoidBinaryCrossEntropy()).lossAndAccuracy(priorNet(train, seed).build(), train)[0];
        });
        check(loss.maxDistanceFrom(predicted) < SMALL_LOGITS_TOLERANCE, "positives " + Arrays.toString(digits) + " (share "
                        + fmt(positiveShare(digits)) + "), sigmoid output at the log prior: loss at step 0 " + loss + ", predicted "
                        + fmt(predicted) + " (within " + fmt(SMALL_LOGITS_TOLERANCE) + " in every seed)",
                "the net says q = p for every example: average -ln q over the positives and -ln(1 - q) over the negatives");
    }

    /** {@code widths} with tanh, weights N(0, weightStd^2), biases 0: softmax over the 10 digits. */
    public static NetworkSpec tanhNet(int[] widths, double weightStd) {
        if (widths.length < 3 || widths[0] != 64 || widths[widths.length - 1] != 10)
            throw new IllegalArgumentException("a digits net is 64 inputs, hidden layers, 10 outputs: got " + Arrays.toString(widths));
        return Network.mlp(widths).activation(Activation.TANH).init(Init.normal(0, weightStd));
    }

    /** The saturated tanh net's loss at step 0: the prediction within 15% of the median over the seeds. */
    public static void saturated(int[] widths, double weightStd, double predicted) {
        Spread loss = lossAtStep0(tanhNet(widths, weightStd), 10, Loss.softmaxCrossEntropy());
        double error = Math.abs(predicted / loss.median() - 1);
        check(error < SATURATED_TOLERANCE, "tanh " + Arrays.toString(widths) + " from N(0, " + fmt(weightStd) + "^2): loss at step 0 "
                        + loss + ", predicted " + fmt(predicted) + " (" + percent(error) + " from the median, within "
                        + percent(SATURATED_TOLERANCE) + ")",
                "saturated units output about +-1: what is the std of a logit summed over the last hidden layer? For large "
                        + "logits the loss is about their std times E[max of K N(0, 1)] (FirstStepExperiments.expectedMaxOfNormals)");
    }

    // ---------------------------------------------------------------- part 2: a residual net 50 layers deep

    /** Blocks of the deep net: a first hidden layer, 24 blocks of two 64-wide layers, the output: 50 layers. */
    public static final int BLOCKS = DeepExperiments.BLOCKS;

    /** How close the predicted growth per block of unscaled branches must be to the measured one (median), relative. */
    public static final double PER_BLOCK_TOLERANCE = 0.1;

    /** How close the predicted growth of 1/sqrt(N) branches must be to the median measured, relative. */
    public static final double SCALED_TOLERANCE = 0.4;

    /**
     * E[h^2] after the last block over E[h^2] after the first hidden layer of {@code blocks} blocks ({@link
     * DeepExperiments#net}, ReLU, He), on 256 digits of each seed's training set, seeds 1-5.
     */
    public static Spread growth(int blocks, Residual branches) {
        return Repeat.spread(SEEDS, seed -> DeepExperiments.growth(DeepExperiments.streamSecondMoments(
                DeepExperiments.net(64, blocks, branches, seed).build(), ScaleExperiments.digits(seed).train().subset(256, seed).x())));
    }

    /** Branches as they are drawn (last layer x1): the predicted growth per block within 10% of the median measured. */
    public static void growthUnscaled(int blocks, double predicted) {
        Spread g = growth(blocks, Residual.blocks(2));
        double perBlock = Math.pow(predicted, 1.0 / blocks), measured = Math.pow(g.median(), 1.0 / blocks);
        double error = Math.abs(perBlock / measured - 1);
        check(error < PER_BLOCK_TOLERANCE, blocks + " blocks, last layer x1: growth " + g + ", predicted " + fmt(predicted)
                        + ": per block " + fmt(perBlock) + " against " + fmt(measured) + " measured (" + percent(error) + ", within "
                        + percent(PER_BLOCK_TOLERANCE) + ")",
                "a block adds the branch's second moment to the stream's (the two are uncorrelated): how much does a "
                        + "two-layer He branch give for E[x^2] = 1, and what does that make over `blocks` blocks?");
    }

    /**
     * Branches whose last layer is scaled by 1/sqrt(blocks) ({@link Residual#depthScaled}) and zero ({@link
     * Residual#zeroLast}): the first prediction within 40% of the median measured, the second the measured growth
     * (within 1e-9).
     */
    public static void growthScaled(int blocks, double predictedScaled, double predictedZero) {
        Spread scaled = growth(blocks, Residual.blocks(2).depthScaled()), zero = growth(blocks, Residual.blocks(2).zeroLast());
        double error = Math.abs(predictedScaled / scaled.median() - 1);
        check(error < SCALED_TOLERANCE, blocks + " blocks, last layer x1/sqrt(" + blocks + "): growth " + scaled + ", predicted "
                        + fmt(predictedScaled) + " (" + percent(error) + " from the median, within " + percent(SCALED_TOLERANCE) + ")",
                "the same factor per block as unscaled, with the branch's second moment times the gain squared, and "
                        + "multiplied over the blocks: not added");
        check(zero.maxDistanceFrom(predictedZero) < 1e-9, blocks + " blocks, last layer x0: growth " + zero + ", predicted "
                + fmt(predictedZero), "a branch whose last layer is zero adds nothing to the stream");
    }

    /** The test accuracy every seed must reach, with no seed diverging, for a start to train. */
    public static final double TRAINS = 0.8;

    /**
     * The 50-layer net with {@code branches} ({@link DeepExperiments#net}: ReLU, He, 24 blocks) trained on the digits as
     * chapter 10's race trains it ({@link DeepExperiments#trainer}: momentum SGD 0.005, 3 epochs of batches of 32), seeds
     * 1-5. Each seed draws the weights, the split and the batches.
     */
    public static List<History> train(Residual branches) {
        return Repeat.over(SEEDS, seed -> DeepExperiments.trainer(seed)
                .fit(DeepExperiments.net(64, BLOCKS, branches, seed).build(), ScaleExperiments.digits(seed)));
    }

    /** Every seed of {@link #train} completes and reaches {@link #TRAINS} test accuracy. */
    public static void trains(Residual branches) {
        if (branches == null) check(false, "no residual blocks (null: the plain stack)",
                "return residual blocks, Residual.blocks(2) and how their branches start");
        List<History> runs = train(branches);
        List<String> seeds = new ArrayList<>();
        boolean all = true;
        for (int s = 0; s < runs.size(); s++) {
            History h = runs.get(s);
            boolean ok = !h.diverged() && h.last().testAccuracy() >= TRAINS;
            all &= ok;
            seeds.add("seed " + (s + 1) + " " + (h.diverged() ? "diverged" : fmt(h.last().testAccuracy())));
        }
        check(all, "50 layers, " + branches.label() + ": test accuracy " + String.join(", ", seeds) + " (at least "
                        + fmt(TRAINS) + " in every seed, none diverging)",
                "compare the starts' stream growth and loss at step 0 in the table above: which of them make the first steps "
                        + "of training large?");
    }

    /**
     * One line for the look cell: a start's stream growth and loss at step 0 on the 50-layer net, over seeds 1-5, both
     * from one forward pass of 256 digits of each seed's training set (the growth's digits).
     */
    public static String atStep0(String name, Residual branches) {
        List<double[]> runs = Repeat.over(SEEDS, seed -> {
            Dataset digits = ScaleExperiments.digits(seed).train().subset(256, seed);
            Network net = DeepExperiments.net(64, BLOCKS, branches, seed).build();
            double growth = DeepExperiments.growth(DeepExperiments.streamSecondMoments(net, digits.x()));
            DenseMatrix logits = net.layer(net.depth() - 1).activations(); // the output layer's, from the same pass
            return new double[]{growth, Loss.softmaxCrossEntropy().evaluate(logits, digits.y(), Matrices.identity(digits.size()), 0, null)};
        });
        return String.format("%-30s stream growth %-32s loss at step 0 %s", name, Spread.across(runs, r -> r[0]),
                Spread.across(runs, r -> r[1]));
    }

    // ---------------------------------------------------------------- part 3: BatchNorm against a bad scale

    /** The bad start: the hidden layers' weights at this multiple of He's std. */
    public static final double BAD_SCALE = 10;

    /** The two learning rates of the decision (momentum SGD, 0.9). */
    public static final double SLOW = 0.01, FAST = 0.1;

    /** A start is rescued at a rate when, with BatchNorm, every seed reaches this test accuracy (and without, not every seed does). */
    public static final double RESCUED = 0.7;

    private static final ConcurrentHashMap<String, Spread> COURSE = new ConcurrentHashMap<>();

    /**
     * The course's runs: {@link DeepExperiments#sweepNet} at {@code scale} with {@code norm} (null: none), momentum SGD
     * ({@code rate}, 0.9), 3 epochs of batches of 32, on the digits, seeds 1-5; the test accuracies, 0 for a run that
     * diverged. Run once per setting and kept: the decision's check reads the runs the measurement's check made.
     */
    public static Spread accuracy(double scale, Normalization norm, double rate) {
        return COURSE.computeIfAbsent(scale + "/" + DeepExperiments.label(norm) + "/" + rate,
                key -> Repeat.spread(SEEDS, seed -> DeepExperiments.accuracy(Trainer.of(Optimizer.momentum(rate, 0.9)).epochs(3)
                        .batchSize(32).seed(seed).evaluation(Trainer.Evaluation.END_ONLY)
                        .fit(DeepExperiments.sweepNet(scale, norm, seed).build(), ScaleExperiments.digits(seed)))));
    }

    /** The student's runs at {@code scale} and {@code rate}, without and with BatchNorm, are the course's (within 1e-9 per seed). */
    public static void runs(double scale, double rate, Spread without, Spread withBatchNorm) {
        Spread none = accuracy(scale, null, rate), bn = accuracy(scale, Normalization.batchNorm(), rate);
        for (Object[] c : new Object[][]{{"without normalization", without, none}, {"with BatchNorm", withBatchNorm, bn}}) {
            Spread yours = (Spread) c[1], course = (Spread) c[2];
            check(yours.seeds() == SEEDS && close(yours.values(), course.values()), "scale " + fmt(scale) + ", rate " + fmt(rate) + ", "
                            + c[0] + ": your test accuracies " + Arrays.toString(rounded(yours.values())) + ", the course's "
                            + Arrays.toString(rounded(course.values())) + " (seeds 1-5, within 1e-9)",
                    "seed s draws the net (DeepExperiments.sweepNet(scale, norm, s)), the split (Digits.split(s)) and the batches "
                            + "(the trainer's seed); momentum SGD (rate, 0.9), 3 epochs of 32; a diverged run counts 0 "
                            + "(DeepExperiments.accuracy)");
        }
    }

    private static boolean close(double[] a, double[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= 1e-9)) return false;
        return true;
    }

    private static double[] rounded(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 1000) / 1000.0).toArray();
    }

    /** How many cases a rule is decided on ({@link #decisionCase}). */
    public static final int CASES = 4;

    private static final String[] CASE_NAMES = {"made up: BatchNorm's median above " + fmt(RESCUED) + ", one seed below",
            "made up: it trains without normalization too", "the course's runs at rate " + fmt(SLOW), "the course's runs at rate " + fmt(FAST)};

    /**
     * Case {@code i} of a rule's decision, {without, with BatchNorm}: two made-up pairs that the rule's words decide (with
     * BatchNorm a median above the mark and one seed below it; a start that trains without normalization too), then the
     * course's runs from {@link #BAD_SCALE} at {@link #SLOW} and {@link #FAST}. One at a time, made-up first: a rule not
     * written yet stops the cell before any training.
     */
    public static Spread[] decisionCase(int i) {
        Normalization bn = Normalization.batchNorm();
        return switch (i) {
            case 0 -> new Spread[]{Spread.of(0, 0, 0, 0, 0), Spread.of(0.78, 0.81, 0.64, 0.79, 0.8)};
            case 1 -> new Spread[]{Spread.of(0.91, 0.92, 0.9, 0.93, 0.9), Spread.of(0.93, 0.94, 0.92, 0.94, 0.93)};
            case 2 -> new Spread[]{accuracy(BAD_SCALE, null, SLOW), accuracy(BAD_SCALE, bn, SLOW)};
            case 3 -> new Spread[]{accuracy(BAD_SCALE, null, FAST), accuracy(BAD_SCALE, bn, FAST)};
            default -> throw new IllegalArgumentException("cases are 0 to " + (CASES - 1) + ", not " + i);
        };
    }

    /** What the rule's words say of a case: rescued when every seed with BatchNorm reaches the mark and not every seed without. */
    static boolean rescued(Spread[] c) { return c[1].min() >= RESCUED && !(c[0].min() >= RESCUED); }

    /** The student's rule's answers on cases 0 to {@link #CASES} - 1, in order, against the rule's words. */
    public static void decision(boolean[] yours) {
        if (yours.length != CASES) throw new IllegalArgumentException(yours.length + " answers for " + CASES + " cases");
        List<String> missed = new ArrayList<>();
        boolean[] right = new boolean[CASES];
        for (int i = 0; i < CASES; i++) {
            Spread[] c = decisionCase(i);
            right[i] = rescued(c);
            if (yours[i] != right[i]) missed.add(CASE_NAMES[i] + " (without " + c[0] + ", with BatchNorm " + c[1] + "): yours "
                    + (yours[i] ? "rescued" : "not rescued"));
        }
        String decided = missed.isEmpty() ? ": at rate " + fmt(SLOW) + " " + (right[2] ? "rescued" : "not rescued") + ", at rate "
                + fmt(FAST) + " " + (right[3] ? "rescued" : "not rescued") : "";
        check(missed.isEmpty(), "your rule is right on " + (CASES - missed.size()) + " of " + CASES + " cases" + decided,
                "missed " + missed + ": rescued means every seed with BatchNorm reaches " + fmt(RESCUED) + " and not every seed "
                        + "without it does");
    }
}

package org.initlab.grading;

import org.initlab.experiment.SignalPropagation;
import org.initlab.experiment.Spread;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.probe.LayerStats;

import java.util.Arrays;
import java.util.List;

import static org.initlab.experiment.Evidence.check;
import static org.initlab.experiment.Evidence.fmt;

/**
 * The checks of assignment a4 (choose and justify), called by fully qualified name from its check cells (see
 * {@link DeriveChecks} for why). Four settings whose start the chapters do not give: a leaky ReLU of slope 0.2, GELU,
 * a tapering ReLU stack, and the output layer. Every setting is measured at its start, pushing
 * {@link #SAMPLES} N(0, 1) rows through the net ({@link SignalPropagation#seeded}: weights from the seed, inputs from
 * seed + 6) for seeds 1-{@link #SEEDS}, and decided on the median over the seeds, with min and max shown.
 *
 * <p>What is graded is measured here, on the student's start: the name of the start plays no part, and any start whose
 * measurement lands in the band passes. That each band tells a right start from the usual wrong one is the
 * assignment's own property, not the student's: AssignmentChecksTest holds it, at no student's cost.
 */
public final class ChooseChecks {
    private ChooseChecks() {}

    public static final int SEEDS = 5;
    public static final int SAMPLES = 500;

    /** Leaky ReLU: the median per-layer gain of Var(z) within 1 +- this (He's ReLU value gives about 1.04). */
    public static final double LEAKY_GAIN_TOLERANCE = 0.02;
    /** GELU and the taper: the median growth of Var(z), last hidden layer over first, within [1/x, x]. */
    public static final double GELU_GROWTH = 2, TAPER_GROWTH = 3;
    /** The output layer: the median loss at the start within this of ln 10, the loss of a uniform guess. */
    public static final double LOSS_TOLERANCE = 0.05;

    /** 30 hidden layers of 256 leaky ReLU units of slope 0.2. */
    public static NetworkSpec leakyStack(Initializer start) {
        return stack(64, 256, 30, 10).activation(Activation.leakyRelu(0.2)).init(start);
    }

    /** 10 hidden layers of 256 GELU units. */
    public static NetworkSpec geluStack(Initializer start) {
        return stack(64, 256, 10, 10).activation(Activation.GELU).init(start);
    }

    /** A ReLU stack that halves its width at every layer: 512, 256, 128, 64, 32, 16 hidden units. */
    public static NetworkSpec taperStack(Initializer start) {
        return Network.mlp(64, 512, 256, 128, 64, 32, 16, 10).activation(Activation.RELU).init(start);
    }

    /** 8 hidden layers of 64 ReLU units from He's start; the output layer from {@code outputStart}. */
    public static NetworkSpec outputStack(Initializer outputStart) {
        return stack(64, 64, 8, 10).activation(Activation.RELU).init(Init.heNormal()).outputInit(outputStart);
    }

    /** The settings a student's measurement is compared on (not the four graded ones, so no answer is given away). */
    public static List<NetworkSpec> measuredSettings() {
        return List.of(stack(64, 128, 6, 10).activation(Activation.TANH).init(Init.xavierNormal()),
                Network.mlp(64, 256, 64, 32, 10).activation(Activation.RELU).init(Init.normal(0, 0.1)));
    }

    /** Var(z) of the last hidden layer over the first's, at the start: one value per seed 1-5. */
    public static double[] forwardGrowth(NetworkSpec spec) {
        return perSeed(spec, (hidden, loss) -> squared(hidden.getLast().preStd() / hidden.getFirst().preStd()));
    }

    /** Var of the loss gradient at the first hidden layer's z over the last's, at the start: one value per seed. */
    public static double[] backwardGrowth(NetworkSpec spec) {
        return perSeed(spec, (hidden, loss) -> squared(hidden.getFirst().gradStd() / hidden.getLast().gradStd()));
    }

    /** The loss at the start: one value per seed. */
    public static double[] startLoss(NetworkSpec spec) { return perSeed(spec, (hidden, loss) -> loss); }

    /** The forward growth as a factor per layer: growth^(1 / (hidden layers - 1)). */
    public static double[] perLayerGain(NetworkSpec spec) {
        int steps = spec.depth() - 2;
        return Arrays.stream(forwardGrowth(spec)).map(g -> Math.pow(g, 1.0 / steps)).toArray();
    }

    // ---- the check cells ----

    /** The student's forward growth, seed by seed, equals the one measured here on {@link #measuredSettings()}. */
    public static void forwardMeasured(NetworkSpec spec, double[] students, String hint) {
        same("forward growth", spec, students, forwardGrowth(spec), hint);
    }

    /** The student's backward growth, seed by seed, equals the one measured here. */
    public static void backwardMeasured(NetworkSpec spec, double[] students, String hint) {
        same("backward growth", spec, students, backwardGrowth(spec), hint);
    }

    public static void leaky(Initializer start, String hint) {
        Spread gain = Spread.of(perLayerGain(leakyStack(start)));
        check(Math.abs(gain.median() - 1) <= LEAKY_GAIN_TOLERANCE, "leaky ReLU (0.2) x 30 from " + start.describe()
                + ": Var(z) per layer x" + gain + "; the median must be within 1 +- " + fmt(LEAKY_GAIN_TOLERANCE), hint);
    }

    public static void gelu(Initializer start, String hint) {
        within("GELU x 10", start, Spread.of(forwardGrowth(geluStack(start))), GELU_GROWTH, hint);
    }

    public static void taper(Initializer start, String hint) {
        within("the taper 512 -> 16", start, Spread.of(forwardGrowth(taperStack(start))), TAPER_GROWTH, hint);
    }

    public static void output(Initializer outputStart, String hint) {
        Spread loss = Spread.of(startLoss(outputStack(outputStart)));
        double uniform = Math.log(10);
        check(Math.abs(loss.median() - uniform) <= LOSS_TOLERANCE, "ReLU x 8 (He) with its output layer from "
                + outputStart.describe() + ": loss at the start " + loss + "; the median must be within "
                + fmt(LOSS_TOLERANCE) + " of ln 10 = " + fmt(uniform), hint);
    }

    private static void within(String setting, Initializer start, Spread growth, double factor, String hint) {
        check(growth.median() >= 1 / factor && growth.median() <= factor, setting + " from " + start.describe()
                + ": Var(z) last hidden layer / first x" + growth + "; the median must be within [1/" + fmt(factor)
                + ", " + fmt(factor) + "]", hint);
    }

    private static void same(String what, NetworkSpec spec, double[] students, double[] ours, String hint) {
        boolean same = students != null && students.length == ours.length;
        for (int i = 0; same && i < ours.length; i++)
            same = Math.abs(students[i] - ours[i]) <= 1e-9 * Math.abs(ours[i]);
        check(same, what + " of " + spec.describe() + ": yours " + (students == null ? "null" : Arrays.toString(
                round(students))) + ", measured " + Arrays.toString(round(ours)) + " (seeds 1-" + SEEDS + ")", hint);
    }

    private interface Reading { double of(List<LayerStats> hidden, double loss); }

    private static double[] perSeed(NetworkSpec spec, Reading reading) {
        double[] out = new double[SEEDS];
        for (int seed = 1; seed <= SEEDS; seed++) {
            SignalPropagation pass = SignalPropagation.seeded(spec, SAMPLES, seed);
            out[seed - 1] = reading.of(pass.hidden(), pass.loss());
        }
        return out;
    }

    private static double squared(double v) { return v * v; }

    private static double[] round(double[] v) {
        return Arrays.stream(v).map(x -> Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", x))).toArray();
    }

    /** {@code hiddenLayers} hidden layers of {@code width} units between the inputs and the outputs. */
    private static NetworkSpec stack(int inputs, int width, int hiddenLayers, int outputs) {
        int[] widths = new int[hiddenLayers + 2];
        Arrays.fill(widths, width);
        widths[0] = inputs;
        widths[hiddenLayers + 1] = outputs;
        return Network.mlp(widths);
    }
}

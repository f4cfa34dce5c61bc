package org.initlab.grading;

import org.initlab.experiment.Repeat;
import org.initlab.experiment.SignalPropagation;
import org.initlab.experiment.Spread;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.probe.LayerStats;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.initlab.experiment.Evidence.check;
import static org.initlab.experiment.Evidence.fmt;
import static org.initlab.experiment.Evidence.percent;

/**
 * The checks of assignment a3 (predict, then measure), called by fully qualified name from its check cells (see
 * {@link DeriveChecks} for why), and the measurements they compare the predictions with.
 */
public final class PredictChecks {
    private PredictChecks() {}

    /**
     * The networks of a3: {@code depth} hidden layers of {@code width} units and a 10-class head, weights
     * N(0, sigma^2), biases 0.
     */
    public static NetworkSpec stack(Activation f, int depth, int width, double sigma) {
        int[] widths = new int[depth + 2];
        Arrays.fill(widths, width);
        widths[depth + 1] = 10;
        return Network.mlp(widths).activation(f).init(Init.normal(0, sigma));
    }

    /**
     * Seeds 1-5 of {@link #stack}, measured at their start on 256 rows of N(0, 1) inputs (so E[x^2] = 1 at the
     * input): one list of hidden-layer statistics per seed. Measured once per network and kept: the ReLU stack's
     * check cells (z, activations, gradients) read the same runs.
     */
    public static List<List<LayerStats>> measured(Activation f, int depth, int width, double sigma) {
        return MEASURED.computeIfAbsent(f.label() + "/" + depth + "/" + width + "/" + sigma, key -> List.copyOf(
                Repeat.over(5, seed -> SignalPropagation.measure(stack(f, depth, width, sigma).seed(seed), 256, seed + 6).hidden())));
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, List<List<LayerStats>>> MEASURED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How far the probe is from a prediction: per layer the median over the seeds of measured / predicted, and the
     * largest |that - 1| over the layers (one seed alone scatters around the prediction, the more the narrower the layers).
     */
    public static double medianError(double[] predicted, List<List<LayerStats>> runs, ToDoubleFunction<LayerStats> statistic) {
        double worst = 0;
        for (int l = 0; l < predicted.length; l++) {
            final int layer = l;
            double median = Spread.of(runs.stream().mapToDouble(layers -> statistic.applyAsDouble(layers.get(layer))).toArray()).median();
            worst = Math.max(worst, Math.abs(median / predicted[l] - 1));
        }
        return worst;
    }

    private static String within(double tolerance) {
        return fmt(100 * tolerance) + "%";
    }

    private static String network(int depth, int width, double sigma) {
        return depth + " x " + width + ", sigma = " + fmt(sigma);
    }

    private static void onePerLayer(int depth, double[] prediction) {
        check(prediction.length == depth, "one prediction per hidden layer (" + prediction.length + " for " + depth + ")",
                "the array has one entry per hidden layer, input side first");
    }

    /** A linear stack: the predicted std of z per hidden layer within {@code tolerance} of the probe's, in every layer. */
    public static void linear(int depth, int width, double sigma, double[] prediction, double tolerance) {
        onePerLayer(depth, prediction);
        var runs = measured(Activation.IDENTITY, depth, width, sigma);
        double error = medianError(prediction, runs, LayerStats::preStd);
        int last = depth - 1;
        check(error < tolerance, "on " + network(depth, width, sigma) + " the std of z matches the probe within " + within(tolerance)
                        + " in every layer (median of seeds 1-5; worst " + percent(error) + "; layer " + last + " predicted "
                        + fmt(prediction[last]) + ", measured " + fmt(runs.get(0).get(last).preStd()) + " in seed 1)",
                "Var(z) = n sigma^2 E[x^2], and the next layer's x is this layer's z: what is E[z^2] for a zero-mean z? "
                        + "Use depth, width and sigma, not the numbers of the example");
    }

    private static void twoPerLayer(int depth, double[][] prediction) {
        check(prediction.length == 2 && prediction[0].length == depth && prediction[1].length == depth,
                "two arrays, the std of z and the std of max(z, 0), of one prediction per hidden layer ("
                        + Arrays.stream(prediction).map(a -> String.valueOf(a.length)).toList() + " for " + depth + ")",
                "return new double[][]{pre, act}, each with one entry per hidden layer, input side first");
    }

    /** A ReLU stack: the predicted std of z ({@code prediction[0]}) within {@code tolerance} in every layer. */
    public static void reluPre(int depth, int width, double sigma, double[][] prediction, double tolerance) {
        twoPerLayer(depth, prediction);
        double pre = medianError(prediction[0], measured(Activation.RELU, depth, width, sigma), LayerStats::preStd);
        check(pre < tolerance, "on " + network(depth, width, sigma) + " the std of z matches the probe within " + within(tolerance)
                        + " in every layer (median of seeds 1-5; worst " + percent(pre) + ")",
                "the next layer's variance is n sigma^2 E[a^2], with the second moment of a, not its variance");
    }

    /** A ReLU stack: the predicted std of max(z, 0) ({@code prediction[1]}) within {@code tolerance} in every layer. */
    public static void reluAct(int depth, int width, double sigma, double[][] prediction, double tolerance) {
        twoPerLayer(depth, prediction);
        double act = medianError(prediction[1], measured(Activation.RELU, depth, width, sigma), LayerStats::actStd);
        check(act < tolerance, "on " + network(depth, width, sigma) + " the std of max(z, 0) matches the probe within "
                        + within(tolerance) + " in every layer (median of seeds 1-5; worst " + percent(act) + ")",
                "std(a)^2 = E[a^2] - E[a]^2: a is never negative, so its mean is not 0");
    }

    /** A ReLU stack's gradient ratios std(delta_l) / std(delta_last), within {@code tolerance} in every layer. */
    public static void gradients(int depth, int width, double sigma, double[] ratios, double tolerance) {
        onePerLayer(depth, ratios);
        check(Math.abs(ratios[depth - 1] - 1) < 1e-12, "the last hidden layer's ratio is 1 (" + fmt(ratios[depth - 1]) + ")",
                "element l is std(delta_l) / std(delta_last)");
        var runs = measured(Activation.RELU, depth, width, sigma);
        double error = 0;
        for (int l = 0; l < depth; l++) {
            final int layer = l;
            double median = Spread.of(runs.stream()
                    .mapToDouble(layers -> layers.get(layer).gradStd() / layers.get(depth - 1).gradStd()).toArray()).median();
            error = Math.max(error, Math.abs(median / ratios[l] - 1));
        }
        check(error < tolerance, "on " + network(depth, width, sigma) + " the gradient ratios match the probe within "
                        + within(tolerance) + " in every layer (median of seeds 1-5; worst " + percent(error) + "; layer 0 predicted x"
                        + fmt(ratios[0]) + ")",
                "going back one layer multiplies the variance by n sigma^2 (the next layer's fan) times E[f'(z)^2]");
    }
}

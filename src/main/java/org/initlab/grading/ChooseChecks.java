package org.initlab.grading;

import org.initlab.experiment.Repeat;
import org.initlab.experiment.ScaleExperiments;
import org.initlab.experiment.Spread;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;

import java.util.Arrays;
import java.util.List;

import static org.initlab.experiment.Evidence.check;
import static org.initlab.experiment.Evidence.fmt;

/**
 * The checks of assignment a4 (choose and justify), called by fully qualified name from its check cells (see
 * {@link DeriveChecks} for why), and the training they run. That each setting tells a right start from a wrong one
 * is the assignment's own property, not the student's: AssignmentChecksTest holds it, at no student's cost.
 */
public final class ChooseChecks {
    private ChooseChecks() {}

    /** The band: at least this test accuracy in every seed. */
    public static final double TARGET = 0.7;

    /**
     * {@code depth} hidden layers of 64 units with activation f, started with {@code start}, trained on the digits
     * (standardized, a seeded 80/20 split) by momentum SGD at 0.005, batches of 32, for 15 epochs, seeds 1-5. The seed
     * draws the weights, the split and the batches. The test accuracies; NaN where a run diverged.
     */
    public static Spread accuracyOverSeeds(Activation f, int depth, Initializer start) {
        int[] widths = new int[depth + 2];
        Arrays.fill(widths, 64); // the digits have 64 pixels: the input is 64 wide too
        widths[depth + 1] = 10;
        List<Double> accuracies = Repeat.over(5, seed -> {
            Network net = Network.mlp(widths).activation(f).init(start).seed(seed).build();
            History h = Trainer.of(Optimizer.momentum(0.005, 0.9)).epochs(15).batchSize(32).seed(seed)
                    .evaluation(Trainer.Evaluation.END_ONLY).fit(net, ScaleExperiments.digits(seed));
            return h.last().testAccuracy();
        });
        return Spread.of(accuracies);
    }

    /** Passes when every seed reaches {@link #TARGET} (a diverged seed, NaN, does not). */
    public static void setting(Activation f, int depth, Initializer start, String hint) {
        Spread acc = accuracyOverSeeds(f, depth, start);
        check(acc.min() >= TARGET, f.label() + " x " + depth + " from " + start.describe() + ": test accuracy " + acc
                + ", at least " + fmt(TARGET) + " in every seed", hint);
    }
}

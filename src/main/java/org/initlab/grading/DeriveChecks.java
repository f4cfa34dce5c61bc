package org.initlab.grading;

import org.initlab.experiment.HeExperiments;
import org.initlab.init.Init;
import org.initlab.init.Initializer;

import static org.initlab.experiment.Evidence.check;
import static org.initlab.experiment.Evidence.fmt;

/**
 * The checks of assignment a2 (derive and implement He normal and Xavier uniform). The check cells call them by
 * fully qualified name, so that nothing an answer cell declares can stand in for them (the grader's
 * {@link AnswerGate} refuses such answers first; this is the second wall). Each prints PASS with what it measured
 * against what threshold, or stops the cell with FAIL and a hint.
 */
public final class DeriveChecks {
    private DeriveChecks() {}

    /** The sample mean, variance and largest |w| of a weight matrix: the numbers the checks hold to the formulas. */
    public record Moments(double mean, double variance, double largest) {
        public static Moments of(double[][] w) {
            double sum = 0, squares = 0, largest = 0;
            long n = 0;
            for (double[] row : w) {
                for (double v : row) {
                    sum += v;
                    squares += v * v;
                    largest = Math.max(largest, Math.abs(v));
                    n++;
                }
            }
            double mean = sum / n;
            return new Moments(mean, squares / n - mean * mean, largest);
        }
    }

    /** He normal on 784 -> 256: mean 0, variance 2/fan_in (He et al. 2015, eq. 10), as Init.heNormal()'s. */
    public static void heNormal(Initializer yours) {
        Moments he = Moments.of(yours.draw(784, 256, 1)), library = Moments.of(Init.heNormal().draw(784, 256, 1));
        double variance = 2.0 / 784;
        check(Math.abs(he.mean()) < 0.002, "the weights have mean 0 (sample mean " + fmt(he.mean()) + ", |mean| < 0.002)",
                "a normal draw centred at 0 is rng.nextGaussian() times a scale, with nothing added");
        check(Math.abs(he.variance() / variance - 1) < 0.02, "their variance is 2/fan_in on a 784 -> 256 layer ("
                        + fmt(he.variance()) + " against " + fmt(variance) + ", within 2%)",
                "which fan does the forward argument divide by? The variance of c * N(0, 1) is c squared");
        check(Math.abs(he.variance() / library.variance() - 1) < 0.02,
                "and matches Init.heNormal()'s (" + fmt(library.variance()) + ", within 2%)", "compare your scale with sqrt(2 / fan_in)");
    }

    /** The variance follows fan_in on a 10 -> 2000 layer (fan_out 200 times fan_in). */
    public static void heNormalWide(Initializer yours) {
        Moments wide = Moments.of(yours.draw(10, 2000, 2));
        check(Math.abs(wide.variance() / (2.0 / 10) - 1) < 0.03, "the variance follows fan_in on a 10 -> 2000 layer ("
                + fmt(wide.variance()) + " against 2/10 = 0.2, within 3%)", "use fanIn, not a fixed number or fanOut");
    }

    /** Hidden: the variance follows fan_in on a 2000 -> 10 layer too. */
    public static void heNormalTall(Initializer yours) {
        Moments tall = Moments.of(yours.draw(2000, 10, 3));
        check(Math.abs(tall.variance() / (2.0 / 2000) - 1) < 0.05, "the variance follows fan_in on another shape ("
                + fmt(tall.variance()) + " against 0.001)", "use fanIn, not a fixed number or fanOut");
    }

    /** Xavier uniform on 784 -> 256: variance 2/(fan_in + fan_out) (Glorot and Bengio 2010, eq. 16), inside [-a, a]. */
    public static void xavierUniform(Initializer yours) {
        Moments xu = Moments.of(yours.draw(784, 256, 1)), library = Moments.of(Init.xavierUniform().draw(784, 256, 1));
        double variance = 2.0 / (784 + 256), bound = Math.sqrt(3 * variance);
        check(Math.abs(xu.variance() / variance - 1) < 0.02, "the variance is 2/(fan_in + fan_out) (" + fmt(xu.variance())
                + " against " + fmt(variance) + ", within 2%)", "solve a^2 / 3 = 2 / (fan_in + fan_out) for a");
        check(xu.largest() <= bound && xu.largest() > 0.99 * bound, "every weight lies in [-a, a] and the extremes come close to a = "
                + fmt(bound) + " (largest |w| " + fmt(xu.largest()) + ", above 0.99 a)", "U(-a, a) is -a + 2a times a U(0, 1) draw");
        check(Math.abs(xu.variance() / library.variance() - 1) < 0.02, "and the variance matches Init.xavierUniform()'s ("
                + fmt(library.variance()) + ", within 2%)", "compare your bound with sqrt(6 / (fan_in + fan_out))");
    }

    /** Uniform, not normal (half the weights within a/2), and both fans used on a 300 -> 300 layer. */
    public static void xavierUniformShape(Initializer yours) {
        double bound = Math.sqrt(6.0 / (784 + 256));
        long inner = 0, all = 0;
        for (double[] row : yours.draw(784, 256, 4)) {
            for (double v : row) {
                if (Math.abs(v) < bound / 2) inner++;
                all++;
            }
        }
        double share = (double) inner / all;
        check(Math.abs(share - 0.5) < 0.01, "the weights are uniform: half of them within a/2 (" + fmt(share) + ", 0.5 +/- 0.01)",
                "a normal draw of the same variance puts 61% there");
        Moments square = Moments.of(yours.draw(300, 300, 5));
        check(Math.abs(square.variance() / (2.0 / 600) - 1) < 0.03, "the variance uses both fans on 300 -> 300 ("
                + fmt(square.variance()) + " against " + fmt(2.0 / 600) + ")", "use fanIn and fanOut");
    }

    /** Hidden: both fans and the bound on a 400 -> 40 layer. */
    public static void xavierUniformOtherShape(Initializer yours) {
        Moments other = Moments.of(yours.draw(400, 40, 6));
        double variance = 2.0 / 440, bound = Math.sqrt(3 * variance);
        check(Math.abs(other.variance() / variance - 1) < 0.05 && other.largest() <= bound,
                "the variance and the bound follow both fans on another shape (" + fmt(other.variance()) + " against "
                        + fmt(variance) + ")", "use fanIn and fanOut, not the numbers of the example");
    }

    /** Through 20 ReLU layers the second moment stays (the per-layer factor within 10% of 1). */
    public static void deep(Initializer yours) {
        double factor = HeExperiments.forwardTrend(yours, 1).factor();
        check(Math.abs(factor - 1) < 0.1, "your He normal keeps the second moment over 20 ReLU layers (x" + fmt(factor)
                + " per layer, within 0.9-1.1)", "if this fails while part 1 passes, draw every weight anew: do not reuse one value");
    }
}

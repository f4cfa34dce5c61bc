package org.initlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.initlab.data.Digits;
import org.initlab.experiment.DeepExperiments;
import org.initlab.experiment.FirstStepExperiments;
import org.initlab.experiment.Repeat;
import org.initlab.experiment.Spread;
import org.initlab.nn.Normalization;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Residual;
import org.initlab.nn.Trainer;
import org.junit.jupiter.api.Test;

/**
 * Assignment a5's checks, called as its check cells call them: the worked solution passes each with a PASS line per
 * measurement, and the usual slips fail the check meant for them. And what a5's settings must hold, at no student's
 * cost: the starts that begin as the identity train the 50-layer net in every seed while 1/sqrt(N) alone and unscaled
 * branches do not; BatchNorm from 10 x He's scale is rescued at one rate and not at the other, both by a margin.
 */
class StartChecksTest {

    // The PASS/FAIL harness of the other assignments' checks.
    static String printed(Runnable check) { return AssignmentChecksTest.printed(check); }
    static void passes(Runnable check, int lines) { AssignmentChecksTest.passes(check, lines); }
    static String fails(Runnable check) { return AssignmentChecksTest.fails(check); }

    // The worked solution of part 1.
    static double entropy(double p) { return -p * Math.log(p) - (1 - p) * Math.log(1 - p); }

    static double saturated(int lastWidth, double weightStd, int classes) {
        return weightStd * Math.sqrt(lastWidth) * FirstStepExperiments.expectedMaxOfNormals(classes);
    }

    static final int[] CHAPTER = {64, 128, 128, 128, 10}, HIDDEN = {64, 256, 256, 10};

    @Test
    void theLossAtStep0PassesTheTheoryAndFailsTheSlips() {
        passes(() -> StartChecks.squashed(10, Math.log(10)), 1);
        passes(() -> StartChecks.squashed(2, Math.log(2)), 1);          // the hidden case
        assertTrue(fails(() -> StartChecks.squashed(2, Math.log(10))).contains("Use `classes`"));
        fails(() -> StartChecks.squashed(10, Math.log(10) / Math.log(2)));   // in bits
        assertThrows(IllegalArgumentException.class, () -> StartChecks.squashed(3, Math.log(3)));

        double p = StartChecks.positiveShare(0), q = StartChecks.positiveShare(0, 1, 2);
        assertEquals(0.1, p, 0.01);
        assertEquals(0.3, q, 0.02);
        passes(() -> StartChecks.logPrior(entropy(p), 0), 1);
        passes(() -> StartChecks.logPrior(entropy(q), 0, 1, 2), 1);        // the hidden case
        fails(() -> StartChecks.logPrior(Math.log(2), 0));                  // a bias at 0: q = 1/2
        fails(() -> StartChecks.logPrior(-p * Math.log(p), 0));             // the positives' term only
        fails(() -> StartChecks.logPrior(-Math.log(p), 0));                 // the loss of a positive

        passes(() -> StartChecks.saturated(CHAPTER, 1, saturated(128, 1, 10)), 1);
        passes(() -> StartChecks.saturated(HIDDEN, 0.5, saturated(256, 0.5, 10)), 1);   // the hidden case
        double logitStd = Math.sqrt(128);
        fails(() -> StartChecks.saturated(CHAPTER, 1, logitStd));                                    // E[max] forgotten
        fails(() -> StartChecks.saturated(CHAPTER, 1, logitStd * Math.sqrt(2 * Math.log(10))));     // sqrt(2 ln K)
        fails(() -> StartChecks.saturated(CHAPTER, 1, Math.log(10) + logitStd * logitStd / 2));     // small-logit formula
        fails(() -> StartChecks.saturated(CHAPTER, 1, saturated(64, 1, 10)));                       // the input's width
        // The example's numbers written in: right on the chapter's net, wrong on the hidden one.
        fails(() -> StartChecks.saturated(HIDDEN, 0.5, saturated(128, 1, 10)));
    }

    static double growth(int blocks, double lastGain) { return Math.pow(1 + 2 * lastGain * lastGain, blocks); }

    @Test
    void theStreamsGrowthPassesTheTheoryAndFailsTheSlips() {
        for (int n : new int[]{24, 12}) {   // the visible case and the hidden one
            passes(() -> StartChecks.growthUnscaled(n, growth(n, 1)), 1);
            passes(() -> StartChecks.growthScaled(n, growth(n, 1 / Math.sqrt(n)), growth(n, 0)), 2);
            passes(() -> StartChecks.growthScaled(n, Math.exp(2), 1), 2);   // the large-N limit is close enough
        }
        // He's branch taken to keep the second moment: x2 a block, and (1 + 1/N)^N = e scaled.
        assertTrue(fails(() -> StartChecks.growthUnscaled(24, Math.pow(2, 24))).contains("per block"));
        fails(() -> StartChecks.growthScaled(24, growth(24, Math.sqrt(0.5 / 24)), 1));
        // Added, not multiplied (a pre-LayerNorm stream): 1 + 2 N g^2.
        fails(() -> StartChecks.growthUnscaled(24, 1 + 2 * 24));
        fails(() -> StartChecks.growthScaled(24, 3, 1));
        // The scaled stream taken as constant: the first check of the cell fails, and a zero branch that grows does too.
        fails(() -> StartChecks.growthScaled(24, 1, 1));
        fails(() -> StartChecks.growthScaled(24, growth(24, 1 / Math.sqrt(24)), growth(24, 1 / Math.sqrt(24))));
    }

    @Test
    void theStartsThatBeginAsTheIdentityTrainAndTheOthersDoNot() {
        // Branches that start at zero reach 0.8 in every seed (0.89 the lowest); 1/sqrt(N) alone diverged in seeds 3
        // and 4 (under Haswell's and Nehalem's OpenBLAS kernels alike), branches as drawn in every seed.
        passes(() -> StartChecks.trains(Residual.blocks(2).zeroLast()), 1);
        passes(() -> StartChecks.trains(Residual.blocks(2).skipInit()), 1);
        String scaled = fails(() -> StartChecks.trains(Residual.blocks(2).depthScaled()));
        assertTrue(scaled.contains("diverged"), scaled);
        assertTrue(fails(() -> StartChecks.trains(Residual.blocks(2))).contains("diverged"));
        assertTrue(fails(() -> StartChecks.trains(null)).contains("plain stack"));
        String table = StartChecks.atStep0("residual, last zero", Residual.blocks(2).zeroLast());
        assertTrue(table.contains("stream growth 1 (all 5 seeds)"), table);
    }

    /** The student's measurement as the worked solution writes it: default evaluation, Digits.split, a diverged run 0. */
    static Spread worked(double scale, Normalization norm, double rate, int epochs) {
        return Repeat.spread(5, seed -> {
            var net = DeepExperiments.sweepNet(scale, norm, seed).build();
            Trainer trainer = Trainer.of(Optimizer.momentum(rate, 0.9)).epochs(epochs).batchSize(32).seed(seed);
            return DeepExperiments.accuracy(trainer.fit(net, Digits.split(seed)));
        });
    }

    static boolean rule(Spread without, Spread withBatchNorm) {
        return withBatchNorm.min() >= StartChecks.RESCUED && !(without.min() >= StartChecks.RESCUED);
    }

    @Test
    void batchNormRescuesTheBadStartAtOneRateOnlyByAMargin() {
        Normalization bn = Normalization.batchNorm();
        double s = StartChecks.BAD_SCALE;
        for (double rate : new double[]{StartChecks.SLOW, StartChecks.FAST}) {
            // Without normalization every run diverges (counted 0) at both rates.
            assertEquals(0, StartChecks.accuracy(s, null, rate).max(), "scale " + s + ", rate " + rate + " without normalization");
            passes(() -> StartChecks.runs(s, rate, worked(s, null, rate, 3), worked(s, bn, rate, 3)), 2);
        }
        // The settings: at the slow rate every BatchNorm seed stays 0.1 below the mark, at the fast one above it by 0.05.
        Spread slow = StartChecks.accuracy(s, bn, StartChecks.SLOW), fast = StartChecks.accuracy(s, bn, StartChecks.FAST);
        assertTrue(slow.max() < StartChecks.RESCUED - 0.1, "slow: " + slow);
        assertTrue(fast.min() > StartChecks.RESCUED + 0.05, "fast: " + fast);
        // A run trained longer is not the course's; neither is a diverged run read as its last evaluation.
        fails(() -> StartChecks.runs(s, StartChecks.SLOW, worked(s, null, StartChecks.SLOW, 3), worked(s, bn, StartChecks.SLOW, 4)));
        Spread lastEvaluation = Repeat.spread(5, seed -> Trainer.of(Optimizer.momentum(StartChecks.SLOW, 0.9)).epochs(3).batchSize(32)
                .seed(seed).fit(DeepExperiments.sweepNet(s, (Normalization) null, seed).build(), Digits.split(seed)).last().testAccuracy());
        assertTrue(fails(() -> StartChecks.runs(s, StartChecks.SLOW, lastEvaluation, slow)).contains("without normalization"));

        int n = StartChecks.CASES;
        boolean[] worked = new boolean[n], median = new boolean[n], withOnly = new boolean[n], always = new boolean[n];
        for (int i = 0; i < n; i++) {
            Spread[] c = StartChecks.decisionCase(i);
            worked[i] = rule(c[0], c[1]);
            median[i] = c[1].median() >= StartChecks.RESCUED && c[0].median() < StartChecks.RESCUED;
            withOnly[i] = c[1].min() >= StartChecks.RESCUED;
            always[i] = true;
        }
        passes(() -> StartChecks.decision(worked), 1);
        assertTrue(fails(() -> StartChecks.decision(median)).contains("one seed below"));
        assertTrue(fails(() -> StartChecks.decision(withOnly)).contains("trains without normalization too"));
        fails(() -> StartChecks.decision(always));
        fails(() -> StartChecks.decision(new boolean[n]));
        assertThrows(IllegalArgumentException.class, () -> StartChecks.decision(new boolean[2]));
    }
}

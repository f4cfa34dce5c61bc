package org.initlab.experiment;

import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;

import java.util.List;

import static org.initlab.experiment.Claims.column;
import static org.initlab.experiment.Claims.fmt;

/**
 * Beyond the notes: the common advice chapters 09 and 10 test, each quoted with its source, with the experiments that
 * decide it. {@link Claims} registers them after the notes' claims.
 */
public final class ModernClaims {
    private ModernClaims() {}

    static final String RECIPE = "Karpathy, \"A Recipe for Training Neural Networks\" (2019)", MAKEMORE = "Karpathy, \"Building makemore part 3\" (2022)",
            ADAM_PAPER = "Kingma & Ba, \"Adam\" (2015)";
    static final int SEEDS = Repeat.SEEDS;
    static final String SEED_RANGE = Claims.SEED_RANGE;
    static final double LN10 = Math.log(10);

    public static List<Claim> all() {
        return List.of(
                new Claim("first.1", RECIPE, "verify loss @ init. Verify that your loss starts at the correct loss value. E.g. if you initialize your final "
                        + "layer correctly you should measure -log(1/n_classes) on a softmax at initialization.", "09-the-first-step", Verdict.HOLDS, ModernClaims::lossAtInit),
                new Claim("first.2", MAKEMORE, "(paraphrased) The network is confidently wrong at initialization; squashing the last layer's weights "
                        + "(x 0.01) removes the hockey stick and gives a better loss at the end, because the first steps are no longer spent squashing the logits.",
                        "09-the-first-step", Verdict.PARTLY, ModernClaims::squashLastLayer),
                new Claim("first.3", RECIPE, "If you have an imbalanced dataset of a ratio 1:10 of positives:negatives, set the bias on your logits such that "
                        + "your network predicts probability of 0.1 at initialization. Setting these correctly will speed up convergence and eliminate "
                        + "\"hockey stick\" loss curves where in the first few iteration your network is basically just learning the bias.",
                        "09-the-first-step", Verdict.PARTLY, ModernClaims::logPriorBias),
                new Claim("first.4", ADAM_PAPER, "[Adam] is invariant to diagonal rescaling of the gradients (abstract); hence the common advice that with "
                        + "Adam the initialization matters less.", "09-the-first-step", Verdict.PARTLY, ModernClaims::adamForgives));
    }

    // ---------------------------------------------------------------- 09: the first step

    static Finding lossAtInit() {
        // Per seed: {|loss - ln 10| with the output layer zeroed, the same x 0.01, He's own last layer's excess, N(0, 1)'s loss}.
        List<double[]> per = Repeat.over(SEEDS, s -> {
            var train = ScaleExperiments.digits(s).train();
            var he = FirstStepExperiments.net(Activation.RELU, Init.heNormal(), s);
            return new double[]{Math.abs(FirstStepExperiments.initialLoss(he.outputGain(0), train) - LN10),
                    Math.abs(FirstStepExperiments.initialLoss(he.outputGain(0.01), train) - LN10),
                    FirstStepExperiments.initialLoss(he, train) - LN10,
                    FirstStepExperiments.initialLoss(FirstStepExperiments.net(Activation.RELU, Init.normal(0, 1), s), train)};
        });
        Rule r = new Rule(SEEDS);
        boolean zero = r.atMost("|loss at init - ln 10|, He start with the output layer's weights zeroed, max over " + SEED_RANGE, column(per, 0).max(), 1e-12,
                "zero logits give every class 1/10: the loss is ln 10 up to rounding");
        boolean squashed = r.atMost("the same with the output weights x 0.01, max over " + SEED_RANGE, column(per, 1).max(), 0.01,
                "logits of about 1% of He's give probabilities within 1% of uniform: 0.01 nats");
        boolean flags = r.atLeast("loss at init from N(0, 1) everywhere, min over " + SEED_RANGE, column(per, 3).min(), 3 * LN10,
                "a check worth running must flag a wrong start: 3 ln 10 is far outside any seed's spread around ln 10");
        String ev = "On the digits (64-128-128-128-10, ReLU) the loss at initialization is ln 10 = " + fmt(LN10) + " within " + fmt(column(per, 0).max())
                + " with the output weights zeroed and within " + fmt(column(per, 1).max()) + " with them x 0.01; He's own last layer starts "
                + column(per, 2) + " nats above it, and N(0, 1) weights start at " + column(per, 3) + ": the check flags an oversized start at once";
        return r.decide(zero && squashed && flags ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding squashLastLayer() {
        // Per seed, for gains 10, 1, 0.01: {loss at init, final test loss}; then epoch 1's loss at gains 1 and 0.01.
        List<double[]> per = Repeat.over(SEEDS, s -> {
            History big = FirstStepExperiments.trainWithOutputGain(10, s), own = FirstStepExperiments.trainWithOutputGain(1, s),
                    small = FirstStepExperiments.trainWithOutputGain(0.01, s);
            return new double[]{big.epochs().getFirst().trainLoss(), big.last().testLoss(), own.last().testLoss(), small.last().testLoss(),
                    own.epochs().get(1).trainLoss(), small.epochs().get(1).trainLoss()};
        });
        Spread bigInit = column(per, 0), bigEnd = column(per, 1), ownEnd = column(per, 2), smallEnd = column(per, 3);
        Rule r = new Rule(SEEDS);
        boolean wrong = r.atLeast("loss at init with the output weights x 10, min over " + SEED_RANGE, bigInit.min(), 3 * LN10,
                "'confidently wrong': far above ln 10, the loss of a uniform guess");
        boolean helpsBig = r.atLeast("median final test loss, output x 10 / output x 0.01", bigEnd.median() / smallEnd.median(), 1.5,
                "squashing pays if the oversized start ends at least 1.5x worse, in the median over seeds");
        boolean helpsOwn = r.atMost("median final test loss, output x 0.01 / He's own output layer", smallEnd.median() / ownEnd.median(), 0.8,
                "'a better loss at the end' from a correctly scaled last layer: at least 20% lower");
        String ev = "He start on the digits, " + FirstStepExperiments.GAIN_EPOCHS + " epochs of momentum SGD: with the output weights x 10 the loss starts at "
                + bigInit + " and the final test loss is " + bigEnd + ", against " + smallEnd + " squashed (x 0.01): squashing an oversized last layer pays. "
                + "From He's own last layer (final test loss " + ownEnd + ") squashing gains nothing at the end, and after epoch 1 the squashed net is behind ("
                + column(per, 5) + " against " + column(per, 4) + "): a near-zero last layer passes little gradient to the layers below";
        return r.decide(!(wrong && helpsBig) ? Verdict.WRONG : helpsOwn ? Verdict.HOLDS : Verdict.PARTLY, ev);
    }

    static final int HOCKEY_STEPS = 10;

    static Finding logPriorBias() {
        // Per seed: {|init loss - H(p)| with the prior at gain 0.01, first steps' loss with and without the prior (gain 0.01),
        //            end loss ratio prior / none at gain 1 and at gain 0.01, p}.
        List<double[]> per = Repeat.over(SEEDS, s -> {
            History prior = FirstStepExperiments.trainWithPrior(true, 0.01, s), none = FirstStepExperiments.trainWithPrior(false, 0.01, s),
                    priorOwn = FirstStepExperiments.trainWithPrior(true, 1, s), noneOwn = FirstStepExperiments.trainWithPrior(false, 1, s);
            double p = FirstStepExperiments.positives(FirstStepExperiments.zeroOrNot(s).train());
            return new double[]{Math.abs(prior.epochs().getFirst().trainLoss() - FirstStepExperiments.entropy(p)),
                    FirstStepExperiments.firstSteps(prior, HOCKEY_STEPS), FirstStepExperiments.firstSteps(none, HOCKEY_STEPS),
                    priorOwn.last().trainLoss() / noneOwn.last().trainLoss(), prior.last().trainLoss() / none.last().trainLoss(), p};
        });
        Spread withPrior = column(per, 1), without = column(per, 2), endOwn = column(per, 3), endSmall = column(per, 4);
        Rule r = new Rule(SEEDS);
        boolean atPrior = r.atMost("|loss at init - entropy of the prior|, bias at the log odds, output weights x 0.01, max over " + SEED_RANGE,
                column(per, 0).max(), 0.01, "the net starts predicting the class frequency, so its loss is the prior's entropy, up to the 1% logits");
        boolean noStick = r.atMost("median loss of the first " + HOCKEY_STEPS + " steps, with the prior / without", withPrior.median() / without.median(), 0.8,
                "the hockey stick is gone when the first steps start at least 20% lower");
        boolean faster = r.atMost("median final train loss, with the prior / without, the better of He's own and x 0.01 output weights",
                Math.min(endOwn.median(), endSmall.median()), 0.8, "'speed up convergence': at least 20% lower after " + FirstStepExperiments.PRIOR_EPOCHS + " epochs");
        String ev = "\"Is it a 0?\" on the digits (positives " + column(per, 5) + "), one sigmoid output: with the bias at the log odds the loss starts at the prior's entropy "
                + "(within " + fmt(column(per, 0).max()) + ") instead of ln 2, and the first " + HOCKEY_STEPS + " steps average " + withPrior + " against " + without
                + ". After " + FirstStepExperiments.PRIOR_EPOCHS + " epochs the ratio of final losses (with / without) is " + endOwn + " with He's own output layer and "
                + endSmall + " with it x 0.01: the start is better, the end is not";
        return r.decide(!(atPrior && noStick) ? Verdict.WRONG : faster ? Verdict.HOLDS : Verdict.PARTLY, ev);
    }

    static Finding adamForgives() {
        // Per seed: test accuracy for zeros, N(0, 0.01^2), N(0, 1), each with SGD then Adam.
        var starts = FirstStepExperiments.optimizerStarts();
        List<double[]> per = Repeat.over(SEEDS, s -> {
            double[] a = new double[2 * starts.size()];
            int i = 0;
            for (var init : starts.values()) {
                a[i++] = FirstStepExperiments.trainWithOptimizer(init, false, s).last().testAccuracy();
                a[i++] = FirstStepExperiments.trainWithOptimizer(init, true, s).last().testAccuracy();
            }
            return a;
        });
        Spread zerosSgd = column(per, 0), zerosAdam = column(per, 1), smallSgd = column(per, 2), smallAdam = column(per, 3), bigSgd = column(per, 4), bigAdam = column(per, 5);
        Rule r = new Rule(SEEDS);
        boolean stalls = r.atMost("test accuracy from N(0, 0.01^2) with SGD, max over " + SEED_RANGE, smallSgd.max(), 0.2, "at most twice chance (0.1): it has not learned");
        boolean rescues = r.atLeast("the same with " + Claims.ADAM.label() + ", min over " + SEED_RANGE, smallAdam.min(), 0.8, "Adam rescues the too-small start in every seed");
        boolean symmetric = r.atMost("test accuracy from zeros with Adam, max over " + SEED_RANGE, zerosAdam.max(), 0.2,
                "rescaling cannot break symmetry: identical units get identical updates whatever their size");
        boolean worseBig = r.atMost("median test accuracy from N(0, 1), Adam - SGD", bigAdam.median() - bigSgd.median(), 0,
                "'matters less' fails where Adam does no better than SGD on a too-large start");
        String ev = "Notebook 03's tanh net, 15 epochs. Test accuracy, SGD then Adam: from N(0, 0.01^2) " + smallSgd + " then " + smallAdam + "; from zeros "
                + zerosSgd + " then " + zerosAdam + "; from N(0, 1) " + bigSgd + " then " + bigAdam
                + ". Adam undoes a scale that is too small, not a symmetric start, and not saturated tanh units";
        return r.decide(!(stalls && rescues) ? Verdict.WRONG : symmetric || worseBig ? Verdict.PARTLY : Verdict.HOLDS, ev);
    }
}

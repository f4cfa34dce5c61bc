package org.initlab.experiment;

import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Residual;

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
            ADAM_PAPER = "Kingma & Ba, \"Adam\" (2015)", GPT2 = "Radford et al., \"Language Models are Unsupervised Multitask Learners\" (GPT-2, 2019), section 2.3",
            ZERO_BRANCH = "Zhang et al., \"Fixup\" (2019); De & Smith, \"SkipInit\" (2020)", BATCHNORM = "Ioffe & Szegedy, \"Batch Normalization\" (2015), abstract",
            ISOMETRY = "Pennington, Schoenholz & Ganguli, \"Resurrecting the sigmoid\" (2017)", CHAOS = "Schoenholz et al., \"Deep Information Propagation\" (2017)";
    static final String DEEP = "10-deep-and-modern";
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
                        + "Adam the initialization matters less.", "09-the-first-step", Verdict.PARTLY, ModernClaims::adamForgives),
                new Claim("deep.1", GPT2, "A modified initialization which accounts for the accumulation on the residual path with model depth is used. We scale "
                        + "the weights of residual layers at initialization by a factor of 1/sqrt(N) where N is the number of residual layers.", DEEP, Verdict.HOLDS,
                        ModernClaims::residualScaling),
                new Claim("deep.2", ZERO_BRANCH, "(paraphrased) Start every residual branch at zero, its last layer (Fixup) or a learned multiplier (SkipInit), "
                        + "and a deep residual network trains without normalization.", DEEP, Verdict.HOLDS, ModernClaims::zeroBranches),
                new Claim("deep.3", BATCHNORM, "Batch Normalization allows us to use much higher learning rates and be less careful about initialization.",
                        DEEP, Verdict.PARTLY, ModernClaims::batchNormForgives),
                new Claim("deep.4", ISOMETRY, "(paraphrased) Orthogonal weights can achieve dynamical isometry in deep tanh networks, the input-output "
                        + "Jacobian's singular values all of order 1 at any depth; Gaussian weights cannot.", DEEP, Verdict.HOLDS, ModernClaims::isometry),
                new Claim("deep.5", CHAOS, "(paraphrased) Random tanh networks have an ordered phase, where the representations of any two inputs "
                        + "converge, and a chaotic phase, where they decorrelate to a fixed correlation below 1; mean-field theory predicts that correlation "
                        + "and the edge of chaos between the phases (chi1 = 1) from the weights' and biases' scales.", DEEP, Verdict.HOLDS, ModernClaims::edgeOfChaos));
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
                + "From He's own last layer (final test loss " + ownEnd + ") squashing ends at " + fmt(smallEnd.median() / ownEnd.median())
                + " of it in the median (a better loss would be at most 0.8), and after epoch 1 the squashed net is behind ("
                + column(per, 5) + " against " + column(per, 4) + "): a near-zero last layer passes little gradient to the layers below";
        return r.decide(!(wrong && helpsBig) ? Verdict.WRONG : helpsOwn ? Verdict.HOLDS : Verdict.PARTLY, ev);
    }

    static Finding logPriorBias() {
        double target = FirstStepExperiments.PRIOR_TARGET;
        int window = FirstStepExperiments.PRIOR_WINDOW;
        // Per seed: {|init loss - H(p)| with the prior at gain 0.01; steps to the target with the prior / without, gain 1, then 0.01;
        //            steps with and without at gain 0.01; the lowest final train accuracy of the four runs; the positives' share;
        //            steps for the zero bias at gain 0.01 to come down to H(p): its hockey stick}.
        List<double[]> per = Repeat.over(SEEDS, s -> {
            History prior = FirstStepExperiments.trainWithPrior(true, 0.01, s), none = FirstStepExperiments.trainWithPrior(false, 0.01, s),
                    priorOwn = FirstStepExperiments.trainWithPrior(true, 1, s), noneOwn = FirstStepExperiments.trainWithPrior(false, 1, s);
            double p = FirstStepExperiments.positives(FirstStepExperiments.zeroOrNot(s).train()), h = FirstStepExperiments.entropy(p);
            double withSmall = FirstStepExperiments.stepsToLoss(prior, target, window), withoutSmall = FirstStepExperiments.stepsToLoss(none, target, window);
            double learned = 1;
            for (History run : List.of(prior, none, priorOwn, noneOwn)) learned = Math.min(learned, run.last().trainAccuracy());
            return new double[]{Math.abs(prior.epochs().getFirst().trainLoss() - h),
                    FirstStepExperiments.stepsToLoss(priorOwn, target, window) / FirstStepExperiments.stepsToLoss(noneOwn, target, window),
                    withSmall / withoutSmall, withSmall, withoutSmall, learned, p, FirstStepExperiments.stepsToLoss(none, h, window)};
        });
        Spread ratioOwn = column(per, 1), ratioSmall = column(per, 2), learned = column(per, 5);
        Rule r = new Rule(SEEDS);
        boolean atPrior = r.atMost("|loss at init - entropy of the prior|, bias at the log odds, output weights x 0.01, max over " + SEED_RANGE,
                column(per, 0).max(), 0.01, "no hockey stick: the net starts where the bias-learning steps would end, at the prior's entropy, up to the 1% logits");
        double guess = column(per, 6).median(); // the train error of always saying "not a 0"
        boolean learns = r.atMost("final train error, highest of the four runs (bias at the log odds or 0, output weights x 1 or x 0.01), max over "
                + SEED_RANGE, 1 - learned.min(), guess / 2, "the runs timed must learn the task: at most half the error of always saying 'not a 0' ("
                + fmt(guess) + ")");
        boolean faster = r.atMost("median over seeds of steps to a train loss of " + fmt(target) + " (" + window + "-step mean), with the prior / without, "
                + "the better of He's own and x 0.01 output weights", Math.min(ratioOwn.median(), ratioSmall.median()), 0.8,
                "'speed up convergence': at least 20% fewer steps, seed by seed, to a loss the bias alone cannot reach");
        String ev = "\"Is it a 0?\" on the digits (positives " + column(per, 6) + "), one sigmoid output, " + FirstStepExperiments.PRIOR_OPTIMIZER.label()
                + ", " + FirstStepExperiments.PRIOR_EPOCHS + " epochs: with the bias at the log odds the loss starts at the prior's entropy (within "
                + fmt(column(per, 0).max()) + ") instead of ln 2; the zero bias takes " + column(per, 7) + " steps to come down to it (" + window
                + "-step mean), the hockey stick. To a train loss of " + fmt(target) + " (output x 0.01) the prior takes " + column(per, 3) + " steps against "
                + column(per, 4) + ", " + Claims.each(per, q -> q[4] - q[3]) + " fewer (ratio " + ratioSmall + "; with He's own output layer " + ratioOwn
                + "), and every run learns (train accuracy at least " + fmt(learned.min()) + "): the curve starts lower, and reaches the target a few steps sooner";
        return r.decide(!atPrior ? Verdict.WRONG : learns && faster ? Verdict.HOLDS : Verdict.PARTLY, ev);
    }

    static Finding adamForgives() {
        var starts = FirstStepExperiments.optimizerStarts();
        var sgd = org.initlab.nn.Optimizer.sgd(0.05);
        var big = Init.normal(0, 1);
        // Per seed: test accuracy for zeros, N(0, 0.01^2), N(0, 1), each with SGD then Adam;
        // then from N(0, 1), for SGD, Adam and Adam at 1e-2: final train loss, train accuracy, test accuracy.
        List<double[]> per = Repeat.over(SEEDS, s -> {
            double[] a = new double[2 * starts.size() + 9];
            int i = 0;
            for (var init : starts.values()) {
                a[i++] = FirstStepExperiments.trainWithOptimizer(init, sgd, s).last().testAccuracy();
                a[i++] = FirstStepExperiments.trainWithOptimizer(init, Claims.ADAM, s).last().testAccuracy();
            }
            for (var opt : List.of(sgd, Claims.ADAM, FirstStepExperiments.ADAM_FAST)) {
                History.Epoch end = FirstStepExperiments.trainWithOptimizer(big, opt, s).last();
                a[i++] = end.trainLoss();
                a[i++] = end.trainAccuracy();
                a[i++] = end.testAccuracy();
            }
            return a;
        });
        Spread zerosSgd = column(per, 0), zerosAdam = column(per, 1), smallSgd = column(per, 2), smallAdam = column(per, 3);
        Spread bigSgdLoss = column(per, 6), bigAdamLoss = column(per, 9), fastLoss = column(per, 12);
        Spread bigSgd = column(per, 8), bigAdam = column(per, 11), fast = column(per, 14);
        String adam = Claims.ADAM.label(), adamFast = FirstStepExperiments.ADAM_FAST.label();
        Rule r = new Rule(SEEDS);
        boolean stalls = r.atMost("test accuracy from N(0, 0.01^2) with SGD, max over " + SEED_RANGE, smallSgd.max(), 0.2, "at most twice chance (0.1): it has not learned");
        boolean rescues = r.atLeast("the same with " + adam + ", min over " + SEED_RANGE, smallAdam.min(), 0.8, "Adam rescues the too-small start in every seed");
        boolean symmetric = r.atMost("test accuracy from zeros with Adam, max over " + SEED_RANGE, zerosAdam.max(), 0.2,
                "rescaling cannot break symmetry: identical units get identical updates whatever their size");
        boolean fitsBig = r.atMost("median final train loss from N(0, 1), Adam / SGD, the higher of " + adam + "'s and " + adamFast + "'s",
                Math.max(bigAdamLoss.median(), fastLoss.median()) / bigSgdLoss.median(), 0.8,
                "Adam forgives the too-large start in training if it fits the training set further than SGD, by 20%, at both rates");
        boolean carries = r.atLeast("median test accuracy from N(0, 1), " + adam + " - SGD", bigAdam.median() - bigSgd.median(), 0,
                "and in what it learns if its test accuracy is at least SGD's at the rate the course's other Adam runs use");
        String ev = "Notebook 03's tanh net, 15 epochs. Test accuracy, SGD then " + adam + ": from N(0, 0.01^2) " + smallSgd + " then " + smallAdam + "; from zeros "
                + zerosSgd + " then " + zerosAdam + ". From N(0, 1), train loss, train accuracy and test accuracy: SGD " + bigSgdLoss + ", " + column(per, 7)
                + ", " + bigSgd + "; " + adam + " " + bigAdamLoss + ", " + column(per, 10) + ", " + bigAdam + "; " + adamFast + " " + fastLoss + ", "
                + column(per, 13) + ", " + fast + ". Adam undoes a scale that is too small, not a symmetric start; from the too-large start it fits the "
                + "training set further than SGD at both rates, but at 1e-3 what it fits does not carry to the test set; at 1e-2 its test accuracy "
                + (fast.min() <= bigSgd.max() ? "overlaps SGD's across the seeds" : "is above SGD's in every seed");
        return r.decide(!(stalls && rescues) ? Verdict.WRONG : symmetric || !(fitsBig && carries) ? Verdict.PARTLY : Verdict.HOLDS, ev);
    }
    // ---------------------------------------------------------------- 10: deep and modern

    static Finding residualScaling() {
        int blocks = DeepExperiments.VARIANCE_BLOCKS;
        double bounded = Math.pow(1 + 2.0 / blocks, blocks);
        // Per seed: the unscaled stream's growth per block (geometric mean), the scaled stream's total growth.
        List<double[]> per = Repeat.over(SEEDS, s -> {
            double[] plain = DeepExperiments.varianceProfile(org.initlab.nn.Residual.blocks(2), s);
            double[] scaled = DeepExperiments.varianceProfile(org.initlab.nn.Residual.blocks(2).depthScaled(), s);
            return new double[]{Math.pow(plain[blocks] / plain[0], 1.0 / blocks), scaled[blocks] / scaled[0]};
        });
        Spread perBlock = column(per, 0), total = column(per, 1);
        Rule r = new Rule(SEEDS);
        boolean grows = r.near("residual stream's second moment, growth per block without scaling, worst of " + SEED_RANGE,
                FixClaims.worst(perBlock, 3), 3, 0.4, "He-started two-layer branches add twice the stream's second moment: x3 per block");
        boolean kept = r.near("total growth over " + blocks + " blocks with the last layers / sqrt(" + blocks + "), worst of " + SEED_RANGE,
                FixClaims.worst(total, bounded), bounded, 0.4 * bounded, "(1 + 2/N)^N = " + fmt(bounded) + " (e^2 for large N), within 40%: at width 64 a product of 49 random factors scatters");
        // What training showed: the race at depth 50 over RATE_SEEDS seeds, scaled branches, with and without a quiet output layer.
        Residual scaledBlocks = Residual.blocks(2).depthScaled();
        int seeds = DeepExperiments.RATE_SEEDS;
        List<History> scaledRuns = Repeat.over(seeds, s -> DeepExperiments.trainDigits(scaledBlocks, s));
        List<History> quietRuns = Repeat.over(seeds, s -> DeepExperiments.trainDigits(scaledBlocks, DeepExperiments.QUIET_OUTPUT, s));
        long scaledDiverged = scaledRuns.stream().filter(History::diverged).count(), quietDiverged = quietRuns.stream().filter(History::diverged).count();
        Spread quiet = Spread.of(quietRuns.stream().mapToDouble(DeepExperiments::accuracy).toArray());
        String ev = "A 100-layer ReLU net of 49 two-layer blocks, He start: the residual stream's second moment grows x" + perBlock + " per block unscaled ("
                + "x3 predicted: about 10^23 over the blocks), and by " + total + " in all with the branches' last layers / sqrt(49) (predicted "
                + fmt(bounded) + "): the 1/sqrt(N) scale turns exponential growth in depth into a bounded factor. The verdict is on the forward pass, for branches "
                + "that see the raw stream (x3 per block is their growth; GPT-2's branches read a LayerNorm of it, so its stream grows about 1 + 2N, and 1/sqrt(N) "
                + "corrects that linear growth: not measured here). In training (depth 50, momentum SGD at 0.005) the scaled net still diverged in "
                + scaledDiverged + " of " + seeds + " seeds, its logits e^2 times too large; with the output layer also x" + fmt(DeepExperiments.QUIET_OUTPUT)
                + " it diverged in " + quietDiverged + " of " + seeds + " and reached test accuracy " + quiet;
        return r.decide(grows && kept ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding zeroBranches() {
        // Per seed: test accuracy of the depth-50 race for plain, residual, last zero, SkipInit (0 when diverged), and whether the residual diverged.
        List<double[]> per = Repeat.over(SEEDS, s -> new double[]{DeepExperiments.accuracy(DeepExperiments.trainDigits("plain", s)),
                DeepExperiments.trainDigits("residual", s).diverged() ? 1 : 0, DeepExperiments.accuracy(DeepExperiments.trainDigits("residual, last zero", s)),
                DeepExperiments.accuracy(DeepExperiments.trainDigits("residual, SkipInit", s)), DeepExperiments.accuracy(DeepExperiments.trainDigits("residual, last / sqrt(blocks)", s))});
        Spread plain = column(per, 0), zero = column(per, 2), skip = column(per, 3), scaled = column(per, 4);
        Rule r = new Rule(SEEDS);
        boolean zeroTrains = r.atLeast("test accuracy at depth 50 on the digits, last layer of every branch zero, min over " + SEED_RANGE, zero.min(), 0.8,
                "'trains': at least 8x chance on 10 classes in every seed, after " + DeepExperiments.EPOCHS + " epochs");
        boolean skipTrains = r.atLeast("the same with SkipInit (alpha starts at 0), min over " + SEED_RANGE, skip.min(), 0.8, "as above");
        boolean unscaledFails = r.exactly("seeds (of " + SEEDS + ") in which the unscaled residual net diverges", java.util.Arrays.stream(column(per, 1).values()).sum(), SEEDS,
                "the contrast: without a zero start the same net must fail in every seed");
        String ev = "Depth 50 (24 two-layer blocks of 64, ReLU, He start), momentum SGD at 0.005 for " + DeepExperiments.EPOCHS + " epochs, test accuracy: branches "
                + "ending in a zero layer " + zero + ", SkipInit " + skip + "; the same blocks unscaled diverge in every seed, scaled by 1/sqrt(24) they reach "
                + scaled + " (0 = diverged), and the plain stack " + plain;
        return r.decide(zeroTrains && skipTrains && unscaledFails ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static final double LEARNS = 0.8;

    static Finding batchNormForgives() {
        List<Double> scales = DeepExperiments.SCALES, rates = DeepExperiments.RATES;
        org.initlab.nn.Normalization bn = org.initlab.nn.Normalization.batchNorm();
        // The highest learning rate at which the median run learns, without normalization and with BatchNorm, at He's scale.
        double plainTop = 0, bnTop = 0;
        StringBuilder rateText = new StringBuilder();
        for (double rate : rates) {
            Spread p = Spread.of(Repeat.over(SEEDS, s -> DeepExperiments.accuracy(DeepExperiments.trainAtRate(rate, null, s))));
            Spread b = Spread.of(Repeat.over(SEEDS, s -> DeepExperiments.accuracy(DeepExperiments.trainAtRate(rate, bn, s))));
            if (p.median() >= LEARNS) plainTop = rate;
            if (b.median() >= LEARNS) bnTop = rate;
            rateText.append(rateText.isEmpty() ? "" : ", ").append(fmt(rate)).append(": ").append(fmt(p.median())).append(" / ").append(fmt(b.median()));
        }
        // Dead units on the test set after training, LayerNorm against BatchNorm, at the smaller scales.
        double[] deadScales = DeepExperiments.DEAD_SCALES.stream().mapToDouble(d -> d).toArray();
        List<double[]> lnDead = Repeat.over(SEEDS, s -> DeepExperiments.deadAfterTraining(deadScales, org.initlab.nn.Normalization.layerNorm(), s));
        List<double[]> bnDead = Repeat.over(SEEDS, s -> DeepExperiments.deadAfterTraining(deadScales, bn, s));
        StringBuilder deadText = new StringBuilder();
        for (int i = 0; i < deadScales.length; i++)
            deadText.append(deadText.isEmpty() ? "" : ", ").append("x").append(fmt(deadScales[i])).append(" ").append(column(lnDead, i)).append(" / ").append(column(bnDead, i));
        // Per seed: test accuracy for every scale without normalization, then with BatchNorm; then the largest relative output difference at init.
        List<double[]> per = Repeat.over(SEEDS, s -> {
            double[] a = new double[2 * scales.size() + 1];
            for (int i = 0; i < scales.size(); i++) {
                a[i] = DeepExperiments.accuracy(DeepExperiments.trainSweep(scales.get(i), "none", s));
                a[scales.size() + i] = DeepExperiments.accuracy(DeepExperiments.trainSweep(scales.get(i), "batchnorm", s));
            }
            a[2 * scales.size()] = DeepExperiments.batchNormOutputSpread(s);
            return a;
        });
        // The best median accuracy away from He's own scale (x1), with and without BatchNorm; the worst with it.
        double plainAway = 0, bnAway = 0, worstBn = 1;
        StringBuilder plainText = new StringBuilder(), bnText = new StringBuilder();
        for (int i = 0; i < scales.size(); i++) {
            Spread p = column(per, i), b = column(per, scales.size() + i);
            if (scales.get(i) != 1) { plainAway = Math.max(plainAway, p.median()); bnAway = Math.max(bnAway, b.median()); }
            worstBn = Math.min(worstBn, b.median());
            plainText.append(plainText.isEmpty() ? "" : ", ").append("x").append(fmt(scales.get(i))).append(" ").append(fmt(p.median()));
            bnText.append(bnText.isEmpty() ? "" : ", ").append("x").append(fmt(scales.get(i))).append(" ").append(fmt(b.median()));
        }
        Rule r = new Rule(SEEDS);
        boolean sameStart = r.atMost("largest relative difference of the BatchNorm net's last hidden layer at step 0, scales x1 to x100, max over " + SEED_RANGE,
                column(per, 2 * scales.size()).max(), 1e-3, "BatchNorm divides out the weights' scale: the hidden layers compute the same at the start, up to its epsilon");
        boolean plainNarrow = r.atMost("best median test accuracy away from He's scale (x0.01, x0.1, x10, x100), no normalization", plainAway, 0.2,
                "the plain net needs He's scale: at most twice chance anywhere else");
        boolean wider = r.atLeast("the same with BatchNorm", bnAway, LEARNS, "'less careful': BatchNorm trains from a scale the plain net cannot train from");
        boolean everywhere = r.atLeast("lowest median test accuracy over the 5 scales, with BatchNorm", worstBn, LEARNS, "'careless' would mean every scale trains");
        boolean higher = r.atLeast("highest learning rate at which BatchNorm's median run learns, over the plain net's (He's scale; rates " + DeepExperiments.list(rates.stream().mapToDouble(d -> d).toArray()) + ")",
                plainTop == 0 ? 0 : bnTop / plainTop, 3, "'much higher learning rates': at least one step of the grid (x3) above the plain net's highest");
        String ev = "10 ReLU layers of 64 on the digits, hidden weights N(0, (s sqrt(2/64))^2) and the output layer at He's scale, momentum SGD at 0.01, "
                + DeepExperiments.SWEEP_EPOCHS + " epochs; median test accuracy without normalization " + plainText + "; with BatchNorm " + bnText
                + ". The hidden layers start as the same function at every scale, but the scale still sets how fast the weights move relative to themselves "
                + "(the effective learning rate goes as 1/s^2). Learning rates at He's scale, median test accuracy none / BatchNorm: " + rateText
                + ": the plain net learns up to " + fmt(plainTop) + ", BatchNorm up to " + fmt(bnTop) + ". Dead hidden units on the test set after training, "
                + "LayerNorm / BatchNorm: " + deadText + " (LayerNorm centres each example, BatchNorm each unit over the batch)";
        return r.decide(!(sameStart && plainNarrow && wider) ? Verdict.WRONG : everywhere && higher ? Verdict.HOLDS : Verdict.PARTLY, ev);
    }

    static Finding isometry() {
        var gaussian = org.initlab.init.Init.normal(0, 1 / Math.sqrt(DeepExperiments.ISOMETRY_WIDTH));
        var orthogonal = org.initlab.init.Init.orthogonal(1);
        // Per seed: log10 condition numbers, small input then the digit as it is: orthogonal, Gaussian; orthogonal's extreme singular values at small input.
        List<double[]> per = Repeat.over(SEEDS, s -> {
            double[] os = DeepExperiments.jacobianSpectrum(orthogonal, 0.1, s);
            return new double[]{Math.log10(DeepExperiments.condition(os)), DeepExperiments.stretchSpread(DeepExperiments.jacobianStretches(gaussian, 0.1, s)),
                    Math.log10(DeepExperiments.condition(DeepExperiments.jacobianSpectrum(orthogonal, 1, s))), os[0], os[os.length - 1]};
        });
        Spread orth = column(per, 0), gauss = column(per, 1), orthData = column(per, 2);
        Rule r = new Rule(SEEDS);
        boolean iso = r.atMost("log10 of the Jacobian's condition number, orthogonal, 100 tanh layers of 64, input x 0.1, max over " + SEED_RANGE, orth.max(), 1,
                "singular values of one order: the largest at most 10x the smallest");
        boolean notGauss = r.atLeast("the same, Gaussian N(0, 1/64), a lower bound by QR accumulation, min over " + SEED_RANGE, gauss.min(), 10,
                "'cannot': a product of 100 square Gaussian matrices spreads its singular values over 10 orders of magnitude or more");
        String ev = "At depth 100 (tanh, width 64, weights' variance 1/64, a digit scaled by 0.1), the Jacobian's singular values span 10^" + orth
                + " with orthogonal weights (from " + column(per, 4) + " to " + column(per, 3) + ") and at least 10^" + gauss + " with Gaussian ones (a lower "
                + "bound from a QR accumulation of the layers' Jacobians: formed and decomposed, the product cannot show less than 10^-16 of its largest "
                + "singular value). At the digit's "
                + "own scale the tanh units leave their linear range and orthogonal's span grows to 10^" + orthData + ": isometry needs the signal small";
        return r.decide(iso && notGauss ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding edgeOfChaos() {
        double edge = org.initlab.probe.MeanField.edgeOfChaos(DeepExperiments.CHAOS_SB);
        List<Double> sws = DeepExperiments.CHAOS_SW;
        int last = DeepExperiments.ISOMETRY_DEPTH - 1;
        List<double[]> per = Repeat.over(SEEDS, s -> sws.stream().mapToDouble(sw -> DeepExperiments.correlations(sw, s)[last]).toArray());
        Rule r = new Rule(SEEDS);
        double orderedWorst = 1, chaoticWorst = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sws.size(); i++) {
            double sw = sws.get(i), predicted = DeepExperiments.meanFieldCorrelation(sw);
            Spread c = column(per, i);
            if (sw < edge) orderedWorst = Math.min(orderedWorst, c.min());
            else chaoticWorst = Math.max(chaoticWorst, Math.abs(c.median() - predicted));
            text.append(text.isEmpty() ? "" : "; ").append("sw ").append(fmt(sw)).append(": ").append(c).append(" (mean field ").append(fmt(predicted)).append(")");
        }
        boolean ordered = r.atMost("1 - correlation of two inputs after 100 layers, sw below the edge, worst over seeds and scales", 1 - orderedWorst, 0.01,
                "ordered phase: the two representations become one (within 1% near the edge, where they converge slowest)");
        boolean chaotic = r.atMost("|median correlation - mean field's c*| after 100 layers, sw above the edge, worst scale", chaoticWorst, 0.15,
                "chaotic phase: the correlation follows theory, up to the noise of a finite width (128 units, 16 pairs of inputs)");
        String ev = "Tanh, width 128, sb^2 = 0.05, inputs correlated " + fmt(DeepExperiments.C0) + ": mean-field theory puts the edge of chaos at sw = "
                + fmt(edge) + "; after 100 layers the correlation is " + text;
        return r.decide(ordered && chaotic ? Verdict.HOLDS : Verdict.WRONG, ev);
    }
}

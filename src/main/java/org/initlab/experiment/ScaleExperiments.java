package org.initlab.experiment;

import org.initlab.data.Dataset;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.probe.Probe;

/** The experiments of notebook 03: random weights whose scale is too small or too large. */
public final class ScaleExperiments {
    private ScaleExperiments() {}

    public static final int WIDTH = 500, DEPTH = 10, SAMPLES = 256;

    /** Ten hidden layers of 500 with {@code act}, a linear 10-class output, weights from {@code init}: the CS231n stack. */
    public static NetworkSpec deepStack(Activation act, Initializer init) {
        int[] widths = new int[DEPTH + 2];
        java.util.Arrays.fill(widths, WIDTH);
        widths[DEPTH + 1] = 10;
        return Network.mlp(widths).activation(act).init(init).seed(1);
    }

    /** The stack measured at its initialization on 256 N(0, 1) inputs. */
    public static SignalPropagation propagate(Activation act, Initializer init) { return propagate(act, init, 1); }

    /** The same with weights and inputs drawn from {@code seed}; computed once per JVM (notebook 03 and the catalog share it). */
    public static SignalPropagation propagate(Activation act, Initializer init, long seed) {
        return Memo.get("scale.propagate/" + act.label() + "/" + init.describe() + "/" + seed, () -> SignalPropagation.seeded(deepStack(act, init), SAMPLES, seed));
    }

    /** The digits, standardized, 80/20. */
    public static Dataset.Split digits() { return digits(1); }

    /** The digits, standardized, split 80/20 with {@code seed}: which digits are held out is part of a run's randomness. */
    public static Dataset.Split digits(long seed) {
        return org.initlab.data.DataSpec.digits(seed).read();
    }

    /**
     * The largest distance of any epoch's train loss (whole set, or batch mean) from ln 10, the loss of a uniform guess
     * over the digits' 10 classes: how far a run got from chance. NaN if an epoch has no finite loss (Math.max keeps a NaN).
     */
    public static double offChance(History h) {
        double ln10 = Math.log(10), off = 0;
        for (History.Epoch e : h.epochs()) off = Math.max(off, Math.abs(e.trainLoss() - ln10));
        return off;
    }

    /** 64-128-128-128-128-10 on the digits. */
    public static NetworkSpec digitsNet(Activation act, Initializer init) {
        return Network.mlp(64, 128, 128, 128, 128, 10).activation(act).init(init).seed(1);
    }

    public static Trainer digitsTrainer(Optimizer opt) {
        return Trainer.of(opt).epochs(15).batchSize(32).seed(1).probe(Probe.every(45)).evaluation(Trainer.Evaluation.START_AND_END);
    }

    /** SGD 0.05, batches of 32, 15 epochs, probing every 45 steps (one epoch); evaluated on the whole sets at the start and the end. */
    public static Trainer digitsTrainer() { return digitsTrainer(Optimizer.sgd(0.05)); }

    public static History trainDigits(Activation act, Initializer init) { return trainDigits(act, init, Optimizer.sgd(0.05), 1); }

    /** {@link #digitsNet} trained with {@code opt}; weights, split and batch order from {@code seed}; computed once per JVM. */
    public static History trainDigits(Activation act, Initializer init, Optimizer opt, long seed) {
        return Memo.get("scale.digits/" + act.label() + "/" + init.describe() + "/" + opt.label() + "/" + seed,
                () -> digitsTrainer(opt).seed(seed).fit(digitsNet(act, init).seed(seed).build(), digits(seed)));
    }
}

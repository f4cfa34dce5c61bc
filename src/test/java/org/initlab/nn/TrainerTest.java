package org.initlab.nn;

import org.initlab.data.Dataset;
import org.initlab.data.Digits;
import org.initlab.data.Generators;
import org.initlab.init.Init;
import org.initlab.probe.LayerStats;
import org.initlab.probe.Measure;
import org.initlab.probe.Sums;
import org.initlab.probe.Probe;
import org.junit.jupiter.api.Test;
import smile.tensor.DenseMatrix;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {

    static final Dataset.Split MOONS = Generators.moons(400, 0.1, 1).split(0.25, 2).standardized();

    @Test
    void learnsTheMoons() {
        Network net = Network.mlp(2, 32, 32, 2).activation(Activation.TANH).init(Init.xavierNormal()).seed(3).build();
        History h = Trainer.of(Optimizer.adam(0.01)).epochs(30).batchSize(32).seed(1).fit(net, MOONS);
        assertEquals(History.Status.COMPLETED, h.status());
        assertEquals(31, h.epochs().size(), "epoch 0 (the initialization) plus 30");
        assertTrue(h.last().testAccuracy() > 0.95, "test accuracy " + h.last().testAccuracy());
        assertTrue(h.last().trainLoss() < h.epochs().getFirst().trainLoss() / 5);
    }

    @Test
    void sameSeedsGiveBitIdenticalRuns() {
        Network na = Network.mlp(2, 16, 2).init(Init.heNormal()).dropout(0.1, 4).seed(3).build();
        Network nb = Network.mlp(2, 16, 2).init(Init.heNormal()).dropout(0.1, 4).seed(3).build();
        History a = run(na), b = run(nb);
        assertEquals(a, b);
        for (int l = 0; l < na.depth(); l++) {
            double[][] wa = na.weights().get(l), wb = nb.weights().get(l);
            for (int i = 0; i < wa.length; i++) assertArrayEquals(wa[i], wb[i], 0.0, "layer " + l + " row " + i);
        }
        History c = Trainer.of(Optimizer.sgd(0.1)).epochs(3).seed(8).probe(Probe.every(5))
                .fit(Network.mlp(2, 16, 2).init(Init.heNormal()).seed(3).build(), MOONS);
        assertNotEquals(a, c, "another shuffling seed gives another run");
    }

    /**
     * Probing changes no bit of training: the same weights and losses with probes at every step as without, for SGD
     * (whose probed step rides on the probe's pass over each large weight matrix) and for momentum and Adam. An unprobed
     * step updates each layer's weights inside backward, in the gradient product's blocks: unsplit (128 x 128), in
     * column blocks (256 x 256 by a batch of 64, in both precisions), after row blocks (2048 x 16), and in a residual block.
     */
    @Test
    void probingChangesNoBitOfTraining() {
        Dataset.Split digits = Digits.load().split(0.2, 1);
        List<NetworkSpec> specs = List.of(Network.mlp(64, 128, 128, 10), Network.mlp(64, 256, 256, 10), Network.mlp(64, 256, 256, 10).float32(),
                Network.mlp(64, 16, 2048, 10), Network.mlp(64, 256, 256, 256, 10).residual(Residual.blocks(1)));
        for (Optimizer o : List.of(Optimizer.sgd(0.05), Optimizer.momentum(0.02, 0.9), Optimizer.adam(0.001))) {
            for (NetworkSpec s : specs) {
                NetworkSpec spec = s.init(Init.heNormal()).seed(4);
                Network plain = spec.build(), probed = spec.build();
                Trainer t = Trainer.of(o).epochs(1).batchSize(64).seed(2).evaluation(Trainer.Evaluation.NONE);
                History a = t.fit(plain, digits), b = t.probe(Probe.everyStep()).fit(probed, digits);
                String what = o.label() + " " + spec.describe();
                assertArrayEquals(a.stepLosses(), b.stepLosses(), 0.0, what);
                assertFalse(b.probes().isEmpty());
                for (int l = 0; l < plain.depth(); l++) {
                    double[][] wa = plain.weights().get(l), wb = probed.weights().get(l);
                    for (int i = 0; i < wa.length; i++) assertArrayEquals(wa[i], wb[i], 0.0, what + ", layer " + l + " row " + i);
                }
            }
        }
    }

    /**
     * A probed step measures while training goes on (each layer's signals and parameters as tasks on the pool, started as
     * soon as backward no longer changes what they read, waited for before the next forward pass reaches the layer): what
     * it records is still exactly that step's buffers. The progress callback, called after each step's backward pass,
     * copies the layers' pre-activations, activations, gradients and weight gradients; every record must equal, bit for
     * bit, the summaries of those copies. Two epochs of batches of 64 over 1437 samples: the step before each epoch's
     * smaller last batch is measured while the next forward pass switches to the other batch size's buffers. Plain,
     * residual, dropout and normalized networks, in both precisions.
     */
    @Test
    void aProbedStepRecordsItsOwnBuffersBitForBit() {
        Dataset.Split digits = Digits.load().split(0.2, 1);
        List<NetworkSpec> specs = List.of(Network.mlp(64, 256, 256, 10), Network.mlp(64, 256, 256, 10).float32(),
                Network.mlp(64, 256, 256, 256, 10).residual(Residual.blocks(1)), Network.mlp(64, 128, 128, 10).dropout(0.2, 3),
                Network.mlp(64, 128, 128, 10).norm(Normalization.batchNorm()));
        for (NetworkSpec s : specs) {
            Network net = s.init(Init.heNormal()).seed(4).build();
            Probe probe = Probe.everyStep();
            List<DenseMatrix[]> copies = new java.util.ArrayList<>(); // per step and layer: pre, act (before dropout), grad, dW
            History h = Trainer.of(Optimizer.sgd(0.05)).epochs(2).batchSize(64).seed(2).probe(probe).evaluation(Trainer.Evaluation.NONE)
                    .fit(net, digits.train(), null, p -> {
                        for (Dense d : net.layers()) {
                            DenseMatrix act = d.activations();
                            if (d.dropout() > 0) {
                                act = DenseMatrix.zeros(act.scalarType(), act.nrow(), act.ncol());
                                Kernels.activate(d.activation(), d.preActivations(), act);
                            }
                            copies.add(new DenseMatrix[]{d.preActivations().copy(), act.copy(), d.preActivationGradient().copy(), d.weightGradient().copy()});
                        }
                    });
            assertEquals(copies.size(), h.probes().size());
            for (int k = 0; k < copies.size(); k++) {
                LayerStats r = h.probes().get(k);
                DenseMatrix[] c = copies.get(k);
                String what = s.describe() + ", step " + r.step() + ", layer " + r.layer();
                assertEquals(k / net.depth(), r.step(), what);
                assertEquals(k % net.depth(), r.layer(), what);
                Measure.Summary pre = Measure.summary(c[0], probe.bins(), probe.sample()), a = Measure.summary(c[1], probe.bins(), probe.sample()),
                        g = Measure.summary(c[2], probe.bins(), probe.sample());
                assertEquals(pre.mean(), r.preMean(), 0.0, what);
                assertEquals(pre.std(), r.preStd(), 0.0, what);
                assertEquals(pre.histogram(), r.pre(), what);
                assertEquals(a.mean(), r.actMean(), 0.0, what);
                assertEquals(a.std(), r.actStd(), 0.0, what);
                assertEquals(a.histogram(), r.act(), what);
                assertEquals(g.mean(), r.gradMean(), 0.0, what);
                assertEquals(g.std(), r.gradStd(), 0.0, what);
                assertEquals(g.histogram(), r.grad(), what);
                assertEquals(Measure.deadFraction(net.layer(r.layer()).activation(), c[0]), r.dead(), 0.0, what);
                Sums dW = org.initlab.probe.Scan.of(c[3], null).first();
                assertEquals(dW.std(), r.weightGradStd(), 0.0, what);
                assertEquals(dW.norm(), r.weightGradNorm(), 0.0, what);
            }
        }
    }

    private static History run(Network net) {
        History h = Trainer.of(Optimizer.sgd(0.1)).epochs(3).seed(7).probe(Probe.every(5)).fit(net, MOONS);
        assertFalse(h.probes().isEmpty());
        return h;
    }

    @Test
    void evaluatingLessNeverChangesTheTraining() {
        Trainer t = Trainer.of(Optimizer.momentum(0.05, 0.9)).epochs(4).seed(2);
        History every = t.fit(Network.mlp(2, 16, 2).seed(3).build(), MOONS);
        History ends = t.evaluation(Trainer.Evaluation.START_AND_END).fit(Network.mlp(2, 16, 2).seed(3).build(), MOONS);
        History start = t.evaluation(Trainer.Evaluation.START_ONLY).fit(Network.mlp(2, 16, 2).seed(3).build(), MOONS);
        assertArrayEquals(every.stepLosses(), ends.stepLosses(), 0.0, "the same steps, bit for bit");
        assertArrayEquals(every.stepLosses(), start.stepLosses(), 0.0);
        assertEquals(every.epochs().getFirst(), ends.epochs().getFirst(), "epoch 0 is evaluated in full");
        assertEquals(every.last(), ends.last(), "so is the last epoch");
        for (int e = 1; e < 4; e++) assertTrue(Double.isNaN(ends.epochs().get(e).testAccuracy()), "epoch " + e + " has no test numbers");
        assertTrue(Double.isNaN(start.last().testAccuracy()));
        History none = t.evaluation(Trainer.Evaluation.NONE).fit(Network.mlp(2, 16, 2).seed(3).build(), MOONS);
        assertArrayEquals(every.stepLosses(), none.stepLosses(), 0.0);
        assertTrue(Double.isNaN(none.epochs().getFirst().trainLoss()), "nothing is evaluated, not even the start");
        assertEquals(start.last(), none.last(), "the epochs report their batch means");
        History end = t.evaluation(Trainer.Evaluation.END_ONLY).fit(Network.mlp(2, 16, 2).seed(3).build(), MOONS);
        assertArrayEquals(every.stepLosses(), end.stepLosses(), 0.0);
        assertTrue(Double.isNaN(end.epochs().getFirst().trainLoss()), "the start is not evaluated");
        assertEquals(every.last(), end.last(), "the last epoch is, in full");
        assertEquals(none.epochs().get(2), end.epochs().get(2), "the epochs between report their batch means");
    }

    @Test
    void aStartThatIsNotFiniteIsReportedWithoutTheStartsEvaluation() {
        Network net = Network.mlp(2, 16, 2).init(Init.constant(Double.MAX_VALUE)).seed(1).build();
        History h = Trainer.of(Optimizer.sgd(0.1)).epochs(2).evaluation(Trainer.Evaluation.END_ONLY).fit(net, MOONS);
        assertEquals(History.Status.DIVERGED, h.status());
        assertEquals(0, h.stopStep(), "caught at the first step's loss");
    }

    @Test
    void divergenceIsReportedNotThrown() {
        Network net = Network.mlp(64, 64, 64, 10).activation(Activation.RELU).init(Init.normal(0, 3)).seed(1).build();
        Dataset.Split digits = Digits.load().split(0.2, 1);
        // Squared error has no saturating link: with a large step the outputs and gradients feed each other.
        History h = Trainer.of(Optimizer.sgd(5)).loss(Loss.meanSquaredError()).epochs(5).seed(1).fit(net, digits);
        assertEquals(History.Status.DIVERGED, h.status());
        assertTrue(h.stopStep() >= 0);
        assertTrue(h.message().contains("diverged at"), h.message());
        assertEquals(h.stopStep() + 1, h.stepLosses().length);
        assertFalse(Double.isFinite(h.stepLosses()[(int) h.stopStep()]));
    }

    @Test
    void aNaNWeightBehindAReluIsReportedNotHidden() {
        for (Activation f : new Activation[]{Activation.RELU, Activation.TANH, Activation.LEAKY_RELU}) {
            Network net = Network.mlp(2, 8, 2).activation(f).seed(3).build();
            net.layer(0).weights().set(5, 1, Double.NaN); // unit 5's pre-activation is NaN on every sample
            History h = Trainer.of(Optimizer.sgd(0.1)).epochs(2).fit(net, MOONS);
            assertEquals(History.Status.DIVERGED, h.status(), f.label());
            assertEquals("diverged at initialization: the loss is not finite before any step", h.message(), f.label());
        }
    }

    @Test
    void anInterruptedThreadStopsTheRunAndTheRestOfTheCell() {
        try {
            Thread.currentThread().interrupt();
            History h = Trainer.of(Optimizer.sgd(0.1)).epochs(3).fit(Network.mlp(2, 8, 2).build(), MOONS);
            assertEquals(History.Status.INTERRUPTED, h.status());
            assertEquals(0, h.stopStep());
            assertEquals(1, h.epochs().size(), "epoch 0, unmeasured");
            assertTrue(Double.isNaN(h.last().trainLoss()));
            assertTrue(Thread.currentThread().isInterrupted(), "the flag stays: the rest of the cell stops too");
            // A loop of fits after the stop button: every fit returns at once, none trains.
            for (int i = 0; i < 3; i++) {
                History next = Trainer.of(Optimizer.sgd(0.1)).epochs(50).fit(Network.mlp(2, 8, 2).seed(i).build(), MOONS);
                assertEquals(History.Status.INTERRUPTED, next.status());
                assertEquals(0, next.stepLosses().length);
            }
            // LSUV's calibration stops too, and the network is left uncalibrated for the next fit to redo.
            Network lsuv = Network.mlp(2, 8, 8, 2).init(Init.lsuv()).seed(1).build();
            assertEquals(History.Status.INTERRUPTED, Trainer.of(Optimizer.sgd(0.1)).fit(lsuv, MOONS).status());
            assertTrue(lsuv.needsCalibration());
        } finally {
            Thread.interrupted(); // what the kernel's executor does before the next cell
        }
    }

    @Test
    void aRunInterruptedMidwayKeepsItsHistory() throws Exception {
        Network net = Network.mlp(2, 64, 64, 2).seed(1).build();
        var steps = new java.util.concurrent.atomic.AtomicLong();
        var result = new java.util.concurrent.atomic.AtomicReference<History>();
        var interruptedAfter = new java.util.concurrent.atomic.AtomicBoolean();
        Thread cell = new Thread(() -> {
            result.set(Trainer.of(Optimizer.sgd(0.1)).epochs(100_000).fit(net, MOONS.train(), MOONS.test(), p -> steps.set(p.step())));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        cell.start();
        while (steps.get() < 20) Thread.sleep(5);
        cell.interrupt();
        cell.join(5_000);
        assertFalse(cell.isAlive(), "the fit stops within a step");
        History h = result.get();
        assertEquals(History.Status.INTERRUPTED, h.status());
        assertTrue(h.stepLosses().length >= 20 && h.stopStep() == h.stepLosses().length, "the steps so far are kept: " + h.message());
        assertTrue(interruptedAfter.get());
    }

    /**
     * Interrupted between two steps (here by the progress callback after step 25, mid-epoch), a probed run still has the
     * last step's records: its measurements may be running when the interrupt is seen, and the run waits for them.
     */
    @Test
    void anInterruptedProbedRunKeepsEveryStepsRecords() {
        Network net = Network.mlp(2, 64, 64, 2).seed(1).build();
        History h = Trainer.of(Optimizer.sgd(0.1)).epochs(10).probe(Probe.everyStep()).evaluation(Trainer.Evaluation.NONE)
                .fit(net, MOONS.train(), null, p -> { if (p.step() == 25) Thread.currentThread().interrupt(); });
        assertTrue(Thread.interrupted(), "the thread stays interrupted (cleared here for the next test)");
        assertEquals(History.Status.INTERRUPTED, h.status(), h.message());
        assertEquals(25, h.stepLosses().length, h.message());
        assertEquals(3 * 25, h.probes().size(), "every step made has its records");
        assertEquals(24, h.probes().getLast().step());
    }

    @Test
    void probesMeasureWhatTheyClaim() {
        Network net = Network.mlp(2, 50, 50, 2).activation(Activation.TANH).init(Init.normal(0, 1)).seed(5).build();
        History h = Trainer.of(Optimizer.sgd(0.1)).epochs(2).batchSize(100).probe(Probe.everyStep()).fit(net, MOONS);
        List<LayerStats> start = h.probesAt(0);
        assertEquals(3, start.size());
        LayerStats hidden = start.get(1);
        // Std 1 weights on 50 tanh inputs: pre-activations have std about sqrt(50 * E[tanh^2]) > 3, so tanh saturates.
        assertTrue(hidden.preStd() > 2, "pre-activation std " + hidden.preStd());
        assertTrue(hidden.saturated() > 0.4, "saturated " + hidden.saturated());
        assertEquals(50, hidden.distinctUnits());
        assertEquals(Double.NaN, hidden.dead());
        assertEquals(1.0, hidden.weightStd(), 0.1);
        assertEquals(hidden.weightGradStd() / hidden.weightStd(), hidden.gradToWeight(), 1e-12);
        // SGD: update = -lr * gradient exactly, so the ratio is lr times grad:data.
        assertEquals(0.1 * hidden.gradToWeight(), hidden.updateToWeight(), 1e-9);
        assertEquals(h.stepLosses().length * 3L, h.probes().size());
    }

    @Test
    void rejectsDataThatDoesNotFitTheNetwork() {
        Network net = Network.mlp(3, 8, 2).build();
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(Optimizer.sgd(0.1)).fit(net, MOONS));
        assertEquals("the training set has 2 features but the network has 3 inputs", e.getMessage());
        Network three = Network.mlp(2, 8, 3).build();
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(Optimizer.sgd(0.1)).fit(three, MOONS));
        assertTrue(e.getMessage().contains("3 output(s) but the data has 2 classes"), e.getMessage());
    }

    @Test
    void rejectsBadSettings() {
        assertEquals("learning rate must be positive and finite, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(-0.1)).getMessage());
        assertEquals("momentum beta must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> Optimizer.momentum(0.1, 1.0)).getMessage());
        assertEquals("batch size must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> Trainer.of(Optimizer.sgd(0.1)).batchSize(0)).getMessage());
        assertEquals("width 1 must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> Network.mlp(2, 0, 2)).getMessage());
        assertEquals("dropout rate must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> Network.mlp(2, 4, 2).dropout(1.0, 1)).getMessage());
        assertEquals("input has 5 features, layer expects 2",
                assertThrows(IllegalArgumentException.class,
                        () -> Network.mlp(2, 4, 2).build().forward(smile.tensor.DenseMatrix.zeros(smile.tensor.ScalarType.Float64, 3, 5), false)).getMessage());
    }

    @Test
    void float32TrainsLikeFloat64() {
        History f64 = Trainer.of(Optimizer.sgd(0.1)).epochs(5).fit(Network.mlp(2, 16, 2).seed(2).build(), MOONS);
        History f32 = Trainer.of(Optimizer.sgd(0.1)).epochs(5).fit(Network.mlp(2, 16, 2).seed(2).float32().build(), MOONS);
        assertEquals(f64.last().trainLoss(), f32.last().trainLoss(), 1e-4);
    }
}

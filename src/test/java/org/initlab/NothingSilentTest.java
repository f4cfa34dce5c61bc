package org.initlab;

import org.initlab.data.Dataset;
import org.initlab.data.Generators;
import org.initlab.data.Standardizer;
import org.initlab.experiment.Sweep;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.plot.HeatMaps;
import org.initlab.plot.Metric;
import org.initlab.plot.ProbeCurves;
import org.initlab.probe.Probe;
import org.initlab.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad input a careless user or a damaged disk would give, each with the error that must name it. The table below
 * is the record of what is rejected and why (the IDX file corruptions are in IdxTest); the behaviours that are
 * accepted on purpose (a diverging run, a plot of a degenerate run) are the tests after it.
 */
class NothingSilentTest {

    static final Dataset MOONS = Generators.moons(200, 0.1, 1);

    /** One rejected input: what is done, the exception it must raise, and words its message must contain. */
    record Rejected(String input, Executable action, Class<? extends Throwable> type, String says) {
        @Override public String toString() { return input; }
    }

    static Stream<Rejected> rejected() {
        Network two = Network.mlp(2, 4, 2).seed(1).build();
        double[][] nan = {{0, 1}, {0.5, Double.NaN}};
        double[][] ragged = {{0, 1}, {0.5, 1, 2}};
        Trainer trainer = Trainer.of(Optimizer.sgd(0.1)).epochs(1);
        Sweep sweep = Sweep.on(MOONS.split(0.2, 1));
        return Stream.of(
                new Rejected("uniform bounds whose difference overflows", () -> Init.uniform(-Double.MAX_VALUE, Double.MAX_VALUE), IllegalArgumentException.class, "b - a overflows"),
                new Rejected("NaN in inference input", () -> two.outputs(nan), IllegalArgumentException.class, "NaN in feature 1 of row 1"),
                new Rejected("NaN given to a standardizer", () -> Standardizer.fit(MOONS).apply(nan), IllegalArgumentException.class, "NaN in feature 1 of row 1"),
                new Rejected("NaN in one row given to a standardizer", () -> Standardizer.fit(MOONS).apply(nan[1]), IllegalArgumentException.class, "NaN in feature 1"),
                new Rejected("a seed list with no seed", () -> sweep.seeds(0), IllegalArgumentException.class, "at least one seed"),
                new Rejected("a sweep with no initializer (an empty grid)", () -> sweep.initializers(new org.initlab.init.Initializer[0]), IllegalArgumentException.class, "at least one initializer"),
                new Rejected("a comparison of no runs", () -> Tables.compare(Map.of()), IllegalArgumentException.class, "nothing to compare"),
                new Rejected("a layer with more entries than an array holds", () -> Network.mlp(2, 65536, 65536, 2).build(), IllegalArgumentException.class, "layer 1 (65536 -> 65536) is too large"),
                new Rejected("a layer whose entries overflow an int", () -> Network.mlp(2, 50000, 50000, 2).build(), IllegalArgumentException.class, "is too large: 2,503,200,000 weights (20.0 GB in Float64)"),
                new Rejected("a network larger than the heap", () -> Network.mlp(2, 40000, 40000, 40000, 40000, 2).build(), IllegalArgumentException.class, "more than the JVM's whole heap"),
                new Rejected("a layer index past the last layer", () -> two.layer(5), IndexOutOfBoundsException.class, "layer 5 does not exist: the network has 2 layers, 0 to 1"),
                new Rejected("ragged rows for inference", () -> two.outputs(ragged), IllegalArgumentException.class, "row 1 has 3 features, expected 2"),
                new Rejected("ragged rows for LSUV calibration", () -> Network.mlp(2, 4, 2).init(Init.lsuv()).build().calibrate(ragged), IllegalArgumentException.class, "row 1 has 3 features, expected 2"),
                new Rejected("a null class name", () -> new Dataset("d", new double[][]{{1}, {2}}, new int[]{0, 1}, 2, java.util.Arrays.asList("a", null)), IllegalArgumentException.class, "the name of class 1 is null"),
                new Rejected("a null seed in a sweep", () -> sweep.seeds(1L, null), IllegalArgumentException.class, "seed 2 of 2 is null"),
                new Rejected("fit without a network", () -> trainer.fit(null, MOONS, null), IllegalArgumentException.class, "the network is null"),
                new Rejected("fit without data", () -> trainer.fit(two, null, null), IllegalArgumentException.class, "the training set is null"),
                new Rejected("more planned steps than a history holds", () -> Trainer.of(Optimizer.sgd(0.1)).epochs(Integer.MAX_VALUE).fit(Network.mlp(2, 2, 2).build(), MOONS, null),
                        IllegalArgumentException.class, "more than the 2147483639 a history can record"),
                new Rejected("a histogram with more bins than a chart can show", () -> Probe.every(1).bins(Integer.MAX_VALUE), IllegalArgumentException.class, "bins must be in 1..10000"),
                new Rejected("LSUV on all-zero data", () -> Trainer.of(Optimizer.sgd(0.1)).epochs(1).fit(Network.mlp(2, 4, 2).init(Init.lsuv()).seed(1).build(),
                        new Dataset("all zero", new double[][]{{0, 0}, {0, 0}, {0, 0}, {0, 0}}, new int[]{0, 1, 0, 1}, 2, List.of("a", "b")), null),
                        IllegalStateException.class, "LSUV could not calibrate layer 0: its output has variance 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void isRejectedWithAnErrorThatNamesIt(Rejected r) {
        Throwable e = assertThrows(r.type(), r.action(), r.input());
        assertTrue(e.getMessage() != null && e.getMessage().contains(r.says()), r.input() + ": the message was '" + e.getMessage() + "'");
    }

    @Test
    void theTableCountsEveryCase() {
        assertEquals(20, rejected().count(), "update docs/reliability.md when this count changes");
    }

    @Test
    void longRunsAllocateWhatTheyRecordNotWhatTheyPlan() {
        // 12,000,000 epochs of 160 one-row batches plan 1.9e9 steps: 15 GB of step losses if reserved up front (an OutOfMemoryError here). Stopped at once, the run holds next to nothing.
        Thread.currentThread().interrupt();
        History h = Trainer.of(Optimizer.sgd(0.1)).epochs(12_000_000).batchSize(1).fit(Network.mlp(2, 2, 2).build(), MOONS.split(0.2, 1));
        Thread.interrupted();
        assertEquals(History.Status.INTERRUPTED, h.status());
        assertEquals(0, h.stepLosses().length);
    }

    @Test
    void aStepLossArrayGrowsPastItsFirstBlock() {
        // 70,000 steps: past the first 65,536-entry block, every loss kept in order.
        var data = new Dataset("tiny", new double[][]{{0, 1}, {1, 0}}, new int[]{0, 1}, 2, List.of("a", "b"));
        History h = Trainer.of(Optimizer.sgd(0.01)).epochs(70_000).batchSize(2).evaluation(Trainer.Evaluation.NONE).fit(Network.mlp(2, 2, 2).seed(1).build(), data, null);
        assertEquals(70_000, h.stepLosses().length);
        for (double l : h.stepLosses()) assertTrue(Double.isFinite(l) && l > 0);
    }

    @Test
    void sweepTablesKeepLongSeeds() {
        var t = Sweep.on(MOONS.split(0.2, 1)).hiddenWidth(4).seeds(5_000_000_000L).trainer(Trainer.of(Optimizer.sgd(0.1)).epochs(1)).threads(1).run().table();
        assertEquals(5_000_000_000L, t.longColumn("seed").get(0));
    }

    @Test
    void unitSimilarityOfHugeWeightsDoesNotOverflowAndBlanksNonFiniteUnits() {
        Network net = Network.mlp(2, 3, 2).init(Init.constant(1e200)).build();
        double[][] sim = HeatMaps.unitSimilarity(net.layer(0));
        for (double[] row : sim) for (double v : row) assertEquals(1.0, v, 1e-12, "equal huge rows are the same unit");
        net.layer(0).weights().set(1, 0, Double.POSITIVE_INFINITY);
        var chart = HeatMaps.unitSimilarity(net, 0);
        assertTrue(chart.getTitle().contains("blank: units [1]"), chart.getTitle());
        assertDoesNotThrow(() -> org.knowm.xchart.BitmapEncoder.getBufferedImage(chart));
        for (int u = 0; u < 3; u++) net.layer(0).weights().set(u, 0, Double.NaN);
        var e = assertThrows(IllegalArgumentException.class, () -> HeatMaps.unitSimilarity(net, 0));
        assertTrue(e.getMessage().contains("every unit of layer 0 has a non-finite weight"), e.getMessage());
    }

    @Test
    void aProbeGridDrawsTheRunsItCanAndSaysWhichItCannot() {
        Trainer t = Trainer.of(Optimizer.sgd(0.1)).epochs(1).probe(Probe.every(1));
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("fine", t.fit(Network.mlp(2, 4, 2).init(Init.heNormal()).seed(1).build(), MOONS.split(0.2, 1)));
        runs.put("overflowing", t.fit(Network.mlp(2, 4, 2).init(Init.constant(1e300)).build(), MOONS.split(0.2, 1)));
        assertTrue(runs.get("overflowing").diverged());
        var grid = ProbeCurves.grid(runs, Metric.WEIGHT_GRADIENT_NORM);
        assertNotNull(grid);
        Map<String, History> none = Map.of("overflowing", runs.get("overflowing"));
        var e = assertThrows(IllegalArgumentException.class, () -> ProbeCurves.grid(none, Metric.WEIGHT_GRADIENT_NORM));
        assertTrue(e.getMessage().contains("diverged before its first probe"), e.getMessage());
    }
}

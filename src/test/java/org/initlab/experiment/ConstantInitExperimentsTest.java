package org.initlab.experiment;

import org.initlab.experiment.ConstantInitExperiments.Run;
import org.initlab.experiment.ConstantInitExperiments.WideAndNarrow;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.Network;
import org.initlab.nn.Optimizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The statistics notebook 02 reads off its runs by name, and the helpers its cells call. */
class ConstantInitExperimentsTest {

    private static Run trained(org.initlab.init.Initializer init, long seed) {
        Network net = ConstantInitExperiments.spec(init, seed).build();
        return new Run(net, ConstantInitExperiments.trainer(Optimizer.momentum(0.05, 0.9), 200, seed).fit(net, ConstantInitExperiments.spirals(seed)));
    }

    @Test
    void aConstantStartStaysOneUnitAndARandomOneDoesNot() {
        Run constant = trained(Init.constant(0.1), 1), random = trained(ZeroInitExperiments.proper(), 1);
        assertEquals(200, constant.steps());
        assertEquals(0, constant.unitSpread());
        assertEquals(1, constant.mostDistinctUnits());
        assertEquals(1, constant.distinctUnits(0));
        assertTrue(Double.isNaN(constant.distinctUnits(2)), "the 2-32-32-3 net has hidden layers 0 and 1 only");
        assertTrue(Double.isNaN(constant.splitStep(0.01)), "copies never split");
        assertEquals(32, random.mostDistinctUnits());
        assertEquals(0, random.splitStep(0.01), "a random start differs from its first probe on");
        assertArrayEquals(constant.history().stepLosses(), constant.stepLosses());
        assertEquals(constant.history().finalTrainLoss(), constant.finalTrainLoss());
        assertEquals(constant.history().finalTestAccuracy(), constant.testAccuracy());
    }

    @Test
    void theOneUnitCollapseOfCopiesComputesTheSameAndOfOthersSomethingElse() {
        var x = ConstantInitExperiments.spirals().test().x();
        Network copies = ConstantInitExperiments.spec(Init.constant(0.1)).build();
        assertTrue(Symmetry.outputDifference(copies, ConstantInitExperiments.oneUnitWide(copies), x) < 1e-12);
        Network random = ConstantInitExperiments.spec(ZeroInitExperiments.proper()).build();
        Network narrow = assertDoesNotThrow(() -> ConstantInitExperiments.oneUnitWide(random));
        assertTrue(Symmetry.outputDifference(random, narrow, x) > 1e-3);
    }

    @Test
    void wideAndNarrowGapIsTheLargestAndNaNWhenALossIs() {
        var w = new WideAndNarrow(20, new double[]{1.0, 0.9, 0.8}, new double[]{1.0, 0.7, 0.8});
        assertEquals(0.2, w.largestGap(), 1e-15);
        assertTrue(Double.isNaN(new WideAndNarrow(20, new double[]{1, Double.NaN}, new double[]{1, 1}).largestGap()));
        assertThrows(IllegalArgumentException.class, () -> new WideAndNarrow(20, new double[2], new double[3]));
        assertNotNull(w.chart("32 units"));
    }

    @Test
    void lossGapIsSeedBySeed() {
        Runs<Run> a = Runs.over(2, "a", seed -> trained(Init.constant(0.1), seed));
        Runs<Run> b = Runs.over(2, "b", seed -> trained(Init.normal(0.1, 1e-3), seed));
        Spread gap = ConstantInitExperiments.lossGap(a, b);
        for (int s = 1; s <= 2; s++) assertEquals(a.seed(s).finalTrainLoss() - b.seed(s).finalTrainLoss(), gap.values()[s - 1]);
        assertThrows(IllegalArgumentException.class, () -> ConstantInitExperiments.lossGap(a, new Runs<>("c", List.of(a.seed(1)))));
    }

    @Test
    void tablesAndChartsTakeOneRowOrPointPerSetting() {
        Runs<Run> a = Runs.over(2, "constant", seed -> trained(Init.constant(0.1), seed));
        Runs<Run> b = Runs.over(2, "random", seed -> trained(ZeroInitExperiments.proper(), seed));
        assertEquals(2, ConstantInitExperiments.symmetryTable(List.of(a, b)).rowCount());
        var table = ConstantInitExperiments.escapeTable(new double[]{0, 1}, List.of(a, b), 0.01);
        assertEquals("0 of 2", table.stringColumn("seeds split").get(0));
        assertEquals("2 of 2", table.stringColumn("seeds split").get(1));
        assertNotNull(ConstantInitExperiments.escapeChart(new double[]{1e-3, 1e-6}, List.of(a, b), 0.01));
        assertThrows(IllegalArgumentException.class, () -> ConstantInitExperiments.escapeTable(new double[]{1}, List.of(a, b), 0.01));
        assertEquals(a.seed(2).history(), ConstantInitExperiments.histories(List.of(a)).getFirst().seed(2));
    }

    @Test
    void unitDifferencesAreTheCurveWhoseCrossingIsTheSplitStep() {
        Run nudged = trained(Init.normal(0.1, 1e-3), 1);
        double[][] d = nudged.unitDifferences();
        assertEquals(200 / 50, d[0].length, "a value per probed step: 0, 50, 100, 150");
        assertEquals(0, d[0][0]);
        assertTrue(d[1][0] > 0 && d[1][d[1].length - 1] > d[1][0], "the nudge grows: " + java.util.Arrays.toString(d[1]));
        for (int k = 0; k < d[0].length; k++) {
            double by = d[1][k];
            int first = 0;
            while (d[1][first] < by) first++;
            assertEquals(d[0][first], nudged.splitStep(by), "the first probed step at or above " + by);
        }
        for (double v : trained(Init.constant(0.1), 1).unitDifferences()[1]) assertEquals(0, v, "copies never differ");
    }

    @Test
    void escapePlotMarksEachSplitSeedOnTheThresholdWithLegendsThatDoNotNameTheSetting() {
        Runs<Run> random = Runs.over(2, "random", seed -> trained(ZeroInitExperiments.proper(), seed));
        Runs<Run> nudged = Runs.over(2, "nudged", seed -> trained(Init.normal(0.1, 1e-3), seed));
        double by = 1e-9;   // every seed of both is above it from step 0 on
        var chart = ConstantInitExperiments.escapePlot(random, by).yRange(1e-12, 10).chart();
        var points = chart.getSeries("a seed's split step");
        assertArrayEquals(new double[]{0, 0}, points.getXData(), "both seeds split at step 0");
        assertArrayEquals(new double[]{-9, -9}, points.getYData(), 1e-12, "on the threshold (log axis: log10)");
        assertNotNull(chart.getSeries("median of 2 seeds"));
        assertEquals(-12, chart.getStyler().getYAxisMin(), 1e-12);
        var other = ConstantInitExperiments.escapePlot(nudged, by).yRange(1e-12, 10).chart();
        assertEquals(chart.getWidth(), other.getWidth(), "frames of two settings keep one size");
        assertEquals(chart.getHeight(), other.getHeight());
        var never = ConstantInitExperiments.escapePlot(random, 1e6).chart();
        assertNull(never.getSeries("a seed's split step"), "no seed split: no points");
    }

    @Test
    void theSignalOfAConstantStackScalesByCnToTheDepthMinusOne() {
        double[] x = ConstantInitExperiments.positiveInput(64);
        for (double v : x) assertTrue(v > 0);
        double[] growth = ConstantInitExperiments.linearSignalGrowth(2.0 / 64, 64, 8, Activation.IDENTITY);
        for (int l = 1; l <= 8; l++) assertEquals(Math.pow(2, l - 1), growth[l - 1], 1e-9 * Math.pow(2, l - 1));
        var table = ConstantInitExperiments.signalGrowthTable(8, new double[]{2}, Activation.IDENTITY, new double[]{growth[7]},
                Activation.RELU, new double[]{growth[7]});
        assertEquals(List.of("c·n", "identity, measured", "(c·n)^(L-1)", "relu, measured"), table.columnNames());
    }
}

package org.initlab.experiment;

import org.initlab.experiment.XavierExperiments.Trend;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HeExperimentsTest {

    @Test
    void reluZeroesHalfTheInputsOfEverySampleAndKeepsHalfTheSecondMoment() {
        var r = HeExperiments.rectification(Activation.RELU);
        assertEquals(0.5, r.activeFraction(), 0.02);
        assertEquals(1, r.activeFraction() + r.zeroFraction(), 1e-12, "relu(z) = 0 exactly where z <= 0");
        assertEquals(0.5, r.secondMomentRatio(), 0.02, "E[relu(z)^2] = Var(z) / 2 for symmetric z");
        // Each sample's share is binomial over 256 units (sd 0.031): about half on every one of the 2,000 samples.
        assertTrue(r.minSampleZero() > 0.35 && r.maxSampleZero() < 0.65, r.toString());
        assertTrue(r.minSampleZero() < r.zeroFraction() && r.zeroFraction() < r.maxSampleZero(), r.toString());
        assertEquals(Math.max(0.5 - r.minSampleZero(), r.maxSampleZero() - 0.5), r.worstSampleFromHalf(), 1e-15);
        assertEquals(0, r.unusedUnits());
        assertTrue(r.minUnitActive() > 0.4 && r.maxUnitActive() < 0.6, r.toString());
        assertEquals(HeExperiments.HALF_WIDTH, r.units());
    }

    @Test
    void shiftedPreActivationsPartTheCountFromTheSecondMoment() {
        // z ~ N(s, s^2): relu keeps a share Phi(1) = 0.841 of the inputs but 0.962 of E[z^2].
        var r = HeExperiments.rectification(Activation.RELU, HeExperiments.SHIFT, 1);
        assertEquals(0.841, 1 - r.zeroFraction(), 0.01);
        assertEquals(0.962, r.secondMomentRatio(), 0.01);
        assertArrayEquals(HeExperiments.rectification(Activation.RELU, 1).numbers(), HeExperiments.rectification(Activation.RELU, 0, 1).numbers(), 0,
                "a zero bias is the unshifted layer, bit for bit");
    }

    @Test
    void leakyReluKeepsOnePlusASquaredOverTwo() {
        double a = HeExperiments.LEAKY_SLOPE;
        var l = HeExperiments.rectification(Activation.leakyRelu(a));
        assertEquals(0.5, l.activeFraction(), 0.02, "as many positive inputs as ReLU");
        assertEquals(0, l.zeroFraction(), "but no input is zeroed");
        assertEquals((1 + a * a) / 2, l.secondMomentRatio(), 0.02, "and more of the second moment is kept");
        var trends = HeExperiments.leakyTrends().values().toArray(Trend[]::new);
        assertEquals(1 + a * a, trends[0].factor(), 0.1, "plain He grows by (1 + a^2) a layer");
        assertEquals(1, trends[1].factor(), 0.1, "eq. 15's gain keeps it");
    }

    @Test
    void forwardTrendsFollowTheVarianceTimesHalfTheFanIn() {
        var t = HeExperiments.forwardTrends();
        assertEquals(0.5, t.get("xavier_normal: Var 1/n").factor(), 0.06);
        assertEquals(1, t.get("he_normal: Var 2/n").factor(), 0.1);
        assertEquals(2, t.get("Var 4/n").factor(), 0.2);
        assertEquals(0.75, t.get("Var 1.5/n").factor(), 0.08);
    }

    @Test
    void fanInKeepsTheForwardPassFanOutTheBackward() {
        var m = HeExperiments.modes();
        var in = m.get("he_normal (fan_in)"); var out = m.get("he_normal (fan_out)");
        assertEquals(1, Trend.of(XavierExperiments.preActivationSecondMoments(in)).factor(), 0.15);
        assertEquals(0.5, HeExperiments.backwardTrend(in).factor(), 0.08, "each layer halves the width: the gradient variance halves");
        assertEquals(1, HeExperiments.backwardTrend(out).factor(), 0.15);
        assertEquals(2, Trend.of(XavierExperiments.preActivationSecondMoments(out)).factor(), 0.3);
    }

    @Test
    void atMidDepthBothTrainAndHeArrivesSooner() {
        History x = HeExperiments.trainDeep(Init.xavierNormal(), HeExperiments.MID, 2);
        History h = HeExperiments.trainDeep(Init.heNormal(), HeExperiments.MID, 2);
        long sx = x.stepsToLoss(HeExperiments.TARGET_LOSS), sh = h.stepsToLoss(HeExperiments.TARGET_LOSS);
        assertTrue(sx > 0 && sh > 0, "both reach the target: " + sx + ", " + sh);
        assertTrue(2 * sh < sx, "He at least twice as soon: " + sh + " against " + sx);
        assertFalse(HeExperiments.stalled(x, 0.01));
        // Probes every 15 steps on every layer: per-layer gradient norms over training.
        assertEquals(HeExperiments.MID, h.probesAt(0).size());
        assertEquals(HeExperiments.MID, HeExperiments.initialWeightGradNorms(h).length);
        assertTrue(h.probes(0).size() > 10);
    }

    @Test
    void deepNetShapeAndArguments() {
        var spec = HeExperiments.deepNet(Init.heNormal(), 30, 1);
        assertEquals(30, spec.depth());
        assertEquals(64, spec.widths()[0]);
        assertEquals(10, spec.widths()[30]);
        assertEquals(HeExperiments.DEEP_EPOCHS, HeExperiments.epochsFor(30));
        assertEquals(HeExperiments.MID_EPOCHS, HeExperiments.epochsFor(18));
        assertThrows(IllegalArgumentException.class, () -> HeExperiments.deepNet(Init.heNormal(), 1, 1));
    }

    @Test
    void deeperLayersHaveMoreUnitsOffForEveryInputButHalfActivePerInput() {
        double[][] a = HeExperiments.activityByLayer(XavierExperiments.reluStack(Init.heNormal()));
        assertEquals(XavierExperiments.RELU_DEPTH, a.length);
        for (double[] layer : a) assertEquals(0.5, layer[0], 0.06);
        assertEquals(0, a[0][1], 0);
        assertTrue(a[a.length - 1][1] > a[0][1]);
    }

    @Test
    void epochLossIsTheMeanBatchLossOfOneEpochAndNaNPastTheEnd() {
        var epochs = java.util.List.of(new History.Epoch(0, 0, 2.3, 0.1, 2.3, 0.1), new History.Epoch(1, 2, 2.0, Double.NaN, Double.NaN, Double.NaN),
                new History.Epoch(2, 4, 1.0, Double.NaN, Double.NaN, Double.NaN));
        var h = new History("toy", epochs, new double[]{2.3, 2.1, 1.5, 0.5}, java.util.List.of(), History.Status.COMPLETED, -1, "done");
        assertEquals(2.2, HeExperiments.epochLoss(h, 1), 1e-12);
        assertEquals(1.0, HeExperiments.epochLoss(h, 2), 1e-12);
        assertTrue(Double.isNaN(HeExperiments.epochLoss(h, 3)), "the run has no third epoch");
        assertTrue(Double.isNaN(HeExperiments.epochLoss(h, 0)));
    }

    @Test
    void theScanReadsItsRunsThirdEpoch() {
        History run = HeExperiments.scanRun(Init.heNormal(), true, 1e-3, 1);
        assertEquals(HeExperiments.epochLoss(run, HeExperiments.SCAN_EPOCHS), HeExperiments.scanLoss(Init.heNormal(), true, 1e-3, 1));
        assertEquals(HeExperiments.SCAN_EPOCHS * 45, run.stepLosses().length);
    }

    @Test
    void perLayerFactorsAreTheTrendsAndNaNWhereNoTrendFits() {
        var s = XavierExperiments.reluPropagation(Init.heNormal(), 1);
        assertEquals(HeExperiments.forwardTrend(s).factor(), HeExperiments.forwardFactor(s));
        assertEquals(HeExperiments.backwardTrend(s).factor(), HeExperiments.backwardFactor(s));
        assertEquals(0.5, HeExperiments.factorPerLayer(new double[]{1, 0.5, 0.25}), 1e-12);
        assertTrue(Double.isNaN(HeExperiments.factorPerLayer(new double[]{1, 0, 0})), "a signal that died");
        assertTrue(Double.isNaN(HeExperiments.factorPerLayer(new double[]{1, Double.POSITIVE_INFINITY})), "one that overflowed");
        assertTrue(Double.isNaN(HeExperiments.factorPerLayer(new double[]{1})));
        // A start that kills the signal gives NaN, not an exception.
        var dead = SignalPropagation.seeded(XavierExperiments.reluStack(Init.zeros()), 64, 1);
        assertTrue(Double.isNaN(HeExperiments.forwardFactor(dead)));
    }

    @Test
    void chartsAndTablesOfTheCells() {
        var he = new Runs<>("he", Repeat.over(2, s -> XavierExperiments.reluPropagation(Init.heNormal(), s)));
        var xavier = new Runs<>("xavier", Repeat.over(2, s -> XavierExperiments.reluPropagation(Init.xavierNormal(), s)));
        var names = HeExperiments.secondMomentChart(java.util.List.of(xavier, he)).getSeriesCollection().stream()
                .map(org.knowm.xchart.XYSeries::getName).toList();
        assertTrue(names.contains("he") && names.contains("xavier"), names.toString());
        var relu = new Runs<>("relu", Repeat.over(2, s -> HeExperiments.rectification(Activation.RELU, s)));
        var table = HeExperiments.rectificationTable(java.util.List.of(relu, relu));
        assertEquals(2, table.rowCount());
        assertEquals("relu (2)", table.stringColumn(0).get(1), "two settings with one label stay two rows");
        assertTrue(table.stringColumn("f(z) = 0 per sample: fewest-most").get(0).matches("0\\.\\d+-0\\.\\d+"), table.toString());
        java.util.List<org.initlab.nn.Optimizer> opts = java.util.List.of(org.initlab.nn.Optimizer.adam(1e-3));
        var line = java.util.List.of(new Runs<>("he_normal", java.util.List.of(HeExperiments.scanRun(Init.heNormal(), true, 1e-3, 1))));
        var scan = HeExperiments.rateScanTable(opts, HeExperiments.SCAN_EPOCHS, java.util.List.of(line));
        assertEquals(java.util.List.of("optimizer", "he_normal"), scan.columnNames());
        assertEquals(org.initlab.experiment.Evidence.fmt(HeExperiments.scanLoss(Init.heNormal(), true, 1e-3, 1)), scan.stringColumn(1).get(0));
        assertNotNull(HeExperiments.rateScanChart("Adam", opts, HeExperiments.SCAN_EPOCHS, java.util.List.of(line)));
    }

    @Test
    void initialGradientRatiosOneValuePerLayerAndSeed() {
        var x = new Runs<>("x", java.util.List.of(HeExperiments.trainDeep(Init.xavierNormal(), HeExperiments.MID, 2)));
        var h = new Runs<>("h", java.util.List.of(HeExperiments.trainDeep(Init.heNormal(), HeExperiments.MID, 2)));
        Spread r = HeExperiments.initialGradientRatios(h, x);
        assertEquals(HeExperiments.MID, r.seeds());
        assertTrue(r.min() > 1, "He's gradients are larger in every layer: " + r);
        var chart = HeExperiments.initialGradientChart(java.util.List.of(x, h), 1);
        assertArrayEquals(HeExperiments.initialWeightGradNorms(h.seed(1)),
                java.util.Arrays.stream(chart.getSeries("h").getYData()).map(v -> Math.pow(10, v)).toArray(), 1e-9);
        // Fixed axes, as an explorable's frames over depths share them: the 18 layers on an axis for 40.
        var fixed = HeExperiments.initialGradientPlot(java.util.List.of(x, h), 1).xRange(0, 39).yRange(1e-8, 100).chart();
        assertEquals(0, fixed.getStyler().getXAxisMin(), 1e-12);
        assertEquals(39, fixed.getStyler().getXAxisMax(), 1e-12);
        assertEquals(-8, fixed.getStyler().getYAxisMin(), 1e-12);
        assertEquals(2, fixed.getStyler().getYAxisMax(), 1e-12);
        assertArrayEquals(chart.getSeries("h").getYData(), fixed.getSeries("h").getYData(), "the same data");
    }

    @Test
    void rectificationNumbersCompareTwoMeasurements() {
        var a = HeExperiments.rectification(Activation.RELU, 1);
        var spec = org.initlab.nn.Network.mlp(HeExperiments.HALF_WIDTH, HeExperiments.HALF_WIDTH, 10).activation(Activation.RELU).init(Init.heNormal()).seed(1);
        var b = HeExperiments.rectification(spec, 0, SignalPropagation.inputs(spec, HeExperiments.HALF_SAMPLES, 1).x());
        assertArrayEquals(a.numbers(), b.numbers(), 0, "the notebook's layer in view is the catalog's");
    }
}

package org.initlab.experiment;

import org.initlab.experiment.XavierExperiments.Trend;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HeExperimentsTest {

    @Test
    void reluKeepsHalfTheSecondMomentAndUsesEveryUnit() {
        var r = HeExperiments.rectification(Activation.RELU);
        assertEquals(0.5, r.activeFraction(), 0.02);
        assertEquals(0.5, r.secondMomentRatio(), 0.02, "E[relu(z)^2] = Var(z) / 2 for symmetric z");
        assertEquals(0, r.unusedUnits());
        assertTrue(r.minUnitActive() > 0.4 && r.maxUnitActive() < 0.6, r.toString());
        assertEquals(HeExperiments.HALF_WIDTH, r.units());
    }

    @Test
    void leakyReluKeepsOnePlusASquaredOverTwo() {
        double a = HeExperiments.LEAKY_SLOPE;
        var l = HeExperiments.rectification(Activation.leakyRelu(a));
        assertEquals(0.5, l.activeFraction(), 0.02, "as many positive inputs as ReLU");
        assertEquals((1 + a * a) / 2, l.secondMomentRatio(), 0.02, "but more of the second moment");
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
}

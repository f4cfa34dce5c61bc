package org.initlab.experiment;

import org.initlab.init.Init;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.*;

class LeCunExperimentsTest {

    @Test
    void seluWithLecunNormalSettlesAtMeanZeroVarianceOne() {
        var m = LeCunExperiments.moments(LeCunExperiments.seluLecun());
        assertEquals(LeCunExperiments.SELU_DEPTH, m.mean().length);
        assertTrue(m.variance()[0] > 2, "starts far from the fixed point: " + m.variance()[0]);
        assertTrue(m.mean()[0] > 0.2, "and off-centre: " + m.mean()[0]);
        double[] worst = m.worstFrom(15);
        assertTrue(worst[0] < 0.05, "|mean| after layer 15: " + worst[0]);
        assertTrue(worst[1] < 0.1, "|variance - 1| after layer 15: " + worst[1]);
        int settled = m.settledBy(0.05, 0.1);
        assertTrue(settled >= 1 && settled <= 15, "settles within 15 layers: " + settled);
    }

    @Test
    void momentsHelpers() {
        var m = new LeCunExperiments.Moments(new double[]{0.5, 0.01, -0.02}, new double[]{3, 1.05, 0.97});
        assertEquals(1, m.settledBy(0.05, 0.1));
        assertArrayEquals(new double[]{0.02, 0.05}, m.worstFrom(1), 1e-12);
        assertEquals(-1, new LeCunExperiments.Moments(new double[]{1}, new double[]{1}).settledBy(0.05, 0.1));
        var d = LeCunExperiments.shiftedGaussian(4000, 5, 10, 1, 2, 3);
        double[] im = LeCunExperiments.inputMoments(d);
        assertEquals(1, im[0], 0.05);
        assertEquals(4, im[1], 0.2);
    }

    @Test
    void varianceRatioAgainstXavier() {
        assertEquals(1, LeCunExperiments.varianceRatio(256, 256), 0);
        assertEquals(1040.0 / 1568, LeCunExperiments.varianceRatio(784, 256), 1e-15);
        assertEquals(1.5, LeCunExperiments.varianceRatio(64, 128), 0);
        assertThrows(IllegalArgumentException.class, () -> LeCunExperiments.varianceRatio(0, 1));
        Table t = LeCunExperiments.similarityTable(LeCunExperiments.SHAPES);
        assertEquals(LeCunExperiments.SHAPES.size(), t.rowCount());
        for (int r = 0; r < t.rowCount(); r++) {
            int in = t.intColumn("fan_in").get(r), out = t.intColumn("fan_out").get(r);
            assertEquals(Init.lecunNormal().variance(in, out) / Init.xavierNormal().variance(in, out), t.doubleColumn("variance ratio lecun/xavier").get(r), 1e-12);
        }
    }

    @Test
    void onSquareLayersLecunIsXaviersDraw() {
        assertEquals(0, LeCunExperiments.maxActStdDifference(LeCunExperiments.tanhStack(), XavierExperiments.tanhComparison().get("xavier_normal (gain 1)")));
        var tp = LeCunExperiments.taperedComparison();
        double r = LeCunExperiments.maxActStdRatio(tp.get("lecun_normal"), tp.get("xavier_normal"));
        assertTrue(r > 1.05 && r < 1.5, "on halving layers they differ, moderately: " + r);
    }

    @Test
    void firstLayerHasUnitStd() {
        assertEquals(1, LeCunExperiments.firstLayerPreStd(784, 256), 0.05);
    }

    @Test
    void statisticsTheChapterNames() {
        var selu = LeCunExperiments.seluLecun();
        assertEquals(LeCunExperiments.moments(selu).settledBy(0.15, 0.15), LeCunExperiments.settledLayer(selu, 0.15));
        assertTrue(Double.isNaN(LeCunExperiments.settledLayer(selu, 1e-9)), "never settles into a band of 1e-9: NaN");
        assertEquals(selu.actStd()[3] * selu.actStd()[3], LeCunExperiments.activationVariance(selu, 3));
        assertTrue(Double.isNaN(LeCunExperiments.activationVariance(selu, 50)));
        assertEquals(XavierExperiments.gradientStdTrend(selu).factor(), LeCunExperiments.gradientFactor(selu));
        var zeros = SignalPropagation.seeded(XavierExperiments.stack(org.initlab.nn.Activation.TANH, Init.zeros(), 3, 16), 32, 1);
        assertTrue(Double.isNaN(LeCunExperiments.gradientFactor(zeros)), "an all-zero gradient has no geometric trend: NaN, not an exception");
        var m = LeCunExperiments.moments(selu);
        assertEquals(m.worstFrom(10)[0], m.largestMean(10));
        assertEquals(m.worstFrom(10)[1], m.largestVarianceGap(10));
    }

    @Test
    void tableAndRatiosOfTwoStarts() {
        Table t = LeCunExperiments.similarityTable(Init.lecunNormal(), Init.xavierNormal(), new int[]{256, 256}, new int[]{784, 256});
        assertEquals(2, t.rowCount());
        assertEquals(1, t.doubleColumn("variance ratio lecun_normal/xavier_normal").get(0));
        assertEquals(LeCunExperiments.varianceRatio(784, 256), t.doubleColumn("variance ratio lecun_normal/xavier_normal").get(1), 1e-15);
        Table same = LeCunExperiments.similarityTable(Init.lecunNormal(), Init.lecunNormal(), new int[]{8, 4});
        assertEquals(6, same.columnCount(), "a start against itself: the second's columns are renamed, not a clash");
        var lecun = new Runs<>("lecun", Repeat.over(2, LeCunExperiments::taperedLecun));
        var xavier = new Runs<>("xavier", Repeat.over(2, LeCunExperiments::taperedXavier));
        Spread act = LeCunExperiments.maxActStdRatio(lecun, xavier), grad = LeCunExperiments.maxGradStdRatio(lecun, xavier);
        for (int s = 0; s < 2; s++) {
            assertEquals(LeCunExperiments.maxActStdRatio(lecun.results().get(s), xavier.results().get(s)), act.values()[s]);
            assertEquals(LeCunExperiments.maxGradStdRatio(lecun.results().get(s), xavier.results().get(s)), grad.values()[s]);
        }
        assertEquals(0, LeCunExperiments.maxActStdDifference(lecun, lecun).max());
    }
}

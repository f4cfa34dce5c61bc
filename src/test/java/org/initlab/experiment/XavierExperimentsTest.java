package org.initlab.experiment;

import org.initlab.experiment.XavierExperiments.Trend;
import org.initlab.init.Init;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.*;

class XavierExperimentsTest {

    @Test
    void theNotesXavierFormulaHasLecunsVarianceNotGlorots() {
        var n = XavierExperiments.notesXavierFormula(784, 256);
        assertEquals(1.0 / 784, n.lecun(), 0);
        assertEquals(2.0 / 1040, n.glorot(), 0);
        assertEquals(1, n.toLecun(), 0.03, "sample variance of randn/sqrt(fan_in) is 1/fan_in");
        assertEquals(1040.0 / (2 * 784), n.toGlorot(), 0.03 * 1040.0 / (2 * 784), "it is 0.663 of Glorot's on 784 -> 256");
        assertEquals(Math.sqrt(2.0 * 784 / 1040), n.stdRatio(), 1e-12);
        // Square layers: the two formulas coincide, so both ratios are the same number.
        var sq = XavierExperiments.notesXavierFormula(256, 256);
        assertEquals(sq.toLecun(), sq.toGlorot(), 1e-12);
        assertEquals(1, sq.stdRatio(), 1e-12);
        // The library's Xavier normal does have Glorot's variance.
        assertEquals(1, XavierExperiments.glorotFormula(784, 256).toGlorot(), 0.03);
    }

    @Test
    void notesFormulaIsSeededAndShapedAsNumpy() {
        double[][] a = XavierExperiments.notesFormula(5, 3, 5, 9), b = XavierExperiments.notesFormula(5, 3, 5, 9);
        assertEquals(5, a.length);
        assertEquals(3, a[0].length);
        assertArrayEquals(a[2], b[2]);
        assertThrows(IllegalArgumentException.class, () -> XavierExperiments.notesFormula(0, 3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> XavierExperiments.notesFormula(3, 3, 0, 1));
        assertEquals(2.5, XavierExperiments.sampleVariance(new double[][]{{1, 2, 3}, {4, 5}}), 1e-12);
    }

    @Test
    void trendFitsGeometricSequences() {
        Trend t = Trend.of(new double[]{8, 4, 2, 1, 0.5});
        assertEquals(0.5, t.factor(), 1e-12);
        assertEquals(1, t.rSquared(), 1e-12);
        assertEquals(1.0 / 16, t.overall(), 1e-12);
        assertEquals(1, Trend.of(new double[]{3, 3, 3}).factor(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Trend.of(new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> Trend.of(new double[]{1, 0}));
        assertThrows(IllegalArgumentException.class, () -> Trend.of(new double[]{1, Double.NaN}));
    }

    @Test
    void factorIsTheTrendsOrNaNWhereNoTrendFits() {
        double[] halving = {8, 4, 2, 1, 0.5};
        assertEquals(Trend.of(halving).factor(), XavierExperiments.factor(halving), 0);
        // A dead or overflowing stack (a knob a learner turned) gives NaN, which no check passes, not an exception.
        assertTrue(Double.isNaN(XavierExperiments.factor(new double[]{1, 0})));
        assertTrue(Double.isNaN(XavierExperiments.factor(new double[]{1, Double.POSITIVE_INFINITY})));
        assertTrue(Double.isNaN(XavierExperiments.factor(new double[]{1, Double.NaN})));
        assertTrue(Double.isNaN(XavierExperiments.factor(new double[]{1})));
        // The notebook's named statistics are the catalog's trends.
        SignalPropagation s = XavierExperiments.reluPropagation(Init.xavierNormal());
        assertEquals(XavierExperiments.activationStdTrend(s).factor(), XavierExperiments.activationFactor(s), 0);
        assertEquals(XavierExperiments.gradientStdTrend(s).factor(), XavierExperiments.gradientFactor(s), 0);
        assertEquals(XavierExperiments.reluSecondMomentTrend(Init.xavierNormal()).factor(), XavierExperiments.secondMomentFactor(s), 0);
        double[] relative = XavierExperiments.relativePreActivationSecondMoments(s);
        assertEquals(1, relative[0], 0);
        assertEquals(relative[relative.length - 1], XavierExperiments.lastOverFirstSecondMoment(s), 0);
    }

    @Test
    void reluHalvesTheSecondMomentPerLayerUnderXavierNotUnderHe() {
        Trend x = XavierExperiments.reluSecondMomentTrend(Init.xavierNormal());
        assertEquals(XavierExperiments.RELU_DEPTH, x.layers());
        assertEquals(0.5, x.factor(), 0.06, "Xavier on ReLU: E[a^2] halves each layer");
        assertTrue(x.rSquared() > 0.99, "and the decay is geometric: " + x);
        assertEquals(1, XavierExperiments.reluSecondMomentTrend(Init.heNormal()).factor(), 0.1);
        assertArrayEquals(new double[]{1, 0.5, 0.25}, XavierExperiments.halvingPrediction(3), 0);
    }

    @Test
    void tanhStackKeepsItsSignalUnderXavierAndLosesItUnderTheStandardInit() {
        var tc = XavierExperiments.tanhComparison();
        assertEquals(java.util.List.of("standard U(-1/sqrt(n), 1/sqrt(n))", "xavier_normal (gain 1)", "xavier_normal (gain 5/3)"), java.util.List.copyOf(tc.keySet()));
        assertTrue(XavierExperiments.activationStdTrend(tc.get("standard U(-1/sqrt(n), 1/sqrt(n))")).factor() < 0.7);
        assertTrue(XavierExperiments.activationStdTrend(tc.get("xavier_normal (gain 1)")).factor() > 0.8);
        assertEquals(1, XavierExperiments.activationStdTrend(tc.get("xavier_normal (gain 5/3)")).factor(), 0.05);
        assertSame(tc, XavierExperiments.tanhComparison(), "memoized");
    }

    @Test
    void formulaTableHasOneRowPerShape() {
        Table t = XavierExperiments.formulaTable(XavierExperiments.SHAPES);
        assertEquals(XavierExperiments.SHAPES.size(), t.rowCount());
        for (int r = 0; r < t.rowCount(); r++) {
            assertEquals(1, t.doubleColumn("notes / lecun").get(r), 0.05);
            assertEquals(1, t.doubleColumn("xavier / glorot").get(r), 0.05);
        }
    }
}

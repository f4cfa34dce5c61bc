package org.initlab.experiment;

import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.Network;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ZeroInitExperimentsTest {

    @Test
    void theCatalogsMoonsAreOneInThree() {
        var three = ZeroInitExperiments.imbalancedMoons(3, 2);
        var catalogs = ZeroInitExperiments.imbalancedMoons(2);
        assertArrayEquals(catalogs.train().y(), three.train().y());
        assertArrayEquals(catalogs.train().x()[5], three.train().x()[5], 0);
        assertEquals(ZeroInitExperiments.priorEntropy(catalogs.train()), ZeroInitExperiments.priorEntropy(three.train()), 0);
        // One in nine: a larger majority, a smaller prior entropy.
        var nine = ZeroInitExperiments.imbalancedMoons(9, 2);
        assertTrue(ZeroInitExperiments.majorityShare(nine.train()) > 0.85);
        assertTrue(ZeroInitExperiments.priorEntropy(nine.train()) < ZeroInitExperiments.priorEntropy(three.train()));
        assertThrows(IllegalArgumentException.class, () -> ZeroInitExperiments.imbalancedMoons(0, 1));
        // The balanced moons of seed 1 are the ones the chapter always used, and their training set is balanced.
        assertArrayEquals(ZeroInitExperiments.balancedMoons().train().y(), ZeroInitExperiments.balancedMoons(1).train().y());
        int[] counts = ZeroInitExperiments.balancedMoons(4).train().classCounts();
        assertEquals(counts[0], counts[1]);
    }

    @Test
    void gradientsAtTheZeroStartReachOnlyTheOutputBias() {
        var data = ZeroInitExperiments.imbalancedMoons(1).train();
        var g = ZeroInitExperiments.gradientsAtInit(ZeroInitExperiments.spec(Activation.TANH, Init.zeros()).build(), data);
        assertEquals(0, g.hidden(), 0);
        assertEquals(0, g.outputWeights(), 0);
        assertEquals(0.25, g.outputBias(), 1e-12);
        var sigmoid = ZeroInitExperiments.gradientsAtInit(ZeroInitExperiments.spec(Activation.SIGMOID, Init.zeros()).build(), data);
        assertEquals(0.125, sigmoid.outputWeights(), 1e-12);
        var table = ZeroInitExperiments.gradientTable(List.of(
                Runs.over(2, "tanh", s -> g), Runs.over(2, "sigmoid", s -> sigmoid)));
        assertEquals(6, table.rowCount());
        assertEquals("2 (output)", table.stringColumn("layer").get(2));
        assertEquals(0.25, table.doubleColumn("max |dL/db|").get(2), 1e-12);
        assertEquals(0.125, table.doubleColumn("max |dL/dW|").get(5), 1e-12);
    }

    @Test
    void aZeroNetIsOneDistinctUnitWithNoParameterAwayFromZero() {
        Network net = ZeroInitExperiments.spec(Activation.TANH, Init.zeros()).build();
        assertEquals(1, ZeroInitExperiments.mostDistinctUnits(net));
        assertEquals(0, ZeroInitExperiments.largestParameter(net), 0);
        Network random = ZeroInitExperiments.spec(Activation.TANH, Init.xavierNormal()).build();
        assertEquals(16, ZeroInitExperiments.mostDistinctUnits(random));
        assertTrue(ZeroInitExperiments.largestParameter(random) > 0);
    }
}

package org.initlab.nn;

import org.initlab.data.Digits;
import org.initlab.init.Init;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LsuvTest {

    @Test
    void everyLayerEndsWithUnitOutputVariance() {
        var digits = Digits.load();
        Network net = Network.mlp(64, 128, 128, 128, 10).activation(Activation.RELU).init(Init.lsuv(0.05, 20)).seed(1).build();
        assertTrue(net.needsCalibration());
        List<LsuvCalibration.Layer> report = net.calibrate(digits.head(256).x());
        assertFalse(net.needsCalibration());
        assertEquals(4, report.size());
        for (var layer : report) {
            assertTrue(layer.converged(), layer.toString());
            assertEquals(1.0, layer.finalVariance(), 0.05);
        }
        assertTrue(report.stream().anyMatch(l -> l.iterations() > 0), "the orthonormal start is not already unit-variance");
    }

    @Test
    void theTrainerCalibratesByItself() {
        var split = Digits.load().split(0.2, 3);
        Network net = Network.mlp(64, 64, 10).activation(Activation.TANH).init(Init.lsuv()).seed(2).build();
        Trainer.of(Optimizer.sgd(0.05)).epochs(1).fit(net, split);
        assertEquals(2, net.calibration().size());
    }

    @Test
    void calibrateRejectsOtherInitializers() {
        var e = assertThrows(IllegalStateException.class, () -> Network.mlp(2, 3, 2).init(Init.heNormal()).build().calibrate(new double[][]{{1, 2}, {3, 4}}));
        assertTrue(e.getMessage().contains("he_normal"), e.getMessage());
    }
}

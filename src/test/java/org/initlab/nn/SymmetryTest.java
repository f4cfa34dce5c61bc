package org.initlab.nn;

import org.initlab.data.Dataset;
import org.initlab.data.Generators;
import org.initlab.init.Init;
import org.initlab.probe.LayerStats;
import org.initlab.probe.Measure;
import org.initlab.probe.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** What theory says about symmetric starts, checked exactly. */
class SymmetryTest {

    static final Dataset.Split DATA = Generators.spirals(300, 3, 0.2, 3).split(0.25, 4);

    static double unitSpread(Dense d) { return Measure.unitSpread(d.weights(), d.biases()); }

    @ParameterizedTest
    @MethodSource("tanhAndRelu")
    void zeroWeightsGiveExactlyZeroHiddenGradients(Activation act) {
        Network net = Network.mlp(2, 16, 16, 3).activation(act).init(Init.zeros()).build();
        int n = DATA.train().size();
        DenseMatrix x = DenseMatrix.zeros(ScalarType.Float64, n, 2);
        int[] index = new int[n];
        for (int i = 0; i < n; i++) index[i] = i;
        Matrices.gatherRows(DATA.train().x(), index, 0, n, x);
        DenseMatrix dOut = DenseMatrix.zeros(ScalarType.Float64, n, 3);
        Loss.softmaxCrossEntropy().evaluate(net.forward(x, true), DATA.train().y(), index, 0, dOut);
        net.backward(dOut);
        for (int l = 0; l < net.depth(); l++) {
            Dense d = net.layer(l);
            assertEquals(0.0, Matrices.maxAbs(d.weightGradient()), "layer " + l + " weight gradient");
            if (l < net.depth() - 1) assertEquals(0.0, Matrices.maxAbs(d.biasGradient()), "hidden layer " + l + " bias gradient");
        }
        // Only the output bias moves: it learns the class prior.
        assertTrue(Matrices.maxAbs(net.layer(net.depth() - 1).biasGradient()) > 0 || isBalanced(DATA.train()));
    }

    static boolean isBalanced(Dataset d) {
        int[] c = d.classCounts();
        for (int k : c) if (k != c[0]) return false;
        return true;
    }

    static Stream<Activation> tanhAndRelu() { return Stream.of(Activation.TANH, Activation.RELU); }

    static Stream<Optimizer> optimizers() {
        return Stream.of(Optimizer.sgd(0.05), Optimizer.momentum(0.05, 0.9), Optimizer.adam(0.01));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void constantWeightsKeepHiddenUnitsIdenticalFor500Steps(Optimizer opt) {
        Network net = Network.mlp(2, 12, 12, 3).activation(Activation.TANH).init(Init.constant(0.3)).build();
        // 225 training rows in batches of 45: 5 steps an epoch, 100 epochs = 500 steps.
        History h = Trainer.of(opt).epochs(100).batchSize(45).seed(2).fit(net, DATA);
        assertEquals(500, h.stepLosses().length);
        for (int l = 0; l < net.depth() - 1; l++) {
            assertTrue(unitSpread(net.layer(l)) <= 1e-12, "layer " + l + " spread " + unitSpread(net.layer(l)));
            assertEquals(1, Measure.distinctUnits(net.layer(l).weights(), net.layer(l).biases(), 1e-12));
        }
        // The weights did move: symmetric, not frozen.
        assertNotEquals(0.3, net.layer(0).weights().get(0, 0), 1e-6);
    }

    @Test
    void dropoutBreaksTheSymmetry() {
        Network net = Network.mlp(2, 12, 12, 3).activation(Activation.TANH).init(Init.constant(0.3)).dropout(0.2, 9).build();
        History h = Trainer.of(Optimizer.sgd(0.05)).epochs(20).batchSize(45).seed(2).probe(Probe.every(20)).fit(net, DATA);
        assertTrue(unitSpread(net.layer(0)) > 1e-3, "spread after dropout " + unitSpread(net.layer(0)));
        assertEquals(12, Measure.distinctUnits(net.layer(0).weights(), net.layer(0).biases(), 1e-12));
        List<LayerStats> first = h.probes(0);
        assertEquals(0.0, first.getFirst().maxUnitDifference(), "the start is symmetric");
        assertTrue(first.getLast().maxUnitDifference() > first.get(1).maxUnitDifference(), "and the difference grows");
    }

    @Test
    void constantNetworkComputesWhatAOneUnitWideNetworkComputes() {
        // With every weight c, a width-n layer feeding the next acts like one unit with weight n*c.
        double c = 0.1;
        Network wide = Network.mlp(2, 8, 3).activation(Activation.TANH).init(Init.constant(c)).build();
        Network narrow = Network.mlp(2, 1, 3).activation(Activation.TANH).init(Init.constant(c)).build();
        Matrices.copyInto(new double[][]{{8 * c}, {8 * c}, {8 * c}}, narrow.layer(1).weights(), "narrow output weights");
        double[][] xs = DATA.test().x();
        double[][] a = wide.outputs(xs), b = narrow.outputs(xs);
        for (int i = 0; i < xs.length; i++) for (int j = 0; j < 3; j++) assertEquals(a[i][j], b[i][j], 1e-12);
    }
}

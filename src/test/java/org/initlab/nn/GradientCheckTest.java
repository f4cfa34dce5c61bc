package org.initlab.nn;

import org.initlab.init.Init;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import smile.math.random.MersenneTwister64;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-propagation against central finite differences, for every activation x loss on a 3-layer
 * net in Float64: every weight and bias of every layer, relative error ||a - n|| / (||a|| + ||n||).
 */
class GradientCheckTest {

    static final List<Activation> ACTIVATIONS = List.of(Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU,
            Activation.LEAKY_RELU, Activation.ELU, Activation.SELU, Activation.GELU);
    static final List<Loss> LOSSES = List.of(Loss.softmaxCrossEntropy(), Loss.sigmoidBinaryCrossEntropy(), Loss.meanSquaredError());

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Activation a : ACTIVATIONS) for (Loss l : LOSSES) {
            out.add(Arguments.of(a, l, 3));
            if (!(l instanceof Loss.SoftmaxCrossEntropy)) out.add(Arguments.of(a, l, 1)); // one output, two classes
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} x {1} x {2} outputs")
    @MethodSource("cases")
    void backpropMatchesFiniteDifferences(Activation act, Loss loss, int outputs) {
        int batch = 7, inputs = 4;
        Network net = Network.mlp(inputs, 6, 5, outputs).activation(act).init(Init.normal(0, 0.7)).biasInit(Init.normal(0, 0.3)).seed(11).build();
        var rng = new MersenneTwister64(5);
        DenseMatrix x = DenseMatrix.zeros(ScalarType.Float64, batch, inputs);
        for (int i = 0; i < batch; i++) for (int j = 0; j < inputs; j++) x.set(i, j, rng.nextGaussian());
        int classes = outputs == 1 ? 2 : outputs;
        int[] y = new int[batch], index = new int[batch];
        for (int i = 0; i < batch; i++) { y[i] = i % classes; index[i] = i; }

        DenseMatrix dOut = DenseMatrix.zeros(ScalarType.Float64, batch, outputs);
        loss.evaluate(net.forward(x, false), y, index, 0, dOut);
        net.backward(dOut);

        double h = 1e-6;
        for (Dense layer : net.layers()) {
            for (var pair : List.of(new DenseMatrix[]{layer.weights(), layer.weightGradient()}, new DenseMatrix[]{layer.biases(), layer.biasGradient()})) {
                var check = FiniteDifferences.compare(pair[0], pair[1], () -> loss.evaluate(net.forward(x, false), y, index, 0, null), h);
                double norm = check.norm(), rel = check.relativeError();
                assertTrue(rel < 1e-6, act.label() + " x " + loss.label() + ": relative error " + rel);
                assertTrue(norm > 1e-6, "gradient must not be trivially zero: " + norm);
            }
        }
    }
}

package org.initlab.nn;

import org.initlab.init.Init;
import org.junit.jupiter.api.Test;
import smile.math.random.MersenneTwister64;
import smile.model.mlp.ActivationFunction;
import smile.model.mlp.Cost;
import smile.model.mlp.HiddenLayer;
import smile.model.mlp.InputLayer;
import smile.model.mlp.Layer;
import smile.model.mlp.MultilayerPerceptron;
import smile.model.mlp.OutputFunction;
import smile.model.mlp.OutputLayer;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;
import smile.tensor.Vector;
import smile.util.function.TimeFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our network against Smile's own MLP ({@code smile.model.mlp}): same initial weights, same batch,
 * one step of plain SGD. Smile trains per sample in Float32 and keeps the NEGATIVE gradient
 * (target - output) with {@code w += eta/m * sum}; ours keeps dLoss/dz with {@code w -= lr * mean}.
 * The two must give the same loss and the same new weights.
 */
class SmileCrossCheckTest {

    /** Smile's perceptron with its protected per-sample steps opened up. */
    static final class SmileNet extends MultilayerPerceptron {
        SmileNet(Layer... layers) {
            super(layers);
            setLearningRate(TimeFunction.constant(0.5));
            setMomentum(TimeFunction.constant(0.0));
        }

        Layer[] hidden() { return net; }
        OutputLayer out() { return output; }

        /** Mean cross-entropy of the batch before the step, then one mini-batch update. */
        double step(double[][] x, int[] y) {
            double loss = 0;
            for (int i = 0; i < x.length; i++) {
                propagate(vector(x[i]), true);
                loss -= Math.log(output.output().get(y[i]));
                Vector t = target.get();
                t.fill(0.0);
                t.set(y[i], 1.0);
                backpropagate(false);
            }
            update(x.length);
            return loss / x.length;
        }
    }

    @Test
    void oneSgdStepMatchesSmilesMlp() {
        int inputs = 4, hidden = 6, classes = 3, batch = 8;
        double lr = 0.5;
        Network ours = Network.mlp(inputs, hidden, classes).activation(Activation.RELU).init(Init.heNormal()).biasInit(Init.normal(0, 0.1)).seed(3).build();
        // Smile's layers hold Float32: round our starting weights to float so both start from the same numbers.
        for (Dense d : ours.layers()) { roundToFloat(d.weights()); roundToFloat(d.biases()); }

        SmileNet smile = new SmileNet(new InputLayer(inputs),
                new HiddenLayer(hidden, inputs, 0.0, ActivationFunction.rectifier()),
                new OutputLayer(classes, hidden, OutputFunction.SOFTMAX, Cost.LIKELIHOOD));
        Layer[] smileLayers = {smile.hidden()[1], smile.out()};
        for (int l = 0; l < 2; l++) copy(ours.layer(l), smileLayers[l]);

        var rng = new MersenneTwister64(9);
        double[][] x = new double[batch][inputs];
        int[] y = new int[batch], index = new int[batch];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < inputs; j++) x[i][j] = (float) rng.nextGaussian();
            y[i] = i % classes;
            index[i] = i;
        }
        double smileLoss = smile.step(x, y);

        DenseMatrix xb = DenseMatrix.zeros(ScalarType.Float64, batch, inputs);
        Matrices.gatherRows(x, index, 0, batch, xb);
        DenseMatrix dOut = DenseMatrix.zeros(ScalarType.Float64, batch, classes);
        double ourLoss = Loss.softmaxCrossEntropy().evaluate(ours.forward(xb, true), y, index, 0, dOut);
        ours.backward(dOut);
        for (Dense d : ours.layers()) {
            new Slot(Optimizer.sgd(lr), d.weights(), d.weightGradient()).step(1, null);
            new Slot(Optimizer.sgd(lr), d.biases(), d.biasGradient()).step(1, null);
        }

        assertEquals(ourLoss, smileLoss, 1e-5 * ourLoss, "loss before the step");
        for (int l = 0; l < 2; l++) {
            DenseMatrix w = ours.layer(l).weights(), sw = smileLayers[l].weight();
            for (int i = 0; i < w.nrow(); i++) {
                for (int j = 0; j < w.ncol(); j++) assertEquals(w.get(i, j), sw.get(i, j), 2e-6, "layer " + l + " w[" + i + "," + j + "]");
                assertEquals(ours.layer(l).biases().get(i, 0), smileLayers[l].bias().get(i), 2e-6, "layer " + l + " b[" + i + "]");
            }
        }
    }

    private static void roundToFloat(DenseMatrix m) {
        for (int i = 0; i < m.nrow(); i++) for (int j = 0; j < m.ncol(); j++) m.set(i, j, (float) m.get(i, j));
    }

    private static void copy(Dense from, Layer to) {
        for (int i = 0; i < from.fanOut(); i++) {
            for (int j = 0; j < from.fanIn(); j++) to.weight().set(i, j, from.weights().get(i, j));
            to.bias().set(i, from.biases().get(i, 0));
        }
    }
}

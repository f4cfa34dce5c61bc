package org.initlab.nn;

import org.initlab.data.Digits;
import org.initlab.init.Init;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static smile.linalg.Transpose.NO_TRANSPOSE;
import static smile.linalg.Transpose.TRANSPOSE;

/**
 * The passes that ride on a product's column blocks (the activation on the forward product's, the layer below's
 * derivative on the input-gradient product's) give the bits of the plain composition: the product, then the
 * elementwise pass over the whole matrix. Widths 256 by batches of 64 are cut into column blocks; 32 are not.
 */
class FusedPassesTest {

    static Stream<Arguments> nets() {
        List<Arguments> out = new ArrayList<>();
        for (ScalarType t : List.of(ScalarType.Float64, ScalarType.Float32))
            for (Activation f : List.of(Activation.RELU, Activation.TANH, Activation.SELU))
                for (int width : new int[]{32, 256}) out.add(Arguments.of(t, f, width));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} width {2}")
    @MethodSource("nets")
    void forwardAndBackwardMatchThePlainCompositionBitForBit(ScalarType t, Activation f, int width) {
        NetworkSpec spec = Network.mlp(64, width, width, 10).activation(f).init(Init.heNormal()).seed(3);
        Network net = (t == ScalarType.Float32 ? spec.float32() : spec).build();
        var digits = Digits.load();
        int batch = 64;
        DenseMatrix x = Matrices.rows(digits.x(), 0, batch, t), dOut = DenseMatrix.zeros(t, batch, 10);
        Loss.softmaxCrossEntropy().evaluate(net.forward(x, true), digits.y(), Matrices.identity(digits.size()), 0, dOut);
        net.backward(dOut);

        DenseMatrix h = x;
        DenseMatrix[] z = new DenseMatrix[net.depth()], a = new DenseMatrix[net.depth()];
        for (int l = 0; l < net.depth(); l++) {
            Dense d = net.layer(l);
            z[l] = DenseMatrix.zeros(t, batch, d.fanOut());
            a[l] = DenseMatrix.zeros(t, batch, d.fanOut());
            Gemm.mm(NO_TRANSPOSE, h, TRANSPOSE, d.weights(), z[l]);
            Kernels.activate(d.activation(), d.biases(), z[l], a[l]);
            same(z[l], d.preActivations(), "layer " + l + " z");
            same(a[l], d.activations(), "layer " + l + " a");
            h = a[l];
        }
        DenseMatrix g = dOut;
        for (int l = net.depth() - 1; l >= 0; l--) {
            Dense d = net.layer(l);
            DenseMatrix dZ = DenseMatrix.zeros(t, batch, d.fanOut()), db = DenseMatrix.zeros(t, d.fanOut(), 1), dW = DenseMatrix.zeros(t, d.fanOut(), d.fanIn());
            Kernels.backActivate(d.activation(), z[l], a[l], null, g, dZ, db);
            Gemm.mm(TRANSPOSE, dZ, NO_TRANSPOSE, l == 0 ? x : a[l - 1], dW);
            same(dZ, d.preActivationGradient(), "layer " + l + " dZ");
            same(db, d.biasGradient(), "layer " + l + " db");
            same(dW, d.weightGradient(), "layer " + l + " dW");
            DenseMatrix dX = DenseMatrix.zeros(t, batch, d.fanIn());
            Gemm.mm(NO_TRANSPOSE, dZ, NO_TRANSPOSE, d.weights(), dX);
            g = dX;
        }
    }

    private static void same(DenseMatrix expected, DenseMatrix actual, String what) {
        assertEquals(expected.nrow(), actual.nrow(), what);
        assertEquals(expected.ncol(), actual.ncol(), what);
        for (int j = 0; j < expected.ncol(); j++)
            for (int i = 0; i < expected.nrow(); i++)
                assertEquals(Double.doubleToLongBits(expected.get(i, j)), Double.doubleToLongBits(actual.get(i, j)),
                        what + " differs");
    }
}

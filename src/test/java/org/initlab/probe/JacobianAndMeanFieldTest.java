package org.initlab.probe;

import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The Jacobian against central finite differences and its SVD against its own products; the mean field against known limits. */
class JacobianAndMeanFieldTest {

    @Test
    void jacobianMatchesFiniteDifferences() {
        for (Activation f : new Activation[]{Activation.TANH, Activation.RELU, Activation.GELU}) {
            Network net = Network.mlp(5, 6, 4, 3).activation(f).init(Init.normal(0, 0.7)).biasInit(Init.normal(0, 0.2)).seed(3).build();
            double[] x = {0.3, -0.8, 1.1, 0.05, -0.4};
            double[][] j = Jacobian.of(net, x, 2); // the second hidden layer's activations (4) against the 5 inputs
            double h = 1e-6;
            for (int c = 0; c < 5; c++) {
                double[] up = x.clone(), down = x.clone();
                up[c] += h;
                down[c] -= h;
                double[] a = hidden(net, up), b = hidden(net, down);
                for (int r = 0; r < 4; r++) assertEquals((a[r] - b[r]) / (2 * h), j[r][c], 1e-7, f.label() + " d h" + r + " / d x" + c);
            }
        }
    }

    private static double[] hidden(Network net, double[] x) {
        net.outputs(new double[][]{x});
        double[] a = new double[4];
        for (int r = 0; r < 4; r++) a[r] = net.layer(1).activations().get(0, r);
        return a;
    }

    @Test
    void singularValuesOfAnOrthogonalMatrixTimesAScaleAreThatScale() {
        Network net = Network.mlp(8, 8, 2).init(Init.orthogonal(2.5)).activation(Activation.IDENTITY).seed(1).build();
        double[] s = Jacobian.singularValues(Jacobian.of(net, new double[8], 1));
        for (double v : s) assertEquals(2.5, v, 1e-12);
        double[] d = Jacobian.singularValues(new double[][]{{3, 0}, {0, -0.5}});
        assertArrayEquals(new double[]{3, 0.5}, d, 1e-12, "largest first, absolute values");
    }

    @Test
    void stretchesBoundTheConditionNumberAndMultiplyToTheDeterminant() {
        // Widths that grow (walked from the input) and that shrink (walked from the output), tanh with biases.
        for (int[] widths : new int[][]{{6, 6, 8, 8, 8, 3}, {8, 8, 6, 6, 5, 3}}) {
            Network net = Network.mlp(widths).activation(Activation.TANH).init(Init.normal(0, 0.6)).biasInit(Init.normal(0, 0.3)).seed(5).build();
            double[] x = new double[widths[0]];
            for (int i = 0; i < x.length; i++) x[i] = Math.sin(i + 1.0);
            int layers = widths.length - 2;
            double[] sv = Jacobian.singularValues(Jacobian.of(net, x, layers));
            double[] st = Jacobian.log10Stretches(net, x, layers);
            int rank = Math.min(widths[0], widths[layers]);
            assertEquals(rank, st.length, "one stretch per dimension of the square triangular factor");
            double logDet = 0, sum = 0;
            for (int i = 0; i < rank; i++) { logDet += Math.log10(sv[i]); sum += st[i]; }
            // The triangular factor's determinant is the product of the stretches; the Q's keep volumes.
            assertEquals(logDet, sum, 1e-10, "sum of stretches = log10 of the product of the singular values");
            assertTrue(st[0] <= Math.log10(sv[0]) + 1e-12, "largest stretch at most the largest singular value");
            assertTrue(st[rank - 1] >= Math.log10(sv[rank - 1]) - 1e-12, "smallest stretch at least the smallest singular value");
            for (int i = 1; i < rank; i++) assertTrue(st[i] <= st[i - 1], "largest first");
        }
        // An orthogonal linear stack stretches nothing, at any depth.
        Network orth = Network.mlp(8, 8, 8, 8, 8, 2).init(Init.orthogonal(1)).activation(Activation.IDENTITY).seed(2).build();
        for (double v : Jacobian.log10Stretches(orth, new double[8], 4)) assertEquals(0, v, 1e-12);
        // A stack that widens and then narrows has no square triangular factor: refused, not guessed.
        Network both = Network.mlp(4, 8, 4, 2).build();
        var e = assertThrows(IllegalArgumentException.class, () -> Jacobian.log10Stretches(both, new double[4], 2));
        assertTrue(e.getMessage().contains("never shrink or never grow"), e.getMessage());
    }

    @Test
    void refusesWhatItCannotDifferentiate() {
        Network res = Network.mlp(4, 4, 4, 4, 2).residual(org.initlab.nn.Residual.blocks(2)).build();
        assertThrows(IllegalArgumentException.class, () -> Jacobian.of(res, new double[4], 2));
        assertThrows(IllegalArgumentException.class, () -> Jacobian.of(Network.mlp(4, 2).build(), new double[4], 2));
        assertThrows(IllegalArgumentException.class, () -> new MeanField(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MeanField(1, -0.1));
    }

    @Test
    void meanFieldAgreesWithItsLimits() {
        // Without biases, q* = 0 below sw = 1 (tanh is linear near 0), so chi1 = sw^2 and the edge is sw = 1.
        assertEquals(0.64, new MeanField(0.8, 0).chi1(), 1e-6);
        assertEquals(1, MeanField.edgeOfChaos(0), 0.01);
        // E[tanh(z)^2] for z ~ N(0, 1) is 0.39429...: one step of the length map from q = 1 with sw = 1, sb = 0.
        assertEquals(0.394294, new MeanField(1, 0).nextLength(1), 1e-5);
        // c = 1 is a fixed point of the correlation map; in the ordered phase everything converges to it.
        assertEquals(1, new MeanField(1.5, 0.3).nextCorrelation(1), 1e-4);
        assertEquals(1, new MeanField(0.9, Math.sqrt(0.05)).correlationAfter(0.2, 200), 1e-6);
        // The edge for sb^2 = 0.05 lies where chi1 crosses 1 (Schoenholz et al. 2017, fig. 1: sw^2 about 1.76).
        double edge = MeanField.edgeOfChaos(Math.sqrt(0.05));
        assertEquals(1, new MeanField(edge, Math.sqrt(0.05)).chi1(), 1e-6);
        assertEquals(1.76, edge * edge, 0.05);
    }
}

package org.initlab.probe;

import org.initlab.nn.Dense;
import org.initlab.nn.Matrices;
import org.initlab.nn.Network;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * The input-output Jacobian of a plain network's first {@code layers} layers at one input, J = D_L W_L ... D_1 W_1 with
 * D_l = diag(f'(z_l)), and its singular values: all near 1 is dynamical isometry (Saxe et al. 2013; Pennington,
 * Schoenholz &amp; Ganguli 2017), where a gradient keeps its norm in every direction through the layers.
 */
public final class Jacobian {
    private Jacobian() {}

    /** J (fanOut of layer {@code layers - 1} x inputs) at the input {@code x}, computed in double. */
    public static double[][] of(Network net, double[] x, int layers) {
        if (!net.blocks().isEmpty()) throw new IllegalArgumentException("Jacobian.of is for plain stacks; this network has residual blocks");
        if (layers < 1 || layers > net.depth()) throw new IllegalArgumentException("layers must be in 1.." + net.depth() + ", got " + layers);
        net.forward(Matrices.rows(new double[][]{x}, 0, 1, net.spec().type()), false);
        int n = net.inputs();
        double[][] j = new double[n][n];
        for (int i = 0; i < n; i++) j[i][i] = 1;
        for (int l = 0; l < layers; l++) {
            Dense d = net.layer(l);
            if (d.norm() != null || d.dropout() > 0) throw new IllegalArgumentException("Jacobian.of is for plain dense layers; layer " + l + " normalizes or drops out");
            DenseMatrix w = d.weights(), z = d.preActivations(), a = d.activations();
            double[][] next = new double[d.fanOut()][n];
            for (int i = 0; i < d.fanOut(); i++) {
                double slope = d.activation().derivative(z.get(0, i), a.get(0, i));
                for (int k = 0; k < d.fanIn(); k++) {
                    double wik = w.get(i, k) * slope;
                    if (wik == 0) continue;
                    double[] row = j[k], out = next[i];
                    for (int c = 0; c < n; c++) out[c] += wik * row[c];
                }
            }
            j = next;
        }
        return j;
    }

    /** The singular values of {@code m} (LAPACK through Smile), largest first. */
    public static double[] singularValues(double[][] m) {
        DenseMatrix a = DenseMatrix.zeros(ScalarType.Float64, m.length, m[0].length);
        Matrices.copyInto(m, a, "the Jacobian");
        var s = a.svd(false).s();
        double[] out = new double[Math.min(m.length, m[0].length)];
        for (int i = 0; i < out.length; i++) out[i] = s.get(i);
        java.util.Arrays.sort(out);
        for (int i = 0; i < out.length / 2; i++) { double t = out[i]; out[i] = out[out.length - 1 - i]; out[out.length - 1 - i] = t; }
        return out;
    }
}

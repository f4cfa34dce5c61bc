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
        forwardThroughPlainLayers(net, x, layers, "Jacobian.of");
        int n = net.inputs();
        double[][] j = new double[n][n];
        for (int i = 0; i < n; i++) j[i][i] = 1;
        for (int l = 0; l < layers; l++) {
            Dense d = net.layer(l);
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

    /**
     * The Jacobian's stretches as powers of 10, without forming it: Q_0 = I, then Q_l R_l = M_l Q_(l-1) for each
     * layer's M_l = D_l W_l (thin QR through LAPACK), and stretch i = the sum over layers of log10 |R_l[i][i]|. Then
     * J = Q_L T with T = R_L ... R_1 square and triangular, whose diagonal (the stretches) holds T's eigenvalues, and
     * those lie between J's smallest and largest singular values: {@code max - min} of the stretches is a lower bound
     * on log10 of J's condition number, however far apart they are. Forming J and taking its SVD cannot see below
     * 10^-16 of the largest singular value; this can (the Lyapunov-exponent method of Benettin et al. 1980). The
     * bound needs T square: a stack whose widths never shrink is walked from the input, one whose widths never grow
     * from the output (J's transpose has the same singular values). Largest first.
     */
    public static double[] log10Stretches(Network net, double[] x, int layers) {
        forwardThroughPlainLayers(net, x, layers, "Jacobian.log10Stretches");
        boolean widens = true, narrows = true;
        for (int l = 0; l < layers; l++) {
            Dense d = net.layer(l);
            widens &= d.fanOut() >= d.fanIn();
            narrows &= d.fanOut() <= d.fanIn();
        }
        if (!widens && !narrows)
            throw new IllegalArgumentException("Jacobian.log10Stretches needs widths that never shrink or never grow over the " + layers + " layers: the bound on the condition number needs a square triangular factor");
        int n = widens ? net.inputs() : net.layer(layers - 1).fanOut();
        DenseMatrix q = DenseMatrix.eye(ScalarType.Float64, n);
        double[] stretch = new double[n];
        for (int step = 0; step < layers; step++) {
            Dense d = net.layer(widens ? step : layers - 1 - step);
            DenseMatrix w = d.weights(), z = d.preActivations(), a = d.activations();
            double[] slope = new double[d.fanOut()];
            for (int i = 0; i < slope.length; i++) slope[i] = d.activation().derivative(z.get(0, i), a.get(0, i));
            // M Q with M = D W (from the input) or its transpose W^T D (from the output).
            int rows = widens ? d.fanOut() : d.fanIn(), inner = widens ? d.fanIn() : d.fanOut();
            DenseMatrix m = DenseMatrix.zeros(ScalarType.Float64, rows, n);
            for (int i = 0; i < rows; i++)
                for (int k = 0; k < inner; k++) {
                    double mik = widens ? slope[i] * w.get(i, k) : w.get(k, i) * slope[k];
                    if (mik == 0) continue;
                    for (int c = 0; c < n; c++) m.set(i, c, m.get(i, c) + mik * q.get(k, c));
                }
            var qr = m.qr();
            DenseMatrix r = qr.R();
            for (int i = 0; i < n; i++) stretch[i] += Math.log10(Math.abs(r.get(i, i)));
            q = qr.Q();
        }
        return largestFirst(stretch);
    }

    /**
     * Refuses what {@code method} cannot differentiate (residual blocks, normalization, dropout, a layer count outside
     * the net), then runs the forward pass at {@code x} whose slopes the Jacobian takes.
     */
    private static void forwardThroughPlainLayers(Network net, double[] x, int layers, String method) {
        if (!net.blocks().isEmpty()) throw new IllegalArgumentException(method + " is for plain stacks; this network has residual blocks");
        if (layers < 1 || layers > net.depth()) throw new IllegalArgumentException("layers must be in 1.." + net.depth() + ", got " + layers);
        for (int l = 0; l < layers; l++) {
            Dense d = net.layer(l);
            if (d.norm() != null || d.dropout() > 0) throw new IllegalArgumentException(method + " is for plain dense layers; layer " + l + " normalizes or drops out");
        }
        net.forward(Matrices.rows(new double[][]{x}, 0, 1, net.spec().type()), false);
    }

    /** A sorted copy, largest first. */
    private static double[] largestFirst(double[] values) {
        double[] out = values.clone();
        java.util.Arrays.sort(out);
        for (int i = 0; i < out.length / 2; i++) { double t = out[i]; out[i] = out[out.length - 1 - i]; out[out.length - 1 - i] = t; }
        return out;
    }

    /** The singular values of {@code m} (LAPACK through Smile), largest first. */
    public static double[] singularValues(double[][] m) {
        DenseMatrix a = DenseMatrix.zeros(ScalarType.Float64, m.length, m[0].length);
        Matrices.copyInto(m, a, "the Jacobian");
        var s = a.svd(false).s();
        double[] values = new double[Math.min(m.length, m[0].length)];
        for (int i = 0; i < values.length; i++) values[i] = s.get(i);
        return largestFirst(values);
    }
}

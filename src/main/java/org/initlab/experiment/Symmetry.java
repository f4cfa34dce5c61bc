package org.initlab.experiment;

import org.initlab.nn.Dense;
import org.initlab.nn.Matrices;
import org.initlab.nn.Network;
import org.initlab.probe.Measure;

/**
 * Exact symmetry: when every hidden layer's units are copies, the network is a one-unit-wide
 * network in disguise. {@link #collapse} builds that narrow network, so the claim "it computes
 * exactly what a one-unit network computes" can be checked on numbers.
 */
public final class Symmetry {
    private Symmetry() {}

    /** Largest difference between two units of any hidden layer (0 = every hidden layer is copies). */
    public static double hiddenSpread(Network net) {
        double max = 0;
        for (int l = 0; l < net.depth() - 1; l++) max = Math.max(max, Measure.unitSpread(net.layer(l).weights(), net.layer(l).biases()));
        return max;
    }

    /**
     * The one-unit-wide network computing the same function: each hidden layer keeps its first unit,
     * and each layer above sums the weights it had on the copies (n copies of a times w each = a times n w).
     * Throws if the hidden units are not copies to within {@code tol}.
     */
    public static Network collapse(Network wide, double tol) {
        double spread = hiddenSpread(wide);
        if (spread > tol) throw new IllegalArgumentException("hidden units are not copies: they differ by up to " + spread + " > " + tol);
        int depth = wide.depth();
        int[] widths = new int[depth + 1];
        widths[0] = wide.inputs();
        for (int l = 1; l < depth; l++) widths[l] = 1;
        widths[depth] = wide.outputs();
        Network narrow = new org.initlab.nn.NetworkSpec(widths, wide.spec().activation(), wide.spec().output(),
                org.initlab.init.Init.zeros(), org.initlab.init.Init.zeros(), 0, 0, 0, wide.spec().type(), null, null, org.initlab.nn.OutputLayer.SAME).build();
        for (int l = 0; l < depth; l++) {
            Dense w = wide.layer(l), n = narrow.layer(l);
            int units = l == depth - 1 ? w.fanOut() : 1;
            for (int i = 0; i < units; i++) {
                if (l == 0) {
                    for (int j = 0; j < w.fanIn(); j++) n.weights().set(i, j, w.weights().get(i, j));
                } else {
                    double sum = 0;
                    for (int j = 0; j < w.fanIn(); j++) sum += w.weights().get(i, j);
                    n.weights().set(i, 0, sum);
                }
                n.biases().set(i, 0, w.biases().get(i, 0));
            }
        }
        return narrow;
    }

    /** Largest absolute difference between two networks' outputs on the same rows. */
    public static double outputDifference(Network a, Network b, double[][] x) {
        double[][] oa = a.outputs(x), ob = b.outputs(x);
        double max = 0;
        for (int i = 0; i < x.length; i++) for (int j = 0; j < oa[i].length; j++) max = Math.max(max, Math.abs(oa[i][j] - ob[i][j]));
        return max;
    }

    /** Largest absolute weight of the hidden layers: 0 means they never moved from an all-zero start. */
    public static double hiddenMaxAbs(Network net) {
        double max = 0;
        for (int l = 0; l < net.depth() - 1; l++) max = Math.max(max, Math.max(Matrices.maxAbs(net.layer(l).weights()), Matrices.maxAbs(net.layer(l).biases())));
        return max;
    }
}

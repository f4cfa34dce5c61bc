package org.initlab.nn;

import org.initlab.init.Initializer;

import java.util.Arrays;

/**
 * How the output layer starts, when not as the hidden ones: its own initializer, a gain on its weights (Karpathy's
 * makemore part 3 multiplies them by 0.01 so the first guesses are not confidently wrong) and starting biases (the log
 * of the class frequencies: the softmax starts at the prior, Karpathy 2019, "A recipe for training neural networks").
 *
 * @param init the output layer's initializer, or null for the network's own
 * @param gain multiplies its weights after they are drawn
 * @param bias its starting biases, one per output, or null for the network's bias initializer
 */
public record OutputLayer(Initializer init, double gain, double[] bias) implements java.io.Serializable {

    public static final OutputLayer SAME = new OutputLayer(null, 1, null);

    public OutputLayer {
        if (!Double.isFinite(gain)) throw new IllegalArgumentException("the output layer's gain must be finite, got " + gain);
        if (bias != null) {
            bias = bias.clone();
            for (int k = 0; k < bias.length; k++)
                if (!Double.isFinite(bias[k])) throw new IllegalArgumentException("the output layer's starting bias " + k + " is " + bias[k] + ", not a finite number");
        }
    }

    @Override public double[] bias() { return bias == null ? null : bias.clone(); }

    /**
     * The biases that make the output start at the classes' frequencies in {@code labels}: log p_k for a softmax over
     * {@code outputs} = {@code classes}, or the log odds log(p_1 / p_0) for one sigmoid output of two classes.
     */
    public static double[] logPrior(int[] labels, int classes, int outputs) {
        if (labels == null || labels.length == 0) throw new IllegalArgumentException("the log prior needs labels, got none");
        if (classes < 2) throw new IllegalArgumentException("the log prior needs at least 2 classes, got " + classes);
        double[] count = new double[classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", outside 0.." + (classes - 1));
            count[labels[i]]++;
        }
        for (int k = 0; k < classes; k++)
            if (count[k] == 0) throw new IllegalArgumentException("class " + k + " never occurs in the labels: its log prior is -infinity");
        if (outputs == 1 && classes == 2) return new double[]{Math.log(count[1] / count[0])};
        if (outputs != classes) throw new IllegalArgumentException("the log prior of " + classes + " classes needs " + classes + " outputs (or 1 for two classes), got " + outputs);
        double[] b = new double[classes];
        for (int k = 0; k < classes; k++) b[k] = Math.log(count[k] / labels.length);
        return b;
    }

    public String label() {
        StringBuilder s = new StringBuilder();
        if (init != null) s.append(" out ").append(init.name());
        if (gain != 1) s.append(" out x").append(gain);
        if (bias != null) s.append(" out bias set");
        return s.toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof OutputLayer h && java.util.Objects.equals(init, h.init) && gain == h.gain && Arrays.equals(bias, h.bias);
    }

    @Override public int hashCode() { return java.util.Objects.hash(init, gain) * 31 + Arrays.hashCode(bias); }

    @Override public String toString() { return "OutputLayer[init=" + init + ", gain=" + gain + ", bias=" + Arrays.toString(bias) + "]"; }
}

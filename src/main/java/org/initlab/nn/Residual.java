package org.initlab.nn;

import org.initlab.init.Initializer;

/**
 * Residual blocks for a network's hidden layers, as data: x + alpha * f(x), f being one dense layer, f(x) = g(x W^T + b),
 * or two, f(x) = g(x W1^T + b1) W2^T + b2 (the second linear, as in pre-activation ResNets and transformers' MLPs).
 * The first hidden layer (inputs to width) and the output layer stay plain; the layers between, all of one width,
 * are grouped into blocks.
 *
 * <p>The branch's last layer can start on its own: zero (Goyal et al. 2017, section 5.1, zero the last BatchNorm scale
 * of each block; Fixup, Zhang et al. 2019, section 3, zero the last layer), with another initializer, or scaled down
 * by 1/sqrt(N), N the number of residual branches (GPT-2, Radford et al. 2019, section 2.3; a transformer block has two
 * branches, hence the "1/sqrt(2L)" of L blocks). {@code alpha} is a fixed multiplier, or a learned one (SkipInit, De
 * &amp; Smith 2020: alpha starts at 0).
 *
 * @param branchLayers   dense layers per branch, 1 or 2
 * @param lastInit       the branch's last layer's initializer, or null for the network's own
 * @param lastGain       multiplies the branch's last layer's weights after they are drawn
 * @param scaledByDepth  whether the last layer's weights are also multiplied by 1/sqrt(number of blocks)
 * @param alpha          the branch's multiplier (its starting value when learned)
 * @param learnableAlpha whether alpha is a parameter, one per block
 */
public record Residual(int branchLayers, Initializer lastInit, double lastGain, boolean scaledByDepth, double alpha, boolean learnableAlpha) implements java.io.Serializable {

    public Residual {
        if (branchLayers != 1 && branchLayers != 2) throw new IllegalArgumentException("a residual branch has 1 or 2 dense layers, got " + branchLayers);
        if (!Double.isFinite(lastGain)) throw new IllegalArgumentException("the branch's last-layer gain must be finite, got " + lastGain);
        if (!Double.isFinite(alpha)) throw new IllegalArgumentException("the residual multiplier alpha must be finite, got " + alpha);
    }

    /** Blocks x + f(x) with {@code branchLayers} dense layers per branch, every layer started as the network's. */
    public static Residual blocks(int branchLayers) { return new Residual(branchLayers, null, 1, false, 1, false); }

    /** The branch's last layer starts at zero weights (its bias as the network's biases): each block starts as the identity. */
    public Residual zeroLast() { return lastInit(org.initlab.init.Init.zeros()); }
    public Residual lastInit(Initializer i) { return new Residual(branchLayers, i, lastGain, scaledByDepth, alpha, learnableAlpha); }
    public Residual lastGain(double g) { return new Residual(branchLayers, lastInit, g, scaledByDepth, alpha, learnableAlpha); }
    /** The branch's last layer's weights times 1/sqrt(number of blocks), as GPT-2 scales its residual projections. */
    public Residual depthScaled() { return new Residual(branchLayers, lastInit, lastGain, true, alpha, learnableAlpha); }
    /** x + alpha f(x) with a fixed alpha. */
    public Residual alpha(double a) { return new Residual(branchLayers, lastInit, lastGain, scaledByDepth, a, false); }
    /** SkipInit (De &amp; Smith 2020): a learned alpha per block, starting at 0. */
    public Residual skipInit() { return new Residual(branchLayers, lastInit, lastGain, scaledByDepth, 0, true); }

    /** E.g. {@code residual(2, last zeros)}. */
    public String label() {
        StringBuilder s = new StringBuilder("residual(").append(branchLayers);
        if (lastInit != null) s.append(", last ").append(lastInit.name());
        if (lastGain != 1) s.append(", last x").append(lastGain);
        if (scaledByDepth) s.append(", last /sqrt(blocks)");
        if (learnableAlpha) s.append(", skipinit");
        else if (alpha != 1) s.append(", alpha ").append(alpha);
        return s.append(")").toString();
    }
}

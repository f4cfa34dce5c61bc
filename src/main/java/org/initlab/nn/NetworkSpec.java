package org.initlab.nn;

import org.initlab.init.Init;
import org.initlab.init.Initializer;
import smile.tensor.ScalarType;

import java.util.Arrays;

/**
 * What a multilayer perceptron is, as data: widths, activations, initializers, dropout, seed and
 * number type. Immutable, so a sweep can hold a grid of them; {@link #build()} makes the network.
 *
 * <pre>{@code var net = Network.mlp(64, 256, 256, 10).activation(Activation.RELU).init(Init.heNormal()).seed(7).build();}</pre>
 *
 * @param widths     inputs, hidden widths..., outputs
 * @param activation of the hidden layers
 * @param output     of the last layer; identity by default, since each {@link Loss} applies its own link
 * @param weightInit for every layer's weights
 * @param biasInit   for every layer's biases (zeros by default)
 * @param dropout    rate on hidden activations (0 = off)
 * @param dropoutSeed seed of the dropout masks, separate from the weights' seed
 * @param residual   residual blocks over the hidden layers, or null for a plain stack
 * @param norm       a normalization layer in every hidden layer, or null for none
 * @param head       how the output layer starts ({@link OutputLayer#SAME}: as the others)
 */
public record NetworkSpec(int[] widths, Activation activation, Activation output, Initializer weightInit,
                          Initializer biasInit, double dropout, long dropoutSeed, long seed, ScalarType type,
                          Residual residual, Normalization norm, OutputLayer head) implements java.io.Serializable {

    public NetworkSpec {
        if (widths == null || widths.length < 2) throw new IllegalArgumentException("a network needs at least an input and an output width");
        for (int i = 0; i < widths.length; i++)
            if (widths[i] <= 0) throw new IllegalArgumentException("width " + i + " must be positive, got " + widths[i]);
        widths = widths.clone();
        if (activation == null || output == null || weightInit == null || biasInit == null)
            throw new IllegalArgumentException("activation, output activation and initializers must not be null");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + dropout);
        if (type != ScalarType.Float64 && type != ScalarType.Float32) throw new IllegalArgumentException("type must be Float64 or Float32, got " + type);
        if (head == null) throw new IllegalArgumentException("the output layer's start must not be null (OutputLayer.SAME: as the others)");
        if (head.bias() != null && head.bias().length != widths[widths.length - 1])
            throw new IllegalArgumentException("the output layer has " + widths[widths.length - 1] + " units but " + head.bias().length + " starting biases were given");
        if (norm != null && dropout > 0) throw new IllegalArgumentException("dropout together with a normalization layer is not supported: choose one");
        if (norm != null && weightInit instanceof Initializer.Lsuv)
            throw new IllegalArgumentException("LSUV rescales weights until each layer's output has variance 1, which a normalization layer already makes: use one or the other");
        if (residual != null) {
            int between = widths.length - 3; // dense layers between the first hidden layer and the output layer
            if (between < residual.branchLayers() || between % residual.branchLayers() != 0)
                throw new IllegalArgumentException("residual blocks of " + residual.branchLayers() + " layers need the " + between
                        + " layers between the first hidden layer and the output to be a positive multiple of " + residual.branchLayers());
            for (int i = 2; i < widths.length - 1; i++)
                if (widths[i] != widths[1])
                    throw new IllegalArgumentException("residual blocks need every hidden layer of one width (x + f(x)), but hidden layer " + (i - 1)
                            + " has " + widths[i] + " units and the first " + widths[1]);
        }
    }

    static NetworkSpec of(int... widths) {
        return new NetworkSpec(widths, Activation.RELU, Activation.IDENTITY, Init.heNormal(), Init.zeros(), 0, 0, 0, ScalarType.Float64,
                null, null, OutputLayer.SAME);
    }

    @Override public int[] widths() { return widths.clone(); }

    public NetworkSpec activation(Activation a) { return new NetworkSpec(widths, a, output, weightInit, biasInit, dropout, dropoutSeed, seed, type, residual, norm, head); }
    public NetworkSpec outputActivation(Activation a) { return new NetworkSpec(widths, activation, a, weightInit, biasInit, dropout, dropoutSeed, seed, type, residual, norm, head); }
    public NetworkSpec init(Initializer i) { return new NetworkSpec(widths, activation, output, i, biasInit, dropout, dropoutSeed, seed, type, residual, norm, head); }
    public NetworkSpec biasInit(Initializer i) { return new NetworkSpec(widths, activation, output, weightInit, i, dropout, dropoutSeed, seed, type, residual, norm, head); }
    public NetworkSpec dropout(double rate, long maskSeed) { return new NetworkSpec(widths, activation, output, weightInit, biasInit, rate, maskSeed, seed, type, residual, norm, head); }
    public NetworkSpec seed(long s) { return new NetworkSpec(widths, activation, output, weightInit, biasInit, dropout, dropoutSeed, s, type, residual, norm, head); }
    /** Float32 halves memory traffic and roughly doubles GEMM speed; gradient checks want Float64. */
    public NetworkSpec float32() { return new NetworkSpec(widths, activation, output, weightInit, biasInit, dropout, dropoutSeed, seed, ScalarType.Float32, residual, norm, head); }
    /** Residual blocks over the hidden layers: {@code .residual(Residual.blocks(2).zeroLast())}. */
    public NetworkSpec residual(Residual r) { return new NetworkSpec(widths, activation, output, weightInit, biasInit, dropout, dropoutSeed, seed, type, r, norm, head); }
    /** A normalization layer in every hidden layer: {@code .norm(Normalization.batchNorm())}. */
    public NetworkSpec norm(Normalization n) { return new NetworkSpec(widths, activation, output, weightInit, biasInit, dropout, dropoutSeed, seed, type, residual, n, head); }
    /** The output layer's own initializer. */
    public NetworkSpec outputInit(Initializer i) { return withHead(new OutputLayer(i, head.gain(), head.bias())); }
    /** Multiplies the output layer's starting weights by {@code gain} (0.01: first guesses near uniform; 0: exactly uniform). */
    public NetworkSpec outputGain(double gain) { return withHead(new OutputLayer(head.init(), gain, head.bias())); }
    /** The output layer's starting biases, one per output. */
    public NetworkSpec outputBias(double... bias) { return withHead(new OutputLayer(head.init(), head.gain(), bias)); }
    /** The output biases at the log of the classes' frequencies in {@code labels} ({@link OutputLayer#logPrior}). */
    public NetworkSpec outputBiasAtLogPrior(int[] labels, int classes) { return outputBias(OutputLayer.logPrior(labels, classes, widths[widths.length - 1])); }
    private NetworkSpec withHead(OutputLayer h) { return new NetworkSpec(widths, activation, output, weightInit, biasInit, dropout, dropoutSeed, seed, type, residual, norm, h); }

    /** Number of dense layers (hidden + output). */
    public int depth() { return widths.length - 1; }

    public Network build() { return new Network(this); }

    /** E.g. {@code 64-256-256-10 relu he_normal}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < widths.length; i++) s.append(i == 0 ? "" : "-").append(widths[i]);
        s.append(" ").append(activation.label()).append(" ").append(weightInit.name());
        if (residual != null) s.append(" ").append(residual.label());
        if (norm != null) s.append(" ").append(norm.label());
        return s.append(head.label()).toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof NetworkSpec s && Arrays.equals(widths, s.widths) && activation.equals(s.activation) && output.equals(s.output)
                && weightInit.equals(s.weightInit) && biasInit.equals(s.biasInit) && dropout == s.dropout
                && dropoutSeed == s.dropoutSeed && seed == s.seed && type == s.type && java.util.Objects.equals(residual, s.residual)
                && java.util.Objects.equals(norm, s.norm) && head.equals(s.head);
    }

    @Override public int hashCode() {
        return 31 * Arrays.hashCode(widths) + java.util.Objects.hash(activation, output, weightInit, biasInit, dropout, dropoutSeed, seed, type, residual, norm, head);
    }

    @Override public String toString() { return "NetworkSpec[" + describe() + ", seed=" + seed + (dropout > 0 ? ", dropout=" + dropout : "") + ", " + type + "]"; }
}

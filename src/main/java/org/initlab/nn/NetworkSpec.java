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
 */
public record NetworkSpec(int[] widths, Activation activation, Activation output, Initializer weightInit,
                          Initializer biasInit, double dropout, long dropoutSeed, long seed, ScalarType type) {

    public NetworkSpec {
        if (widths == null || widths.length < 2) throw new IllegalArgumentException("a network needs at least an input and an output width");
        for (int i = 0; i < widths.length; i++)
            if (widths[i] <= 0) throw new IllegalArgumentException("width " + i + " must be positive, got " + widths[i]);
        widths = widths.clone();
        if (activation == null || output == null || weightInit == null || biasInit == null)
            throw new IllegalArgumentException("activation, output activation and initializers must not be null");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + dropout);
        if (type != ScalarType.Float64 && type != ScalarType.Float32) throw new IllegalArgumentException("type must be Float64 or Float32, got " + type);
    }

    static NetworkSpec of(int... widths) {
        return new NetworkSpec(widths, Activation.RELU, Activation.IDENTITY, Init.heNormal(), Init.zeros(), 0, 0, 0, ScalarType.Float64);
    }

    @Override public int[] widths() { return widths.clone(); }

    public NetworkSpec activation(Activation a) { return new NetworkSpec(widths, a, output, weightInit, biasInit, dropout, dropoutSeed, seed, type); }
    public NetworkSpec outputActivation(Activation a) { return new NetworkSpec(widths, activation, a, weightInit, biasInit, dropout, dropoutSeed, seed, type); }
    public NetworkSpec init(Initializer i) { return new NetworkSpec(widths, activation, output, i, biasInit, dropout, dropoutSeed, seed, type); }
    public NetworkSpec biasInit(Initializer i) { return new NetworkSpec(widths, activation, output, weightInit, i, dropout, dropoutSeed, seed, type); }
    public NetworkSpec dropout(double rate, long maskSeed) { return new NetworkSpec(widths, activation, output, weightInit, biasInit, rate, maskSeed, seed, type); }
    public NetworkSpec seed(long s) { return new NetworkSpec(widths, activation, output, weightInit, biasInit, dropout, dropoutSeed, s, type); }
    /** Float32 halves memory traffic and roughly doubles GEMM speed; gradient checks want Float64. */
    public NetworkSpec float32() { return new NetworkSpec(widths, activation, output, weightInit, biasInit, dropout, dropoutSeed, seed, ScalarType.Float32); }

    /** Number of dense layers (hidden + output). */
    public int depth() { return widths.length - 1; }

    public Network build() { return new Network(this); }

    /** E.g. {@code 64-256-256-10 relu he_normal}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < widths.length; i++) s.append(i == 0 ? "" : "-").append(widths[i]);
        return s + " " + activation.label() + " " + weightInit.name();
    }

    @Override public boolean equals(Object o) {
        return o instanceof NetworkSpec s && Arrays.equals(widths, s.widths) && activation.equals(s.activation) && output.equals(s.output)
                && weightInit.equals(s.weightInit) && biasInit.equals(s.biasInit) && dropout == s.dropout
                && dropoutSeed == s.dropoutSeed && seed == s.seed && type == s.type;
    }

    @Override public int hashCode() {
        return 31 * Arrays.hashCode(widths) + java.util.Objects.hash(activation, output, weightInit, biasInit, dropout, dropoutSeed, seed, type);
    }

    @Override public String toString() { return "NetworkSpec[" + describe() + ", seed=" + seed + (dropout > 0 ? ", dropout=" + dropout : "") + ", " + type + "]"; }
}

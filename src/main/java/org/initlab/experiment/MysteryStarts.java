package org.initlab.experiment;

import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import smile.math.random.MersenneTwister64;

import java.util.Arrays;

/**
 * Networks started in a way that is not said, for assignment 1 (diagnose a bad start): each is a tanh or ReLU
 * MLP on 64 inputs whose weights come from an initializer named "unknown". Five fixed patients, A to E, and as
 * many random ones as a grader wants ({@link #patient(long)}), each with one of the {@link Fault}s. The way to
 * tell is to measure, as notebooks 01-03 do: what the probes say about each layer at the start.
 */
public final class MysteryStarts {
    private MysteryStarts() {}

    /** What is wrong with a start; {@code NONE} for a well-scaled random start (Xavier for tanh, He for ReLU). */
    public enum Fault { ALL_ZEROS, ONE_CONSTANT, TOO_SMALL, TOO_LARGE, NONE }

    /** The inputs every patient takes (the digits' 8x8 pixels, or Gaussian rows of that width). */
    public static final int INPUTS = 64;

    private record Case(Fault fault, Activation activation, int depth, int width, double parameter, long seed) {}

    private static final String NAMES = "ABCDE";
    private static final Case[] FIXED = {
            new Case(Fault.TOO_LARGE, Activation.TANH, 8, 128, 1.0, 11),
            new Case(Fault.ALL_ZEROS, Activation.RELU, 6, 64, 0, 12),
            new Case(Fault.NONE, Activation.TANH, 8, 128, 0, 13),
            new Case(Fault.ONE_CONSTANT, Activation.TANH, 6, 100, 0.03, 14),
            new Case(Fault.TOO_SMALL, Activation.RELU, 8, 128, 0.01, 15)};

    /** Patient A, B, C, D or E. */
    public static NetworkSpec patient(String name) { return spec(fixed(name)); }

    /** A random patient: its fault, activation (tanh or ReLU), depth (5-10), width (32-256) and scale drawn from {@code seed}. */
    public static NetworkSpec patient(long seed) { return spec(drawn(seed)); }

    /** The truth about patient A-E, for the checks. */
    public static Fault fault(String name) { return fixed(name).fault(); }

    /** The truth about a random patient, for the checks. */
    public static Fault fault(long seed) { return drawn(seed).fault(); }

    private static Case fixed(String name) {
        int i = name == null || name.length() != 1 ? -1 : NAMES.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no patient '" + name + "': the patients are A, B, C, D and E");
        return FIXED[i];
    }

    private static Case drawn(long seed) {
        var rng = new MersenneTwister64(seed * 7919 + 17);
        Fault f = Fault.values()[rng.nextInt(Fault.values().length)];
        Activation a = rng.nextInt(2) == 0 ? Activation.TANH : Activation.RELU;
        int depth = 5 + rng.nextInt(6), width = 32 << rng.nextInt(4);
        double parameter = switch (f) {
            case ONE_CONSTANT -> (rng.nextInt(2) == 0 ? -1 : 1) * (0.01 + 0.09 * rng.nextDouble());
            case TOO_SMALL -> 0.002 + 0.008 * rng.nextDouble(); // sigma sqrt(width) <= 0.16
            case TOO_LARGE -> 1 + rng.nextDouble();             // sigma sqrt(width / 2) >= 4
            default -> 0;
        };
        return new Case(f, a, depth, width, parameter, seed);
    }

    private static NetworkSpec spec(Case c) {
        int[] widths = new int[c.depth() + 1];
        Arrays.fill(widths, c.width());
        widths[0] = INPUTS;
        widths[c.depth()] = 10;
        double gain = Init.gain(Activation.TANH), p = c.parameter();
        // A lambda named "unknown", so the spec does not say how it was started.
        Initializer hidden = Init.custom("unknown", switch (c.fault()) {
            case ALL_ZEROS -> (fanIn, fanOut, rng) -> 0.0;
            case ONE_CONSTANT -> (fanIn, fanOut, rng) -> p;
            case TOO_SMALL, TOO_LARGE -> (fanIn, fanOut, rng) -> p * rng.nextGaussian();
            case NONE -> c.activation() == Activation.RELU
                    ? (fanIn, fanOut, rng) -> Math.sqrt(2.0 / fanIn) * rng.nextGaussian()                       // He, eq. 10
                    : (fanIn, fanOut, rng) -> gain * Math.sqrt(2.0 / (fanIn + fanOut)) * rng.nextGaussian();  // Xavier, eq. 16, tanh's gain
        });
        return Network.mlp(widths).activation(c.activation()).init(hidden).seed(c.seed());
    }
}

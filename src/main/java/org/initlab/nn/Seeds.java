package org.initlab.nn;

import smile.math.random.MersenneTwister64;
import smile.math.random.RandomNumberGenerator;

/**
 * Derives independent seeds from one run seed, so each consumer (a layer's weights, its dropout,
 * the batch order) has its own stream: changing one layer's width does not reshuffle the others.
 */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64's finalizer (Steele et al. 2014) over the seed and a stream number. */
    public static long derive(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static RandomNumberGenerator rng(long seed, long stream) {
        return new MersenneTwister64(derive(seed, stream));
    }

    // Stream numbers, one namespace per use.
    static final long WEIGHTS = 1_000, BIASES = 2_000, DROPOUT = 3_000;
    public static final long SHUFFLE = 4_000, DATA = 5_000, PROBE = 6_000;
}

package org.initlab.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's bookkeeping, on made-up timings: rounds, the warm-up left out, ratios paired within a round. */
class BenchmarkTest {

    /** A variant whose k-th call (from 0) takes {@code base + k} seconds an epoch, and records how many epochs it was asked for. */
    private static Benchmark.Epochs counting(double base, int[] calls, List<Integer> asked) {
        return count -> {
            asked.add(count);
            double[] t = new double[count];
            java.util.Arrays.fill(t, base + calls[0]++);
            return t;
        };
    }

    @Test
    void roundsRunEachVariantInTurnAndLeaveOutTheWarmUp() {
        int[] a = {0}, b = {0};
        List<Integer> askedA = new java.util.ArrayList<>(), askedB = new java.util.ArrayList<>();
        double[][] t = Benchmark.interleaved(3, 4, counting(10, a, askedA), counting(100, b, askedB));
        assertEquals(4, a[0], "a warm-up round and three rounds");
        assertEquals(List.of(4, 4, 4, 4), askedA, "four epochs a round");
        assertArrayEquals(new double[]{11, 12, 13}, t[0], 0.0, "round r is the variant's (r+1)-th call: the warm-up is not counted");
        assertArrayEquals(new double[]{101, 102, 103}, t[1], 0.0);
    }

    @Test
    void ratiosArePairedWithinRoundsAndSummarizedAsMedianAndRange() {
        // A slow round (the third) slows both variants alike: paired, the ratio stays 2 there.
        double[][] rounds = {{1, 1, 5, 1}, {2, 2.5, 10, 1.5}};
        String line = Benchmark.ratio(new Benchmark.Case("c", null, new int[]{1, 1}, 1, 4, 1), List.of("top", "bottom"), new double[][]{rounds[1], rounds[0]},
                "top", "bottom", "what");
        assertTrue(line.contains("2.000 (1.500-2.500)"), line);
        assertEquals(2.0, Benchmark.median(new double[]{2, 2.5, 2, 1.5}), 0.0);
        assertEquals(3.0, Benchmark.median(new double[]{5, 1, 3}), 0.0);
    }
}

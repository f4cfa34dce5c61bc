package org.initlab.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RunsTest {

    @Test
    void runsOverSeedsKeepSeedOrderAndGiveSpreads() {
        Runs<double[]> r = Runs.over(5, "squares", seed -> new double[]{seed * seed});
        assertEquals(5, r.seeds());
        assertArrayEquals(new double[]{9}, r.seed(3));
        assertEquals(Spread.of(1, 4, 9, 16, 25), r.spread(x -> x[0]));
        assertEquals(2, r.count(x -> x[0] > 10 && x[0] < 30));
        assertThrows(IllegalArgumentException.class, () -> r.seed(0));
        assertThrows(IllegalArgumentException.class, () -> r.seed(6));
    }

    @Test
    void sameAsCountsSeedsEqualBitForBit() {
        Runs<double[]> a = Runs.over(4, "a", seed -> new double[]{seed, 0.1 * seed});
        Runs<double[]> b = Runs.over(4, "b", seed -> new double[]{seed, seed == 2 ? Math.nextUp(0.2) : 0.1 * seed});
        assertEquals(3, a.sameAs(b, x -> x));
        assertEquals(4, a.sameAs(a, x -> x));
    }

    @Test
    void settingsWithTheSameLabelStayApart() {
        var map = Runs.byLabel(List.of(new Runs<>("N(0, 1)", List.of(1)), new Runs<>("N(0, 1)", List.of(2)), new Runs<>("he", List.of(3))));
        assertEquals(List.of("N(0, 1)", "N(0, 1) (2)", "he"), List.copyOf(map.keySet()));
        assertEquals(List.of(2), map.get("N(0, 1) (2)"));
    }

    @Test
    void runsNeedALabelAndResults() {
        assertThrows(IllegalArgumentException.class, () -> new Runs<>(" ", List.of(1)));
        assertThrows(IllegalArgumentException.class, () -> new Runs<>("x", List.of()));
    }
}

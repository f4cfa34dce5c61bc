package org.initlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;

class GeneratorsTest {

    /** Every generator, by name, as a function of the seed. */
    static Map<String, LongFunction<Dataset>> all() {
        Map<String, LongFunction<Dataset>> m = new LinkedHashMap<>();
        m.put("moons", s -> Generators.moons(200, 0.1, s));
        m.put("circles", s -> Generators.circles(200, 0.05, 0.5, s));
        m.put("spirals", s -> Generators.spirals(300, 3, 0.2, s));
        m.put("xor", s -> Generators.xor(200, 0.3, s));
        m.put("blobs", s -> Generators.blobs(200, 4, 1.0, 3, s));
        return m;
    }

    @Test
    void sameSeedIsBitIdentical() {
        all().forEach((name, g) -> {
            Dataset a = g.apply(123), b = g.apply(123);
            assertEquals(name, a.name());
            assertArrayEquals(a.y(), b.y(), name);
            for (int i = 0; i < a.size(); i++) {
                for (int j = 0; j < a.features(); j++) {
                    assertEquals(Double.doubleToRawLongBits(a.x()[i][j]),
                            Double.doubleToRawLongBits(b.x()[i][j]), name);
                }
            }
        });
    }

    @Test
    void otherSeedDiffers() {
        all().forEach((name, g) ->
                assertFalse(Arrays.deepEquals(g.apply(1).x(), g.apply(2).x()), name));
    }

    @Test
    void shapesAndBalancedLabels() {
        Map<String, int[]> expected = Map.of(
                "moons", new int[] {200, 2, 100, 100},
                "circles", new int[] {200, 2, 100, 100},
                "spirals", new int[] {300, 2, 100, 100, 100},
                "xor", new int[] {200, 2, 100, 100},
                "blobs", new int[] {200, 3, 50, 50, 50, 50});
        all().forEach((name, g) -> {
            Dataset d = g.apply(5);
            int[] e = expected.get(name);
            assertEquals(e[0], d.size(), name);
            assertEquals(e[1], d.features(), name);
            assertArrayEquals(Arrays.copyOfRange(e, 2, e.length), d.classCounts(), name);
        });
    }

    @Test
    void unevenSizesStayWithinOne() {
        assertArrayEquals(new int[] {50, 51}, Generators.moons(101, 0.1, 1).classCounts());
        assertArrayEquals(new int[] {34, 34, 33}, Generators.spirals(101, 3, 0.2, 1).classCounts());
        assertArrayEquals(new int[] {50, 51}, Generators.xor(101, 0.1, 1).classCounts());
        assertArrayEquals(new int[] {26, 25, 25, 25}, Generators.blobs(101, 4, 1, 2, 1).classCounts());
    }

    @Test
    void rowsAreShuffled() {
        // The first 20 rows hold both classes, so a prefix or mini-batch is not one class.
        all().forEach((name, g) -> {
            Dataset d = g.apply(9).head(20);
            for (int c : d.classCounts()) {
                assertTrue(c > 0, name + " prefix misses a class");
            }
        });
    }

    @Test
    void moonsLieOnTheirArcs() {
        Dataset d = Generators.moons(1000, 0.0, 1);
        double[][] mean = classMeans(d);
        // Upper arc (cos t, sin t): mean (0, 2/pi); lower arc (1 - cos t, 0.5 - sin t).
        double m = 2 / Math.PI;
        assertEquals(0, mean[0][0], 1e-9);
        assertEquals(m, mean[0][1], 2e-3);
        assertEquals(1, mean[1][0], 1e-9);
        assertEquals(0.5 - m, mean[1][1], 2e-3);
        for (int i = 0; i < d.size(); i++) {
            double[] p = d.x()[i];
            double r = d.y()[i] == 0 ? Math.hypot(p[0], p[1]) : Math.hypot(1 - p[0], 0.5 - p[1]);
            assertEquals(1, r, 1e-12);
        }
        // With noise the means barely move.
        double[][] noisy = classMeans(Generators.moons(4000, 0.1, 2));
        assertEquals(m, noisy[0][1], 0.02);
        assertEquals(1, noisy[1][0], 0.02);
    }

    @Test
    void circlesHaveRadiusOneAndFactor() {
        Dataset exact = Generators.circles(400, 0.0, 0.3, 1);
        for (int i = 0; i < exact.size(); i++) {
            double r = Math.hypot(exact.x()[i][0], exact.x()[i][1]);
            assertEquals(exact.y()[i] == 0 ? 1.0 : 0.3, r, 1e-12);
        }
        Dataset d = Generators.circles(4000, 0.05, 0.5, 2);
        double[] sum = new double[2];
        for (int i = 0; i < d.size(); i++) {
            sum[d.y()[i]] += Math.hypot(d.x()[i][0], d.x()[i][1]);
        }
        assertEquals(1.0, sum[0] / 2000, 0.01);
        assertEquals(0.5, sum[1] / 2000, 0.01);
        double[][] mean = classMeans(d);
        assertEquals(0, mean[0][0], 0.01);
        assertEquals(0, mean[1][1], 0.01);
    }

    @Test
    void spiralsWindOutward() {
        Dataset d = Generators.spirals(300, 3, 0.0, 1);
        // Without noise the points sit at r in [0, 1] and angle 4c + 4r (CS231n layout).
        for (int i = 0; i < d.size(); i++) {
            double[] p = d.x()[i];
            double r = Math.hypot(p[0], p[1]);
            assertTrue(r <= 1 + 1e-12);
            if (r > 1e-9) {
                double t = 4 * d.y()[i] + 4 * r;
                assertEquals(r * Math.sin(t), p[0], 1e-9);
                assertEquals(r * Math.cos(t), p[1], 1e-9);
            }
        }
        Dataset five = Generators.spirals(500, 5, 0.2, 1);
        assertEquals(5, five.numClasses());
        assertArrayEquals(new int[] {100, 100, 100, 100, 100}, five.classCounts());
    }

    @Test
    void xorClustersAndLabels() {
        Dataset d = Generators.xor(2000, 0.2, 3);
        int agree = 0;
        for (int i = 0; i < d.size(); i++) {
            double[] p = d.x()[i];
            if ((p[0] * p[1] > 0 ? 1 : 0) == d.y()[i]) {
                agree++;
            }
        }
        // With std 0.2 a point crosses an axis with probability ~2 * P(z > 5) ~ 0.
        assertTrue(agree >= 1995, "label follows sign(x0*x1) for " + agree + " of 2000");
        Dataset exact = Generators.xor(8, 0, 1);
        for (int i = 0; i < 8; i++) {
            double[] p = exact.x()[i];
            assertEquals(1, Math.abs(p[0]));
            assertEquals(1, Math.abs(p[1]));
            assertEquals(p[0] * p[1] > 0 ? 1 : 0, exact.y()[i]);
        }
    }

    @Test
    void blobsClusterAroundSeededCenters() {
        Dataset d = Generators.blobs(4000, 3, 0.5, 4, 8);
        double[][] mean = classMeans(d);
        double[] var = new double[3];
        for (int i = 0; i < d.size(); i++) {
            for (int j = 0; j < 4; j++) {
                double dev = d.x()[i][j] - mean[d.y()[i]][j];
                var[d.y()[i]] += dev * dev;
            }
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(0.5, Math.sqrt(var[c] / (d.classCounts()[c] * 4)), 0.02);
            for (double v : mean[c]) {
                assertTrue(v >= -10.1 && v <= 10.1, "center inside [-10, 10]");
            }
        }
        // Centers come from the seed: another seed moves them.
        assertFalse(Arrays.deepEquals(mean, classMeans(Generators.blobs(4000, 3, 0.5, 4, 9))));
    }

    @Test
    void validatesArguments() {
        assertMessage("moons: n must be at least 2, got 1", () -> Generators.moons(1, 0.1, 1));
        assertMessage("moons: noise must be finite and >= 0, got -0.1",
                () -> Generators.moons(10, -0.1, 1));
        assertMessage("circles: noise must be finite and >= 0, got NaN",
                () -> Generators.circles(10, Double.NaN, 0.5, 1));
        assertMessage("circles: factor (inner radius / outer radius) must be strictly between 0 and 1,"
                + " got 1.0", () -> Generators.circles(10, 0.1, 1.0, 1));
        assertMessage("spirals: need at least 2 classes, got 1", () -> Generators.spirals(10, 1, 0.2, 1));
        assertMessage("spirals with 3 classes: n must be at least 3, got 2",
                () -> Generators.spirals(2, 3, 0.2, 1));
        assertMessage("xor: n must be at least 4, got 3", () -> Generators.xor(3, 0.1, 1));
        assertMessage("blobs: need at least 2 centers, got 1", () -> Generators.blobs(10, 1, 1, 2, 1));
        assertMessage("blobs: dim must be at least 1, got 0", () -> Generators.blobs(10, 2, 1, 0, 1));
        assertMessage("blobs: std must be finite and >= 0, got Infinity",
                () -> Generators.blobs(10, 2, Double.POSITIVE_INFINITY, 2, 1));
        assertMessage("blobs with 5 centers: n must be at least 5, got 4",
                () -> Generators.blobs(4, 5, 1, 2, 1));
    }

    private static void assertMessage(String expected, Runnable r) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, r::run).getMessage());
    }

    static double[][] classMeans(Dataset d) {
        double[][] mean = new double[d.numClasses()][d.features()];
        int[] counts = d.classCounts();
        for (int i = 0; i < d.size(); i++) {
            for (int j = 0; j < d.features(); j++) {
                mean[d.y()[i]][j] += d.x()[i][j] / counts[d.y()[i]];
            }
        }
        return mean;
    }
}

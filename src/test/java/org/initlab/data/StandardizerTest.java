package org.initlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StandardizerTest {

    static double mean(double[][] x, int j) {
        double s = 0;
        for (double[] r : x) {
            s += r[j];
        }
        return s / x.length;
    }

    static double std(double[][] x, int j) {
        double m = mean(x, j), s = 0;
        for (double[] r : x) {
            s += (r[j] - m) * (r[j] - m);
        }
        return Math.sqrt(s / x.length);
    }

    @Test
    void fittedDataHasMeanZeroStdOne() {
        Dataset d = Generators.blobs(300, 3, 2.0, 5, 11);
        Standardizer s = Standardizer.fit(d);
        Dataset z = d.standardized(s);
        for (int j = 0; j < 5; j++) {
            assertEquals(0, mean(z.x(), j), 1e-12);
            assertEquals(1, std(z.x(), j), 1e-12);
            assertEquals(mean(d.x(), j), s.mean()[j], 1e-12);
        }
        assertSame(d.y(), z.y());
        assertEquals(d.classNames(), z.classNames());
        // The source is left alone.
        assertEquals(mean(d.x(), 0), s.mean()[0], 0);
    }

    @Test
    void constantFeatureGetsStdOne() {
        double[][] x = {{0.1, 1}, {0.1, 2}, {0.1, 3}};
        Standardizer s = Standardizer.fit(Dataset.of("c", x, new int[] {0, 1, 0}));
        assertEquals(1.0, s.std()[0]);
        double[][] z = s.apply(x);
        for (double[] r : z) {
            assertTrue(Double.isFinite(r[0]) && Math.abs(r[0]) < 1e-12, "constant feature -> ~0");
        }
    }

    @Test
    void splitStandardizedUsesTrainStatisticsOnly() {
        Dataset d = Generators.blobs(400, 4, 3.0, 3, 5);
        Dataset.Split raw = d.split(0.25, 9);
        Dataset.Split z = raw.standardized();
        Standardizer fromTrain = Standardizer.fit(raw.train());
        for (int j = 0; j < 3; j++) {
            assertEquals(0, mean(z.train().x(), j), 1e-12);
            assertEquals(1, std(z.train().x(), j), 1e-12);
        }
        // The test part is transformed with the train statistics, bit for bit.
        for (int i = 0; i < raw.test().size(); i++) {
            assertArrayEquals(fromTrain.apply(raw.test().x()[i]), z.test().x()[i], 0);
        }
        // ...which are not the test part's own: its mean is not exactly 0.
        assertTrue(Math.abs(mean(z.test().x(), 0)) > 1e-9);
    }

    @Test
    void rejectsFeatureCountMismatch() {
        Standardizer s = Standardizer.fit(Generators.moons(20, 0.1, 1));
        Dataset three = Generators.blobs(20, 2, 1, 3, 1);
        String msg = assertThrows(IllegalArgumentException.class, () -> s.apply(three)).getMessage();
        assertEquals("standardizer was fit on 2 features, data set 'blobs' has 3", msg);
        assertThrows(IllegalArgumentException.class, () -> s.apply(new double[] {1, 2, 3}));
    }

    @Test
    void validatesStatistics() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Standardizer(new double[] {0, 0}, new double[] {1, 0})).getMessage()
                .contains("std of feature 1 must be positive and finite, got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Standardizer(new double[] {0}, new double[] {1, 1})).getMessage()
                .contains("1 means but 2 stds"));
    }
}

package org.initlab.probe;

import org.junit.jupiter.api.Test;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import static org.junit.jupiter.api.Assertions.*;

class MeasureTest {

    @Test
    void theSampleIsEveryStrideThEntryInColumnMajorOrder() {
        for (int[] s : new int[][]{{1, 1}, {7, 3}, {64, 256}, {128, 10}, {13, 1000}, {1000, 13}}) {
            DenseMatrix m = ScanTest.random(ScalarType.Float64, s[0], s[1], 0, 9);
            for (int n : new int[]{1, 5, 64, 2048, 1 << 20}) {
                long total = (long) s[0] * s[1], stride = Math.max(1, (total + n - 1) / n);
                double[] sample = Measure.sample(m, n);
                assertTrue(sample.length <= n && sample.length == (total + stride - 1) / stride, s[0] + "x" + s[1] + " n=" + n);
                for (int k = 0; k < sample.length; k++) {
                    long idx = k * stride;
                    assertEquals(m.get((int) (idx % s[0]), (int) (idx / s[0])), sample[k], s[0] + "x" + s[1] + " n=" + n + " k=" + k);
                }
            }
        }
    }

    @Test
    void histogramsCountEachValueInItsBinAndClampTheRest() {
        double[] v = {-5, 0, 0.24, 0.25, 0.5, 0.99, 1, 7, Double.NaN, Double.POSITIVE_INFINITY};
        Histogram h = Histogram.of(v, 4, 0, 1);
        // Bins [0,.25) [.25,.5) [.5,.75) [.75,1]; -5 goes to the first, 1 and 7 to the last, non-finite values nowhere.
        assertArrayEquals(new long[]{3, 1, 1, 3}, h.counts());
        assertEquals(8, h.total());
        Histogram own = Histogram.of(new double[]{2, 3, 3, 4}, 2);
        assertEquals(2, own.lo());
        assertEquals(4, own.hi());
        assertArrayEquals(new long[]{1, 3}, own.counts());
        assertEquals(4, Histogram.of(new double[]{5, 5, 5, 5}, 3).total(), "a constant sample gets a small range around it");
        assertEquals("bins must be positive, got 0", assertThrows(IllegalArgumentException.class, () -> Histogram.of(v, 0, 0, 1)).getMessage());
    }
}

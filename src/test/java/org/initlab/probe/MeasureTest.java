package org.initlab.probe;

import org.junit.jupiter.api.Test;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import static org.junit.jupiter.api.Assertions.*;

class MeasureTest {

    /** Read off the backing array (its leading dimension padded above 64 rows), in both precisions, as get reads it. */
    @Test
    void theSampleIsEveryStrideThEntryInColumnMajorOrder() {
        for (ScalarType t : new ScalarType[]{ScalarType.Float64, ScalarType.Float32})
        for (int[] s : new int[][]{{1, 1}, {7, 3}, {64, 256}, {128, 10}, {13, 1000}, {1000, 13}}) {
            DenseMatrix m = ScanTest.random(t, s[0], s[1], 0, 9);
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

    /** A dead unit is a column without one positive entry; read off the backing array, in both precisions. */
    @Test
    void deadUnitsAreColumnsWithoutAPositiveEntry() {
        for (ScalarType t : new ScalarType[]{ScalarType.Float64, ScalarType.Float32}) {
            DenseMatrix z = DenseMatrix.zeros(t, 100, 6); // 100 rows: a padded leading dimension
            for (int j = 0; j < 6; j++) for (int i = 0; i < 100; i++) z.set(i, j, -1 - i - j);
            z.set(99, 1, 1e-30); // alive by its last entry only
            z.set(0, 2, 3);      // alive by its first entry
            z.set(50, 3, 0.0);   // zero is not alive
            z.set(42, 4, Double.NaN);
            assertEquals(4.0 / 6, Measure.deadFraction(org.initlab.nn.Activation.RELU, z), 0.0, t.toString());
            assertTrue(Double.isNaN(Measure.deadFraction(org.initlab.nn.Activation.TANH, z)), "tanh cannot die");
        }
    }

    /** The histogram's range and counts against the obvious loops, on samples like a probe's: ReLU zeros, signed zeros, NaN, infinities. */
    @Test
    void histogramsAgreeWithTheObviousLoops() {
        var rng = new smile.math.random.MersenneTwister64(11);
        for (int n : new int[]{1, 2, 3, 5, 8, 2047, 2048}) {
            for (int kind = 0; kind < 3; kind++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = kind == 0 ? Math.max(0, rng.nextGaussian()) : kind == 1 ? 1e-3 * rng.nextGaussian() : -rng.nextDouble();
                if (n > 4) { v[1] = -0.0; v[2] = Double.NaN; v[3] = Double.POSITIVE_INFINITY; v[n - 1] = Double.NEGATIVE_INFINITY; }
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (double x : v) if (Double.isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
                Histogram h = Histogram.of(v, 40);
                String what = "n=" + n + " kind " + kind;
                if (hi - lo > 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) {
                    assertEquals(Double.doubleToLongBits(lo), Double.doubleToLongBits(h.lo()), what);
                    assertEquals(Double.doubleToLongBits(hi), Double.doubleToLongBits(h.hi()), what);
                }
                long[] expected = new long[40];
                double scale = 40 / (h.hi() - h.lo());
                for (double x : v) {
                    if (!Double.isFinite(x)) continue;
                    double k = (x - h.lo()) * scale;
                    expected[k <= 0 ? 0 : k >= 40 ? 39 : (int) k]++;
                }
                assertArrayEquals(expected, h.counts(), what);
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

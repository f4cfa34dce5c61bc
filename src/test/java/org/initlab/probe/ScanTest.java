package org.initlab.probe;

import org.junit.jupiter.api.Test;
import smile.math.random.MersenneTwister64;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ScanTest {

    static final int[][] SHAPES = {{1, 1}, {8, 3}, {13, 7}, {128, 10}, {515, 33}, {1003, 5}, {64, 64}};

    static DenseMatrix random(ScalarType type, int rows, int cols, double mean, long seed) {
        var rng = new MersenneTwister64(seed);
        DenseMatrix m = DenseMatrix.zeros(type, rows, cols);
        for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) m.set(i, j, mean + rng.nextGaussian());
        return m;
    }

    /** Mean, population std and largest column range the slow, obvious way: two passes. */
    static double[] twoPass(DenseMatrix m) {
        long n = (long) m.nrow() * m.ncol();
        double sum = 0, ss = 0, range = 0;
        for (int j = 0; j < m.ncol(); j++) for (int i = 0; i < m.nrow(); i++) sum += m.get(i, j);
        double mean = sum / n;
        for (int j = 0; j < m.ncol(); j++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m.nrow(); i++) {
                double v = m.get(i, j);
                ss += (v - mean) * (v - mean);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            range = Math.max(range, hi - lo);
        }
        return new double[]{mean, Math.sqrt(ss / n), range};
    }

    @Test
    void scanAgreesWithTwoPasses() {
        for (int[] s : SHAPES) {
            // A mean of 1e4 next to a std of 1: the shift keeps the variance from cancelling.
            DenseMatrix a = random(ScalarType.Float64, s[0], s[1], 1e4, 1), b = random(ScalarType.Float64, s[0], s[1], -3, 2);
            Scan scan = Scan.of(a, b);
            double[] ea = twoPass(a), eb = twoPass(b);
            String shape = s[0] + "x" + s[1];
            assertEquals(ea[0], scan.first().mean(), 1e-9 * Math.abs(ea[0]), shape);
            assertEquals(ea[1], scan.first().std(), 1e-9 * Math.max(ea[1], 1e-300) + 1e-12, shape);
            assertEquals(eb[0], scan.second().mean(), 1e-12, shape);
            assertEquals(eb[1], scan.second().std(), 1e-12 + 1e-9 * eb[1], shape);
            assertEquals(ea[2], scan.maxColumnRange(), 0, shape + ": min and max are exact");
            assertEquals((long) s[0] * s[1], scan.first().count());
            assertEquals(Sums.of(b), scan.second(), shape + ": the sums of b alone are those read alongside a");
            double norm = 0;
            for (int j = 0; j < s[1]; j++) for (int i = 0; i < s[0]; i++) norm += b.get(i, j) * b.get(i, j);
            assertEquals(Math.sqrt(norm), scan.second().norm(), 1e-10 * Math.sqrt(norm), shape);
        }
    }

    @Test
    void simdAndScalarLoopsGiveTheSameBits() {
        assumeTrue(Reductions.VECTOR, "needs --add-modules jdk.incubator.vector and 256-bit vectors");
        for (ScalarType type : new ScalarType[]{ScalarType.Float64, ScalarType.Float32}) for (int[] s : SHAPES) {
            DenseMatrix a = random(type, s[0], s[1], 0.5, 3), b = random(type, s[0], s[1], 0, 4);
            String shape = type + " " + s[0] + "x" + s[1];
            assertArrayEquals(Reductions.scalarScan(a, 0.25, b, -0.5, true),
                    VectorReductions.scan(new Columns(a), 0.25, new Columns(b), -0.5, s[0], s[1]), shape);
            double[] scalar = Reductions.scalarScan(a, 0.25, null, 0, false), simd = VectorReductions.sums(new Columns(a), 0.25, s[0], s[1]);
            assertArrayEquals(new double[]{scalar[0], scalar[1]}, new double[]{simd[0], simd[1]}, shape);
            // And what a scan returns is the same whichever loop the size picked.
            assertArrayEquals(Reductions.scalarScan(a, 0.25, b, -0.5, true), Reductions.scan(a, 0.25, b, -0.5), shape);
        }
    }

    /** Every shape's scan in both precisions, on one line: what a fresh JVM prints for {@link #eachLoopGivesTheSameBits}. */
    static String scans() {
        StringBuilder out = new StringBuilder();
        for (ScalarType type : new ScalarType[]{ScalarType.Float64, ScalarType.Float32})
            for (int[] s : new int[][]{{64, 64}, {256, 10}, {515, 33}, {1003, 5}, {256, 256}})
                out.append(Scan.of(random(type, s[0], s[1], 0.5, 3), random(type, s[0], s[1], 0, 4))).append(" | ");
        return out.toString();
    }

    /** Prints "weights LOOP SCANS" (the line FreshJvmTest.runFresh reads), LOOP being the loop this JVM runs. */
    public static void main(String[] args) {
        System.out.println("weights " + (Reductions.VECTOR ? (VectorReductions.WIDE ? "wide" : "narrow") : "scalar") + " " + scans());
    }

    /** The 8-lane, the 4-lane and the scalar loops, each in a JVM of its own (which one runs is fixed per JVM), give the same bits. */
    @Test
    void eachLoopGivesTheSameBits() throws Exception {
        String here = org.initlab.nn.FreshJvmTest.runFresh(ScanTest.class, List.of("--add-modules=jdk.incubator.vector"), Map.of());
        String narrow = org.initlab.nn.FreshJvmTest.runFresh(ScanTest.class, List.of("--add-modules=jdk.incubator.vector", "-Dinitlab.vector.wide=false"), Map.of());
        String scalar = org.initlab.nn.FreshJvmTest.runFresh(ScanTest.class, List.of("-Dinitlab.vector=false"), Map.of());
        assertTrue(narrow.startsWith("weights narrow ") || narrow.startsWith("weights scalar "), narrow);
        assertTrue(scalar.startsWith("weights scalar "), scalar);
        String scans = here.substring(here.indexOf(' ', "weights ".length()));
        assertEquals(scans, narrow.substring(narrow.indexOf(' ', "weights ".length())), "4-lane vectors against " + here.split(" ")[1]);
        assertEquals(scans, scalar.substring(scalar.indexOf(' ', "weights ".length())), "the scalar loop against " + here.split(" ")[1]);
    }

    /** SGD's step taken in the scan's pass: the scan of the weights before it, and the weights after it, bit for bit. */
    @Test
    void aStepInTheScansPassIsTheScanThenTheStep() {
        for (int[] s : new int[][]{{64, 64}, {256, 256}, {515, 33}, {1003, 5}, {100, 300}}) {
            DenseMatrix p = random(ScalarType.Float64, s[0], s[1], 0.5, 3), g = random(ScalarType.Float64, s[0], s[1], 0, 4), q = p.copy();
            Scan expected = Scan.of(p, g);
            for (int j = 0; j < s[1]; j++) for (int i = 0; i < s[0]; i++) q.set(i, j, q.get(i, j) + -0.01 * g.get(i, j));
            Scan fused = Scan.ofAndStep(p, g, -0.01);
            String shape = s[0] + "x" + s[1];
            if (!Reductions.VECTOR) { assertNull(fused, shape + ": no SIMD, no fused pass"); continue; }
            assertEquals(expected, fused, shape);
            for (int j = 0; j < s[1]; j++)
                for (int i = 0; i < s[0]; i++) assertEquals(q.get(i, j), p.get(i, j), shape + " (" + i + ", " + j + ")");
        }
        DenseMatrix small = random(ScalarType.Float64, 10, 10, 0, 1), f32 = random(ScalarType.Float32, 100, 100, 0, 1);
        DenseMatrix smallBefore = small.copy();
        assertNull(Scan.ofAndStep(small, small.copy(), -0.1), "a small matrix takes the scalar scan and the step's own loop");
        assertNull(Scan.ofAndStep(f32, f32.copy(), -0.1));
        for (int j = 0; j < 10; j++) for (int i = 0; i < 10; i++) assertEquals(smallBefore.get(i, j), small.get(i, j), "unchanged");
    }

    @Test
    void float32MatricesGiveTheSameSumsAsTheirValuesInFloat64() {
        for (int[] s : SHAPES) {
            DenseMatrix f32 = random(ScalarType.Float32, s[0], s[1], 1, 5), f64 = DenseMatrix.zeros(ScalarType.Float64, s[0], s[1]);
            for (int j = 0; j < s[1]; j++) for (int i = 0; i < s[0]; i++) f64.set(i, j, f32.get(i, j));
            assertEquals(Scan.of(f64, f64), Scan.of(f32, f32), s[0] + "x" + s[1]);
            assertEquals(Sums.of(f64), Sums.of(f32));
        }
    }

    @Test
    void aConstantMatrixHasStdExactlyZero() {
        DenseMatrix c = DenseMatrix.zeros(ScalarType.Float64, 37, 11);
        c.fill(0.3711);
        Scan scan = Scan.of(c, null);
        assertEquals(0.0, scan.first().std());
        assertEquals(0.3711, scan.first().mean());
        assertEquals(0.0, scan.maxColumnRange());
        assertEquals(0.0, Measure.unitSpread(c, DenseMatrix.zeros(ScalarType.Float64, 37, 1)));
    }

    @Test
    void aNaNShowsInEveryResult() {
        DenseMatrix m = random(ScalarType.Float64, 20, 4, 0, 6);
        m.set(17, 2, Double.NaN);
        Scan scan = Scan.of(m, null);
        assertTrue(Double.isNaN(scan.first().mean()));
        assertTrue(Double.isNaN(scan.maxColumnRange()));
    }

    @Test
    void rejectsMatricesOfDifferentShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Scan.of(DenseMatrix.zeros(ScalarType.Float64, 3, 4), DenseMatrix.zeros(ScalarType.Float64, 4, 3)));
        assertEquals("shapes differ: 3x4 and 4x3", e.getMessage());
    }
}

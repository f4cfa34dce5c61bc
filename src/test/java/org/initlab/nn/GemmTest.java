package org.initlab.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import smile.linalg.Transpose;
import smile.math.random.MersenneTwister64;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static smile.linalg.Transpose.NO_TRANSPOSE;
import static smile.linalg.Transpose.TRANSPOSE;

/**
 * {@link Gemm#mm} against the definition C(i, j) = sum_k op(A)(i, k) op(B)(k, j), for the three products a dense
 * layer makes (x W^T, dZ^T x, dZ W) and the fourth combination, in both precisions, on shapes it leaves whole,
 * cuts into column blocks and cuts into row blocks (C too narrow for columns); and a second call gives the same bits.
 */
class GemmTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = { // m x k times k x n
                {5, 7, 3},        // small: one call
                {128, 784, 512},  // 51 M multiply-adds, 512 columns: column blocks
                {2048, 1100, 10}, // 22 M, 10 columns: row blocks
                {130, 300, 70}};  // padded leading dimensions, column blocks of 17-18
        for (ScalarType t : List.of(ScalarType.Float64, ScalarType.Float32))
            for (Transpose ta : List.of(NO_TRANSPOSE, TRANSPOSE))
                for (Transpose tb : List.of(NO_TRANSPOSE, TRANSPOSE))
                    for (int[] s : shapes) out.add(Arguments.of(t, ta, tb, s[0], s[1], s[2]));
        return out.stream();
    }

    private static DenseMatrix random(ScalarType t, int rows, int cols, long seed) {
        var rng = new MersenneTwister64(seed);
        DenseMatrix m = DenseMatrix.zeros(t, rows, cols);
        for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) m.set(i, j, rng.nextGaussian());
        return m;
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}x{4}x{5}")
    @MethodSource("cases")
    void matchesTheDefinitionAndRepeatsItsBits(ScalarType t, Transpose ta, Transpose tb, int m, int k, int n) {
        DenseMatrix a = ta == NO_TRANSPOSE ? random(t, m, k, 1) : random(t, k, m, 1);
        DenseMatrix b = tb == NO_TRANSPOSE ? random(t, k, n, 2) : random(t, n, k, 2);
        DenseMatrix c = DenseMatrix.zeros(t, m, n), again = DenseMatrix.zeros(t, m, n);
        c.fill(Double.NaN); // every entry must be written
        Gemm.mm(ta, a, tb, b, c);
        Gemm.mm(ta, a, tb, b, again);
        // Rounding of a k-term sum of products of N(0, 1) entries: about sqrt(k) eps, far below this bound.
        double tol = (t == ScalarType.Float64 ? 1e-13 : 1e-4) * Math.sqrt(k) * 10;
        int[] probeRows = {0, m / 3, m / 2, m - 1}, probeCols = {0, n / 4, n / 2 + 1 < n ? n / 2 + 1 : n - 1, n - 1};
        for (int i : probeRows) for (int j : probeCols) {
            double s = 0;
            for (int p = 0; p < k; p++)
                s += (ta == NO_TRANSPOSE ? a.get(i, p) : a.get(p, i)) * (tb == NO_TRANSPOSE ? b.get(p, j) : b.get(j, p));
            assertTrue(Math.abs(c.get(i, j) - s) <= tol, "C(" + i + ", " + j + ") = " + c.get(i, j) + ", the sum is " + s);
        }
        for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) {
            assertTrue(Double.isFinite(c.get(i, j)), "C(" + i + ", " + j + ") was not written");
            assertEquals(Double.doubleToLongBits(c.get(i, j)), Double.doubleToLongBits(again.get(i, j)), "a second call, C(" + i + ", " + j + ")");
        }
    }
}

package org.initlab.nn;

import smile.linalg.Order;
import smile.linalg.Transpose;
import smile.linalg.blas.cblas_h;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * C = op(A) op(B) on Smile's matrices, deterministic whatever the number of cores.
 *
 * <p>Multi-threaded OpenBLAS can change how it blocks a product with its thread count, and so the
 * last bits of the result (seen here for 128x784x512). So OpenBLAS runs single-threaded, and large
 * products are cut into a fixed number of row blocks, a number that depends only on the shapes; the
 * blocks run in parallel on the common fork-join pool. The same calls happen on 1 core or 64: the
 * same bits come out.
 */
public final class Gemm {
    private Gemm() {}

    /** Row blocks of a large product; fixed, so the split never depends on the machine. */
    static final int BLOCKS = 4;
    /** Products smaller than this (in multiply-adds) are not worth splitting. */
    static final long SPLIT_THRESHOLD = 1L << 21;

    static {
        OpenBlas.singleThreaded();
    }

    /** C = op(A) op(B), overwriting C. */
    public static void mm(Transpose ta, DenseMatrix a, Transpose tb, DenseMatrix b, DenseMatrix c) {
        int m = c.nrow(), n = c.ncol(), k = ta == Transpose.NO_TRANSPOSE ? a.ncol() : a.nrow();
        int blocks = (long) m * n * k >= SPLIT_THRESHOLD && m >= 8 * BLOCKS ? BLOCKS : 1;
        if (blocks == 1) {
            DenseMatrix.mm(1.0, ta, a, tb, b, 0.0, c);
            return;
        }
        List<RecursiveAction> tasks = new ArrayList<>(blocks);
        for (int p = 0; p < blocks; p++) {
            int r0 = (int) ((long) m * p / blocks), r1 = (int) ((long) m * (p + 1) / blocks);
            tasks.add(new RecursiveAction() {
                @Override protected void compute() { rows(ta, a, tb, b, c, r0, r1 - r0, k); }
            });
        }
        ForkJoinTask.invokeAll(tasks);
    }

    /** Rows r0..r0+rows of C: the same rows of op(A) (columns of A when transposed), all of op(B). */
    private static void rows(Transpose ta, DenseMatrix a, Transpose tb, DenseMatrix b, DenseMatrix c, int r0, int rows, int k) {
        int n = c.ncol();
        long bytes = c.scalarType() == ScalarType.Float64 ? 8 : 4;
        long aOffset = (ta == Transpose.NO_TRANSPOSE ? r0 : (long) r0 * a.ld()) * bytes;
        MemorySegment as = a.memory().asSlice(aOffset), cs = c.memory().asSlice(r0 * bytes);
        int order = Order.COL_MAJOR.blas();
        if (c.scalarType() == ScalarType.Float64)
            cblas_h.cblas_dgemm(order, ta.blas(), tb.blas(), rows, n, k, 1.0, as, a.ld(), b.memory(), b.ld(), 0.0, cs, c.ld());
        else
            cblas_h.cblas_sgemm(order, ta.blas(), tb.blas(), rows, n, k, 1.0f, as, a.ld(), b.memory(), b.ld(), 0.0f, cs, c.ld());
    }
}

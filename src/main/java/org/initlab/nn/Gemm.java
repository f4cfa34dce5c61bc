package org.initlab.nn;

import smile.linalg.Order;
import smile.linalg.Transpose;
import smile.linalg.blas.cblas_h;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.lang.foreign.MemorySegment;

/**
 * C = op(A) op(B) on Smile's matrices, deterministic whatever the number of cores.
 *
 * <p>Multi-threaded OpenBLAS can change how it blocks a product with its thread count, and so the
 * last bits of the result (seen here for 128x784x512). So OpenBLAS runs single-threaded, and large
 * products are cut into a fixed number of column (or row) blocks, a cut that depends only on the shapes;
 * the blocks run in parallel ({@link Blocks}). The same calls happen on 1 core or 64: the
 * same bits come out.
 */
public final class Gemm {
    private Gemm() {}

    /** Blocks of a large product; fixed, so the split never depends on the machine. */
    static final int BLOCKS = 4;
    /** Products smaller than this (in multiply-adds) are not worth splitting. */
    static final long SPLIT_THRESHOLD = 1L << 21;

    static {
        OpenBlas.singleThreaded();
    }

    /**
     * C = op(A) op(B), overwriting C. A large product is cut into column blocks of C when C has enough columns
     * (each block multiplies all of op(A), which is packed once per block, by its own columns of op(B)); else
     * into row blocks. Columns first: with the course's batches of 32-128 rows, row blocks of 8-32 rows leave
     * OpenBLAS's kernels too little to do per packed panel of B (784-512x3-10 with batches of 128: an epoch's
     * products took 0.72-0.97 s in row blocks, 0.54-0.66 s in column blocks, 0.45-0.65 s on OpenBLAS's own threads).
     */
    public static void mm(Transpose ta, DenseMatrix a, Transpose tb, DenseMatrix b, DenseMatrix c) { mm(ta, a, tb, b, c, null); }

    /** Work on columns j0 (inclusive) to j1 (exclusive) of a product just computed. */
    interface Then { void columns(int j0, int j1); }

    /**
     * C = op(A) op(B), then {@code then} (if not null) on C's columns as they are done: in a product cut into column blocks,
     * each block's task runs it on its own columns, while they are still in its core's cache; otherwise it runs once on
     * all columns, after the product. A layer's bias and activation ride here on its forward product, the derivative of
     * the layer below on its input-gradient product, and an unprobed step's update of its weights on their gradient.
     */
    static void mm(Transpose ta, DenseMatrix a, Transpose tb, DenseMatrix b, DenseMatrix c, Then then) {
        int m = c.nrow(), n = c.ncol(), k = ta == Transpose.NO_TRANSPOSE ? a.ncol() : a.nrow();
        boolean large = (long) m * n * k >= SPLIT_THRESHOLD;
        boolean byColumns = large && n >= 8 * BLOCKS, byRows = large && !byColumns && m >= 8 * BLOCKS;
        if (!byColumns && !byRows) {
            DenseMatrix.mm(1.0, ta, a, tb, b, 0.0, c);
            if (then != null) then.columns(0, n);
            return;
        }
        int size = byColumns ? n : m;
        Blocks.run(BLOCKS, p -> {
            int from = (int) ((long) size * p / BLOCKS), to = (int) ((long) size * (p + 1) / BLOCKS);
            if (byColumns) {
                columns(ta, a, tb, b, c, from, to - from, k);
                if (then != null) then.columns(from, to);
            } else rows(ta, a, tb, b, c, from, to - from, k);
        });
        if (byRows && then != null) then.columns(0, n);
    }

    /** Columns c0..c0+cols of C: all of op(A), the same columns of op(B) (rows of B when transposed). */
    private static void columns(Transpose ta, DenseMatrix a, Transpose tb, DenseMatrix b, DenseMatrix c, int c0, int cols, int k) {
        long bytes = c.scalarType() == ScalarType.Float64 ? 8 : 4;
        long bOffset = (tb == Transpose.NO_TRANSPOSE ? (long) c0 * b.ld() : c0) * bytes;
        gemm(ta, tb, c.nrow(), cols, k, a.memory(), a.ld(), b.memory().asSlice(bOffset), b.ld(), c.memory().asSlice((long) c0 * c.ld() * bytes), c);
    }

    /** Rows r0..r0+rows of C: the same rows of op(A) (columns of A when transposed), all of op(B). */
    private static void rows(Transpose ta, DenseMatrix a, Transpose tb, DenseMatrix b, DenseMatrix c, int r0, int rows, int k) {
        long bytes = c.scalarType() == ScalarType.Float64 ? 8 : 4;
        long aOffset = (ta == Transpose.NO_TRANSPOSE ? r0 : (long) r0 * a.ld()) * bytes;
        gemm(ta, tb, rows, c.ncol(), k, a.memory().asSlice(aOffset), a.ld(), b.memory(), b.ld(), c.memory().asSlice(r0 * bytes), c);
    }

    /** One block's product in C's precision, column-major, written where {@code cs} starts. */
    private static void gemm(Transpose ta, Transpose tb, int m, int n, int k, MemorySegment as, int lda, MemorySegment bs, int ldb, MemorySegment cs, DenseMatrix c) {
        int order = Order.COL_MAJOR.blas();
        if (c.scalarType() == ScalarType.Float64)
            cblas_h.cblas_dgemm(order, ta.blas(), tb.blas(), m, n, k, 1.0, as, lda, bs, ldb, 0.0, cs, c.ld());
        else
            cblas_h.cblas_sgemm(order, ta.blas(), tb.blas(), m, n, k, 1.0f, as, lda, bs, ldb, 0.0f, cs, c.ld());
    }
}

package org.initlab.probe;

import smile.tensor.DenseMatrix;

/**
 * A matrix's columns as stretches of a double array: its own backing array (Float64 on the heap), or a scratch
 * column the entries are widened or copied into (Float32, or a matrix off the heap).
 */
final class Columns {
    private final DenseMatrix m;
    private final double[] own, scratch;
    private final float[] floats;

    Columns(DenseMatrix m) {
        this.m = m;
        Object base = org.initlab.nn.Matrices.backingArray(m);
        this.own = base instanceof double[] d ? d : null;
        this.floats = base instanceof float[] f ? f : null;
        this.scratch = own == null ? new double[m.nrow()] : null;
    }

    double[] column(int j) {
        if (own != null) return own;
        double[] to = scratch; // locals, so the widening loop is vectorized
        float[] from = floats;
        int n = to.length, o = j * m.ld();
        if (from != null) for (int i = 0; i < n; i++) to[i] = from[o + i];
        else for (int i = 0; i < n; i++) to[i] = m.get(i, j);
        return to;
    }

    int offset(int j) { return own != null ? j * m.ld() : 0; }

    /** Whether {@link #column} hands out the matrix's own array (so a write to it writes the matrix). */
    boolean ownsColumns() { return own != null; }
}

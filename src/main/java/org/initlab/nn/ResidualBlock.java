package org.initlab.nn;

import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.util.List;

/** One residual block at work: y = x + alpha * f(x), f its branch's dense layers. */
public final class ResidualBlock implements Stage {
    private final List<Dense> branch;
    private final DenseMatrix alpha, dAlpha; // 1 x 1
    private final boolean learnable;
    private DenseMatrix y, dBranch, dX, branchOut;

    ResidualBlock(List<Dense> branch, double alpha, boolean learnable, ScalarType type) {
        this.branch = List.copyOf(branch);
        this.alpha = DenseMatrix.zeros(type, 1, 1);
        this.dAlpha = DenseMatrix.zeros(type, 1, 1);
        this.alpha.set(0, 0, alpha);
        this.learnable = learnable;
    }

    public List<Dense> branch() { return branch; }
    /** The branch's multiplier (live; 1 x 1). */
    public DenseMatrix alpha() { return alpha; }
    public DenseMatrix alphaGradient() { return dAlpha; }
    public boolean learnableAlpha() { return learnable; }
    /** The block's output x + alpha f(x) of the last forward pass, batch x width: the residual stream after this block. */
    public DenseMatrix output() { return y; }
    /** f(x) of the last forward pass, before alpha. */
    public DenseMatrix branchOutput() { return branchOut; }

    @Override public DenseMatrix forward(DenseMatrix x, boolean training) {
        DenseMatrix h = x;
        for (Dense d : branch) h = d.forward(h, training);
        branchOut = h;
        if (y == null || y.nrow() != x.nrow()) {
            y = DenseMatrix.zeros(x.scalarType(), x.nrow(), x.ncol());
            dBranch = DenseMatrix.zeros(x.scalarType(), x.nrow(), x.ncol());
            dX = DenseMatrix.zeros(x.scalarType(), x.nrow(), x.ncol());
        }
        Matrices.addScaled(x, alpha.get(0, 0), h, y);
        return y;
    }

    /** dX = dY + f'(x)^T (alpha dY), and d alpha = sum(dY * f(x)). */
    @Override public DenseMatrix backward(DenseMatrix dY, boolean needInputGradient, WeightGradients updates) {
        if (learnable) dAlpha.set(0, 0, Matrices.dot(dY, branchOut));
        Matrices.addScaled(null, alpha.get(0, 0), dY, dBranch);
        DenseMatrix g = dBranch;
        for (int l = branch.size() - 1; l >= 0; l--) g = branch.get(l).backward(g, true, updates);
        Matrices.addScaled(dY, 1, g, dX);
        return dX;
    }
}

package org.initlab.nn;

import smile.tensor.DenseMatrix;

/** One step of a network's forward pass and its backward pass: a dense layer or a residual block. */
sealed interface Stage permits Dense, ResidualBlock {
    DenseMatrix forward(DenseMatrix x, boolean training);

    /** Fills the stage's gradients from dLoss/dOutput; returns dLoss/dInput, or null if not needed. */
    default DenseMatrix backward(DenseMatrix dOut, boolean needInputGradient) { return backward(dOut, needInputGradient, null); }

    /**
     * The same, and if {@code updates} is not null, each dense layer's weights may be updated or measured as soon as their
     * gradient is computed ({@code updates.blocks(layer)} runs on the gradient's columns as they are done, and
     * {@code updates.done(layer)} when the layer is finished), after the layer's input gradient, the one thing backward
     * reads the weights for.
     */
    DenseMatrix backward(DenseMatrix dOut, boolean needInputGradient, WeightGradients updates);
}

package org.initlab.nn;

import smile.tensor.DenseMatrix;

/** One step of a network's forward pass and its backward pass: a dense layer or a residual block. */
sealed interface Stage permits Dense, ResidualBlock {
    DenseMatrix forward(DenseMatrix x, boolean training);

    /** Fills the stage's gradients from dLoss/dOutput; returns dLoss/dInput, or null if not needed. */
    default DenseMatrix backward(DenseMatrix dOut, boolean needInputGradient) { return backward(dOut, needInputGradient, null); }

    /**
     * The same, and if {@code updates} is not null, each dense layer's weights are updated as soon as their gradient
     * is computed ({@code updates.apply(layer)} gives the update, run on the gradient's columns as they are done), after
     * the layer's input gradient, the one thing backward reads the weights for.
     */
    DenseMatrix backward(DenseMatrix dOut, boolean needInputGradient, java.util.function.Function<Dense, Gemm.Then> updates);
}

package org.initlab.nn;

import smile.tensor.DenseMatrix;

/** One step of a network's forward pass and its backward pass: a dense layer or a residual block. */
sealed interface Stage permits Dense, ResidualBlock {
    DenseMatrix forward(DenseMatrix x, boolean training);

    /** Fills the stage's gradients from dLoss/dOutput; returns dLoss/dInput, or null if not needed. */
    DenseMatrix backward(DenseMatrix dOut, boolean needInputGradient);
}

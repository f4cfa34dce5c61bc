package org.initlab.nn;

/**
 * What backward does with each dense layer's weight gradient besides making it: a trainer's update, or its measurement.
 * The lambda form gives the work on the gradient's column blocks; {@link #done} hears when the layer is finished.
 */
@FunctionalInterface
interface WeightGradients {
    /** Work on the layer's weight-gradient columns as each block of the product is done; null for none. */
    Gemm.Then blocks(Dense layer);

    /**
     * The layer's backward is done: its weight and bias gradients are whole, and its input gradient is made (the last
     * read of its weights in this pass), so from here on its parameters may change while backward goes on below it.
     */
    default void done(Dense layer) {}
}

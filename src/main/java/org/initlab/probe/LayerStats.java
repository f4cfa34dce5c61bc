package org.initlab.probe;

/**
 * What one probe measured on one layer at one training step, on that step's batch and before its update.
 *
 * @param step               0-based training step (0 = the initialization)
 * @param epoch              1-based epoch the step belongs to
 * @param layer              0-based layer index (the last is the output layer)
 * @param preMean            mean of the pre-activations z = x W^T + b
 * @param preStd             their standard deviation
 * @param pre                histogram of z
 * @param actMean            mean of the activations f(z) (before dropout)
 * @param actStd             their standard deviation
 * @param act                histogram of f(z)
 * @param saturated          fraction of f(z) near the bounds (|tanh| &gt; 0.97, |2 sigmoid - 1| &gt; 0.97); NaN if f does not saturate
 * @param dead               fraction of units with f(z) = 0 on every sample of the batch; NaN if f cannot die
 * @param gradMean           mean of the back-propagated gradient dLoss/dz
 * @param gradStd            its standard deviation
 * @param grad               histogram of dLoss/dz
 * @param weightStd          standard deviation of the weights
 * @param weightGradNorm     Frobenius norm of dLoss/dW
 * @param weightGradStd      standard deviation of dLoss/dW
 * @param gradToWeight       weightGradStd / weightStd (Karpathy's grad:data ratio)
 * @param updateToWeight     std of the update applied / weightStd (about 1e-3 is healthy)
 * @param distinctUnits      units left after merging those whose weight rows and biases agree within the tolerance
 * @param maxUnitDifference  largest difference between two units' weights or biases: 0 means all units are copies
 * @param preMagnitudes      histogram of log10 |z| over the nonzero z of the histogram's sample
 * @param actMagnitudes      the same for f(z)
 * @param gradMagnitudes     the same for dLoss/dz
 */
public record LayerStats(long step, int epoch, int layer,
                         double preMean, double preStd, Histogram pre,
                         double actMean, double actStd, Histogram act,
                         double saturated, double dead,
                         double gradMean, double gradStd, Histogram grad,
                         double weightStd, double weightGradNorm, double weightGradStd,
                         double gradToWeight, double updateToWeight,
                         int distinctUnits, double maxUnitDifference,
                         Histogram preMagnitudes, Histogram actMagnitudes, Histogram gradMagnitudes) implements java.io.Serializable {
}

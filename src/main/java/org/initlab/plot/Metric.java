package org.initlab.plot;

import org.initlab.probe.LayerStats;

import java.util.function.ToDoubleFunction;

/**
 * A scalar a probe records per layer and step, with how to show it: the name for titles, the
 * axis title, the preferred scale and an optional guide line (NaN for none).
 *
 * <pre>{@code ProbeCurves.of(history, Metric.UPDATE_TO_WEIGHT)}</pre>
 */
public record Metric(String name, String axis, ToDoubleFunction<LayerStats> value, Scale scale, double guide, String guideLabel) {

    /** The update-to-weight guide's label, as the chart writes it on the line. */
    public static final String RULE_OF_THUMB = "1e-3: rule of thumb";

    public static final Metric SATURATED = new Metric("saturated fraction", "fraction of |f(z)| > 0.97", LayerStats::saturated, Scale.LINEAR, Double.NaN, null);
    public static final Metric DEAD = new Metric("dead units", "fraction of units with f(z) = 0 on the batch", LayerStats::dead, Scale.LINEAR, Double.NaN, null);
    /**
     * Karpathy's makemore diagnostic, with its rule of thumb as the guide: an update about 1e-3 of the weights' size
     * per step is a healthy pace (CS231n: "the ratio of the updates to the values ... somewhere around 1e-3").
     */
    public static final Metric UPDATE_TO_WEIGHT = new Metric("update-to-weight ratio", "std(update) / std(W)", LayerStats::updateToWeight, Scale.LOG, 1e-3, RULE_OF_THUMB);
    public static final Metric GRAD_TO_WEIGHT = new Metric("gradient-to-weight ratio", "std(dLoss/dW) / std(W)", LayerStats::gradToWeight, Scale.LOG, Double.NaN, null);
    public static final Metric MAX_UNIT_DIFFERENCE = new Metric("largest difference between units", "max |difference| of two units' weights", LayerStats::maxUnitDifference, Scale.AUTO, Double.NaN, null);
    public static final Metric DISTINCT_UNITS = new Metric("distinct units", "units that differ", s -> s.distinctUnits(), Scale.LINEAR, Double.NaN, null);
    public static final Metric ACTIVATION_STD = new Metric("activation std", "std of f(z)", LayerStats::actStd, Scale.AUTO, Double.NaN, null);
    public static final Metric GRADIENT_STD = new Metric("gradient std", "std of dLoss/dz", LayerStats::gradStd, Scale.AUTO, Double.NaN, null);
    public static final Metric WEIGHT_STD = new Metric("weight std", "std of W", LayerStats::weightStd, Scale.AUTO, Double.NaN, null);
    public static final Metric WEIGHT_GRADIENT_NORM = new Metric("weight gradient norm", "||dLoss/dW|| (Frobenius)", LayerStats::weightGradNorm, Scale.AUTO, Double.NaN, null);

    /** A custom metric on an automatic scale, without a guide. */
    public static Metric of(String name, ToDoubleFunction<LayerStats> value) {
        return new Metric(name, name, value, Scale.AUTO, Double.NaN, null);
    }

    public Metric scale(Scale s) { return new Metric(name, axis, value, s, guide, guideLabel); }

    public Metric guide(double y, String label) { return new Metric(name, axis, value, scale, y, label); }

    public double of(LayerStats s) { return value.applyAsDouble(s); }
}

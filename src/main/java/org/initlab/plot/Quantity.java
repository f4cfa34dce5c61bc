package org.initlab.plot;

import org.initlab.probe.Histogram;
import org.initlab.probe.LayerStats;

/** The three per-layer signals a probe records, each with its histogram and moments. */
public enum Quantity {
    PRE_ACTIVATION("pre-activations", "pre-activation z"),
    ACTIVATION("activations", "activation f(z)"),
    GRADIENT("gradients", "gradient dLoss/dz");

    private final String plural, axis;

    Quantity(String plural, String axis) {
        this.plural = plural;
        this.axis = axis;
    }

    /** For titles: "activations". */
    public String plural() { return plural; }

    /** For axis titles: "activation f(z)". */
    public String axis() { return axis; }

    public Histogram histogram(LayerStats s) {
        return switch (this) {
            case PRE_ACTIVATION -> s.pre();
            case ACTIVATION -> s.act();
            case GRADIENT -> s.grad();
        };
    }

    /** Histogram of log10 |v| over the nonzero values; its total falls short of {@link #histogram}'s by the zeros. */
    public Histogram magnitudes(LayerStats s) {
        return switch (this) {
            case PRE_ACTIVATION -> s.preMagnitudes();
            case ACTIVATION -> s.actMagnitudes();
            case GRADIENT -> s.gradMagnitudes();
        };
    }

    public double mean(LayerStats s) {
        return switch (this) {
            case PRE_ACTIVATION -> s.preMean();
            case ACTIVATION -> s.actMean();
            case GRADIENT -> s.gradMean();
        };
    }

    public double std(LayerStats s) {
        return switch (this) {
            case PRE_ACTIVATION -> s.preStd();
            case ACTIVATION -> s.actStd();
            case GRADIENT -> s.gradStd();
        };
    }
}

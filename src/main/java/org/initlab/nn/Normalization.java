package org.initlab.nn;

/**
 * A normalization layer for every hidden dense layer, as data: which kind, where it sits, its epsilon and (BatchNorm)
 * the momentum of its running statistics. Each normalized layer learns a scale (starting at 1) and a shift (at 0).
 *
 * <pre>{@code Network.mlp(64, 128, 128, 10).norm(Normalization.batchNorm()).build()}</pre>
 *
 * @param kind      BatchNorm (Ioffe &amp; Szegedy 2015, Algorithm 1: each unit over the batch) or LayerNorm (Ba et al. 2016,
 *                  eq. 4: each example over the layer's units)
 * @param placement before the activation, f(N(x W^T + b)) as in the BatchNorm paper, or after it, N(f(x W^T + b))
 * @param epsilon   added to the variance before its square root; must be &gt; 0
 * @param momentum  BatchNorm's running statistics: running = momentum running + (1 - momentum) batch, in [0, 1) (Keras'
 *                  convention; PyTorch's momentum=0.1 is 0.9 here). The running variance uses the unbiased batch variance.
 */
public record Normalization(Kind kind, Placement placement, double epsilon, double momentum) implements java.io.Serializable {

    public enum Kind {
        BATCH("batchnorm"), LAYER("layernorm");
        private final String label;
        Kind(String label) { this.label = label; }
        public String label() { return label; }
    }

    public enum Placement { BEFORE_ACTIVATION, AFTER_ACTIVATION }

    public Normalization {
        if (kind == null || placement == null) throw new IllegalArgumentException("normalization kind and placement must not be null");
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("normalization epsilon must be positive and finite, got " + epsilon);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("BatchNorm momentum must be in [0, 1), got " + momentum);
    }

    /** BatchNorm before the activation, epsilon 1e-5 and momentum 0.9 (PyTorch's defaults). */
    public static Normalization batchNorm() { return new Normalization(Kind.BATCH, Placement.BEFORE_ACTIVATION, 1e-5, 0.9); }
    /** LayerNorm before the activation, epsilon 1e-5. */
    public static Normalization layerNorm() { return new Normalization(Kind.LAYER, Placement.BEFORE_ACTIVATION, 1e-5, 0.9); }

    public Normalization afterActivation() { return new Normalization(kind, Placement.AFTER_ACTIVATION, epsilon, momentum); }
    public Normalization beforeActivation() { return new Normalization(kind, Placement.BEFORE_ACTIVATION, epsilon, momentum); }
    public Normalization epsilon(double e) { return new Normalization(kind, placement, e, momentum); }
    public Normalization momentum(double m) { return new Normalization(kind, placement, epsilon, m); }

    public boolean before() { return placement == Placement.BEFORE_ACTIVATION; }

    /** E.g. {@code batchnorm} or {@code layernorm after}. */
    public String label() { return kind.label() + (before() ? "" : " after"); }
}

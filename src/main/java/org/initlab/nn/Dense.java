package org.initlab.nn;

import org.initlab.init.Initializer;
import smile.math.random.RandomNumberGenerator;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import static smile.linalg.Transpose.NO_TRANSPOSE;
import static smile.linalg.Transpose.TRANSPOSE;

/**
 * A dense layer a = f(x W^T + b), batched: x is batch x fanIn, W is fanOut x fanIn (one row per
 * unit, as in Smile and PyTorch), b is fanOut x 1. Owns its parameters, their gradients and the
 * buffers of the last forward pass, which backward reads and probes inspect. With a normalization
 * layer it is a = f(N(x W^T + b)) or a = N(f(x W^T + b)) (see {@link Normalization}).
 */
public final class Dense implements Stage {
    private final int fanIn, fanOut;
    private final Activation activation;
    private final ScalarType type;
    private final DenseMatrix w, b, dW, db;
    private final double dropout;
    private final RandomNumberGenerator dropoutRng;
    private final NormLayer norm; // null: none

    // Buffers of the last pass, sized to its batch. With a normalization layer, n is what the activation's other side
    // sees: N(z) before it (the activation's input), f(z) after it (the normalization's input); dN is its gradient.
    private DenseMatrix x, z, a, dZ, dX, keep, n, dN, dShift;
    private final TwoSizes<Buffers> buffers = new TwoSizes<>(bf -> bf.z().nrow(), this::newBuffers);
    private boolean lastTraining; // whether the last forward pass applied dropout

    Dense(int fanIn, int fanOut, Activation activation, ScalarType type, double dropout, RandomNumberGenerator dropoutRng) {
        this(fanIn, fanOut, activation, type, dropout, dropoutRng, null);
    }

    Dense(int fanIn, int fanOut, Activation activation, ScalarType type, double dropout, RandomNumberGenerator dropoutRng, Normalization norm) {
        if (fanIn <= 0 || fanOut <= 0) throw new IllegalArgumentException("layer widths must be positive, got " + fanIn + " -> " + fanOut);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + dropout);
        if (norm != null && dropout > 0) throw new IllegalArgumentException("dropout together with a normalization layer is not supported: choose one");
        this.norm = norm == null ? null : new NormLayer(norm, fanOut, type);
        this.fanIn = fanIn;
        this.fanOut = fanOut;
        this.activation = activation;
        this.type = type;
        this.w = DenseMatrix.zeros(type, fanOut, fanIn);
        this.b = DenseMatrix.zeros(type, fanOut, 1);
        this.dW = DenseMatrix.zeros(type, fanOut, fanIn);
        this.db = DenseMatrix.zeros(type, fanOut, 1);
        this.dropout = dropout;
        this.dropoutRng = dropoutRng;
    }

    void initialize(Initializer weights, Initializer biases, RandomNumberGenerator wRng, RandomNumberGenerator bRng) {
        weights.fill(w, fanIn, fanOut, wRng);
        biases.fill(b, fanIn, fanOut, bRng);
    }

    public int fanIn() { return fanIn; }
    public int fanOut() { return fanOut; }
    public Activation activation() { return activation; }
    public double dropout() { return dropout; }
    /** The layer's normalization, or null. */
    public NormLayer norm() { return norm; }

    /** The weights, fanOut x fanIn (live: writes change the network). */
    public DenseMatrix weights() { return w; }
    /** The biases, fanOut x 1 (live). */
    public DenseMatrix biases() { return b; }
    public DenseMatrix weightGradient() { return dW; }
    public DenseMatrix biasGradient() { return db; }
    /** Input of the last forward pass, batch x fanIn. */
    public DenseMatrix input() { return x; }
    /** Pre-activations of the last forward pass, batch x fanOut: what the activation function was applied to (after the normalization placed before it). */
    public DenseMatrix preActivations() { return norm != null && norm.spec().before() ? n : z; }
    /** Activations (after dropout, if training) of the last forward pass, batch x fanOut. */
    public DenseMatrix activations() { return a; }
    /** dLoss/dPreActivation of the last backward pass, batch x fanOut: the gradient at the activation function's input. */
    public DenseMatrix preActivationGradient() { return norm != null && norm.spec().before() ? dN : dZ; }

    /** One batch size's buffers. */
    private record Buffers(DenseMatrix z, DenseMatrix a, DenseMatrix dZ, DenseMatrix dX, DenseMatrix keep, DenseMatrix n, DenseMatrix dN) {}

    private Buffers newBuffers(int batch) {
        return new Buffers(DenseMatrix.zeros(type, batch, fanOut), DenseMatrix.zeros(type, batch, fanOut), DenseMatrix.zeros(type, batch, fanOut),
                DenseMatrix.zeros(type, batch, fanIn), dropout > 0 ? DenseMatrix.zeros(type, batch, fanOut) : null,
                norm == null ? null : DenseMatrix.zeros(type, batch, fanOut), norm == null ? null : DenseMatrix.zeros(type, batch, fanOut));
    }

    /** Buffers for a batch of {@code batch} rows (an epoch's smaller last batch and back reuse their sets, {@link TwoSizes}). */
    private void ensureBuffers(int batch) {
        Buffers bf = buffers.get(batch);
        z = bf.z(); a = bf.a(); dZ = bf.dZ(); dX = bf.dX(); keep = bf.keep(); n = bf.n(); dN = bf.dN();
        if (norm != null && dShift == null) dShift = DenseMatrix.zeros(type, fanOut, 1);
    }

    @Override public DenseMatrix forward(DenseMatrix input, boolean training) {
        if (input.ncol() != fanIn) throw new IllegalArgumentException("input has " + input.ncol() + " features, layer expects " + fanIn);
        int batch = input.nrow();
        ensureBuffers(batch);
        x = input;
        if (norm == null) { // z = x W^T, then z += b and a = f(z) on each block of z's columns as soon as it is done, while in cache
            Gemm.mm(NO_TRANSPOSE, input, TRANSPOSE, w, z, (j0, j1) -> Kernels.activate(activation, b, z, a, j0, j1));
        } else {
            Gemm.mm(NO_TRANSPOSE, input, TRANSPOSE, w, z);
            if (norm.spec().before()) {
                Kernels.activate(Activation.IDENTITY, b, z, z); // z += b
                norm.forward(z, n, training);
                Kernels.activate(activation, n, a);
            } else {
                Kernels.activate(activation, b, z, n);
                norm.forward(n, a, training);
            }
        }
        if (training && dropout > 0) {
            // Inverted dropout: keep with probability 1-p and scale by 1/(1-p), so inference needs no change.
            double scale = 1 / (1 - dropout);
            for (int j = 0; j < fanOut; j++) {
                for (int i = 0; i < batch; i++) {
                    double k = dropoutRng.nextDouble() < dropout ? 0 : scale;
                    keep.set(i, j, k);
                    a.set(i, j, a.get(i, j) * k);
                }
            }
        }
        lastTraining = training;
        return a;
    }

    /**
     * Given dLoss/dActivations (batch x fanOut), fills dW and db and returns dLoss/dInput
     * (or null when {@code needInputGradient} is false: the first layer has no one to pass it to).
     */
    @Override public DenseMatrix backward(DenseMatrix dA, boolean needInputGradient, WeightGradients updates) {
        return backward(dA, needInputGradient, updates, null, false);
    }

    /**
     * The same, where {@code below} (if not null) is the dense layer this one's input came from, which takes its
     * activation's derivative in the product that makes its dA, block by block while the block is in cache (see
     * {@link #derivesInProduct}); {@code derived} says this layer's own derivative was taken so by the layer above.
     */
    DenseMatrix backward(DenseMatrix dA, boolean needInputGradient, WeightGradients updates, Dense below, boolean derived) {
        int batch = z.nrow();
        if (dA.nrow() != batch || dA.ncol() != fanOut)
            throw new IllegalArgumentException("gradient is " + dA.nrow() + "x" + dA.ncol() + ", expected " + batch + "x" + fanOut);
        boolean masked = lastTraining && dropout > 0;
        if (derived) {
            // dZ and db are done: the layer above took this layer's derivative in the product that made dA
        } else if (norm == null) Kernels.backActivate(activation, z, a, masked ? keep : null, dA, dZ, db); // and db = column sums of dZ
        else if (norm.spec().before()) {
            Kernels.backActivate(activation, n, a, null, dA, dN, dShift); // dShift: the same sums the norm layer makes as its shift's gradient
            norm.backward(dN, dZ);
            Kernels.backActivate(Activation.IDENTITY, z, z, null, dZ, dZ, db);
        } else {
            norm.backward(dA, dN);
            Kernels.backActivate(activation, z, n, null, dN, dZ, db);
        }
        // dX = dZ W first (with the weights before any update; and the layer below's derivative on each block of dX),
        // then dW = dZ^T x and, if asked, the weights' update.
        if (needInputGradient)
            Gemm.mm(NO_TRANSPOSE, dZ, NO_TRANSPOSE, w, dX, below == null ? null
                    : (j0, j1) -> Kernels.backActivate(below.activation, below.z, below.a, dX, below.dZ, below.db, j0, j1));
        Gemm.mm(TRANSPOSE, dZ, NO_TRANSPOSE, x, dW, updates == null ? null : updates.blocks(this));
        if (updates != null) updates.done(this);
        return needInputGradient ? dX : null;
    }

    /**
     * Whether the layer above may take this layer's activation derivative in its own input-gradient product: not with a
     * normalization layer (its backward comes between) or a dropout mask applied in the last pass.
     */
    boolean derivesInProduct() { return norm == null && !(lastTraining && dropout > 0); }
}

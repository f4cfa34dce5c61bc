package org.initlab.nn;

import smile.tensor.DenseMatrix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stack of {@link Dense} layers with batched forward and backward passes; with {@link Residual} blocks, the layers
 * between the first hidden layer and the output layer run as x + alpha f(x).
 */
public final class Network {
    private final NetworkSpec spec;
    private final List<Dense> layers;
    private final List<Stage> stages;             // what forward runs, in order: dense layers and residual blocks
    private final List<ResidualBlock> blocks;
    private final List<Parameter> parameters;
    private List<LsuvCalibration.Layer> lsuv; // set once an LSUV-initialized network is calibrated

    /** Starts a spec: {@code Network.mlp(64, 256, 256, 10)} is 64 inputs, two hidden layers of 256, 10 outputs. */
    public static NetworkSpec mlp(int... widths) { return NetworkSpec.of(widths); }

    Network(NetworkSpec spec) {
        this.spec = spec;
        int[] w = spec.widths();
        int depth = w.length - 1;
        checkSize(w, spec.type());
        Residual res = spec.residual();
        int k = res == null ? 0 : res.branchLayers(), blockCount = res == null ? 0 : (depth - 2) / k;
        List<Dense> list = new ArrayList<>(depth);
        for (int l = 0; l < depth; l++) {
            boolean last = l == depth - 1;
            // A two-layer branch ends linear: f(x) = g(x W1^T + b1) W2^T + b2.
            boolean branchEnd = res != null && l >= 1 && !last && (l - 1) % k == k - 1;
            boolean linear = branchEnd && k == 2;
            Activation f = last ? spec.output() : linear ? Activation.IDENTITY : spec.activation();
            Normalization norm = last || linear ? null : spec.norm(); // every layer with the hidden activation
            Dense layer = new Dense(w[l], w[l + 1], f, spec.type(), last ? 0 : spec.dropout(), Seeds.rng(spec.dropoutSeed(), Seeds.DROPOUT + l), norm);
            // Each layer draws from its own stream, so a residual or rescaled variant has the plain net's weights, then scaled.
            org.initlab.init.Initializer init = last && spec.head().init() != null ? spec.head().init()
                    : branchEnd && res.lastInit() != null ? res.lastInit() : spec.weightInit();
            layer.initialize(init, spec.biasInit(), Seeds.rng(spec.seed(), Seeds.WEIGHTS + l), Seeds.rng(spec.seed(), Seeds.BIASES + l));
            if (last && spec.head().gain() != 1) Matrices.scale(layer.weights(), spec.head().gain());
            if (last && spec.head().bias() != null) Matrices.copyInto(column(spec.head().bias()), layer.biases(), "the output layer's starting biases");
            if (branchEnd) {
                double gain = res.lastGain() * (res.scaledByDepth() ? 1 / Math.sqrt(blockCount) : 1);
                if (gain != 1) Matrices.scale(layer.weights(), gain);
            }
            list.add(layer);
        }
        this.layers = Collections.unmodifiableList(list);
        List<Stage> st = new ArrayList<>();
        List<ResidualBlock> bl = new ArrayList<>();
        if (res == null) st.addAll(list);
        else {
            st.add(list.getFirst());
            for (int b = 0; b < blockCount; b++) {
                ResidualBlock block = new ResidualBlock(list.subList(1 + b * k, 1 + (b + 1) * k), res.alpha(), res.learnableAlpha(), spec.type());
                st.add(block);
                bl.add(block);
            }
            st.add(list.getLast());
        }
        this.stages = List.copyOf(st);
        this.blocks = List.copyOf(bl);
        // Every dense layer's weights and biases first, in layer order (the probes read them as 2l and 2l + 1), then the rest.
        List<Parameter> ps = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            ps.add(new Parameter("layer " + l + " weights", list.get(l).weights(), list.get(l).weightGradient()));
            ps.add(new Parameter("layer " + l + " biases", list.get(l).biases(), list.get(l).biasGradient()));
        }
        for (int l = 0; l < depth; l++) {
            NormLayer n = list.get(l).norm();
            if (n == null) continue;
            ps.add(new Parameter("layer " + l + " " + n.spec().kind().label() + " scale", n.scale(), n.scaleGradient()));
            ps.add(new Parameter("layer " + l + " " + n.spec().kind().label() + " shift", n.shift(), n.shiftGradient()));
        }
        for (int b = 0; b < bl.size(); b++)
            if (bl.get(b).learnableAlpha()) ps.add(new Parameter("block " + b + " alpha", bl.get(b).alpha(), bl.get(b).alphaGradient()));
        this.parameters = List.copyOf(ps);
    }

    /** One trained tensor with its gradient: a layer's weights or biases, a normalization's scale or shift, a block's alpha. */
    public record Parameter(String name, DenseMatrix value, DenseMatrix gradient) {}

    private static double[][] column(double[] v) {
        double[][] c = new double[v.length][];
        for (int i = 0; i < v.length; i++) c[i] = new double[]{v[i]};
        return c;
    }

    /** Most entries of one Java array (what a Smile matrix keeps its entries in). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Refuses, before allocating, a network whose weights do not fit: a layer with more entries than one Java array
     * holds (Smile would fail with an index or array-size error), or weights and gradients that need more than the
     * JVM's whole heap.
     */
    static void checkSize(int[] widths, smile.tensor.ScalarType type) {
        long bytesPer = type == smile.tensor.ScalarType.Float64 ? 8 : 4, bytes = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            long entries = Matrices.storedEntries(widths[l + 1], widths[l]);
            if (entries > MAX_ARRAY)
                throw new IllegalArgumentException("layer " + l + " (" + widths[l] + " -> " + widths[l + 1] + ") is too large: " + String.format(java.util.Locale.ROOT, "%,d", entries)
                        + " weights (" + gigabytes(entries * bytesPer) + " in " + type + "), more than one Java array holds (" + String.format(java.util.Locale.ROOT, "%,d", MAX_ARRAY) + ")");
            bytes += 2 * entries * bytesPer; // the weights and their gradient
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap)
            throw new IllegalArgumentException("the network is too large: its weights and their gradients need " + gigabytes(bytes) + " in " + type
                    + ", more than the JVM's whole heap (" + gigabytes(heap) + "; raise it with -Xmx, or use narrower layers)");
    }

    private static String gigabytes(long bytes) { return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9); }

    public NetworkSpec spec() { return spec; }
    public List<Dense> layers() { return layers; }
    public Dense layer(int i) {
        if (i < 0 || i >= layers.size())
            throw new IndexOutOfBoundsException("layer " + i + " does not exist: the network has " + layers.size() + " layers, 0 to " + (layers.size() - 1));
        return layers.get(i);
    }
    /** The residual blocks, in order (none for a plain stack). */
    public List<ResidualBlock> blocks() { return blocks; }
    /** Everything training updates: the dense layers' weights and biases (layer by layer), then normalization scales and shifts, then learned alphas. */
    public List<Parameter> parameters() { return parameters; }
    /** Whether any layer normalizes with BatchNorm (a training batch of 1 is then refused). */
    public boolean hasBatchNorm() {
        return spec.norm() != null && spec.norm().kind() == Normalization.Kind.BATCH;
    }
    /** Number of dense layers, hidden and output. */
    public int depth() { return layers.size(); }
    public int inputs() { return layers.getFirst().fanIn(); }
    public int outputs() { return layers.getLast().fanOut(); }

    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) n += (long) p.value().nrow() * p.value().ncol();
        return n;
    }

    /** Output (batch x outputs) of a batch (batch x inputs); {@code training} turns dropout on. */
    public DenseMatrix forward(DenseMatrix x, boolean training) { return forward(x, training, null); }

    /** The same, handing {@code before} (if not null) each dense layer before the pass reaches it (a residual block's layers before the block). */
    DenseMatrix forward(DenseMatrix x, boolean training, java.util.function.Consumer<Dense> before) {
        DenseMatrix h = x;
        for (Stage s : stages) {
            if (before != null) switch (s) {
                case Dense d -> before.accept(d);
                case ResidualBlock r -> r.branch().forEach(before);
            }
            h = s.forward(h, training);
        }
        return h;
    }

    /** Back-propagates dLoss/dOutput through the last forward pass, filling every layer's gradients. */
    public void backward(DenseMatrix dOut) { backward(dOut, null); }

    /** The same, updating or measuring each dense layer's weights as soon as their gradient is done ({@link Stage#backward(DenseMatrix, boolean, WeightGradients)}). */
    void backward(DenseMatrix dOut, WeightGradients updates) {
        DenseMatrix g = dOut;
        boolean derived = false; // whether the stage's activation derivative was taken in the product above it
        for (int s = stages.size() - 1; s >= 0; s--) {
            Stage stage = stages.get(s);
            // Between two dense layers, the lower one's derivative is taken in the upper one's dX product, block by block.
            Dense below = s > 0 && stage instanceof Dense && stages.get(s - 1) instanceof Dense d && d.derivesInProduct() ? d : null;
            g = stage instanceof Dense d ? d.backward(g, s > 0, updates, below, derived) : stage.backward(g, s > 0, updates);
            derived = below != null;
        }
    }

    /** Outputs for many rows, in chunks, without dropout: for predictions and decision boundaries. */
    public double[][] outputs(double[][] x) {
        org.initlab.data.Dataset.requireRows(x, inputs(), "the input: ");
        double[][] out = new double[x.length][];
        int chunk = 1024;
        for (int from = 0; from < x.length; from += chunk) {
            int n = Math.min(chunk, x.length - from);
            DenseMatrix o = forward(Matrices.rows(x, from, n, spec.type()), false);
            for (int r = 0; r < n; r++) {
                out[from + r] = new double[o.ncol()];
                for (int j = 0; j < o.ncol(); j++) out[from + r][j] = o.get(r, j);
            }
        }
        return out;
    }

    /** Whether the weights still wait for LSUV's data-dependent rescaling. */
    public boolean needsCalibration() {
        return spec.weightInit() instanceof org.initlab.init.Initializer.Lsuv && lsuv == null;
    }

    /**
     * Runs LSUV's rescaling on a data batch (the trainer does this by itself on a seeded training
     * sample when the spec's initializer is LSUV). Returns what each layer needed.
     */
    public List<LsuvCalibration.Layer> calibrate(double[][] batch) {
        if (!(spec.weightInit() instanceof org.initlab.init.Initializer.Lsuv params))
            throw new IllegalStateException("calibrate() is for LSUV-initialized networks; this one uses " + spec.weightInit().name());
        List<LsuvCalibration.Layer> layers = LsuvCalibration.calibrate(this, batch, params);
        // Stopped part way (interrupted), or a layer that did not reach variance 1: not calibrated, so the next fit
        // calibrates again (LSUV rescales each layer to variance 1 whatever scale it starts from) and says why it cannot.
        boolean complete = layers.size() == depth() && !Thread.currentThread().isInterrupted();
        lsuv = complete && layers.stream().allMatch(LsuvCalibration.Layer::converged) ? layers : null;
        return layers;
    }

    /** LSUV's per-layer report, or an empty list if not calibrated (every layer must have reached variance 1). */
    public List<LsuvCalibration.Layer> calibration() { return lsuv == null ? List.of() : lsuv; }

    /** A copy of every layer's weights, layer -> [unit][input]. */
    public List<double[][]> weights() {
        List<double[][]> out = new ArrayList<>();
        for (Dense d : layers) out.add(Matrices.toArray(d.weights()));
        return out;
    }

    /** A deep copy of the parameters into a fresh network of the same spec. */
    public Network copy() {
        Network n = new Network(spec);
        for (int i = 0; i < parameters.size(); i++) Matrices.copy(parameters.get(i).value(), n.parameters.get(i).value());
        for (int l = 0; l < depth(); l++) if (layers.get(l).norm() != null) n.layers.get(l).norm().copyStateFrom(layers.get(l).norm());
        n.lsuv = lsuv;
        return n;
    }

    @Override public String toString() { return "Network[" + spec.describe() + ", " + parameterCount() + " parameters]"; }
}

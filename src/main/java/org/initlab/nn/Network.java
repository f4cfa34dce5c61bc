package org.initlab.nn;

import smile.tensor.DenseMatrix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A stack of {@link Dense} layers with batched forward and backward passes. */
public final class Network {
    private final NetworkSpec spec;
    private final List<Dense> layers;
    private List<LsuvCalibration.Layer> lsuv; // set once an LSUV-initialized network is calibrated

    /** Starts a spec: {@code Network.mlp(64, 256, 256, 10)} is 64 inputs, two hidden layers of 256, 10 outputs. */
    public static NetworkSpec mlp(int... widths) { return NetworkSpec.of(widths); }

    Network(NetworkSpec spec) {
        this.spec = spec;
        int[] w = spec.widths();
        int depth = w.length - 1;
        checkSize(w, spec.type());
        List<Dense> list = new ArrayList<>(depth);
        for (int l = 0; l < depth; l++) {
            boolean last = l == depth - 1;
            Dense layer = new Dense(w[l], w[l + 1], last ? spec.output() : spec.activation(), spec.type(),
                    last ? 0 : spec.dropout(), Seeds.rng(spec.dropoutSeed(), Seeds.DROPOUT + l));
            layer.initialize(spec.weightInit(), spec.biasInit(), Seeds.rng(spec.seed(), Seeds.WEIGHTS + l), Seeds.rng(spec.seed(), Seeds.BIASES + l));
            list.add(layer);
        }
        this.layers = Collections.unmodifiableList(list);
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
    /** Number of dense layers, hidden and output. */
    public int depth() { return layers.size(); }
    public int inputs() { return layers.getFirst().fanIn(); }
    public int outputs() { return layers.getLast().fanOut(); }

    public long parameterCount() {
        long n = 0;
        for (Dense d : layers) n += (long) d.fanIn() * d.fanOut() + d.fanOut();
        return n;
    }

    /** Output (batch x outputs) of a batch (batch x inputs); {@code training} turns dropout on. */
    public DenseMatrix forward(DenseMatrix x, boolean training) {
        DenseMatrix h = x;
        for (Dense d : layers) h = d.forward(h, training);
        return h;
    }

    /** Back-propagates dLoss/dOutput through the last forward pass, filling every layer's gradients. */
    public void backward(DenseMatrix dOut) {
        DenseMatrix g = dOut;
        for (int l = layers.size() - 1; l >= 0; l--) g = layers.get(l).backward(g, l > 0);
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
        for (int l = 0; l < depth(); l++) {
            Matrices.copy(layers.get(l).weights(), n.layers.get(l).weights());
            Matrices.copy(layers.get(l).biases(), n.layers.get(l).biases());
        }
        n.lsuv = lsuv;
        return n;
    }

    @Override public String toString() { return "Network[" + spec.describe() + ", " + parameterCount() + " parameters]"; }
}

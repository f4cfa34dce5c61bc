package org.initlab.bench;

import org.initlab.data.Dataset;
import org.initlab.data.Digits;
import org.initlab.data.FashionMnist;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.Dense;
import org.initlab.nn.Gemm;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.probe.Probe;
import smile.classification.MLP;
import smile.model.mlp.Layer;
import smile.model.mlp.LayerBuilder;
import smile.model.mlp.OutputFunction;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;
import smile.util.function.TimeFunction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static smile.linalg.Transpose.NO_TRANSPOSE;
import static smile.linalg.Transpose.TRANSPOSE;

/**
 * {@code ./initlab bench}: epoch time and samples per second of our trainer against Smile's own MLP on
 * the same data and initial weights, with probes off and on, and against the bare GEMMs one training
 * step needs (the machine's ceiling for this network). Not a test: numbers depend on the machine.
 *
 * <p>Arguments: {@code quick} runs fewer epochs; {@code no-torch} leaves out PyTorch's rows (tools/bench_torch.py,
 * run with INITLAB_BENCH_PYTHON or python3, when it has torch: Debian's python3-torch).
 */
public final class Benchmark {

    /** Plain SGD's rate in every row (ours, Smile's and PyTorch's). */
    static final double LEARNING_RATE = 0.01;

    record Case(String name, Dataset data, int[] widths, int batch, int epochs) {}

    record Row(String bench, String variant, double epochSeconds, double samplesPerSecond) {}

    public static void main(String[] args) {
        boolean quick = Arrays.asList(args).contains("quick");
        withTorch = !Arrays.asList(args).contains("no-torch");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("(a) digits 64-256-256-10", Digits.load(), new int[]{64, 256, 256, 10}, 64, quick ? 5 : 20));
        if (FashionMnist.isAvailable())
            cases.add(new Case("(b) fashion 10k 784-512x3-10", FashionMnist.load(10_000, 1).train(), new int[]{784, 512, 512, 512, 10}, 128, quick ? 2 : 4));
        else
            System.out.println("Fashion-MNIST not found: case (b) skipped (sudo apt-get install dataset-fashion-mnist)");

        System.out.printf(Locale.ROOT, "Init Lab benchmark: %d cores, Java %s, median epoch of %s; probe statistics on %s%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), quick ? "a few" : "several",
                org.initlab.probe.Scan.vectorized() ? "SIMD (Vector API)" : "scalar loops (add --add-modules=jdk.incubator.vector for SIMD)");
        List<Row> rows = new ArrayList<>();
        for (Case c : cases) rows.addAll(run(c));
        print(rows);
    }

    /** Whether to add PyTorch's rows (argument {@code no-torch} leaves them out). */
    static boolean withTorch = true;

    static List<Row> run(Case c) {
        NetworkSpec spec = Network.mlp(c.widths()).activation(Activation.RELU).init(Init.heNormal()).seed(1);
        Trainer trainer = Trainer.of(Optimizer.sgd(LEARNING_RATE)).batchSize(c.batch()).evaluation(Trainer.Evaluation.START_ONLY);
        int n = c.data().size();
        List<Row> rows = new ArrayList<>();
        double gemm = gemmSeconds(c, ScalarType.Float64, true);
        rows.add(new Row(c.name(), "GEMM only, Float64, OpenBLAS threads", gemm, n / gemm));
        double split = gemmSeconds(c, ScalarType.Float64, false);
        rows.add(new Row(c.name(), "GEMM only, Float64, our fixed split", split, n / split));
        // Probes off and on run in alternation, so a slow spell of the machine hits all three alike.
        double[] probes = interleaved(spec, c, trainer, trainer.probe(Probe.everyStep()), trainer.probe(Probe.every(10)));
        rows.add(new Row(c.name(), "ours, Float64, probes off", probes[0], n / probes[0]));
        rows.add(new Row(c.name(), "ours, Float64, probes every step", probes[1], n / probes[1]));
        rows.add(new Row(c.name(), "ours, Float64, probes every 10 steps", probes[2], n / probes[2]));
        double gemm32 = gemmSeconds(c, ScalarType.Float32, true);
        rows.add(new Row(c.name(), "GEMM only, Float32, OpenBLAS threads", gemm32, n / gemm32));
        double split32 = gemmSeconds(c, ScalarType.Float32, false);
        rows.add(new Row(c.name(), "GEMM only, Float32, our fixed split", split32, n / split32));
        double ours32 = ourEpoch(spec.float32(), trainer, c);
        rows.add(new Row(c.name(), "ours, Float32, probes off", ours32, n / ours32));
        double smile = smileEpoch(spec.build(), c);
        rows.add(new Row(c.name(), "Smile MLP (Float32, per sample)", smile, n / smile));
        if (withTorch) rows.addAll(torchRows(spec.build(), c));
        return rows;
    }

    /** The Python that runs tools/bench_torch.py: INITLAB_BENCH_PYTHON (./initlab sets it), else python3. */
    static String python() { return System.getenv().getOrDefault("INITLAB_BENCH_PYTHON", "python3"); }

    /**
     * PyTorch on the same data, batches, initial weights and SGD step, run by tools/bench_torch.py in its best
     * thread setting of those it tries (printed with the row); a row saying what is missing if it cannot run.
     */
    static List<Row> torchRows(Network start, Case c) {
        List<Row> rows = new ArrayList<>();
        int n = c.data().size();
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("initlab-bench-", ".bin");
            try {
                writeCase(file, start, c);
                Process p = new ProcessBuilder(python(), "tools/bench_torch.py", file.toString(), Integer.toString(c.epochs()))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                int exit = p.waitFor();
                for (String line : out.strip().split("\n")) {
                    String[] f = line.split("\t");
                    if (f.length >= 3 && f[0].equals("error")) {
                        rows.add(new Row(c.name(), "PyTorch " + (f[1].equals("-") ? "" : f[1] + " ") + "not run: " + f[2], Double.NaN, Double.NaN));
                    } else if (f.length >= 7 && f[0].equals("ok")) {
                        double epoch = Double.parseDouble(f[5]);
                        rows.add(new Row(c.name(), String.format(Locale.ROOT, "PyTorch %s, %s (%s OpenMP + %s BLAS threads)", f[2],
                                f[1].equals("float64") ? "Float64" : "Float32", f[3], f[4]), epoch, n / epoch));
                        System.out.println(c.name() + ": PyTorch " + f[1] + " epoch by thread setting (OpenMP:BLAS=seconds): " + f[6]);
                    }
                }
                if (exit != 0 && rows.isEmpty()) rows.add(new Row(c.name(), "PyTorch: tools/bench_torch.py failed (exit " + exit + ")", Double.NaN, Double.NaN));
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            rows.add(new Row(c.name(), "PyTorch: no " + python() + " (" + e.getMessage() + "); sudo apt-get install python3-torch", Double.NaN, Double.NaN));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return rows;
    }

    /** A JSON header line, then x (float64, row by row), y (int32), and each layer's W (fanOut x fanIn, row by row) and b, little-endian. */
    static void writeCase(java.nio.file.Path file, Network start, Case c) throws java.io.IOException {
        Dataset d = c.data();
        int layers = start.depth();
        long values = (long) d.size() * d.features();
        for (int l = 0; l < layers; l++) values += (long) start.layer(l).fanOut() * (start.layer(l).fanIn() + 1);
        var buf = java.nio.ByteBuffer.allocate(Math.toIntExact(8 * values + 4L * d.size())).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double[] row : d.x()) for (double v : row) buf.putDouble(v);
        for (int label : d.y()) buf.putInt(label);
        for (int l = 0; l < layers; l++) {
            Dense layer = start.layer(l);
            for (int i = 0; i < layer.fanOut(); i++) for (int j = 0; j < layer.fanIn(); j++) buf.putDouble(layer.weights().get(i, j));
            for (int i = 0; i < layer.fanOut(); i++) buf.putDouble(layer.biases().get(i, 0));
        }
        String header = String.format(Locale.ROOT, "{\"samples\": %d, \"features\": %d, \"widths\": %s, \"batch\": %d, \"learning_rate\": %s}%n",
                d.size(), d.features(), Arrays.toString(c.widths()), c.batch(), LEARNING_RATE);
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            out.write(header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(buf.array());
        }
    }

    /** Median epoch wall time of our trainer, after two warm-up epochs in the same run. */
    static double ourEpoch(NetworkSpec spec, Trainer trainer, Case c) {
        int warmup = 2;
        double[] t = epochTimes(spec, trainer, c, warmup + c.epochs());
        return median(Arrays.copyOfRange(t, warmup, t.length));
    }

    /**
     * Median epoch of each trainer, run in rounds (one fit of two epochs per trainer per round, the
     * first round a warm-up), so the trainers share the machine's ups and downs.
     */
    static double[] interleaved(NetworkSpec spec, Case c, Trainer... trainers) {
        int rounds = 1 + Math.max(2, c.epochs());
        List<List<Double>> epochs = new ArrayList<>();
        for (Trainer t : trainers) epochs.add(new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < trainers.length; k++) {
                double[] t = epochTimes(spec, trainers[k], c, 2);
                if (r > 0) for (double e : t) epochs.get(k).add(e);
            }
        }
        return epochs.stream().mapToDouble(t -> median(t.stream().mapToDouble(Double::doubleValue).toArray())).toArray();
    }

    /**
     * Wall time of each epoch of one run of {@code epochs} epochs on a fresh network, timed at epoch
     * boundaries from the progress callback (so the evaluation of epoch 0 is not counted).
     */
    static double[] epochTimes(NetworkSpec spec, Trainer trainer, Case c, int epochs) {
        long[] ends = new long[epochs + 1];
        trainer.epochs(epochs).fit(spec.build(), c.data(), null, p -> {
            if (p.step() == 1) ends[0] = System.nanoTime();
            if (p.step() % (p.steps() / p.epochs()) == 0) ends[p.epoch()] = System.nanoTime();
        });
        double[] t = new double[epochs];
        for (int e = 0; e < epochs; e++) t[e] = (ends[e + 1] - ends[e]) / 1e9;
        return t;
    }

    /** Smile's classifier, with our initial weights copied in, trained batch by batch as its fit() does. */
    static double smileEpoch(Network ours, Case c) {
        int[] w = c.widths();
        LayerBuilder[] builders = new LayerBuilder[w.length];
        builders[0] = Layer.input(w[0]);
        for (int l = 1; l < w.length - 1; l++) builders[l] = Layer.rectifier(w[l]);
        builders[w.length - 1] = Layer.mle(w[w.length - 1], OutputFunction.SOFTMAX);
        OpenMlp smile = new OpenMlp(builders);
        smile.setLearningRate(TimeFunction.constant(LEARNING_RATE));
        for (int l = 0; l < ours.depth(); l++) {
            Dense d = ours.layer(l);
            Layer s = smile.layer(l);
            for (int i = 0; i < d.fanOut(); i++) {
                for (int j = 0; j < d.fanIn(); j++) s.weight().set(i, j, d.weights().get(i, j));
                s.bias().set(i, d.biases().get(i, 0));
            }
        }
        double[][] x = c.data().x();
        int[] y = c.data().y();
        int epochs = c.epochs() + 1;
        double[] t = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            long start = System.nanoTime();
            for (int from = 0; from < x.length; from += c.batch()) {
                int to = Math.min(x.length, from + c.batch());
                smile.update(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to));
            }
            t[e] = (System.nanoTime() - start) / 1e9;
        }
        return median(Arrays.copyOfRange(t, 1, epochs)); // the first epoch warms up
    }

    /** Smile's MLP with its layers reachable, to load our weights. */
    static final class OpenMlp extends MLP {
        OpenMlp(LayerBuilder... b) { super(b); }
        /** Dense layer l (0 = first hidden), skipping Smile's input layer. */
        Layer layer(int l) { return l + 1 < net.length ? net[l + 1] : output; }
    }

    /**
     * Time of the GEMMs one epoch needs and nothing else: per layer, x W^T forward, dZ^T x and
     * (except the first layer) dZ W backward. The ceiling any implementation on this BLAS can reach.
     */
    static double gemmSeconds(Case c, ScalarType type, boolean blasThreads) {
        int[] w = c.widths();
        int b = c.batch(), steps = (c.data().size() + b - 1) / b, layers = w.length - 1;
        DenseMatrix[] x = new DenseMatrix[layers], wt = new DenseMatrix[layers], z = new DenseMatrix[layers], dw = new DenseMatrix[layers];
        for (int l = 0; l < layers; l++) {
            x[l] = DenseMatrix.randn(type, b, w[l]);
            wt[l] = DenseMatrix.randn(type, w[l + 1], w[l]);
            z[l] = DenseMatrix.randn(type, b, w[l + 1]);
            dw[l] = DenseMatrix.zeros(type, w[l + 1], w[l]);
        }
        // Either OpenBLAS's own threads on all cores (the machine's ceiling) or the library's
        // deterministic path (single-threaded OpenBLAS, fixed row blocks in parallel).
        Gemm.mm(NO_TRANSPOSE, x[0], TRANSPOSE, wt[0], z[0]); // loads the library's setting first
        if (blasThreads) smile.linalg.blas.cblas_h.openblas_set_num_threads(Runtime.getRuntime().availableProcessors());
        double[] t = new double[c.epochs() + 1];
        try {
            for (int e = 0; e < t.length; e++) {
                long start = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    for (int l = 0; l < layers; l++) mm(blasThreads, NO_TRANSPOSE, x[l], TRANSPOSE, wt[l], z[l]);
                    for (int l = layers - 1; l >= 0; l--) {
                        mm(blasThreads, TRANSPOSE, z[l], NO_TRANSPOSE, x[l], dw[l]);
                        if (l > 0) mm(blasThreads, NO_TRANSPOSE, z[l], NO_TRANSPOSE, wt[l], x[l]);
                    }
                }
                t[e] = (System.nanoTime() - start) / 1e9;
            }
        } finally {
            if (blasThreads) smile.linalg.blas.cblas_h.openblas_set_num_threads(1);
        }
        return median(Arrays.copyOfRange(t, 1, t.length));
    }

    private static void mm(boolean blasThreads, smile.linalg.Transpose ta, DenseMatrix a, smile.linalg.Transpose tb, DenseMatrix b, DenseMatrix c) {
        if (blasThreads) DenseMatrix.mm(1, ta, a, tb, b, 0, c);
        else Gemm.mm(ta, a, tb, b, c);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static void print(List<Row> rows) {
        String format = "%-30s %-38s %10s %12s %14s%n";
        System.out.printf(Locale.ROOT, format, "benchmark", "variant", "epoch (s)", "samples/s", "vs ours F64");
        String bench = "";
        double base = 0;
        for (Row r : rows) {
            if (!r.bench().equals(bench)) {
                bench = r.bench();
                base = rows.stream().filter(x -> x.bench().equals(r.bench()) && x.variant().equals("ours, Float64, probes off"))
                        .findFirst().orElseThrow().epochSeconds();
            }
            boolean ran = !Double.isNaN(r.epochSeconds()); // a row that only says why it did not run
            System.out.printf(Locale.ROOT, format, r.bench(), r.variant(), ran ? String.format(Locale.ROOT, "%.4f", r.epochSeconds()) : "-",
                    ran ? String.format(Locale.ROOT, "%.0f", r.samplesPerSecond()) : "-", ran ? String.format(Locale.ROOT, "%.2fx time", r.epochSeconds() / base) : "-");
        }
        System.out.println();
        System.out.println("'vs ours F64' is each variant's epoch time over ours (Float64, probes off): below 1 is faster.");
        System.out.println("Probe overhead = probes-on row minus 1; Smile's ratio above 1 means ours is that many times faster.");
    }
}

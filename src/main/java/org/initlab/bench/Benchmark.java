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

    /**
     * A network and data set to time: {@code rounds} rounds (after a warm-up round) of {@code epochs} epochs of each
     * variant; a round's time of a variant is the mean of its epochs. Case (a)'s epoch is 25 ms, shorter than the spells
     * in which this machine's neighbours slow it down: eight epochs a round make the ratios steadier (with four, one run's
     * rounds of probing every step ranged from 0.80x to 1.33x the unprobed epoch). Case (b) runs 12 rounds of one epoch
     * (with 8, one run's rounds of Float32 over its GEMMs ranged from 1.07x to 1.70x).
     */
    record Case(String name, Dataset data, int[] widths, int batch, int rounds, int epochs) {}

    record Row(String bench, String variant, double epochSeconds, double samplesPerSecond) {}

    public static void main(String[] args) {
        boolean quick = Arrays.asList(args).contains("quick");
        withTorch = !Arrays.asList(args).contains("no-torch");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("(a) digits 64-256-256-10", Digits.load(), new int[]{64, 256, 256, 10}, 64, quick ? 3 : 10, 8));
        if (FashionMnist.isAvailable())
            cases.add(new Case("(b) fashion 10k 784-512x3-10", FashionMnist.load(10_000, 1).train(), new int[]{784, 512, 512, 512, 10}, 128, quick ? 2 : 12, 1));
        else
            System.out.println("Fashion-MNIST not found: case (b) skipped (sudo apt-get install dataset-fashion-mnist)");

        System.out.printf(Locale.ROOT, "Init Lab benchmark: %d cores, Java %s, median epoch of %s; probe statistics on %s%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), quick ? "a few" : "several",
                org.initlab.probe.Scan.vectorized() ? "SIMD (Vector API)" : "scalar loops (add --add-modules=jdk.incubator.vector for SIMD)");
        List<Row> rows = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        for (Case c : cases) rows.addAll(run(c, ratios));
        print(rows);
        System.out.println();
        System.out.println("Paired ratios: each round's epoch of one variant over the same round's epoch of the other; median over the rounds (min-max):");
        ratios.forEach(System.out::println);
    }

    /** Whether to add PyTorch's rows (argument {@code no-torch} leaves them out). */
    static boolean withTorch = true;

    /**
     * Every row of a case. Ours, the bare GEMMs on our split and PyTorch are timed in rounds: each round runs a few epochs of
     * each in turn (the first round warms up), so a slow spell of the machine (it shares its cores) hits all alike, and each
     * ratio (epoch over bare GEMMs, probes on over off, PyTorch over ours) is taken within a round, then summarized over
     * the rounds (appended to {@code ratios}). Rows measured minutes apart moved by 20-30% against each other here.
     */
    static List<Row> run(Case c, List<String> ratios) {
        NetworkSpec spec = Network.mlp(c.widths()).activation(Activation.RELU).init(Init.heNormal()).seed(1);
        Trainer trainer = Trainer.of(Optimizer.sgd(LEARNING_RATE)).batchSize(c.batch()).evaluation(Trainer.Evaluation.NONE);
        int n = c.data().size();
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant(GEMM_F64, gemmEpochs(c, ScalarType.Float64, false)),
                new Variant(OURS_F64, e -> epochTimes(spec, trainer, c, e)),
                new Variant(PROBES_EVERY_STEP, e -> epochTimes(spec, trainer.probe(Probe.everyStep()), c, e)),
                new Variant(PROBES_EVERY_10, e -> epochTimes(spec, trainer.probe(Probe.every(10)), c, e)),
                new Variant(GEMM_F32, gemmEpochs(c, ScalarType.Float32, false)),
                new Variant(OURS_F32, e -> epochTimes(spec.float32(), trainer, c, e))));
        List<Row> rows = new ArrayList<>(), notRun = new ArrayList<>();
        java.nio.file.Path caseFile = null;
        double[][] rounds;
        try {
            if (withTorch) {
                caseFile = java.nio.file.Files.createTempFile("initlab-bench-", ".bin");
                writeCase(caseFile, spec.build(), c);
                variants.addAll(torchVariants(caseFile, c, notRun));
            }
            rounds = interleaved(c.rounds(), c.epochs(), variants.stream().map(Variant::epochs).toArray(Epochs[]::new));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the case file for PyTorch's rows", e);
        } finally {
            if (caseFile != null) try { java.nio.file.Files.deleteIfExists(caseFile); } catch (java.io.IOException ignored) { /* a temp file */ }
        }
        for (int v = 0; v < variants.size(); v++) {
            double median = median(rounds[v]);
            rows.add(new Row(c.name(), variants.get(v).name(), median, n / median));
        }
        // OpenBLAS's own threads after the rounds, not in them: its idle threads spin for a while after a product and
        // slowed whichever variant ran next by up to 60%.
        for (ScalarType type : List.of(ScalarType.Float64, ScalarType.Float32)) {
            double threads = median(gemmEpochs(c, type, true).times(1 + c.rounds() * c.epochs()));
            rows.add(new Row(c.name(), "GEMM only, " + type + ", OpenBLAS threads", threads, n / threads));
        }
        double smile = smileEpoch(spec.build(), c);
        rows.add(new Row(c.name(), "Smile MLP (Float32, per sample)", smile, n / smile));
        rows.addAll(notRun);
        List<String> names = variants.stream().map(Variant::name).toList();
        ratios.add(ratio(c, names, rounds, OURS_F64, GEMM_F64, "epoch over its bare GEMMs, Float64"));
        ratios.add(ratio(c, names, rounds, OURS_F32, GEMM_F32, "epoch over its bare GEMMs, Float32"));
        ratios.add(ratio(c, names, rounds, PROBES_EVERY_STEP, OURS_F64, "probes every step over probes off (Float64)"));
        ratios.add(ratio(c, names, rounds, PROBES_EVERY_10, OURS_F64, "probes every 10 steps over probes off (Float64)"));
        for (String torch : names.stream().filter(v -> v.startsWith("PyTorch")).toList())
            ratios.add(ratio(c, names, rounds, torch, torch.contains("Float64") ? OURS_F64 : OURS_F32, "PyTorch over ours, " + (torch.contains("Float64") ? "Float64" : "Float32")));
        return rows;
    }

    static final String GEMM_F64 = "GEMM only, Float64, our fixed split", GEMM_F32 = "GEMM only, Float32, our fixed split",
            OURS_F64 = "ours, Float64, probes off", OURS_F32 = "ours, Float32, probes off",
            PROBES_EVERY_STEP = "ours, Float64, probes every step", PROBES_EVERY_10 = "ours, Float64, probes every 10 steps";

    /** One line of paired ratios: variant {@code top} over {@code bottom}, round by round, as median (min-max). */
    static String ratio(Case c, List<String> names, double[][] rounds, String top, String bottom, String what) {
        double[] t = rounds[names.indexOf(top)], b = rounds[names.indexOf(bottom)], r = new double[t.length];
        for (int k = 0; k < r.length; k++) r[k] = t[k] / b[k];
        return String.format(Locale.ROOT, "%-30s %-50s %.3f (%.3f-%.3f)", c.name(), what, median(r),
                Arrays.stream(r).min().orElseThrow(), Arrays.stream(r).max().orElseThrow());
    }

    /** A row of the bench: what it runs, and how to time it for some epochs. */
    record Variant(String name, Epochs epochs) {}

    /** Wall times of {@code count} epochs of one variant, run now. */
    interface Epochs { double[] times(int count); }

    /** The Python that runs tools/bench_torch.py: INITLAB_BENCH_PYTHON (./initlab sets it), else python3. */
    static String python() { return System.getenv().getOrDefault("INITLAB_BENCH_PYTHON", "python3"); }

    /**
     * PyTorch on the same data, batches, initial weights and SGD step: tools/bench_torch.py first tries every thread
     * setting (each in a process of its own; printed) and names the fastest, which then runs in the bench's rounds
     * beside ours, a process per round. Rows saying what is missing go to {@code notRun} if it cannot run.
     */
    static List<Variant> torchVariants(java.nio.file.Path caseFile, Case c, List<Row> notRun) {
        List<Variant> variants = new ArrayList<>();
        try {
            Process p = new ProcessBuilder(python(), "tools/bench_torch.py", caseFile.toString(), "3")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int exit = p.waitFor();
            for (String line : out.strip().split("\n")) {
                String[] f = line.split("\t");
                if (f.length >= 3 && f[0].equals("error")) {
                    notRun.add(new Row(c.name(), "PyTorch " + (f[1].equals("-") ? "" : f[1] + " ") + "not run: " + f[2], Double.NaN, Double.NaN));
                } else if (f.length >= 7 && f[0].equals("ok")) {
                    String dtype = f[1], threads = f[3], blas = f[4];
                    System.out.println(c.name() + ": PyTorch " + dtype + " median of 3 epochs by thread setting (OpenMP:BLAS=seconds): " + f[6]);
                    variants.add(new Variant(String.format(Locale.ROOT, "PyTorch %s, %s (%s OpenMP + %s BLAS threads)", f[2],
                            dtype.equals("float64") ? "Float64" : "Float32", threads, blas), e -> torchEpochs(caseFile, dtype, threads, blas, e)));
                }
            }
            if (exit != 0 && variants.isEmpty() && notRun.isEmpty())
                notRun.add(new Row(c.name(), "PyTorch: tools/bench_torch.py failed (exit " + exit + ")", Double.NaN, Double.NaN));
        } catch (java.io.IOException e) {
            notRun.add(new Row(c.name(), "PyTorch: no " + python() + " (" + e.getMessage() + "); sudo apt-get install python3-torch", Double.NaN, Double.NaN));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return variants;
    }

    /** {@code count} epochs of PyTorch in one thread setting, after a warm-up epoch, in a process of its own. */
    static double[] torchEpochs(java.nio.file.Path caseFile, String dtype, String threads, String blas, int count) {
        try {
            ProcessBuilder b = new ProcessBuilder(python(), "tools/bench_torch.py", "--setting", threads + "," + blas, caseFile.toString(), dtype, Integer.toString(count))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            b.environment().put("OPENBLAS_NUM_THREADS", blas);
            b.environment().put("OMP_NUM_THREADS", threads);
            Process p = b.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException("tools/bench_torch.py --setting " + threads + "," + blas + " failed");
            var m = java.util.regex.Pattern.compile("\"times\": \\[([^\\]]*)\\]").matcher(out);
            if (!m.find()) throw new IllegalStateException("tools/bench_torch.py printed no epoch times: " + out.strip());
            return Arrays.stream(m.group(1).split(",")).mapToDouble(v -> Double.parseDouble(v.strip())).toArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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

    /**
     * Each variant's mean epoch in each of {@code rounds} rounds, [variant][round]: a round runs {@code epochs} epochs of
     * every variant in turn; a warm-up round comes first and is not counted.
     */
    static double[][] interleaved(int rounds, int epochs, Epochs... variants) {
        double[][] t = new double[variants.length][rounds];
        for (int r = -1; r < rounds; r++)
            for (int k = 0; k < variants.length; k++) {
                double e = Arrays.stream(variants[k].times(epochs)).average().orElseThrow();
                if (r >= 0) t[k][r] = e;
            }
        return t;
    }

    /**
     * Wall time of each epoch of one run of {@code epochs} epochs on a fresh network (built before the clock starts; the
     * trainer evaluates nothing), timed at epoch boundaries from the progress callback.
     */
    static double[] epochTimes(NetworkSpec spec, Trainer trainer, Case c, int epochs) {
        long[] ends = new long[epochs + 1];
        Network net = spec.build();
        ends[0] = System.nanoTime();
        trainer.epochs(epochs).fit(net, c.data(), null, p -> {
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
        int epochs = c.rounds() * c.epochs() + 1;
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
     * The GEMMs one epoch needs and nothing else: per layer, x W^T forward, dZ^T x and (except the first layer) dZ W
     * backward. The ceiling any implementation on this BLAS can reach.
     */
    static Epochs gemmEpochs(Case c, ScalarType type, boolean blasThreads) {
        int[] w = c.widths();
        int b = c.batch(), steps = (c.data().size() + b - 1) / b, layers = w.length - 1;
        DenseMatrix[] x = new DenseMatrix[layers], wt = new DenseMatrix[layers], z = new DenseMatrix[layers], dw = new DenseMatrix[layers];
        for (int l = 0; l < layers; l++) {
            x[l] = DenseMatrix.randn(type, b, w[l]);
            wt[l] = DenseMatrix.randn(type, w[l + 1], w[l]);
            z[l] = DenseMatrix.randn(type, b, w[l + 1]);
            dw[l] = DenseMatrix.zeros(type, w[l + 1], w[l]);
        }
        Gemm.mm(NO_TRANSPOSE, x[0], TRANSPOSE, wt[0], z[0]); // loads the library's setting (single-threaded OpenBLAS) first
        return count -> {
            // Either OpenBLAS's own threads on all cores (the machine's ceiling) or the library's
            // deterministic path (single-threaded OpenBLAS, fixed blocks in parallel).
            if (blasThreads) smile.linalg.blas.cblas_h.openblas_set_num_threads(Runtime.getRuntime().availableProcessors());
            double[] t = new double[count];
            try {
                for (int e = 0; e < count; e++) {
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
            return t;
        };
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
        String format = "%-30s %-54s %10s %12s %14s%n";
        System.out.printf(Locale.ROOT, format, "benchmark", "variant", "epoch (s)", "samples/s", "vs ours F64");
        String bench = "";
        double base = 0;
        for (Row r : rows) {
            if (!r.bench().equals(bench)) {
                bench = r.bench();
                base = rows.stream().filter(x -> x.bench().equals(r.bench()) && x.variant().equals(OURS_F64))
                        .findFirst().orElseThrow().epochSeconds();
            }
            boolean ran = !Double.isNaN(r.epochSeconds()); // a row that only says why it did not run
            System.out.printf(Locale.ROOT, format, r.bench(), r.variant(), ran ? String.format(Locale.ROOT, "%.4f", r.epochSeconds()) : "-",
                    ran ? String.format(Locale.ROOT, "%.0f", r.samplesPerSecond()) : "-", ran ? String.format(Locale.ROOT, "%.2fx time", r.epochSeconds() / base) : "-");
        }
        System.out.println();
        System.out.println("'vs ours F64' is each variant's epoch time over ours (Float64, probes off): below 1 is faster.");
        System.out.println("Each row is a median over rounds; Smile's ratio above 1 means ours is that many times faster.");
    }
}

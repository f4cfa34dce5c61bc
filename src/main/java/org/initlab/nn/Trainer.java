package org.initlab.nn;

import org.initlab.data.Dataset;
import org.initlab.probe.LayerStats;
import org.initlab.probe.Probe;
import smile.math.random.RandomNumberGenerator;
import smile.tensor.DenseMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Mini-batch training with seeded shuffling, as an immutable recipe:
 * <pre>{@code var history = Trainer.of(Optimizer.sgd(0.1)).epochs(20).batchSize(64).seed(1).fit(net, train, test);}</pre>
 * A loss that turns NaN or infinite stops the run, reported as diverged at that step, never thrown.
 * An interrupted thread (a notebook's stop button) stops it within a step, an LSUV rescaling or a chunk of
 * evaluation, reported as interrupted with the history so far; the thread stays interrupted, so the rest of
 * the cell stops too (a loop's next fit returns at once, a sleep throws) until the kernel starts the next cell.
 */
public record Trainer(Optimizer optimizer, Loss loss, int epochs, int batchSize, long seed, Probe probe, Evaluation evaluation) implements java.io.Serializable {

    /** When a run is evaluated on the whole train and test sets (evaluation never changes the training). */
    public enum Evaluation {
        /** At the start and after every epoch: learning curves. */
        EVERY_EPOCH,
        /**
         * At the start and after the last epoch; the epochs between report the mean of their batch losses and
         * no test numbers. For sweeps that keep only where a run ends: a third faster on the digits.
         */
        START_AND_END,
        /**
         * After the last epoch only: epoch 0 has no numbers (NaN), the epochs between report the mean of their batch
         * losses. For sweeps that keep only where a run ends (a diverging start still shows, at step 0).
         */
        END_ONLY,
        /** At the start only; every epoch reports the mean of its batch losses. For benchmarks. */
        START_ONLY,
        /**
         * Never: epoch 0 has no numbers (NaN) and every epoch reports the mean of its batch losses. For runs that
         * only probe the first step, where a whole-set evaluation would double the cost.
         */
        NONE
    }

    /** The most steps a run may plan: one loss per step is kept in a Java array. */
    public static final long MAX_STEPS = Integer.MAX_VALUE - 8;

    /** Rows LSUV calibrates on, as Mishkin &amp; Matas's mini-batch. */
    static final int LSUV_BATCH = 256;

    public Trainer {
        if (optimizer == null || loss == null || probe == null || evaluation == null)
            throw new IllegalArgumentException("optimizer, loss, probe and evaluation must not be null");
        if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }

    /** Softmax cross-entropy, 10 epochs, batches of 32, seed 0, no probe. */
    public static Trainer of(Optimizer optimizer) {
        return new Trainer(optimizer, Loss.softmaxCrossEntropy(), 10, 32, 0, Probe.off(), Evaluation.EVERY_EPOCH);
    }

    public Trainer loss(Loss l) { return new Trainer(optimizer, l, epochs, batchSize, seed, probe, evaluation); }
    public Trainer epochs(int n) { return new Trainer(optimizer, loss, n, batchSize, seed, probe, evaluation); }
    public Trainer batchSize(int n) { return new Trainer(optimizer, loss, epochs, n, seed, probe, evaluation); }
    public Trainer seed(long s) { return new Trainer(optimizer, loss, epochs, batchSize, s, probe, evaluation); }
    public Trainer probe(Probe p) { return new Trainer(optimizer, loss, epochs, batchSize, seed, p, evaluation); }
    public Trainer optimizer(Optimizer o) { return new Trainer(o, loss, epochs, batchSize, seed, probe, evaluation); }
    /** When to evaluate on the whole data sets; an epoch not evaluated reports the mean of its batch losses and NaN test columns. */
    public Trainer evaluation(Evaluation e) { return new Trainer(optimizer, loss, epochs, batchSize, seed, probe, e); }

    /** Where a run is, for progress lines. */
    public record Progress(int epoch, int epochs, long step, long steps, double loss) {}

    public History fit(Network net, Dataset.Split data) { return fit(net, data.train(), data.test(), p -> {}); }

    public History fit(Network net, Dataset train, Dataset test) { return fit(net, train, test, p -> {}); }

    /**
     * Trains {@code net} in place on {@code train}, evaluating on both sets after every epoch; {@code test} may be null.
     * {@code progress} hears where the run is after each step: after a probed step, that step's measurements, and with
     * them its update of the weights and biases, may still be running on other threads, so a listener must not read the
     * parameters (they are whole again when fit returns; the step's activations and gradients are not changed).
     */
    public History fit(Network net, Dataset train, Dataset test, Consumer<Progress> progress) {
        if (net == null) throw new IllegalArgumentException("fit: the network is null");
        if (train == null) throw new IllegalArgumentException("fit: the training set is null");
        if (progress == null) throw new IllegalArgumentException("fit: the progress listener is null (use p -> {} for none)");
        checkData(net, train, "training");
        if (test != null) checkData(net, test, "test");
        int n = train.size();
        if (net.hasBatchNorm() && (Math.min(batchSize, n) == 1 || n % batchSize == 1))
            throw new IllegalArgumentException("BatchNorm cannot normalize a batch of 1 in training mode, and " + n + " examples in batches of " + batchSize
                    + " leave one: choose a batch size that does not");
        int perEpoch = (n + batchSize - 1) / batchSize;
        long totalSteps = (long) perEpoch * epochs;
        if (totalSteps > MAX_STEPS)
            throw new IllegalArgumentException(epochs + " epochs of " + perEpoch + " steps are " + totalSteps + " steps, more than the "
                    + MAX_STEPS + " a history can record (one loss per step): train fewer epochs or larger batches");

        if (net.needsCalibration() && net.spec().weightInit() instanceof org.initlab.init.Initializer.Lsuv params) {
            var report = net.calibrate(train.subset(Math.min(n, LSUV_BATCH), Seeds.derive(seed, Seeds.DATA)).x());
            if (!Thread.currentThread().isInterrupted()) LsuvCalibration.requireConverged(report, params);
        }

        List<Slot> slots = new ArrayList<>();
        for (Network.Parameter p : net.parameters()) slots.add(new Slot(optimizer, p.value(), p.gradient()));
        // An unprobed step updates each layer's weights inside backward, as soon as their gradient is done (in the
        // gradient product's column blocks, on all cores, while the block is in cache: the whole step 0-5% faster on
        // Fashion-MNIST's 784-512x3-10, 2-7% on the digits' 64-256-256-10), then the rest; entry for entry the same
        // arithmetic as a probed step.
        var weightSlots = new java.util.IdentityHashMap<Dense, Slot>();
        for (int l = 0; l < net.depth(); l++) weightSlots.put(net.layer(l), slots.get(2 * l));
        List<Slot> rest = slots.stream().filter(sl -> !weightSlots.containsValue(sl)).toList();
        var type = net.spec().type();
        record Batch(DenseMatrix x, DenseMatrix dOut) {}
        var batches = new TwoSizes<Batch>(bt -> bt.x().nrow(), rows -> new Batch(DenseMatrix.zeros(type, rows, net.inputs()), DenseMatrix.zeros(type, rows, net.outputs())));
        RandomNumberGenerator shuffle = Seeds.rng(seed, Seeds.SHUFFLE);
        int[] order = Matrices.identity(n);

        List<History.Epoch> evals = new ArrayList<>();
        List<LayerStats> records = new ArrayList<>();
        // Grown as the run goes: memory follows what the run records, not what it plans (epochs(1_000_000) is not 8 MB x epochs up front).
        double[] stepLosses = new double[(int) Math.min(totalSteps, 1 << 16)];
        History.Epoch unmeasured = new History.Epoch(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        boolean atStart = evaluation != Evaluation.NONE && evaluation != Evaluation.END_ONLY;
        History.Epoch start = !atStart || Thread.currentThread().isInterrupted() ? unmeasured : evaluate(net, train, test, 0, 0);
        if (Thread.currentThread().isInterrupted()) { // during LSUV's calibration or this evaluation: epoch 0 was not measured
            evals.add(unmeasured);
            return end(net, evals, stepLosses, 0, records, History.Status.INTERRUPTED, 0, "interrupted before the first step");
        }
        evals.add(start);
        if (atStart && !Double.isFinite(evals.getFirst().trainLoss()))
            return end(net, evals, stepLosses, 0, records, History.Status.DIVERGED, 0, "diverged at initialization: the loss is not finite before any step");

        long step = 0;
        ProbedStep measuring = null; // a probed step whose measurements may still be running
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(order, shuffle);
            for (int from = 0; from < n; from += batchSize) {
                if (Thread.currentThread().isInterrupted()) {
                    settle(measuring, records);
                    return end(net, evals, stepLosses, step, records, History.Status.INTERRUPTED, step, "interrupted at step " + step + " (epoch " + epoch + ")");
                }
                int b = Math.min(batchSize, n - from);
                Batch batch = batches.get(b);
                DenseMatrix x = batch.x(), dOut = batch.dOut();
                Matrices.gatherRows(train.x(), order, from, b, x);
                // After a probed step, the forward pass waits for each layer's measurements before it reaches the layer.
                DenseMatrix out = measuring == null ? net.forward(x, true) : net.forward(x, true, measuring::awaitLayer);
                double l = loss.evaluate(out, train.y(), order, from, dOut);
                measuring = settle(measuring, records); // before backward writes the gradients it measured
                if (step == stepLosses.length) stepLosses = java.util.Arrays.copyOf(stepLosses, (int) Math.min(totalSteps, 2L * stepLosses.length));
                stepLosses[(int) step] = l;
                if (!Double.isFinite(l))
                    return end(net, evals, stepLosses, step + 1, records, History.Status.DIVERGED, step,
                            "diverged at step " + step + " (epoch " + epoch + "): the training loss became " + l);
                if (probe.records(step)) measuring = ProbedStep.backward(net, dOut, slots, probe, step, epoch);
                else {
                    long t = step + 1;
                    net.backward(dOut, layer -> {
                        Slot weights = weightSlots.get(layer);
                        weights.begin(t);
                        return weights::columns;
                    });
                    for (Slot sl : rest) sl.step(t, null);
                }
                step++;
                progress.accept(new Progress(epoch, epochs, step, totalSteps, l));
            }
            measuring = settle(measuring, records); // before the epoch's evaluation reads the weights
            boolean full = evaluation == Evaluation.EVERY_EPOCH || (evaluation == Evaluation.START_AND_END || evaluation == Evaluation.END_ONLY) && epoch == epochs;
            History.Epoch e = full ? evaluate(net, train, test, epoch, step) : batchMean(stepLosses, step - perEpoch, step, epoch);
            if (Thread.currentThread().isInterrupted())
                return end(net, evals, stepLosses, step, records, History.Status.INTERRUPTED, step, "interrupted while evaluating epoch " + epoch);
            evals.add(e);
            if (!Double.isFinite(e.trainLoss()))
                return end(net, evals, stepLosses, step, records, History.Status.DIVERGED, step - 1,
                        "diverged by step " + (step - 1) + " (epoch " + epoch + "): the training loss became " + e.trainLoss());
        }
        return end(net, evals, stepLosses, step, records, History.Status.COMPLETED, -1, "completed " + epochs + " epochs, " + step + " steps");
    }

    /** Waits for a probed step's measurements, if any, and adds its records; null, for the trainer's loop to go on without it. */
    private static ProbedStep settle(ProbedStep measuring, List<LayerStats> records) {
        if (measuring != null) measuring.settle(records);
        return null;
    }

    private History end(Network net, List<History.Epoch> evals, double[] stepLosses, long steps, List<LayerStats> records,
                        History.Status status, long stopStep, String message) {
        String label = net.spec().describe() + " " + optimizer.label();
        return new History(label, evals, java.util.Arrays.copyOf(stepLosses, (int) steps), records, status, stopStep, message);
    }

    private static History.Epoch batchMean(double[] stepLosses, long from, long to, int epoch) {
        double sum = 0;
        for (long s = from; s < to; s++) sum += stepLosses[(int) s];
        return new History.Epoch(epoch, to, sum / (to - from), Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * One forward and backward pass over the whole data set as a single batch, without updating:
     * fills every layer's gradients and buffers (to inspect the gradients at the initialization) and returns the loss.
     */
    public double backprop(Network net, Dataset data) {
        checkData(net, data, "given");
        int n = data.size();
        int[] index = Matrices.identity(n);
        DenseMatrix x = Matrices.rows(data.x(), 0, n, net.spec().type());
        DenseMatrix dOut = DenseMatrix.zeros(net.spec().type(), n, net.outputs());
        double l = loss.evaluate(net.forward(x, false), data.y(), index, 0, dOut);
        net.backward(dOut);
        return l;
    }

    /** Loss and accuracy of the whole data set, in chunks, without dropout. */
    public History.Epoch evaluate(Network net, Dataset train, Dataset test, int epoch, long step) {
        double[] tr = lossAndAccuracy(net, train);
        double[] te = test == null ? new double[]{Double.NaN, Double.NaN} : lossAndAccuracy(net, test);
        return new History.Epoch(epoch, step, tr[0], tr[1], te[0], te[1]);
    }

    /** {mean loss, accuracy} of the network on a data set. */
    public double[] lossAndAccuracy(Network net, Dataset data) {
        int n = data.size(), chunk = 1024;
        int[] index = Matrices.identity(n);
        double total = 0;
        long correct = 0;
        for (int from = 0; from < n; from += chunk) {
            if (Thread.currentThread().isInterrupted()) return new double[]{Double.NaN, Double.NaN}; // the caller reports the interrupt
            int b = Math.min(chunk, n - from);
            DenseMatrix out = net.forward(Matrices.rows(data.x(), from, b, net.spec().type()), false);
            total += loss.evaluate(out, data.y(), index, from, null) * b;
            for (int r = 0; r < b; r++) if (loss.predict(out, r) == data.y()[from + r]) correct++;
        }
        return new double[]{total / n, (double) correct / n};
    }

    private void checkData(Network net, Dataset data, String which) {
        if (data.features() != net.inputs())
            throw new IllegalArgumentException("the " + which + " set has " + data.features() + " features but the network has " + net.inputs() + " inputs");
        loss.checkOutputs(net.outputs(), data.numClasses());
    }

    /** Fisher-Yates with the run's own generator. */
    private static void shuffle(int[] a, RandomNumberGenerator rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i]; a[i] = a[j]; a[j] = t;
        }
    }
}

package org.initlab.experiment;

import org.initlab.data.DataSpec;
import org.initlab.data.Dataset;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Trainer;
import org.initlab.table.Tables;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A grid of training runs: initializer x activation x depth x seed, on one data set, run in parallel.
 * Every run draws only from its own seeds and results are collected in grid order, so the table is
 * the same whatever the thread count.
 *
 * <pre>{@code
 * var result = Sweep.on(digits).hiddenWidth(64)
 *     .initializers(Init.xavierNormal(), Init.heNormal()).activations(Activation.TANH, Activation.RELU)
 *     .depths(2, 8).seeds(1, 2, 3).trainer(Trainer.of(Optimizer.sgd(0.1)).epochs(5)).run();
 * }</pre>
 */
public record Sweep(Dataset.Split data, DataSpec source, int hiddenWidth, List<Initializer> initializers, List<Activation> activations,
                    List<Integer> depths, List<Long> seeds, Trainer trainer, int threads, double targetLoss) {

    public Sweep {
        if (data == null) throw new IllegalArgumentException("a sweep needs data");
        if (hiddenWidth <= 0) throw new IllegalArgumentException("hidden width must be positive, got " + hiddenWidth);
        if (trainer == null) throw new IllegalArgumentException("a sweep needs a trainer");
        initializers = axis(initializers, "initializer");
        activations = axis(activations, "activation");
        depths = axis(depths, "depth");
        seeds = axis(seeds, "seed");
        for (int d : depths) if (d < 1) throw new IllegalArgumentException("depth must be >= 1 (layers incl. output), got " + d);
        if (threads <= 0) throw new IllegalArgumentException("threads must be positive, got " + threads);
    }

    /** One axis of the grid: not empty (an empty axis is an empty grid, whose table would say nothing), no nulls. */
    private static <T> List<T> axis(List<T> values, String what) {
        if (values == null || values.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one " + what + ", got none: the grid would be empty");
        for (int i = 0; i < values.size(); i++)
            if (values.get(i) == null) throw new IllegalArgumentException(what + " " + (i + 1) + " of " + values.size() + " is null");
        return List.copyOf(values);
    }

    /** Defaults: width 64, He normal, ReLU, depth 3, seed 1, SGD 0.1 for 5 epochs, all cores. */
    public static Sweep on(Dataset.Split data) { return on(data, null); }

    /** A sweep on a data set named by how it is made: the grid can then also {@link #runOn} a cluster, whose workers make the data themselves. */
    public static Sweep on(DataSpec data) {
        if (data == null) throw new IllegalArgumentException("a sweep needs data");
        return on(data.load(), data);
    }

    private static Sweep on(Dataset.Split data, DataSpec source) {
        return new Sweep(data, source, 64, List.of(org.initlab.init.Init.heNormal()), List.of(Activation.RELU), List.of(3), List.of(1L),
                Trainer.of(org.initlab.nn.Optimizer.sgd(0.1)).epochs(5), Runtime.getRuntime().availableProcessors(), Double.NaN);
    }

    public Sweep hiddenWidth(int w) { return new Sweep(data, source, w, initializers, activations, depths, seeds, trainer, threads, targetLoss); }
    public Sweep initializers(Initializer... i) { return new Sweep(data, source, hiddenWidth, Arrays.asList(i), activations, depths, seeds, trainer, threads, targetLoss); }
    public Sweep activations(Activation... a) { return new Sweep(data, source, hiddenWidth, initializers, Arrays.asList(a), depths, seeds, trainer, threads, targetLoss); }
    public Sweep depths(Integer... d) { return new Sweep(data, source, hiddenWidth, initializers, activations, Arrays.asList(d), seeds, trainer, threads, targetLoss); }
    public Sweep seeds(Long... s) { return new Sweep(data, source, hiddenWidth, initializers, activations, depths, Arrays.asList(s), trainer, threads, targetLoss); }
    /** Seeds 1 to {@code count}. */
    public Sweep seeds(int count) {
        if (count <= 0) throw new IllegalArgumentException("a sweep needs at least one seed, got seeds(" + count + ")");
        List<Long> s = new ArrayList<>();
        for (long i = 1; i <= count; i++) s.add(i);
        return new Sweep(data, source, hiddenWidth, initializers, activations, depths, s, trainer, threads, targetLoss);
    }
    public Sweep trainer(Trainer t) { return new Sweep(data, source, hiddenWidth, initializers, activations, depths, seeds, t, threads, targetLoss); }
    public Sweep threads(int n) { return new Sweep(data, source, hiddenWidth, initializers, activations, depths, seeds, trainer, n, targetLoss); }
    /** Also report the first step at which a batch loss reaches this value. */
    public Sweep targetLoss(double l) { return new Sweep(data, source, hiddenWidth, initializers, activations, depths, seeds, trainer, threads, l); }

    /** One cell of the grid. */
    public record Cell(Initializer initializer, Activation activation, int depth, long seed, NetworkSpec spec) {}

    /** One finished run. */
    public record Run(Cell cell, History history) {}

    /** The runs in grid order, with their table. */
    public record Result(List<Run> runs, Table table) {}

    /** The grid, in the order of the table: initializer, then activation, depth, seed. */
    public List<Cell> cells() {
        int inputs = data.train().features(), outputs = data.train().numClasses();
        List<Cell> cells = new ArrayList<>();
        for (Initializer init : initializers)
            for (Activation act : activations)
                for (int depth : depths)
                    for (long seed : seeds) {
                        int[] widths = new int[depth + 1];
                        widths[0] = inputs;
                        for (int l = 1; l < depth; l++) widths[l] = hiddenWidth;
                        widths[depth] = outputs;
                        cells.add(new Cell(init, act, depth, seed, Network.mlp(widths).activation(act).init(init).seed(seed)));
                    }
        return cells;
    }

    public Result run() { return run(p -> {}); }

    /** Runs every cell on {@code threads} threads; {@code progress} hears (runs done, runs in all). */
    public Result run(Consumer<int[]> progress) {
        List<Cell> cells = cells();
        return run(cells, null, counting(progress, cells.size()));
    }

    /** Runs every cell on {@code engine} (a cluster): the same runs, the same table, bit for bit. */
    public Result runOn(SweepEngine engine) { return runOn(engine, p -> {}); }

    /**
     * Runs every cell on {@code engine}, a cluster's workers: each receives its run as a {@link RunSpec}, makes the
     * data from its name and the network from its spec, trains, and sends back the history; the table is built here
     * in grid order, exactly as {@link #run} builds it. {@code progress} hears (runs done, runs in all) as runs finish.
     */
    public Result runOn(SweepEngine engine, Consumer<int[]> progress) {
        if (engine == null) throw new IllegalArgumentException("runOn needs an engine (for this machine's threads, use run())");
        List<Cell> cells = cells();
        return run(cells, engine, counting(progress, cells.size()));
    }

    /**
     * Some cells of this grid (those a resumed sweep still lacks, say), on this machine's threads ({@code engine} null)
     * or on {@code engine}; {@code finished} hears each run as it finishes, in any order, from any thread. The result
     * holds those runs, in the order given.
     */
    public Result run(List<Cell> cells, SweepEngine engine, Consumer<Run> finished) {
        List<History> histories;
        if (engine == null) {
            histories = Repeat.parallel(cells, threads, c -> {
                History h = runSpec(c).train(data);
                finished.accept(new Run(c, h));
                return h;
            });
        } else {
            if (source == null)
                throw new IllegalStateException("this sweep's data exists only as an object on this machine, and a cluster's workers make their data from its name: "
                        + "start the sweep with Sweep.on(DataSpec.digits()) or Sweep.on(DataSpec.fashionMnist(train, test))");
            histories = engine.train(cells.stream().map(this::runSpec).toList(), (i, h) -> finished.accept(new Run(cells.get(i), h)));
            if (histories.size() != cells.size())
                throw new IllegalStateException(engine.describe() + " returned " + histories.size() + " runs for " + cells.size());
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) runs.add(new Run(cells.get(i), histories.get(i)));
        return new Result(runs, table(runs));
    }

    /** A listener that counts finished runs for a (done, all) progress consumer. */
    private static Consumer<Run> counting(Consumer<int[]> progress, int all) {
        AtomicInteger done = new AtomicInteger();
        return r -> progress.accept(new int[]{done.incrementAndGet(), all});
    }

    /** What one cell's run is, as data. */
    public RunSpec runSpec(Cell c) { return new RunSpec(source, c.spec(), trainer.seed(c.seed())); }

    /**
     * The runs of sweeps over parts of this grid (one depth each, say), put back in this grid's order, as if
     * this sweep had run them. Every cell must be in some part.
     */
    public Result combine(List<Result> parts) {
        java.util.Map<String, Run> byCell = new java.util.HashMap<>();
        for (Result part : parts) for (Run r : part.runs()) byCell.put(key(r.cell()), r);
        List<Run> runs = new ArrayList<>();
        for (Cell c : cells()) {
            Run r = byCell.get(key(c));
            if (r == null) throw new IllegalArgumentException("no part has the run " + key(c));
            runs.add(r);
        }
        return new Result(runs, table(runs));
    }

    /** A run's place in a grid, as the table's columns say it: "he_normal / relu / depth 8 / seed 3". */
    public static String key(Cell c) { return key(c.initializer().name(), c.activation().label(), c.depth(), c.seed()); }

    /** The same key from a table row's columns (initializer, activation, depth, seed). */
    public static String key(String initializer, String activation, int depth, long seed) {
        return initializer + " / " + activation + " / depth " + depth + " / seed " + seed;
    }

    /** The table of these runs, one row each, in the order given: what {@link #run} returns for the whole grid. */
    public Table table(List<Run> runs) {
        StringColumn init = StringColumn.create("initializer"), act = StringColumn.create("activation");
        IntColumn depth = IntColumn.create("depth");
        LongColumn seed = LongColumn.create("seed"); // seeds are longs: an int column would show 5_000_000_000 as 705032704
        for (Run r : runs) {
            init.append(r.cell().initializer().name());
            act.append(r.cell().activation().label());
            depth.append(r.cell().depth());
            seed.append(r.cell().seed());
        }
        Table outcomes = Tables.outcomes(runs.stream().map(Run::history).toList(), targetLoss);
        return Table.create("sweep", init, act, depth, seed).addColumns(outcomes.columnArray());
    }
}

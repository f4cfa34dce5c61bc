package org.initlab.experiment;

import org.initlab.data.Dataset;
import org.initlab.data.FashionMnist;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.data.DataSpec;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.table.Tables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments of notebook 07: every initializer against every activation and depth, on the digits and
 * on a Fashion-MNIST subset, several seeds each; the recommendation each activation gets at depth 20; and
 * whether the Gaussian shape matters at all (uniform and orthogonal starts against normal ones).
 */
public final class ShowdownExperiments {
    private ShowdownExperiments() {}

    /**
     * How big a showdown is.
     *
     * @param width         hidden width
     * @param epochs        training epochs per run
     * @param seeds         seeds per cell (1..seeds)
     * @param fashionTrain  Fashion-MNIST training images (0 = digits only)
     * @param fashionTest   Fashion-MNIST test images
     * @param depths        dense layers per network, output included (2 = one hidden layer)
     * @param threads       threads the sweep runs on
     * @param learningRate  of the one SGD-with-momentum (0.9) recipe every cell trains with
     */
    public record Setting(String name, int width, int epochs, int seeds, int fashionTrain, int fashionTest, List<Integer> depths, int threads,
                          double learningRate) {
        public Setting {
            depths = List.copyOf(depths);
            if (width <= 0 || epochs <= 0 || seeds <= 0 || threads <= 0) throw new IllegalArgumentException("width, epochs, seeds and threads must be positive");
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
            if (fashionTrain < 0 || fashionTest < 0 || (fashionTrain > 0) != (fashionTest > 0))
                throw new IllegalArgumentException("Fashion-MNIST sizes must both be positive, or both 0 for digits only");
        }

        /**
         * Width 32, 5 epochs, 5 seeds, depths 2, 8, 20, digits and 1000/500 Fashion-MNIST images: 720 runs. Its
         * digits runs at depths 2 and 20 are the catalog's slice ({@link #CLAIMS}), run once per JVM for both.
         */
        public static final Setting DEFAULT = new Setting("default", 32, 5, Repeat.SEEDS, 1000, 500, List.of(2, 8, 20), 2, LEARNING_RATE);

        /** Width 64, 10 epochs, 5 seeds, 5000/1000 Fashion-MNIST images: several minutes on 2 cores. */
        public static final Setting LARGE = new Setting("large", 64, 10, 5, 5000, 1000, List.of(2, 8, 20), 2, LEARNING_RATE);

        /** The default's digits runs at depths 2 and 20: the slice the catalog's key points are decided on. */
        public static final Setting CLAIMS = DEFAULT.digitsOnly().depths(2, 20);

        public Setting threads(int n) { return new Setting(name, width, epochs, seeds, fashionTrain, fashionTest, depths, n, learningRate); }
        public Setting seeds(int n) { return new Setting(name, width, epochs, n, fashionTrain, fashionTest, depths, threads, learningRate); }
        public Setting digitsOnly() { return new Setting(name, width, epochs, seeds, 0, 0, depths, threads, learningRate); }
        public Setting depths(Integer... d) { return new Setting(name, width, epochs, seeds, fashionTrain, fashionTest, List.of(d), threads, learningRate); }
        public Setting learningRate(double lr) { return new Setting(name, width, epochs, seeds, fashionTrain, fashionTest, depths, threads, lr); }
    }

    /**
     * The one learning rate (SGD with momentum 0.9) of every cell. 0.005, not 0.01: at 0.01 most He-initialized
     * 20-layer ReLU nets blow up to chance (Fashion-MNIST, width 64, 10 epochs: 2 of 3 seeds, mean test accuracy
     * 0.36 against 0.82 at 0.005), which would charge the rate to the initializer.
     */
    public static final double LEARNING_RATE = 0.005;

    /** The contestants, in table order. */
    public static List<Initializer> initializers() {
        return List.of(Init.zeros(), Init.constant(0.1), Init.normal(0.01), Init.normal(1.0), Init.xavierNormal(), Init.heNormal(),
                Init.lecunNormal(), Init.orthogonal());
    }

    /** Starts that are not random (every weight the same value). */
    public static boolean nonRandom(String initializerName) { return initializerName.equals("zeros") || initializerName.startsWith("constant"); }

    /** Random starts whose scale ignores the layer's fans. */
    public static boolean uncontrolled(String initializerName) { return initializerName.startsWith("normal("); }

    public static List<Activation> activations() { return List.of(Activation.TANH, Activation.RELU, Activation.SELU); }

    /**
     * SGD with momentum 0.9 at the setting's rate ({@link #LEARNING_RATE} by default), batches of 32: one recipe for every cell,
     * none tuned to an initializer. At depth 20 the rate interacts with the init: a rate that suits one start can
     * be too large for a start with larger signals (He with ReLU) or too small to escape another's plateau.
     * The tables keep only where a run ends, so only the end is evaluated on the whole sets.
     */
    public static Trainer trainer(Setting s) {
        return Trainer.of(Optimizer.momentum(s.learningRate(), 0.9)).epochs(s.epochs()).batchSize(32).evaluation(Trainer.Evaluation.END_ONLY);
    }

    /** The batch loss whose first crossing the table reports as steps_to_target (ln 10 = 2.30 is chance). */
    public static final double TARGET_LOSS = 1.0;

    /** The grid on one data set. */
    public static Sweep sweep(Dataset.Split data, Setting s) { return configured(Sweep.on(data), s); }

    /** The grid on one data set named by how it is made, so it can also run on a cluster ({@link Sweep#runOn}). */
    public static Sweep sweep(org.initlab.data.DataSpec data, Setting s) { return configured(Sweep.on(data), s); }

    private static Sweep configured(Sweep sweep, Setting s) {
        return sweep.hiddenWidth(s.width()).initializers(initializers().toArray(Initializer[]::new))
                .activations(activations().toArray(Activation[]::new)).depths(s.depths().toArray(Integer[]::new))
                .seeds(s.seeds()).trainer(trainer(s)).threads(s.threads()).targetLoss(TARGET_LOSS);
    }

    /** The standardized Fashion-MNIST subset of a setting. */
    public static Dataset.Split fashion(Setting s) {
        return org.initlab.data.DataSpec.fashionMnist(s.fashionTrain(), s.fashionTest()).read();
    }

    /**
     * A finished showdown.
     *
     * @param name        what ran: a setting's name ("default"), or the name a chapter gave its grid
     * @param results     per data set ("digits", "fashion-mnist"), the sweep's runs and table
     * @param missing     data sets the showdown asked for that are not installed here (their grids did not run)
     * @param wallSeconds elapsed time of the runs
     * @param cpuSeconds  CPU time the whole process used meanwhile (all threads, GC and JIT included)
     */
    public record Showdown(String name, Map<String, Sweep.Result> results, List<String> missing, double wallSeconds, double cpuSeconds) {
        public Showdown {
            results = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
            missing = List.copyOf(missing);
        }

        /** Every run of every data set, with a leading "data" column. */
        public Table table() {
            Table all = null;
            for (var e : results.entrySet()) {
                Table t = Tables.labelled(e.getValue().table(), "data", e.getKey());
                all = all == null ? t : all.append(t);
            }
            return all.setName("showdown (" + name + ")");
        }

        /** Mean, std, min, max of the test accuracy over seeds, by data, initializer, activation and depth. */
        public Table summary() { return Tables.meanAndSpread(table(), "test_accuracy", "data", "initializer", "activation", "depth"); }

        /** {@link #recommend} for each data set at {@code depth}, with a leading "data" column. */
        public Table recommendations(int depth) {
            Table all = null;
            for (var e : results.entrySet()) {
                Table t = Tables.labelled(recommend(e.getValue().table(), depth), "data", e.getKey());
                all = all == null ? t : all.append(t);
            }
            return all.setName("recommendation at depth " + depth + " (" + name + ")");
        }

        /** The runs on one data set, or null if the showdown did not run on it. */
        public Sweep.Result on(DataSpec data) { return results.get(data.name()); }

        /**
         * One heat map per data set at {@code depth}: rows initializers, columns activations, each cell the mean test
         * accuracy over the seeds, a diverged run counted at chance (0.1), with the seeds' range under it.
         */
        public List<org.knowm.xchart.HeatMapChart> heatMaps(int depth) {
            List<org.knowm.xchart.HeatMapChart> out = new ArrayList<>();
            for (var e : results.entrySet()) {
                Table deep = e.getValue().table().where(e.getValue().table().intColumn("depth").isEqualTo(depth));
                if (deep.rowCount() == 0) continue;
                DoubleColumn accuracy = deep.doubleColumn("test_accuracy");
                accuracy.set(accuracy.isMissing(), CHANCE);
                var heat = org.initlab.plot.HeatMaps.sweep(deep, "initializer", "activation", "test_accuracy");
                heat.setTitle(e.getKey() + ", depth " + depth + ": mean test accuracy, range over seeds below");
                out.add(heat);
            }
            return out;
        }

        /** Steps until a batch loss first reaches the target, mean and spread over seeds, at {@code depth}; "missing" counts the runs that never did. */
        public Table stepsToTarget(int depth) {
            Table all = table();
            return Tables.meanAndSpread(all.where(all.intColumn("depth").isEqualTo(depth)), "steps_to_target", "data", "initializer", "activation");
        }

        /** "digits, tanh: **orthogonal**; digits, relu: **he_normal**; ...": each data set's and activation's best start at {@code depth}. */
        public String picks(int depth) {
            Table r = recommendations(depth);
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < r.rowCount(); i++)
                picks.add(r.stringColumn("data").get(i) + ", " + r.stringColumn("activation").get(i) + ": **" + r.stringColumn("best initializer").get(i) + "**");
            return String.join("; ", picks);
        }
    }

    /** Runs a setting: the digits, and Fashion-MNIST if the setting asks for it and the files are installed. */
    public static Showdown run(Setting s) { return run(s, name -> done -> {}); }

    /**
     * Runs a setting with a progress consumer per data set (e.g. {@code name -> Progress.runs("showdown, " + name)}):
     * the digits and, if the setting asks for them and they are installed, the Fashion-MNIST subset. Each data
     * set's grid runs through {@link #run(Sweep, java.util.function.Consumer)}, once per JVM for equal grids:
     * notebook 07's digits runs are the catalog's slice.
     */
    public static Showdown run(Setting s, java.util.function.Function<String, java.util.function.Consumer<int[]>> progress) {
        long cpu0 = cpuNanos(), t0 = System.nanoTime();
        Map<String, Sweep.Result> results = new LinkedHashMap<>();
        results.put("digits", run(sweep(DataSpec.digits(), s), progress.apply("digits")));
        if (s.fashionTrain() > 0 && FashionMnist.isAvailable())
            results.put("fashion-mnist", run(sweep(DataSpec.fashionMnist(s.fashionTrain(), s.fashionTest()), s), progress.apply("fashion-mnist")));
        return finish(s, results, t0, cpu0);
    }

    /**
     * Runs a grid depth by depth, each depth's runs computed once per JVM for grids that are equal in everything that
     * makes their runs and their table (data by name, width, starts, activations, seeds, trainer, target loss; not the
     * thread count): a chapter's sweep in view and the catalog's slice ({@link #claimsSlice}) then share the runs of
     * the depths they have in common. {@code progress} hears (runs done, runs in all) over the whole grid. A grid on
     * data without a name ({@code Sweep.on(split)}) simply runs.
     */
    public static Sweep.Result run(Sweep grid, java.util.function.Consumer<int[]> progress) {
        if (grid.source() == null) return grid.run(progress);
        int all = grid.cells().size();
        java.util.concurrent.atomic.AtomicInteger before = new java.util.concurrent.atomic.AtomicInteger();
        List<Sweep.Result> parts = new ArrayList<>();
        for (int depth : grid.depths()) {
            Sweep part = grid.depths(depth);
            Sweep.Result done = Memo.get("showdown/" + fingerprint(part),
                    () -> part.run(p -> progress.accept(new int[]{before.get() + p[0], all})));
            before.addAndGet(done.runs().size());
            parts.add(done);
        }
        return grid.combine(parts);
    }

    /** Everything a grid's runs and table depend on, as text: equal texts, equal runs (the thread count does not count). */
    static String fingerprint(Sweep g) {
        return g.source().name() + "/" + g.hiddenWidth() + "/" + g.initializers() + "/" + g.activations().stream().map(Activation::label).toList()
                + "/" + g.depths() + "/" + g.seeds() + "/" + g.trainer() + "/" + g.targetLoss();
    }

    /**
     * The runs of one cell of a grid (a start, an activation, a depth) over the grid's seeds, in seed order, labelled
     * from the objects ("he_normal, relu, depth 20"): from {@code result} when the grid holds that cell, else (or if {@code result}
     * is null) trained by the same grid narrowed to it, which is what the sweep would have run for it.
     */
    public static Runs<History> cell(Sweep grid, Sweep.Result result, Initializer start, Activation f, int depth) {
        List<History> found = new ArrayList<>();
        for (Sweep.Run r : result == null ? List.<Sweep.Run>of() : result.runs()) {
            Sweep.Cell c = r.cell();
            if (c.initializer().equals(start) && c.activation().label().equals(f.label()) && c.depth() == depth) found.add(r.history());
        }
        if (found.isEmpty()) found = grid.initializers(start).activations(f).depths(depth).run().runs().stream().map(Sweep.Run::history).toList();
        return new Runs<>(start.name() + ", " + f.label() + ", depth " + depth, found);
    }

    /**
     * The catalog's own runs of one cell of its slice ({@link #claimsSlice}: the digits, depths 2 and 20), or, for a
     * cell the slice does not have, the runs its sweep would make for it: what a chapter compares its runs in view with.
     */
    public static Runs<History> claimsRuns(Initializer start, Activation f, int depth) {
        return cell(sweep(DataSpec.digits(), Setting.CLAIMS), claimsSlice().results().get("digits"), start, f, depth);
    }

    /** Chance on the 10 classes of the digits and Fashion-MNIST: what a diverged run counts as. */
    public static final double CHANCE = 0.1;

    /**
     * The test accuracy a run counts for in the showdown's means ({@link #scoredMean}): its final test accuracy, or
     * chance (1/10) if it diverged, its weights being unusable.
     */
    public static double scoredAccuracy(History h) {
        double acc = h.diverged() ? Double.NaN : h.finalTestAccuracy();
        return Double.isNaN(acc) ? CHANCE : acc;
    }

    /** Runs a setting on the given data sets (by name). */
    public static Showdown run(Setting s, Map<String, Dataset.Split> data) { return run(s, data, name -> done -> {}); }

    /** Runs a setting on the given data sets (by name), reporting each sweep's progress. */
    public static Showdown run(Setting s, Map<String, Dataset.Split> data,
                               java.util.function.Function<String, java.util.function.Consumer<int[]>> progress) {
        long cpu0 = cpuNanos(), t0 = System.nanoTime();
        Map<String, Sweep.Result> results = new LinkedHashMap<>();
        data.forEach((name, split) -> results.put(name, sweep(split, s).run(progress.apply(name))));
        return finish(s, results, t0, cpu0);
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o ? o.getProcessCpuTime() : -1;
    }

    private static Showdown finish(Setting s, Map<String, Sweep.Result> results, long t0, long cpu0) {
        List<String> missing = s.fashionTrain() > 0 && !results.containsKey("fashion-mnist") ? List.of("fashion-mnist") : List.of();
        return finish(s.name(), results, missing, t0, cpu0);
    }

    private static Showdown finish(String name, Map<String, Sweep.Result> results, List<String> missing, long t0, long cpu0) {
        double wall = (System.nanoTime() - t0) / 1e9;
        long cpu1 = cpuNanos();
        return new Showdown(name, results, missing, wall, cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e9);
    }

    /**
     * A chapter's showdown: each grid on its own data set (named, {@code Sweep.on(DataSpec...)}), run through
     * {@link #run(Sweep, java.util.function.Consumer)} so that equal grids share their runs. {@code progress} gives each
     * data set's progress consumer. (A grid's data is read when the grid is made: ask {@link #installed} first.)
     */
    public static Showdown run(String name, List<Sweep> grids, java.util.function.Function<String, java.util.function.Consumer<int[]>> progress) {
        long cpu0 = cpuNanos(), t0 = System.nanoTime();
        Map<String, Sweep.Result> results = new LinkedHashMap<>();
        for (Sweep grid : grids) {
            if (grid.source() == null) throw new IllegalArgumentException("a showdown's grid needs named data: Sweep.on(DataSpec.digits()), not Sweep.on(split)");
            results.put(grid.source().name(), run(grid, progress.apply(grid.source().name())));
        }
        return finish(name, results, List.of(), t0, cpu0);
    }

    /** Whether this machine can read {@code data} (Fashion-MNIST must be installed; the digits ship with the lab). */
    public static boolean installed(DataSpec data) {
        try {
            data.requireAvailable();
            return true;
        } catch (org.initlab.data.DataFileException e) {
            return false;
        }
    }

    /**
     * How many of {@code catalog}'s runs have an equal run, bit for bit (every step's loss), at the same place of the
     * grid (initializer, activation, depth, seed) in one of {@code mine}: a chapter's grids in view against the
     * catalog's own runs. A null result counts as no runs.
     */
    public static long sameRuns(Sweep.Result catalog, Sweep.Result... mine) {
        Map<String, History> byCell = new java.util.HashMap<>();
        for (Sweep.Result m : mine) if (m != null) for (Sweep.Run r : m.runs()) byCell.put(Sweep.key(r.cell()), r.history());
        long same = 0;
        for (Sweep.Run r : catalog.runs()) {
            History h = byCell.get(Sweep.key(r.cell()));
            if (h != null && java.util.Arrays.equals(h.stepLosses(), r.history().stepLosses())) same++;
        }
        return same;
    }

    /** The catalog's slice's runs on the digits ({@link #claimsSlice}: depths 2 and 20), the runs key.4, key.5 and lecun.3 are decided on. */
    public static Sweep.Result claimsSliceRuns() { return claimsSlice().results().get("digits"); }

    /** The catalog's runs for key.1 ({@link #shapeComparison}), tanh's and ReLU's in one result. */
    public static Sweep.Result shapeRuns() {
        List<Sweep.Run> runs = new ArrayList<>();
        Table all = null;
        for (Sweep.Result r : shapeComparison().values()) {
            runs.addAll(r.runs());
            all = all == null ? r.table().copy() : all.append(r.table());
        }
        return new Sweep.Result(runs, all);
    }

    /**
     * Per initializer, activation and depth of a sweep's table: the mean test accuracy over the seeds with a diverged run
     * counted at chance (what the showdown ranks by, {@link #scoredMean}), the lowest and highest seed, and how many diverged.
     */
    public static Table scoredTable(Sweep.Result r) {
        Table t = r.table();
        StringColumn init = StringColumn.create("initializer"), act = StringColumn.create("activation");
        IntColumn depth = IntColumn.create("depth"), seeds = IntColumn.create("seeds"), diverged = IntColumn.create("diverged");
        DoubleColumn mean = DoubleColumn.create("mean test accuracy"), lo = DoubleColumn.create("lowest seed"), hi = DoubleColumn.create("highest seed");
        List<String> seen = new ArrayList<>();
        for (int row = 0; row < t.rowCount(); row++) {
            String i = t.stringColumn("initializer").get(row), a = t.stringColumn("activation").get(row);
            int d = t.intColumn("depth").get(row);
            String key = i + "/" + a + "/" + d;
            if (seen.contains(key)) continue;
            seen.add(key);
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            int n = 0;
            for (int q = 0; q < t.rowCount(); q++) {
                if (!t.stringColumn("initializer").get(q).equals(i) || !t.stringColumn("activation").get(q).equals(a) || t.intColumn("depth").get(q) != d) continue;
                var col = t.doubleColumn("test_accuracy");
                double v = col.isMissing(q) ? CHANCE : col.getDouble(q);
                min = Math.min(min, v);
                max = Math.max(max, v);
                n++;
            }
            init.append(i);
            act.append(a);
            depth.append(d);
            mean.append(scoredMean(t, i, a, d, CHANCE));
            lo.append(min);
            hi.append(max);
            seeds.append(n);
            diverged.append(diverged(t, i, a, d));
        }
        return Table.create("test accuracy by start (a diverged run at chance)", init, act, depth, mean, lo, hi, seeds, diverged);
    }

    /** The catalog's slice ({@link Setting#CLAIMS}), computed once per JVM (and shared with the default showdown). */
    public static Showdown claimsSlice() { return run(Setting.CLAIMS); }

    /**
     * Mean test accuracy of one initializer-activation-depth cell over its seeds, a diverged run counted at
     * chance (1/classes): its weights are unusable, and leaving it out would flatter the initializer.
     */
    public static double scoredMean(Table sweep, String initializer, String activation, int depth, double chance) {
        double sum = 0;
        int n = 0;
        for (int r = 0; r < sweep.rowCount(); r++) {
            if (!sweep.stringColumn("initializer").get(r).equals(initializer) || !sweep.stringColumn("activation").get(r).equals(activation)
                    || sweep.intColumn("depth").get(r) != depth) continue;
            var col = sweep.doubleColumn("test_accuracy");
            double acc = col.isMissing(r) ? Double.NaN : col.getDouble(r);
            sum += Double.isNaN(acc) ? chance : acc;
            n++;
        }
        if (n == 0) throw new IllegalArgumentException("no runs of " + initializer + " / " + activation + " at depth " + depth);
        return sum / n;
    }

    /** Runs of a cell that diverged. */
    public static int diverged(Table sweep, String initializer, String activation, int depth) {
        int n = 0;
        for (int r = 0; r < sweep.rowCount(); r++)
            if (sweep.stringColumn("initializer").get(r).equals(initializer) && sweep.stringColumn("activation").get(r).equals(activation)
                    && sweep.intColumn("depth").get(r) == depth && sweep.stringColumn("status").get(r).equals("diverged")) n++;
        return n;
    }

    /**
     * The recommendation derived from a sweep's table: for each activation, the initializer with the best
     * mean test accuracy at {@code depth} (diverged runs counted at chance, 1/10), with its runner-up, the
     * margin between them, and the worst initializer for contrast.
     */
    public static Table recommend(Table sweep, int depth) {
        double chance = 0.1;
        StringColumn act = StringColumn.create("activation"), best = StringColumn.create("best initializer"),
                second = StringColumn.create("runner-up"), worst = StringColumn.create("worst");
        DoubleColumn bestAcc = DoubleColumn.create("best mean test accuracy"), secondAcc = DoubleColumn.create("runner-up accuracy"),
                margin = DoubleColumn.create("margin"), worstAcc = DoubleColumn.create("worst accuracy");
        IntColumn runs = IntColumn.create("seeds");
        List<String> inits = distinct(sweep, "initializer"), acts = distinct(sweep, "activation");
        for (String a : acts) {
            List<Map.Entry<String, Double>> scored = new ArrayList<>();
            for (String i : inits) scored.add(Map.entry(i, scoredMean(sweep, i, a, depth, chance)));
            scored.sort(Map.Entry.<String, Double>comparingByValue().reversed()); // stable: ties keep the table's order
            act.append(a);
            best.append(scored.get(0).getKey());
            bestAcc.append(scored.get(0).getValue());
            second.append(scored.get(1).getKey());
            secondAcc.append(scored.get(1).getValue());
            margin.append(scored.get(0).getValue() - scored.get(1).getValue());
            worst.append(scored.getLast().getKey());
            worstAcc.append(scored.getLast().getValue());
            int n = 0;
            for (int r = 0; r < sweep.rowCount(); r++)
                if (sweep.stringColumn("initializer").get(r).equals(scored.get(0).getKey()) && sweep.stringColumn("activation").get(r).equals(a)
                        && sweep.intColumn("depth").get(r) == depth) n++;
            runs.append(n);
        }
        return Table.create("recommendation at depth " + depth, act, best, bestAcc, second, secondAcc, margin, worst, worstAcc, runs);
    }

    private static List<String> distinct(Table t, String column) {
        List<String> out = new ArrayList<>();
        for (String s : t.stringColumn(column)) if (!out.contains(s)) out.add(s);
        return out;
    }

    // ---------------------------------------------------------------- does the Gaussian matter? (key point 1)

    /** Depth of the distribution comparison: deep enough that the scale matters, shallow enough to be quick. */
    public static final int SHAPE_DEPTH = 8;

    /**
     * Normal, uniform and orthogonal starts of matched scale, for tanh (Xavier normal and uniform, orthogonal
     * with gain 1) and ReLU (He normal and uniform, orthogonal with gain sqrt 2), with the all-zero and constant
     * starts for contrast: digits, width 32, depth {@link #SHAPE_DEPTH}, 3 seeds, the showdown's trainer.
     * Computed once per JVM.
     */
    public static Map<String, Sweep.Result> shapeComparison() {
        // Memoized, not a holder class's static initializer: the sweep's worker threads call back into this class (a
        // progress consumer), and a callback defined in a class still being initialized would wait for that class's
        // initialization, which waits for the workers: a deadlock.
        return Memo.get("showdown.shapes", () -> {
            Setting s = new Setting("shape", 32, 5, Repeat.SEEDS, 0, 0, List.of(SHAPE_DEPTH), 2, LEARNING_RATE);
            Map<String, Sweep.Result> m = new LinkedHashMap<>();
            m.put("tanh", run(shapeSweep(s, Activation.TANH, Init.xavierNormal(), Init.xavierUniform(), Init.orthogonal(), Init.zeros(), Init.constant(0.1)), NO_PROGRESS));
            m.put("relu", run(shapeSweep(s, Activation.RELU, Init.heNormal(), Init.heUniform(), Init.orthogonal(Math.sqrt(2)), Init.zeros(), Init.constant(0.1)), NO_PROGRESS));
            return java.util.Collections.unmodifiableMap(m);
        });
    }

    private static final java.util.function.Consumer<int[]> NO_PROGRESS = p -> {};

    /** One activation's starts at the setting's one depth, on the digits (named, so a chapter's equal sweep shares the runs). */
    private static Sweep shapeSweep(Setting s, Activation f, Initializer... starts) {
        return Sweep.on(DataSpec.digits()).hiddenWidth(s.width()).activations(f).depths(SHAPE_DEPTH).seeds(s.seeds()).trainer(trainer(s))
                .threads(s.threads()).initializers(starts);
    }

    /** Mean test accuracy (diverged runs at chance) of each initializer of a one-activation, one-depth sweep, in table order. */
    public static Map<String, Double> meanAccuracy(Sweep.Result r) {
        Table t = r.table();
        Map<String, Double> m = new LinkedHashMap<>();
        String act = t.stringColumn("activation").get(0);
        int depth = t.intColumn("depth").get(0);
        for (String i : distinct(t, "initializer")) m.put(i, scoredMean(t, i, act, depth, 0.1));
        return m;
    }
}

package org.initlab.cluster;

import org.initlab.data.DataSpec;
import org.initlab.experiment.Sweep;
import org.initlab.experiment.SweepEngine;
import org.initlab.experiment.SweepFile;
import org.initlab.plot.HeatMaps;
import org.initlab.plot.Plots;
import org.initlab.table.Tables;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./initlab sweep SPEC}: runs the grid a {@link SweepFile} describes, on this machine's cores or on a Hazelcast
 * cluster, and writes OUT/runs.csv (one row per run, in grid order: the same bytes wherever the runs were trained, on
 * the same OpenBLAS kernel), OUT/summary.csv (test accuracy's mean, std, min and max over seeds) and one heat map per
 * data set and depth (OUT/heatmap-DATA-depth-D.png, notebook 07's picture).
 *
 * <pre>
 * ./initlab sweep SPEC [--master M] [--cluster-name NAME] [--out DIR] [--resume]
 *   SPEC              a spec file, or a built-in one: default, large (notebook 07's settings)
 *   --master M        where the runs train: none (this machine's cores), local[N] (N Hazelcast members in this
 *                     JVM: the cluster's code path on one machine), or HOST:PORT[,HOST:PORT...] (a cluster's members,
 *                     started with ./initlab worker)
 *   --cluster-name    the cluster to join (default initlab)
 *   --out DIR         where to write (default target/sweeps/SPEC)
 *   --resume          keep the runs already in DIR/runs.csv and train only the rest
 *   --print           print the spec file's text (a built-in one, to copy and edit) and stop
 * </pre>
 * Exits 2 on bad arguments or a bad spec, naming the problem before any run starts.
 */
public final class SweepCommand {
    private SweepCommand() {}

    /** The columns every row is keyed by: data set, start, activation, depth, seed. */
    static final String DATA = "data";
    /** How often the finished rows are saved while a sweep runs (and at its end). */
    static final long SAVE_EVERY_NANOS = 10_000_000_000L;

    public static void main(String[] args) throws IOException {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("sweep: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the command; returns the exit code. Bad input throws IllegalArgumentException or IllegalStateException with its message. */
    public static int run(String... args) throws IOException {
        String spec = null, master = null, clusterName = HazelcastSweeps.DEFAULT_CLUSTER;
        Path out = null;
        boolean resume = false, print = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--master" -> master = value(args, ++i, "--master");
                case "--cluster-name" -> clusterName = value(args, ++i, "--cluster-name");
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--resume" -> resume = true;
                case "--print" -> print = true;
                default -> {
                    if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option '" + args[i] + "' (see ./initlab help)");
                    if (spec != null) throw new IllegalArgumentException("one spec file at a time, got '" + spec + "' and '" + args[i] + "'");
                    spec = args[i];
                }
            }
        }
        if (spec == null) throw new IllegalArgumentException("which sweep? ./initlab sweep SPEC (a spec file, or one of " + String.join(", ", SweepFile.BUILT_IN) + ")");
        if (print) {
            System.out.print(SweepFile.text(spec));
            return 0;
        }
        SweepFile file = SweepFile.read(spec);
        if (out == null) out = Path.of("target", "sweeps", file.name());
        Path csv = out.resolve("runs.csv");
        if (Files.exists(csv) && !resume)
            throw new IllegalArgumentException(csv + " exists: --resume to keep its runs and train the rest, or --out another folder");

        for (DataSpec d : file.data()) d.requireAvailable(); // this machine reads each data set for the grid's shapes
        List<Sweep> sweeps = new ArrayList<>();
        for (DataSpec d : file.data()) sweeps.add(file.sweep(d));
        Table empty = Tables.labelled(sweeps.getFirst().table(List.of()), DATA, "");
        Map<String, Integer> order = new HashMap<>(); // grid position of every run's key, data sets in the file's order
        for (int s = 0; s < sweeps.size(); s++)
            for (Sweep.Cell c : sweeps.get(s).cells()) order.put(key(file.data().get(s).name(), c), order.size());

        Rows rows = new Rows(empty, order, csv);
        if (resume && Files.exists(csv)) rows.load();
        int total = order.size(), kept = rows.size();
        List<List<Sweep.Cell>> todo = new ArrayList<>();
        for (int s = 0; s < sweeps.size(); s++) {
            String data = file.data().get(s).name();
            todo.add(sweeps.get(s).cells().stream().filter(c -> !rows.has(key(data, c))).toList());
        }
        int left = todo.stream().mapToInt(List::size).sum();

        try (Engine engine = Engine.of(master, clusterName)) {
            System.out.printf(Locale.ROOT, "sweep %s: %d runs (%d data set%s x %d starts x %d activations x %d depths x %d seeds)%s, on %s%n",
                    file.name(), total, file.data().size(), file.data().size() == 1 ? "" : "s", file.starts().size(), file.activations().size(),
                    file.depths().size(), file.seeds().size(), kept > 0 ? "; " + kept + " already in " + csv + ", " + left + " to train" : "", engine.describe());
            if (engine.cluster() != null) describeMembers(engine.cluster(), file);
            Files.createDirectories(out);
            long t0 = System.nanoTime();
            Progress progress = new Progress(t0);
            for (int s = 0; s < sweeps.size(); s++) {
                if (todo.get(s).isEmpty()) continue;
                String data = file.data().get(s).name();
                Sweep sweep = sweeps.get(s);
                sweep.run(todo.get(s), engine.cluster(), run -> {
                    String key = key(data, run.cell());
                    int done = rows.add(key, Tables.labelled(sweep.table(List.of(run)), DATA, data)) - kept;
                    progress.report(done, left, key + ": " + run.history().status().name().toLowerCase(Locale.ROOT));
                });
            }
            rows.save();
            Table all = rows.table();
            Tables.meanAndSpread(all, "test_accuracy", DATA, "initializer", "activation", "depth").write().csv(out.resolve("summary.csv").toFile());
            List<Path> maps = heatMaps(all, file, out);
            System.out.printf(Locale.ROOT, "sweep %s: %d runs in %s (%d trained now in %.0f s); %s, %d heat map%s%n", file.name(), all.rowCount(), csv,
                    left, (System.nanoTime() - t0) / 1e9, out.resolve("summary.csv"), maps.size(), maps.size() == 1 ? "" : "s");
        }
        return 0;
    }

    /**
     * A line per member, and a warning when a member runs another OpenBLAS kernel than this machine (its runs are the
     * same runs, but their last bits differ, so the table is not the one this machine would make); throws, before any
     * run, if a member lacks a data set of the file.
     */
    static void describeMembers(HazelcastSweeps cluster, SweepFile file) {
        String here = org.initlab.nn.OpenBlas.coreName();
        var reports = cluster.survey(new java.util.LinkedHashSet<>(file.data()));
        for (var m : reports) {
            System.out.printf(Locale.ROOT, "  member %s: %d cores, %d run%s at once, OpenBLAS %s, Java %s%s%n", m.address(), m.cores(), m.threads(),
                    m.threads() == 1 ? "" : "s", m.openblasKernel(), m.java(), m.problems().isEmpty() ? "" : "; cannot read " + m.problems().size() + " data set(s)");
            if (!m.openblasKernel().equals(here))
                System.out.printf("  warning: member %s runs OpenBLAS's %s kernel and this machine %s: its runs round differently, so the table will not be"
                        + " bit-identical to one made here (verdicts should not change; see docs/reproducibility.md)%n", m.address(), m.openblasKernel(), here);
        }
        HazelcastSweeps.requireData(reports); // every data set of the file, before the first run of the first data set
    }

    /**
     * Per data set and depth, the mean test accuracy by start and activation, with the range over seeds: notebook 07's
     * heat map. A diverged run counts at chance (1/classes), as the notebook counts it: its weights are unusable.
     */
    static List<Path> heatMaps(Table all, SweepFile file, Path out) {
        List<Path> written = new ArrayList<>();
        for (DataSpec d : file.data())
            for (int depth : file.depths()) {
                Table cell = all.where(all.stringColumn(DATA).isEqualTo(d.name()).and(all.intColumn("depth").isEqualTo(depth)));
                if (cell.rowCount() == 0) continue;
                var accuracy = cell.doubleColumn("test_accuracy");
                accuracy.set(accuracy.isMissing(), 1.0 / d.load().train().numClasses());
                var chart = HeatMaps.sweep(cell, "initializer", "activation", "test_accuracy");
                chart.setTitle(d.name() + ", depth " + depth + ": mean test accuracy"); // the range over seeds is under each mean
                written.add(Plots.savePng(chart, out.resolve("heatmap-" + d.name().replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "") + "-depth" + depth + ".png")));
            }
        return written;
    }

    /** A run's key across the file's data sets: "digits / he_normal / relu / depth 8 / seed 3". */
    static String key(String data, Sweep.Cell c) { return key(data, Sweep.key(c)); }

    static String key(String data, String cellKey) { return data + " / " + cellKey; }

    /**
     * The finished rows, by key, saved to runs.csv in grid order now and then while runs finish (every
     * {@link #SAVE_EVERY_NANOS}) and at the end: a sweep stopped halfway keeps what it trained, for --resume.
     */
    static final class Rows {
        private final Table empty;
        private final Map<String, Integer> order;
        private final Path csv;
        private final Map<String, Table> byKey = new LinkedHashMap<>();
        private long savedAt = System.nanoTime();

        Rows(Table empty, Map<String, Integer> order, Path csv) {
            this.empty = empty;
            this.order = order;
            this.csv = csv;
        }

        synchronized boolean has(String key) { return byKey.containsKey(key); }

        synchronized int size() { return byKey.size(); }

        /** Adds a finished run's row; returns the rows held now. */
        synchronized int add(String key, Table row) {
            byKey.put(key, row);
            if (System.nanoTime() - savedAt > SAVE_EVERY_NANOS) save();
            return byKey.size();
        }

        /** Every row so far, in grid order. */
        synchronized Table table() {
            Table t = empty.emptyCopy();
            byKey.keySet().stream().sorted(java.util.Comparator.comparing(order::get)).forEach(k -> t.append(byKey.get(k)));
            return t.setName("sweep");
        }

        synchronized void save() {
            try {
                Files.createDirectories(csv.getParent());
                Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
                table().write().csv(CsvWriteOptions.builder(tmp.toFile()).build());
                Files.move(tmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                savedAt = System.nanoTime();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + csv + ": " + e.getMessage(), e);
            }
        }

        /** The rows of an earlier run of this sweep; a row this grid does not have, or a file of other columns, is an error. */
        void load() throws IOException {
            ColumnType[] types = empty.typeArray();
            Table old;
            try {
                old = Table.read().csv(CsvReadOptions.builder(csv.toFile()).columnTypes(types).build());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(csv + " is not this sweep's table (expected the columns " + String.join(", ", empty.columnNames()) + "): " + e.getMessage(), e);
            }
            if (!old.columnNames().equals(empty.columnNames()))
                throw new IllegalArgumentException(csv + " has the columns " + old.columnNames() + ", not this sweep's " + empty.columnNames());
            for (int r = 0; r < old.rowCount(); r++) {
                String key = key(old.stringColumn(DATA).get(r), Sweep.key(old.stringColumn("initializer").get(r), old.stringColumn("activation").get(r),
                        old.intColumn("depth").get(r), old.longColumn("seed").get(r)));
                if (!order.containsKey(key))
                    throw new IllegalArgumentException(csv + ", row " + (r + 2) + ": the run " + key + " is not in this spec's grid: --out another folder for another grid");
                byKey.put(key, old.rows(r));
            }
        }
    }

    /**
     * A line per finished run, at most one a second (and the last): how many are done, and the time left at the pace of
     * the last minute (runs on different data sets take very different times, so the whole sweep's pace misleads).
     */
    static final class Progress {
        private final long t0;
        private final java.util.ArrayDeque<long[]> recent = new java.util.ArrayDeque<>(); // (time, done) of the last minute's reports
        private long printedAt;

        Progress(long t0) {
            this.t0 = t0;
            recent.add(new long[]{t0, 0});
        }

        synchronized void report(int done, int all, String run) {
            long now = System.nanoTime();
            recent.add(new long[]{now, done});
            while (recent.size() > 2 && now - recent.peekFirst()[0] > 60_000_000_000L) recent.removeFirst();
            if (done < all && now - printedAt < 1_000_000_000L) return;
            printedAt = now;
            long[] from = recent.peekFirst();
            double perRun = (now - from[0]) / 1e9 / Math.max(1, done - from[1]);
            System.out.printf(Locale.ROOT, "  %d/%d runs, %.0f s%s (last: %s)%n", done, all, (now - t0) / 1e9,
                    done < all ? String.format(Locale.ROOT, ", about %.0f s left", perRun * (all - done)) : "", run);
        }
    }

    /** Where the runs train, and what to close after. */
    record Engine(HazelcastSweeps cluster, String describe) implements AutoCloseable {
        private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+)])?");

        static Engine of(String master, String clusterName) {
            if (master == null) return new Engine(null, "this machine's " + Runtime.getRuntime().availableProcessors() + " cores");
            Matcher m = LOCAL.matcher(master);
            if (m.matches()) {
                int members = m.group(1) == null ? 2 : Integer.parseInt(m.group(1));
                HazelcastSweeps c = HazelcastSweeps.embedded(members);
                return new Engine(c, c.describe());
            }
            List<String> addresses = List.of(master.split(","));
            for (String a : addresses)
                if (!a.strip().matches("[A-Za-z0-9._-]+(:\\d{1,5})?"))
                    throw new IllegalArgumentException("--master " + master + ": '" + a + "' is not HOST or HOST:PORT (or local, local[N])");
            HazelcastSweeps c = HazelcastSweeps.connect(clusterName, addresses.stream().map(String::strip).toList());
            return new Engine(c, c.describe());
        }

        @Override public void close() { if (cluster != null) cluster.close(); }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}

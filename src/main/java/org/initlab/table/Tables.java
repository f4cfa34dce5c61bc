package org.initlab.table;

import org.initlab.experiment.Runs;
import org.initlab.nn.History;
import org.initlab.probe.LayerStats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Tablesaw tables from training results, one row per thing a reader would compare: epochs of a
 * run, runs, layers at a step, groups of a sweep. Column names are snake_case as in
 * {@link org.initlab.experiment.Sweep}'s table; layers are the library's 0-based indices.
 */
public final class Tables {
    private Tables() {}

    /** How {@link #pivot} combines the values that fall in one cell. Missing values (NaN) are skipped. */
    public enum Aggregate {
        MEAN, STD, MIN, MAX, MEDIAN,
        /** Number of values present (diverged runs, with no value, are not counted). */
        COUNT;

        double apply(double[] v) {
            if (this == COUNT) return v.length;
            if (v.length == 0) return Double.NaN;
            return switch (this) {
                case MEAN -> mean(v);
                case STD -> std(v);
                case MIN -> Arrays.stream(v).min().orElseThrow();
                case MAX -> Arrays.stream(v).max().orElseThrow();
                case MEDIAN -> {
                    double[] s = v.clone();
                    Arrays.sort(s);
                    yield s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
                }
                case COUNT -> v.length;
            };
        }
    }

    /** One row per evaluation: epoch, step, train_loss, train_accuracy, test_loss, test_accuracy. */
    public static Table epochs(History run) {
        IntColumn epoch = IntColumn.create("epoch"), step = IntColumn.create("step");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss"), trainAcc = DoubleColumn.create("train_accuracy"),
                testLoss = DoubleColumn.create("test_loss"), testAcc = DoubleColumn.create("test_accuracy");
        for (History.Epoch e : run.epochs()) {
            epoch.append(e.epoch());
            step.append((int) e.step());
            trainLoss.append(e.trainLoss());
            trainAcc.append(e.trainAccuracy());
            testLoss.append(e.testLoss());
            testAcc.append(e.testAccuracy());
        }
        return Table.create(run.label(), epoch, step, trainLoss, trainAcc, testLoss, testAcc);
    }

    public static Table compare(Map<String, History> runs) { return compare(runs, Double.NaN); }

    /** A comparison of nothing is a mistake upstream (an empty grid, a filter that kept nothing): say so, not an empty table. */
    private static void requireRuns(Map<String, ?> runs) {
        if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("nothing to compare: the map of runs is " + (runs == null ? "null" : "empty"));
    }

    /**
     * One row per run: label, status, epochs and steps done, final losses and accuracies,
     * stopped_at_step, and steps_to_target (first step whose batch loss reaches
     * {@code targetLoss}; the column is left out when the target is NaN). A diverged run's
     * final numbers are missing, as in a sweep's table: its last finite evaluation would flatter it.
     */
    public static Table compare(Map<String, History> runs, double targetLoss) {
        requireRuns(runs);
        StringColumn label = StringColumn.create("run");
        runs.keySet().forEach(label::append);
        Table t = Table.create("runs", label);
        Table outcomes = outcomes(List.copyOf(runs.values()), targetLoss);
        if (Double.isNaN(targetLoss)) outcomes.removeColumns("steps_to_target");
        return t.addColumns(outcomes.columnArray());
    }

    /**
     * One row per group of runs that differ only in their seed: how many seeds, how many completed, and
     * the final train loss, test accuracy and steps to {@code targetLoss} (left out when NaN) as
     * "median (min-max)" over the seeds that completed (steps over those that reached the target, with
     * their count). A result from training is a distribution: this is how a table shows it.
     */
    public static Table compareSeeds(List<Runs<History>> runs, double targetLoss) {
        return compareSeeds(Runs.byLabel(runs), targetLoss);
    }

    /** The same without the steps to a target loss. */
    public static Table compareSeeds(List<Runs<History>> runs) { return compareSeeds(runs, Double.NaN); }

    /** The same for runs by label. */
    public static Table compareSeeds(Map<String, List<History>> runs, double targetLoss) {
        requireRuns(runs);
        runs.forEach((name, seeds) -> { if (seeds == null || seeds.isEmpty()) throw new IllegalArgumentException("run '" + name + "' has no seeds to compare"); });
        StringColumn label = StringColumn.create("run"), completed = StringColumn.create("completed"), trainLoss = StringColumn.create("train_loss"),
                testAcc = StringColumn.create("test_accuracy"), toTarget = StringColumn.create("steps_to_target");
        for (var e : runs.entrySet()) {
            List<History> ok = e.getValue().stream().filter(h -> !h.diverged()).toList();
            label.append(e.getKey());
            completed.append(ok.size() + " of " + e.getValue().size() + " seeds");
            trainLoss.append(spread(ok.stream().mapToDouble(h -> h.last().trainLoss()).toArray()));
            testAcc.append(spread(ok.stream().mapToDouble(h -> h.last().testAccuracy()).toArray()));
            double[] steps = e.getValue().stream().mapToLong(h -> h.stepsToLoss(targetLoss)).filter(x -> x >= 0).asDoubleStream().toArray();
            toTarget.append(steps.length == 0 ? "never" : spread(steps, "%.0f") + ", " + steps.length + " of " + e.getValue().size() + " seeds");
        }
        Table t = Table.create("runs over seeds: median (min-max)", label, completed, trainLoss, testAcc);
        return Double.isNaN(targetLoss) ? t : t.addColumns(toTarget);
    }

    /** "0.8468 (0.4312-0.8533)": median, then min-max; "-" for no values. */
    static String spread(double[] v) { return spread(v, "%.4g"); }

    /** The same with each number in {@code format}, e.g. "%.0f" for step counts. */
    static String spread(double[] v, String format) {
        if (v.length == 0) return "-";
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", median, s[0], s[n - 1]);
    }

    /**
     * How each run ended, one row per run in order: status, epochs and steps done, final losses and
     * accuracies (missing for a diverged run), steps_to_target (missing when not reached or NaN) and
     * stopped_at_step. Shared by {@link #compare} and the sweep's table.
     */
    public static Table outcomes(List<History> runs, double targetLoss) {
        StringColumn status = StringColumn.create("status");
        IntColumn epochs = IntColumn.create("epochs"), steps = IntColumn.create("steps");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss"), trainAcc = DoubleColumn.create("train_accuracy"),
                testLoss = DoubleColumn.create("test_loss"), testAcc = DoubleColumn.create("test_accuracy");
        IntColumn toTarget = IntColumn.create("steps_to_target"), stop = IntColumn.create("stopped_at_step");
        for (History h : runs) {
            status.append(h.status().name().toLowerCase(Locale.ROOT));
            epochs.append(h.last().epoch());
            steps.append(h.stepLosses().length);
            // A diverged run's last finite evaluation would flatter it: report it missing instead.
            boolean ok = !h.diverged();
            trainLoss.append(ok ? h.last().trainLoss() : Double.NaN);
            trainAcc.append(ok ? h.last().trainAccuracy() : Double.NaN);
            testLoss.append(ok ? h.last().testLoss() : Double.NaN);
            testAcc.append(ok ? h.last().testAccuracy() : Double.NaN);
            long s = Double.isNaN(targetLoss) ? -1 : h.stepsToLoss(targetLoss);
            if (s < 0) toTarget.appendMissing(); else toTarget.append((int) s);
            if (h.stopStep() < 0) stop.appendMissing(); else stop.append((int) h.stopStep());
        }
        return Table.create("outcomes", status, epochs, steps, trainLoss, trainAcc, testLoss, testAcc, toTarget, stop);
    }

    /** The scalar fields of {@link LayerStats} a table shows, in record order. */
    private static final Map<String, ToDoubleFunction<LayerStats>> FIELDS = new LinkedHashMap<>();
    static {
        FIELDS.put("pre_mean", LayerStats::preMean);
        FIELDS.put("pre_std", LayerStats::preStd);
        FIELDS.put("act_mean", LayerStats::actMean);
        FIELDS.put("act_std", LayerStats::actStd);
        FIELDS.put("saturated", LayerStats::saturated);
        FIELDS.put("dead", LayerStats::dead);
        FIELDS.put("grad_mean", LayerStats::gradMean);
        FIELDS.put("grad_std", LayerStats::gradStd);
        FIELDS.put("weight_std", LayerStats::weightStd);
        FIELDS.put("weight_grad_norm", LayerStats::weightGradNorm);
        FIELDS.put("weight_grad_std", LayerStats::weightGradStd);
        FIELDS.put("grad_to_weight", LayerStats::gradToWeight);
        FIELDS.put("update_to_weight", LayerStats::updateToWeight);
    }

    /** One row per probe record (layer per step): step, epoch, layer and every scalar field, histograms left out. */
    public static Table probes(List<LayerStats> records) {
        IntColumn step = IntColumn.create("step"), epoch = IntColumn.create("epoch"), layer = IntColumn.create("layer");
        Map<String, DoubleColumn> values = new LinkedHashMap<>();
        FIELDS.keySet().forEach(k -> values.put(k, DoubleColumn.create(k)));
        IntColumn distinct = IntColumn.create("distinct_units");
        DoubleColumn maxDiff = DoubleColumn.create("max_unit_difference");
        for (LayerStats s : records) {
            step.append((int) s.step());
            epoch.append(s.epoch());
            layer.append(s.layer());
            FIELDS.forEach((k, f) -> values.get(k).append(f.applyAsDouble(s)));
            distinct.append(s.distinctUnits());
            maxDiff.append(s.maxUnitDifference());
        }
        Table t = Table.create("probes", step, epoch, layer);
        values.values().forEach(t::addColumns);
        return t.addColumns(distinct, maxDiff);
    }

    /**
     * The layers of a run at one recorded step, one row each: the health check of makemore
     * (scale of activations and gradients, saturation, dead units, update-to-weight ratio).
     */
    public static Table layerSummary(History run, long step) {
        List<LayerStats> at = run.probesAt(step);
        if (at.isEmpty()) {
            if (run.probes().isEmpty()) throw new IllegalArgumentException("no probe records: train with .probe(Probe.every(n))");
            long last = run.probes().getLast().step();
            throw new IllegalArgumentException("step " + step + " was not probed; recorded steps run from 0 to " + last
                    + (run.probes().size() > 1 ? " every " + probeInterval(run) : ""));
        }
        Table full = probes(at);
        Table t = full.selectColumns("layer", "pre_std", "act_mean", "act_std", "saturated", "dead", "grad_std",
                "weight_std", "grad_to_weight", "update_to_weight", "distinct_units");
        t.setName(run.label() + ", step " + step);
        return t;
    }

    private static long probeInterval(History run) {
        long first = run.probes().getFirst().step();
        return run.probes().stream().mapToLong(LayerStats::step).filter(s -> s > first).findFirst().orElse(1) - first;
    }

    /**
     * A long table made wide: one row per value of {@code rowColumn}, one column per value of
     * {@code columnColumn}, each cell the aggregate of {@code valueColumn} over the rows that
     * match. Rows and columns keep the order in which their values first appear (a sweep's grid
     * order), which Tablesaw's own {@code pivot} does not promise; a cell with no value is missing.
     */
    public static Table pivot(Table table, String rowColumn, String columnColumn, String valueColumn, Aggregate aggregate) {
        Column<?> rows = table.column(rowColumn), cols = table.column(columnColumn);
        NumericColumn<?> values = numeric(table, valueColumn);
        Map<String, Integer> rowIndex = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> cells = new LinkedHashMap<>();
        List<String> colKeys = new ArrayList<>();
        Column<?> rowLabels = rows.emptyCopy();
        for (int i = 0; i < table.rowCount(); i++) {
            String r = rows.getString(i), c = cols.getString(i);
            if (!rowIndex.containsKey(r)) {
                rowIndex.put(r, rowIndex.size());
                appendFrom(rowLabels, rows, i);
            }
            if (!colKeys.contains(c)) colKeys.add(c);
            List<Double> cell = cells.computeIfAbsent(r, k -> new LinkedHashMap<>()).computeIfAbsent(c, k -> new ArrayList<>());
            if (!values.isMissing(i)) cell.add(values.getDouble(i));
        }
        Table wide = Table.create(aggregate.name().toLowerCase(Locale.ROOT) + " " + valueColumn + " by " + rowColumn + " and " + columnColumn, rowLabels);
        for (String c : colKeys) {
            DoubleColumn col = DoubleColumn.create(c);
            for (String r : rowIndex.keySet()) {
                List<Double> cell = cells.get(r).get(c);
                col.append(cell == null ? Double.NaN : aggregate.apply(cell.stream().mapToDouble(Double::doubleValue).toArray()));
            }
            wide.addColumns(col);
        }
        return wide;
    }

    /** A copy of {@code table} with a leading column {@code name} holding {@code value} in every row (which data set a table is of, say). */
    public static Table labelled(Table table, String name, String value) {
        Table copy = table.copy();
        StringColumn column = StringColumn.create(name);
        for (int i = 0; i < copy.rowCount(); i++) column.append(value);
        copy.insertColumn(0, column);
        return copy;
    }

    /**
     * Spread of {@code valueColumn} within each group (e.g. over seeds): the group columns, then
     * mean, std (sample, n-1), min, max, n (values present) and missing (rows without a value,
     * such as diverged runs). Groups keep the order in which they first appear.
     */
    public static Table meanAndSpread(Table table, String valueColumn, String... groupColumns) {
        if (groupColumns.length == 0) throw new IllegalArgumentException("name at least one column to group by");
        NumericColumn<?> values = numeric(table, valueColumn);
        List<Column<?>> groups = Arrays.stream(groupColumns).<Column<?>>map(table::column).toList();
        List<Column<?>> keys = groups.stream().<Column<?>>map(Column::emptyCopy).toList();
        Map<List<String>, List<Double>> present = new LinkedHashMap<>();
        Map<List<String>, Integer> missing = new LinkedHashMap<>();
        for (int i = 0; i < table.rowCount(); i++) {
            final int row = i;
            List<String> key = groups.stream().map(g -> g.getString(row)).toList();
            if (!present.containsKey(key)) {
                present.put(key, new ArrayList<>());
                missing.put(key, 0);
                for (int g = 0; g < groups.size(); g++) appendFrom(keys.get(g), groups.get(g), i);
            }
            if (values.isMissing(i)) missing.merge(key, 1, Integer::sum);
            else present.get(key).add(values.getDouble(i));
        }
        DoubleColumn mean = DoubleColumn.create("mean"), std = DoubleColumn.create("std"),
                min = DoubleColumn.create("min"), max = DoubleColumn.create("max");
        IntColumn n = IntColumn.create("n"), miss = IntColumn.create("missing");
        present.forEach((key, list) -> {
            double[] v = list.stream().mapToDouble(Double::doubleValue).toArray();
            mean.append(Aggregate.MEAN.apply(v));
            std.append(Aggregate.STD.apply(v));
            min.append(Aggregate.MIN.apply(v));
            max.append(Aggregate.MAX.apply(v));
            n.append(v.length);
            miss.append(missing.get(key));
        });
        Table t = Table.create(valueColumn + " by " + String.join(", ", groupColumns));
        keys.forEach(t::addColumns);
        return t.addColumns(mean, std, min, max, n, miss);
    }

    /**
     * A copy with every double rounded to {@code significantDigits} significant digits, so printed
     * tables stay stable across platforms and runs that differ in the last bits.
     */
    public static Table round(Table table, int significantDigits) {
        if (significantDigits < 1) throw new IllegalArgumentException("need at least 1 significant digit, got " + significantDigits);
        MathContext mc = new MathContext(significantDigits);
        Table copy = table.copy();
        for (Column<?> c : copy.columns()) {
            if (!(c instanceof DoubleColumn d)) continue;
            for (int i = 0; i < d.size(); i++) {
                double v = d.getDouble(i);
                if (Double.isFinite(v) && v != 0) d.set(i, new BigDecimal(v).round(mc).doubleValue());
            }
        }
        return copy;
    }

    private static NumericColumn<?> numeric(Table table, String name) {
        if (!(table.column(name) instanceof NumericColumn<?> n))
            throw new IllegalArgumentException("column " + name + " of " + table.name() + " is not numeric");
        return n;
    }

    @SuppressWarnings("unchecked")
    private static <T> void appendFrom(Column<T> to, Column<?> from, int row) {
        to.append((Column<T>) from, row);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Sample standard deviation (n - 1); NaN for a single value, whose spread is unknown. */
    private static double std(double[] v) {
        if (v.length < 2) return Double.NaN;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }
}

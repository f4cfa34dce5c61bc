package org.initlab.table;

import org.initlab.data.Dataset;
import org.initlab.data.Generators;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Loss;
import org.initlab.nn.Network;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.probe.LayerStats;
import org.initlab.probe.Probe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TablesTest {

    static History run, diverged;
    static Map<String, History> runs;

    @BeforeAll
    static void train() {
        Dataset.Split moons = Generators.moons(160, 0.15, 1).split(0.25, 2).standardized();
        run = Trainer.of(Optimizer.sgd(0.1)).epochs(3).batchSize(20).seed(1).probe(Probe.every(2))
                .fit(Network.mlp(2, 8, 8, 2).activation(Activation.TANH).init(Init.xavierNormal()).seed(1).build(), moons);
        diverged = Trainer.of(Optimizer.sgd(5)).loss(Loss.meanSquaredError()).epochs(3).seed(1)
                .fit(Network.mlp(2, 16, 16, 2).activation(Activation.RELU).init(Init.normal(3)).seed(1).build(), moons);
        assertTrue(diverged.diverged());
        runs = new LinkedHashMap<>();
        runs.put("xavier", run);
        runs.put("too big", diverged);
    }

    @Test
    void compareSeedsGivesMedianAndRangeOverTheSeedsThatCompleted() {
        Map<String, List<History>> groups = new LinkedHashMap<>();
        groups.put("one seed", List.of(run));
        groups.put("with a diverged seed", List.of(run, diverged));
        Table t = Tables.compareSeeds(groups, 0.5);
        assertEquals(2, t.rowCount());
        assertEquals("1 of 1 seeds", t.stringColumn("completed").get(0));
        assertEquals("1 of 2 seeds", t.stringColumn("completed").get(1), "a diverged seed is counted, not averaged in");
        String acc = String.format(java.util.Locale.ROOT, "%.4g", run.last().testAccuracy());
        assertEquals(acc + " (" + acc + "-" + acc + ")", t.stringColumn("test_accuracy").get(1));
        assertEquals("0.5000 (0.1000-0.9000)", Tables.spread(new double[]{0.9, 0.1, 0.5}));
        assertEquals("-", Tables.spread(new double[0]));
        assertEquals("82 (78-107)", Tables.spread(new double[]{107, 78, 82}, "%.0f"));
        assertEquals(4, Tables.compareSeeds(groups, Double.NaN).columnCount(), "no target: no steps column");
    }

    @Test
    void epochsHasOneRowPerEvaluation() {
        Table t = Tables.epochs(run);
        assertEquals(List.of("epoch", "step", "train_loss", "train_accuracy", "test_loss", "test_accuracy"), t.columnNames());
        assertEquals(run.epochs().size(), t.rowCount());
        for (int i = 0; i < t.rowCount(); i++) {
            History.Epoch e = run.epochs().get(i);
            assertEquals(e.epoch(), t.intColumn("epoch").getInt(i));
            assertEquals(e.step(), t.intColumn("step").getInt(i));
            assertEquals(e.trainLoss(), t.doubleColumn("train_loss").getDouble(i));
            assertEquals(e.trainAccuracy(), t.doubleColumn("train_accuracy").getDouble(i));
            assertEquals(e.testLoss(), t.doubleColumn("test_loss").getDouble(i));
            assertEquals(e.testAccuracy(), t.doubleColumn("test_accuracy").getDouble(i));
        }
    }

    @Test
    void compareHasOneRowPerRunAndHidesADivergedRunsNumbers() {
        Table t = Tables.compare(runs, 0.5);
        assertEquals(List.of("run", "status", "epochs", "steps", "train_loss", "train_accuracy", "test_loss", "test_accuracy",
                "steps_to_target", "stopped_at_step"), t.columnNames());
        assertEquals(List.of("xavier", "too big"), t.stringColumn("run").asList());
        assertEquals(List.of("completed", "diverged"), t.stringColumn("status").asList());
        assertEquals(3, t.intColumn("epochs").getInt(0));
        assertEquals(run.stepLosses().length, t.intColumn("steps").getInt(0));
        assertEquals(run.finalTrainLoss(), t.doubleColumn("train_loss").getDouble(0));
        assertEquals(run.finalTestAccuracy(), t.doubleColumn("test_accuracy").getDouble(0));
        long toTarget = run.stepsToLoss(0.5);
        if (toTarget < 0) assertTrue(t.intColumn("steps_to_target").isMissing(0));
        else assertEquals(toTarget, t.intColumn("steps_to_target").getInt(0));
        assertTrue(t.intColumn("stopped_at_step").isMissing(0));
        assertTrue(t.doubleColumn("test_accuracy").isMissing(1), "a diverged run has no final accuracy");
        assertEquals(diverged.stopStep(), t.intColumn("stopped_at_step").getInt(1));
        assertFalse(Tables.compare(runs).columnNames().contains("steps_to_target"), "no target, no column");
    }

    @Test
    void probesHasOneRowPerLayerPerRecordedStep() {
        Table t = Tables.probes(run.probes());
        assertEquals(run.probes().size(), t.rowCount());
        assertEquals(List.of("step", "epoch", "layer", "pre_mean", "pre_std", "act_mean", "act_std", "saturated", "dead",
                "grad_mean", "grad_std", "weight_std", "weight_grad_norm", "weight_grad_std", "grad_to_weight", "update_to_weight",
                "distinct_units", "max_unit_difference"), t.columnNames());
        LayerStats s = run.probes().get(4);
        assertEquals(s.step(), t.intColumn("step").getInt(4));
        assertEquals(s.layer(), t.intColumn("layer").getInt(4));
        assertEquals(s.actStd(), t.doubleColumn("act_std").getDouble(4));
        assertEquals(s.updateToWeight(), t.doubleColumn("update_to_weight").getDouble(4));
        assertEquals(s.distinctUnits(), t.intColumn("distinct_units").getInt(4));
        assertEquals(s.maxUnitDifference(), t.doubleColumn("max_unit_difference").getDouble(4));
    }

    @Test
    void layerSummaryShowsTheLayersAtOneStep() {
        Table t = Tables.layerSummary(run, 2);
        assertEquals(3, t.rowCount());
        assertEquals(List.of(0, 1, 2), t.intColumn("layer").asList());
        assertEquals(run.probesAt(2).get(1).gradStd(), t.doubleColumn("grad_std").getDouble(1));
        assertTrue(t.name().endsWith("step 2"));
        var e = assertThrows(IllegalArgumentException.class, () -> Tables.layerSummary(run, 3));
        assertTrue(e.getMessage().contains("every 2"), e.getMessage());
    }

    static Table sweep() {
        return Table.create("sweep",
                StringColumn.create("initializer", "zeta", "zeta", "zeta", "zeta", "alpha", "alpha", "alpha", "alpha"),
                IntColumn.create("depth", 8, 8, 2, 2, 8, 8, 2, 2),
                DoubleColumn.create("acc", 0.5, 0.7, 0.9, 0.8, Double.NaN, Double.NaN, 0.6, 0.4));
    }

    @Test
    void pivotKeepsTheOrderValuesFirstAppearIn() {
        Table wide = Tables.pivot(sweep(), "initializer", "depth", "acc", Tables.Aggregate.MEAN);
        assertEquals(List.of("initializer", "8", "2"), wide.columnNames(), "not sorted: grid order");
        assertEquals(List.of("zeta", "alpha"), wide.stringColumn("initializer").asList());
        assertEquals(0.6, wide.doubleColumn("8").getDouble(0), 1e-12);
        assertEquals(0.85, wide.doubleColumn("2").getDouble(0), 1e-12);
        assertTrue(wide.doubleColumn("8").isMissing(1), "every run of the cell diverged");
        assertEquals(0.5, wide.doubleColumn("2").getDouble(1), 1e-12);

        Table counts = Tables.pivot(sweep(), "depth", "initializer", "acc", Tables.Aggregate.COUNT);
        assertEquals(List.of(8, 2), counts.intColumn("depth").asList(), "the row column keeps its type");
        assertEquals(0, counts.doubleColumn("alpha").getDouble(0));
        assertEquals(Math.sqrt(0.02), Tables.pivot(sweep(), "initializer", "depth", "acc", Tables.Aggregate.STD).doubleColumn("2").getDouble(1), 1e-12);
        assertEquals(0.9, Tables.pivot(sweep(), "initializer", "depth", "acc", Tables.Aggregate.MAX).doubleColumn("2").getDouble(0));
        assertEquals(0.5, Tables.pivot(sweep(), "initializer", "depth", "acc", Tables.Aggregate.MEDIAN).doubleColumn("2").getDouble(1), 1e-12);
    }

    @Test
    void meanAndSpreadSummarizesEachGroup() {
        Table t = Tables.meanAndSpread(sweep(), "acc", "initializer", "depth");
        assertEquals(List.of("initializer", "depth", "mean", "std", "min", "max", "n", "missing"), t.columnNames());
        assertEquals(4, t.rowCount());
        assertEquals(List.of("zeta", "zeta", "alpha", "alpha"), t.stringColumn("initializer").asList());
        assertEquals(List.of(8, 2, 8, 2), t.intColumn("depth").asList());
        assertEquals(0.6, t.doubleColumn("mean").getDouble(0), 1e-12);
        assertEquals(Math.sqrt(0.02), t.doubleColumn("std").getDouble(0), 1e-12);
        assertEquals(0.5, t.doubleColumn("min").getDouble(0));
        assertEquals(0.7, t.doubleColumn("max").getDouble(0));
        assertEquals(2, t.intColumn("n").getInt(0));
        assertEquals(0, t.intColumn("n").getInt(2));
        assertEquals(2, t.intColumn("missing").getInt(2));
        assertTrue(t.doubleColumn("mean").isMissing(2));

        Table byInit = Tables.meanAndSpread(sweep(), "acc", "initializer");
        assertEquals(0.725, byInit.doubleColumn("mean").getDouble(0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Tables.meanAndSpread(sweep(), "acc"));
        assertThrows(IllegalArgumentException.class, () -> Tables.meanAndSpread(sweep(), "initializer", "depth"));
    }

    @Test
    void roundKeepsSignificantDigitsInACopy() {
        Table t = Table.create("t", DoubleColumn.create("x", 0.123456, 12345.6, -0.000987654, 0, Double.NaN), IntColumn.create("n", 123456, 1, 2, 3, 4));
        Table r = Tables.round(t, 3);
        assertEquals(List.of(0.123, 12300.0, -0.000988, 0.0), r.doubleColumn("x").asList().subList(0, 4));
        assertTrue(r.doubleColumn("x").isMissing(4));
        assertEquals(123456, r.intColumn("n").getInt(0), "integers are left alone");
        assertEquals(0.123456, t.doubleColumn("x").getDouble(0), "the original is untouched");
        assertThrows(IllegalArgumentException.class, () -> Tables.round(t, 0));
    }
}

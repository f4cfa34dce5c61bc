package org.initlab.experiment;

import org.initlab.data.FashionMnist;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ShowdownExperimentsTest {

    /** A hand-made sweep table: two initializers, two activations, depth 20, two seeds; one diverged run. */
    static Table fake() {
        StringColumn init = StringColumn.create("initializer", "a", "a", "a", "a", "b", "b", "b", "b");
        StringColumn act = StringColumn.create("activation", "tanh", "tanh", "relu", "relu", "tanh", "tanh", "relu", "relu");
        IntColumn depth = IntColumn.create("depth", 20, 20, 20, 20, 20, 20, 20, 20);
        StringColumn status = StringColumn.create("status", "completed", "completed", "completed", "completed", "completed", "completed", "diverged", "completed");
        DoubleColumn acc = DoubleColumn.create("test_accuracy", 0.9, 0.8, 0.5, 0.6, 0.7, 0.7, Double.NaN, 0.95);
        return Table.create("fake", init, act, depth, status, acc);
    }

    @Test
    void recommendationRanksByMeanWithDivergedRunsAtChance() {
        Table t = fake();
        assertEquals(0.85, ShowdownExperiments.scoredMean(t, "a", "tanh", 20, 0.1), 1e-12);
        assertEquals((0.1 + 0.95) / 2, ShowdownExperiments.scoredMean(t, "b", "relu", 20, 0.1), 1e-12);
        assertEquals(1, ShowdownExperiments.diverged(t, "b", "relu", 20));
        Table r = ShowdownExperiments.recommend(t, 20);
        assertEquals(2, r.rowCount());
        assertEquals("tanh", r.stringColumn("activation").get(0));
        assertEquals("a", r.stringColumn("best initializer").get(0));
        assertEquals(0.15, r.doubleColumn("margin").get(0), 1e-12);
        assertEquals("a", r.stringColumn("best initializer").get(1), "b's diverged seed counts at chance: 0.525 < 0.55");
        assertThrows(IllegalArgumentException.class, () -> ShowdownExperiments.scoredMean(t, "a", "tanh", 8, 0.1));
    }

    @Test
    void settingsAndGrid() {
        var d = ShowdownExperiments.Setting.DEFAULT;
        assertEquals(List.of(2, 8, 20), d.depths());
        assertEquals(Repeat.SEEDS, d.seeds());
        assertEquals(8 * 3 * 3 * Repeat.SEEDS, ShowdownExperiments.sweep(ScaleExperiments.digits(), d).cells().size());
        var claims = ShowdownExperiments.Setting.CLAIMS;
        assertEquals(0, claims.fashionTrain(), "the catalog's slice is digits only");
        assertEquals(List.of(2, 20), claims.depths());
        assertEquals(key(d, 20), key(claims, 20), "the slice is part of the default's digits runs: notebook 07 and the catalog share them");
        assertNotEquals(key(d, 20), key(d.learningRate(0.01), 20));
        assertNotEquals(key(d, 20), key(d, 8));
        assertEquals(key(d, 20), key(d.threads(1), 20), "threads do not change the runs");
        assertThrows(IllegalArgumentException.class, () -> new ShowdownExperiments.Setting("x", 32, 5, 3, 100, 0, List.of(2), 2, 0.01));
        assertThrows(IllegalArgumentException.class, () -> d.learningRate(0));
        assertEquals(0.005, d.learningRate(0.005).learningRate());
        assertEquals(List.of(20), d.depths(20).depths());
        assertTrue(ShowdownExperiments.nonRandom("zeros") && ShowdownExperiments.nonRandom("constant(0.1)") && !ShowdownExperiments.nonRandom("he_normal"));
        assertTrue(ShowdownExperiments.uncontrolled("normal(0, 0.01)") && !ShowdownExperiments.uncontrolled("lecun_normal"));
    }

    /** The memo key of a setting's digits grid at one depth. */
    static String key(ShowdownExperiments.Setting s, int depth) {
        return ShowdownExperiments.fingerprint(ShowdownExperiments.sweep(org.initlab.data.DataSpec.digits(), s).depths(depth));
    }

    @Test
    void aGridInViewSharesTheSettingsRunsAndNamesItsCells() {
        var tiny = new ShowdownExperiments.Setting("tiny-view", 8, 1, 2, 0, 0, List.of(2, 3), 2, 0.01);
        var fromSetting = ShowdownExperiments.run(tiny).results().get("digits");
        // The same grid written out as a chapter writes it, on another thread count.
        Sweep grid = Sweep.on(org.initlab.data.DataSpec.digits()).hiddenWidth(8)
                .initializers(ShowdownExperiments.initializers().toArray(org.initlab.init.Initializer[]::new))
                .activations(ShowdownExperiments.activations().toArray(org.initlab.nn.Activation[]::new)).depths(2, 3).seeds(2)
                .trainer(org.initlab.nn.Trainer.of(org.initlab.nn.Optimizer.momentum(0.01, 0.9)).epochs(1).batchSize(32)
                        .evaluation(org.initlab.nn.Trainer.Evaluation.END_ONLY))
                .threads(1).targetLoss(ShowdownExperiments.TARGET_LOSS);
        var inView = ShowdownExperiments.run(grid, p -> {});
        for (int i = 0; i < inView.runs().size(); i++) assertSame(fromSetting.runs().get(i), inView.runs().get(i), "run " + i + " is shared");
        // One cell, from the result and, for a cell the grid lacks, by the grid narrowed to it.
        var he = ShowdownExperiments.cell(grid, inView, org.initlab.init.Init.heNormal(), org.initlab.nn.Activation.RELU, 3);
        assertEquals("he_normal, relu, depth 3", he.label());
        assertEquals(2, he.seeds());
        var narrowed = ShowdownExperiments.cell(grid.depths(2), grid.depths(2).run(), org.initlab.init.Init.heNormal(), org.initlab.nn.Activation.RELU, 3);
        assertEquals(2, narrowed.sameAs(he, org.initlab.nn.History::stepLosses), "trained for the missing cell: the sweep's very runs");
        var lsuv = ShowdownExperiments.cell(grid, inView, org.initlab.init.Init.lsuv(), org.initlab.nn.Activation.TANH, 2);
        assertEquals(2, lsuv.seeds(), "a start outside the grid is trained, not missing");
        // A diverged run counts at chance.
        for (var h : he.results()) assertEquals(h.diverged() ? 0.1 : h.finalTestAccuracy(), ShowdownExperiments.scoredAccuracy(h));
    }

    @Test
    void aShowdownOfGridsInViewAndItsTables() {
        var tiny = new ShowdownExperiments.Setting("tiny-grids", 8, 1, 2, 0, 0, List.of(2, 3), 2, 0.01);
        var fromSetting = ShowdownExperiments.run(tiny);
        Sweep grid = ShowdownExperiments.sweep(org.initlab.data.DataSpec.digits(), tiny);
        var inView = ShowdownExperiments.run("mine", List.of(grid), name -> done -> {});
        assertEquals(List.of("digits"), List.copyOf(inView.results().keySet()));
        assertEquals(List.of(), inView.missing());
        Sweep.Result digits = inView.on(org.initlab.data.DataSpec.digits());
        assertSame(fromSetting.results().get("digits").runs().getFirst(), digits.runs().getFirst(), "equal grids share their runs");
        assertNull(inView.on(org.initlab.data.DataSpec.digits(2)), "a data set the showdown did not run on");
        assertEquals(digits.runs().size(), ShowdownExperiments.sameRuns(digits, fromSetting.results().get("digits")));
        assertEquals(digits.runs().size(), ShowdownExperiments.sameRuns(digits, null, digits));
        assertEquals(0, ShowdownExperiments.sameRuns(digits, (Sweep.Result) null));
        var faster = ShowdownExperiments.run(grid.trainer(ShowdownExperiments.trainer(tiny.learningRate(0.02))), p -> {});
        assertEquals(0, ShowdownExperiments.sameRuns(digits, faster), "another rate, other runs");
        Table scored = ShowdownExperiments.scoredTable(digits);
        assertEquals(8 * 3 * 2, scored.rowCount(), "one row per start, activation and depth");
        for (int r = 0; r < scored.rowCount(); r++) {
            String i = scored.stringColumn("initializer").get(r), a = scored.stringColumn("activation").get(r);
            int d = scored.intColumn("depth").get(r);
            assertEquals(ShowdownExperiments.scoredMean(digits.table(), i, a, d, 0.1), scored.doubleColumn("mean test accuracy").get(r));
            assertTrue(scored.doubleColumn("lowest seed").get(r) <= scored.doubleColumn("highest seed").get(r));
        }
        assertEquals(1, inView.heatMaps(3).size());
        assertEquals(0, inView.heatMaps(20).size(), "no runs at depth 20: no heat map");
        assertTrue(inView.picks(3).startsWith("digits, tanh: **"), inView.picks(3));
        assertTrue(inView.stepsToTarget(2).rowCount() > 0);
        assertEquals("recommendation at depth 3 (mine)", inView.recommendations(3).name());
    }

    @Test
    void installedSaysWhetherTheDataCanBeRead() {
        assertTrue(ShowdownExperiments.installed(org.initlab.data.DataSpec.digits()), "the digits ship with the lab");
        String before = System.getProperty(org.initlab.data.FashionMnist.FOLDER_VARIABLE);
        System.setProperty(org.initlab.data.FashionMnist.FOLDER_VARIABLE, "/nonexistent/fashion-mnist");
        try {
            assertFalse(ShowdownExperiments.installed(org.initlab.data.DataSpec.fashionMnist(10, 10)));
        } finally {
            if (before == null) System.clearProperty(org.initlab.data.FashionMnist.FOLDER_VARIABLE);
            else System.setProperty(org.initlab.data.FashionMnist.FOLDER_VARIABLE, before);
        }
    }

    @Test
    void theShapeComparisonRunsFromAFreshStart() {
        // It once ran in a holder class's static initializer with a progress callback of that class: the sweep's
        // workers waited for the class's initialization, which waited for them. The timeout turns such a hang into a failure.
        var shapes = assertTimeoutPreemptively(java.time.Duration.ofMinutes(10), ShowdownExperiments::shapeComparison);
        assertEquals(List.of("tanh", "relu"), List.copyOf(shapes.keySet()));
        assertEquals(5 * Repeat.SEEDS, shapes.get("tanh").runs().size());
        assertSame(shapes, ShowdownExperiments.shapeComparison(), "computed once");
        assertEquals(10 * Repeat.SEEDS, ShowdownExperiments.shapeRuns().runs().size());
    }

    @Test
    void claimsSliceRecommendsHeForReluAtDepth20() {
        // The catalog decides on 5 seeds (./initlab claims); 2 keep this test quick and already show it.
        Table r = ShowdownExperiments.run(ShowdownExperiments.Setting.CLAIMS.seeds(2)).recommendations(20);
        assertEquals(3, r.rowCount());
        assertEquals("relu", r.stringColumn("activation").get(1));
        assertEquals("he_normal", r.stringColumn("best initializer").get(1));
        assertTrue(r.doubleColumn("worst accuracy").get(1) <= 0.11);
    }

    @Test
    void settingsShareTheirRunsDepthByDepth() {
        var tiny = new ShowdownExperiments.Setting("tiny", 8, 1, 2, 0, 0, List.of(2, 3), 2, 0.01);
        var both = ShowdownExperiments.run(tiny).results().get("digits");
        var alone = ShowdownExperiments.sweep(ScaleExperiments.digits(), tiny).run();
        assertEquals(alone.table().toString(), both.table().toString(), "combined per depth, in the grid's order, the same runs");
        var deep = ShowdownExperiments.run(new ShowdownExperiments.Setting("other", 8, 1, 2, 0, 0, List.of(3), 1, 0.01)).results().get("digits");
        for (int i = 0; i < deep.runs().size(); i++)
            assertSame(deep.runs().get(i), both.runs().stream().filter(r -> r.cell().depth() == 3).toList().get(i), "depth 3's runs are shared");
        assertNotSame(both.runs().getFirst(), ShowdownExperiments.run(tiny.learningRate(0.02)).results().get("digits").runs().getFirst());
    }

    @Test
    void runsOnBothDataSets() {
        assumeTrue(FashionMnist.isAvailable(), "Fashion-MNIST not installed");
        var tiny = new ShowdownExperiments.Setting("tiny", 8, 1, 1, 200, 100, List.of(2), 2, 0.01);
        var s = ShowdownExperiments.run(tiny);
        assertEquals(List.of("digits", "fashion-mnist"), List.copyOf(s.results().keySet()));
        Table t = s.table();
        assertEquals(2 * 8 * 3, t.rowCount());
        assertEquals("data", t.column(0).name());
        assertEquals(2 * 3, s.recommendations(2).rowCount());
        assertEquals(2 * 8 * 3, s.summary().rowCount());
        assertTrue(s.wallSeconds() > 0);
    }
}

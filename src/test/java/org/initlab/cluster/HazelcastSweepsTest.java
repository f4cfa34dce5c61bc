package org.initlab.cluster;

import org.initlab.data.DataSpec;
import org.initlab.experiment.Sweep;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

/** The sweep engine on Hazelcast members started in this JVM: the whole path, tasks serialized both ways. */
class HazelcastSweepsTest {

    /** 3 starts x 2 activations x 2 depths x 2 seeds on the digits, one epoch: 24 runs, one of which diverges (N(0, 1), SELU, depth 4). */
    static final Sweep GRID = Sweep.on(DataSpec.digits()).hiddenWidth(16)
            .initializers(Init.zeros(), Init.heNormal(), Init.normal(1.0)).activations(Activation.TANH, Activation.SELU)
            .depths(2, 4).seeds(2).trainer(Trainer.of(Optimizer.sgd(0.5)).epochs(1)).targetLoss(1.0);

    static HazelcastSweeps cluster;

    @BeforeAll static void start() { cluster = HazelcastSweeps.embedded(2, 1); }

    @AfterAll static void stop() { if (cluster != null) cluster.close(); }

    /** Every cell of two tables, as bits: doubles by Double.equals (NaN equal to NaN, 0.0 not to -0.0), missing as missing. */
    static void assertSameTable(Table expected, Table actual) {
        assertEquals(expected.columnNames(), actual.columnNames());
        assertEquals(expected.rowCount(), actual.rowCount());
        for (int c = 0; c < expected.columnCount(); c++)
            for (int r = 0; r < expected.rowCount(); r++)
                assertEquals(expected.column(c).get(r), actual.column(c).get(r), expected.column(c).name() + ", row " + r);
    }

    @Test
    void theClusterGivesTheLocalTableBitForBit() {
        Sweep.Result local = GRID.run();
        ConcurrentLinkedQueue<Integer> heard = new ConcurrentLinkedQueue<>();
        Sweep.Result remote = GRID.runOn(cluster, p -> { assertEquals(24, p[1]); heard.add(p[0]); });
        assertSameTable(local.table(), remote.table());
        assertEquals(24, remote.runs().size());
        assertEquals(24, heard.size(), "progress heard once per run");
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 24).boxed().toList(), heard.stream().sorted().toList());
        // The histories came back whole, not only their rows.
        for (int i = 0; i < 24; i++) assertArrayEquals(local.runs().get(i).history().stepLosses(), remote.runs().get(i).history().stepLosses());
        var status = remote.table().stringColumn("status");
        assertTrue(status.countOccurrences("diverged") > 0, "the grid has diverging runs, and they are rows: " + status.asList());
        assertTrue(status.countOccurrences("completed") > 0);
        assertEquals(2, cluster.members().size());
    }

    @Test
    void membersReportTheirMachineAndData() {
        var reports = cluster.survey(java.util.Set.of(DataSpec.digits()));
        assertEquals(2, reports.size());
        for (var r : reports) {
            assertTrue(r.problems().isEmpty(), r.toString());
            assertEquals(1, r.threads());
            assertTrue(r.address().startsWith("127.0.0.1:"), r.address());
        }
    }

    @Test
    void aCustomInitializerIsCodeAndStopsTheSweepBeforeAnyRun() {
        var custom = GRID.initializers(Init.custom("mine", (fanIn, fanOut, rng) -> 0.01 * rng.nextGaussian()));
        var e = assertThrows(IllegalArgumentException.class, () -> custom.runOn(cluster));
        assertTrue(e.getMessage().contains("cannot be sent to a worker: it holds code, not data"), e.getMessage());
    }

    @Test
    void dataGivenAsAnObjectCannotGoToACluster() {
        var e = assertThrows(IllegalStateException.class, () -> Sweep.on(DataSpec.digits().read()).runOn(cluster));
        assertTrue(e.getMessage().contains("exists only as an object on this machine"), e.getMessage());
    }

    @Test
    void aMemberWithoutTheDataSetStopsTheSweepBeforeAnyRun() throws Exception {
        Path empty = Files.createTempDirectory("no-fashion");
        String before = System.getProperty("INITLAB_FASHION_MNIST");
        System.setProperty("INITLAB_FASHION_MNIST", empty.toString());
        try {
            var sweep = Sweep.on(DataSpec.digits()).seeds(1).trainer(Trainer.of(Optimizer.sgd(0.1)).epochs(1));
            // The sweep itself needs the data here too; ask the engine with a run spec naming the missing set instead.
            var run = new org.initlab.experiment.RunSpec(DataSpec.fashionMnist(10, 10), sweep.cells().getFirst().spec(), sweep.trainer());
            var e = assertThrows(IllegalStateException.class, () -> cluster.train(List.of(run), (i, h) -> fail("no run may start")));
            assertTrue(e.getMessage().startsWith("no run was started: member 127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().contains("fashion-mnist(10, 10): Fashion-MNIST is not installed in " + empty), e.getMessage());
            assertTrue(e.getMessage().contains("sudo apt-get install dataset-fashion-mnist"), e.getMessage());
        } finally {
            if (before == null) System.clearProperty("INITLAB_FASHION_MNIST"); else System.setProperty("INITLAB_FASHION_MNIST", before);
        }
    }

    @Test
    void anUnreachableClusterIsNamed() {
        var e = assertThrows(IllegalStateException.class, () -> HazelcastSweeps.connect("initlab", List.of("127.0.0.1:1"), 1500));
        assertTrue(e.getMessage().startsWith("cannot reach the cluster 'initlab' at 127.0.0.1:1: no member answered within 1.5 s"), e.getMessage());
    }

    @Test
    void aLostMemberCostsTimeNotRuns() throws Exception {
        var longer = GRID.initializers(Init.heNormal()).activations(Activation.TANH).depths(3).seeds(8).trainer(Trainer.of(Optimizer.sgd(0.05)).epochs(4));
        Sweep.Result local = longer.run();
        try (var three = HazelcastSweeps.embedded(3, 1)) {
            var lost = three.started().get(2);
            CountDownLatch first = new CountDownLatch(1);
            Thread killer = Thread.ofVirtual().start(() -> {
                try {
                    first.await();
                    lost.getLifecycleService().terminate(); // as a crash: no goodbye, its running task's backup is rerun elsewhere
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            Sweep.Result remote = longer.runOn(three, p -> first.countDown());
            killer.join();
            assertFalse(lost.getLifecycleService().isRunning());
            assertEquals(2, three.members().size(), "one member is gone");
            assertSameTable(local.table(), remote.table());
        }
    }
}

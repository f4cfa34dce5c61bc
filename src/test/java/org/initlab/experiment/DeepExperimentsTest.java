package org.initlab.experiment;

import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.Normalization;
import org.initlab.nn.Residual;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DeepExperimentsTest {

    /** A completed run whose last epoch has test accuracy {@code acc}, or a diverged one when acc is NaN. */
    private static History run(double acc) {
        boolean diverged = Double.isNaN(acc);
        return new History("r", List.of(new History.Epoch(1, 1, 1, 0, 1, diverged ? 0 : acc)), new double[]{acc}, List.of(),
                diverged ? History.Status.DIVERGED : History.Status.COMPLETED, diverged ? 1 : -1, "");
    }

    @Test
    void aScaleSweepKeepsScalesAndSeedsInOrder() {
        double[] scales = {0.1, 1, 10};
        // accuracy 0.9 at scale 1 only; seed 2 at scale 10 diverges (counted as 0)
        var sweep = DeepExperiments.ScaleSweep.over(3, "none", scales,
                (s, seed) -> s == 10 && seed == 2 ? run(Double.NaN) : run(s == 1 ? 0.9 : 0.1 * seed));
        assertEquals(3, sweep.runs().size());
        assertEquals("none, x10", sweep.at(2).label());
        assertEquals(Spread.of(0.1, 0.2, 0.1 * 3), sweep.accuracy(0));
        assertEquals(Spread.of(0.1, 0, 0.1 * 3), sweep.accuracy(2));
        assertEquals(1, sweep.scalesReaching(0.8));
        assertEquals(3, sweep.scalesReaching(0.1));
        assertEquals(9, sweep.sameAs(sweep));
        var other = DeepExperiments.ScaleSweep.over(3, "other", scales, (s, seed) -> run(s == 1 && seed == 3 ? 0.5 : s == 1 ? 0.9 : 0.1 * seed));
        assertEquals(7, sweep.sameAs(other)); // seed 3 at scale 1 and seed 2 at scale 10 differ
        var table = DeepExperiments.sweepTable(List.of(sweep, sweep));
        assertEquals(List.of("scale s", "none", "none (2)"), table.columnNames());
        assertNotNull(DeepExperiments.sweepChart("t", List.of(sweep, other), 0.8));
    }

    @Test
    void theScaleSweepScalesTheHiddenLayersOnly() {
        Network one = DeepExperiments.sweepNet(1, "batchnorm", 4).build(), ten = DeepExperiments.sweepNet(10, "batchnorm", 4).build();
        int last = one.depth() - 1;
        for (int l = 0; l < last; l++)
            for (int i = 0; i < 3; i++)
                assertEquals(10 * one.layer(l).weights().get(i, 0), ten.layer(l).weights().get(i, 0), 1e-12, "hidden layer " + l + ": x10");
        for (int i = 0; i < 10; i++)
            assertEquals(one.layer(last).weights().get(i, 1), ten.layer(last).weights().get(i, 1), "the output layer stays at He's scale");
        // He's std for the output layer's 64 inputs, within sampling error of its 640 weights (std of the std ~ 3%).
        var w = one.layer(last).weights();
        double sq = 0;
        for (int i = 0; i < w.nrow(); i++) for (int j = 0; j < w.ncol(); j++) sq += w.get(i, j) * w.get(i, j);
        assertEquals(Math.sqrt(2.0 / 64), Math.sqrt(sq / (w.nrow() * w.ncol())), 0.12 * Math.sqrt(2.0 / 64));
        // The dead table: a row per scale, a setting's median (min-max) over seeds per column.
        var tables = DeepExperiments.deadTable("t", new double[]{0.1, 1}, List.of(new Runs<>("ln", List.of(new double[]{0.4, 0.01}, new double[]{0.5, 0.02}))));
        assertEquals(List.of("scale s", "ln"), tables.columnNames());
        assertEquals(Spread.of(0.4, 0.5).toString(), tables.stringColumn("ln").get(0));
    }

    @Test
    void growthStatisticsAndLabels() {
        double[] q = {2, 6, 18, 54};
        assertEquals(27, DeepExperiments.growth(q), 1e-12);
        assertEquals(3, DeepExperiments.growthPerBlock(q), 1e-12);
        assertEquals(1, DeepExperiments.growthPerBlock(new double[]{5}));
        assertEquals("plain", DeepExperiments.label((Residual) null));
        assertEquals("none", DeepExperiments.label((Normalization) null));
        assertEquals("batchnorm", DeepExperiments.label(Normalization.batchNorm()));
        assertEquals("10 and 100", DeepExperiments.list(10, 100));
        assertEquals("0.1, 1 and 10", DeepExperiments.list(0.1, 1, 10));
    }

    @Test
    void pairsHaveTheirCorrelationAndAnIdentityStackKeepsIt() {
        double[][] x = DeepExperiments.correlatedPairs(200, 128, 0.6, 1);
        assertEquals(400, x.length);
        // A linear, zero-bias identity stack keeps every pair's correlation: the measured one is the inputs'.
        int[] w = {128, 128, 128};
        Network net = Network.mlp(w).activation(Activation.IDENTITY).outputActivation(Activation.IDENTITY)
                .init(Init.identity()).seed(1).build();
        double[] c = DeepExperiments.pairCorrelations(net, x);
        assertEquals(2, c.length);
        assertEquals(c[0], c[1], 1e-12);
        assertEquals(0.6, c[0], 0.02);
    }
}

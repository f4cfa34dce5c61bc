package org.initlab.experiment;

import org.initlab.experiment.FirstStepExperiments.StartLoss;
import org.initlab.nn.History;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FirstStepExperimentsTest {

    @Test
    void expectedMaxOfNormalsMatchesKnownValues() {
        assertEquals(0, FirstStepExperiments.expectedMaxOfNormals(1), 1e-9);
        assertEquals(1 / Math.sqrt(Math.PI), FirstStepExperiments.expectedMaxOfNormals(2), 1e-9);
        assertEquals(1.5388, FirstStepExperiments.expectedMaxOfNormals(10), 1e-4); // the course's 1.539
        assertThrows(IllegalArgumentException.class, () -> FirstStepExperiments.expectedMaxOfNormals(0));
    }

    @Test
    void logitStdIsEachExamplesSpreadAveraged() {
        // {1, -1}: std 1; {3, 3}: std 0; {0, 4}: std 2. Mean 1.
        assertEquals(1, FirstStepExperiments.logitStd(new double[][]{{1, -1}, {3, 3}, {0, 4}}), 1e-15);
    }

    @Test
    void aWindowNeedsEverySeedBelowChanceByTheGap() {
        double ln10 = Math.log(10);
        double[] rates = {0.001, 0.005, 0.025};
        Runs<double[]> scan = new Runs<>("he", List.of(new double[]{2.0, ln10 - 0.1, Double.NaN},
                new double[]{1.5, 1.0, 1.0}));
        assertEquals(List.of(0.001, 0.005), FirstStepExperiments.window(scan, rates, 0.1));
        assertEquals(List.of(0.001), FirstStepExperiments.window(scan, rates, 0.2));
        // A seed whose scan stopped short (fewer losses than rates) has not learned there.
        Runs<double[]> shorter = new Runs<>("x", List.of(new double[]{1.0}));
        assertEquals(List.of(0.001), FirstStepExperiments.window(shorter, rates, 0.1));
        assertEquals("none", FirstStepExperiments.describeWindow(List.of()));
        assertEquals("0.001, 0.025 (a factor of 25 from the lowest to the highest)",
                FirstStepExperiments.describeWindow(List.of(0.001, 0.025)));
        var table = FirstStepExperiments.windowTable(rates, List.of(scan, scan));
        assertEquals(List.of("learning rate", "he", "he (2)"), table.columnNames());
        assertEquals(3, table.rowCount());
    }

    @Test
    void statisticsOfAShortRunAreNaNNotAnException() {
        History h = new History("short", List.of(new History.Epoch(0, 0, 2.3, 0.1, 2.3, 0.1)), new double[]{2.3, 2.2},
                List.of(), History.Status.DIVERGED, 1, "diverged");
        assertTrue(Double.isNaN(FirstStepExperiments.firstSteps(h, 20)));
        assertEquals(2.25, FirstStepExperiments.firstSteps(h, 2), 1e-15);
        assertEquals(2.3, FirstStepExperiments.trainLossAfter(h, 0));
        assertTrue(Double.isNaN(FirstStepExperiments.trainLossAfter(h, 1)));
        assertTrue(Double.isNaN(FirstStepExperiments.endTestLoss(h)));
        assertTrue(Double.isNaN(FirstStepExperiments.firstUpdate(h, 0)));
    }

    @Test
    void stepsToLossReadTheTrailingMeanAsTheChartDrawsIt() {
        History h = new History("run", List.of(new History.Epoch(0, 0, 0.7, 0.5, 0.7, 0.5)), new double[]{0.7, 0.1, 0.1, 0.5, 0.05, 0.05},
                List.of(), History.Status.COMPLETED, -1, "completed");
        // Trailing means over 2 steps: 0.7, 0.4, 0.1, 0.3, 0.275, 0.05 (the first over 1 step).
        assertEquals(1, FirstStepExperiments.stepsToLoss(h, 0.7, 2));
        assertEquals(3, FirstStepExperiments.stepsToLoss(h, 0.1, 2));
        assertEquals(6, FirstStepExperiments.stepsToLoss(h, 0.06, 2));
        assertEquals(2, FirstStepExperiments.stepsToLoss(h, 0.1, 1)); // a single batch is enough at window 1
        assertTrue(Double.isNaN(FirstStepExperiments.stepsToLoss(h, 0.01, 2)));
        assertThrows(IllegalArgumentException.class, () -> FirstStepExperiments.stepsToLoss(h, 0.1, 0));
    }

    @Test
    void theEndTableShowsTrainAndTestSideBySideOverTheRunsThatCompleted() {
        History fit = new History("a", List.of(new History.Epoch(15, 675, 0.3, 0.95, 7.0, 0.35)), new double[]{0.3}, List.of(),
                History.Status.COMPLETED, -1, "completed");
        History blown = new History("a", List.of(new History.Epoch(0, 0, 2.3, 0.1, 2.3, 0.1)), new double[]{Double.NaN}, List.of(),
                History.Status.DIVERGED, 0, "diverged");
        var t = FirstStepExperiments.endTable(List.of(new Runs<>("adam", List.of(fit, blown)), new Runs<>("gone", List.of(blown))));
        assertEquals(List.of("run", "completed", "train loss", "train accuracy", "test accuracy"), t.columnNames());
        assertEquals(List.of("1 of 2 seeds", "0 of 1 seeds"), t.stringColumn(1).asList());
        assertEquals("0.95 (all 1 seeds)", t.stringColumn(3).get(0));
        assertEquals("0.35 (all 1 seeds)", t.stringColumn(4).get(0));
        assertEquals("-", t.stringColumn(2).get(1));
    }

    @Test
    void theLossTableHasARowPerSettingSideBySide() {
        Runs<StartLoss> a = new Runs<>("zeros, relu", List.of(new StartLoss(Math.log(10), 0)));
        Runs<StartLoss> b = new Runs<>("zeros, tanh", List.of(new StartLoss(Math.log(10), 0)));
        Runs<StartLoss> c = new Runs<>("he_normal, relu", List.of(new StartLoss(3, 1.2)));
        var t = FirstStepExperiments.lossTable(List.of(a, c), List.of(b));
        assertEquals(List.of("zeros, relu", "zeros, tanh", "he_normal, relu"), t.stringColumn(0).asList());
    }
}

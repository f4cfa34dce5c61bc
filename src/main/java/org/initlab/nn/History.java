package org.initlab.nn;

import org.initlab.probe.LayerStats;

import java.util.List;

/**
 * Everything one training run produced, as data: per-epoch evaluations (epoch 0 is the
 * initialization), the loss of every step, the probe records, and how the run ended.
 * Holds no timings, so two runs with the same seeds are {@code equals}.
 *
 * @param label      what was trained, for legends (spec and optimizer)
 * @param epochs     one row per evaluation, from epoch 0
 * @param stepLosses training loss of each step's batch
 * @param probes     probe records, in step then layer order (empty when probing is off)
 * @param status     how the run ended
 * @param stopStep   the step at which it stopped early (diverged or interrupted), else -1
 * @param message    a sentence on how it ended
 */
public record History(String label, List<Epoch> epochs, double[] stepLosses, List<LayerStats> probes,
                      Status status, long stopStep, String message) implements java.io.Serializable {

    public enum Status { COMPLETED, DIVERGED, INTERRUPTED }

    /** Loss and accuracy on the training and test sets after an epoch (NaN where there is no test set). */
    public record Epoch(int epoch, long step, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) implements java.io.Serializable {}

    public History {
        epochs = List.copyOf(epochs);
        probes = List.copyOf(probes);
        stepLosses = stepLosses.clone();
    }

    @Override public double[] stepLosses() { return stepLosses.clone(); }

    public boolean diverged() { return status == Status.DIVERGED; }

    public Epoch last() { return epochs.getLast(); }

    public double finalTrainLoss() { return last().trainLoss(); }
    public double finalTestAccuracy() { return last().testAccuracy(); }

    /** Probe records of one layer, in step order. */
    public List<LayerStats> probes(int layer) {
        return probes.stream().filter(s -> s.layer() == layer).toList();
    }

    /** Probe records of one step, in layer order. */
    public List<LayerStats> probesAt(long step) {
        return probes.stream().filter(s -> s.step() == step).toList();
    }

    /** First step whose batch loss is at or below {@code target}, or -1 if none. */
    public long stepsToLoss(double target) {
        for (int s = 0; s < stepLosses.length; s++) if (stepLosses[s] <= target) return s;
        return -1;
    }

    @Override public boolean equals(Object o) {
        return o instanceof History h && label.equals(h.label) && epochs.equals(h.epochs)
                && java.util.Arrays.equals(stepLosses, h.stepLosses) && probes.equals(h.probes)
                && status == h.status && stopStep == h.stopStep && message.equals(h.message);
    }

    @Override public int hashCode() { return label.hashCode() * 31 + epochs.hashCode(); }

    @Override public String toString() {
        return "History[" + label + ", " + epochs.size() + " evaluations, " + stepLosses.length + " steps, " + status + "]";
    }
}

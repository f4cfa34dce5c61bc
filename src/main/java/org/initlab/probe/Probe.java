package org.initlab.probe;

/**
 * When to measure during training, and how finely. Off by default: a probe costs a pass over
 * each layer's activations and gradients at every recorded step.
 *
 * @param every        record every this many steps (step 0, before the first update, is always recorded); 0 = off
 * @param bins         histogram bins
 * @param sample       values per histogram (a strided sample of the batch x units matrix; moments use all values)
 * @param symmetryTol  two units count as the same if their weight rows and biases differ by at most this
 */
public record Probe(int every, int bins, int sample, double symmetryTol) implements java.io.Serializable {

    /** Most histogram bins: a chart is a few thousand pixels wide. */
    public static final int MAX_BINS = 10_000;

    public Probe {
        if (every < 0) throw new IllegalArgumentException("probe interval must be >= 0, got " + every);
        if (bins <= 0 || bins > MAX_BINS) throw new IllegalArgumentException("histogram bins must be in 1.." + MAX_BINS + " (more than a chart can show), got " + bins);
        if (sample <= 0) throw new IllegalArgumentException("histogram sample must be positive, got " + sample);
        if (!(symmetryTol >= 0)) throw new IllegalArgumentException("symmetry tolerance must be >= 0, got " + symmetryTol);
    }

    public static Probe off() { return new Probe(0, 40, 2048, 1e-12); }
    public static Probe everyStep() { return every(1); }
    public static Probe every(int steps) {
        if (steps <= 0) throw new IllegalArgumentException("probe interval must be positive, got " + steps);
        return new Probe(steps, 40, 2048, 1e-12);
    }

    public Probe bins(int n) { return new Probe(every, n, sample, symmetryTol); }
    public Probe sample(int n) { return new Probe(every, bins, n, symmetryTol); }
    public Probe symmetryTolerance(double tol) { return new Probe(every, bins, sample, tol); }

    public boolean enabled() { return every > 0; }

    /** Whether the step with this number (0-based) is recorded. */
    public boolean records(long step) { return every > 0 && step % every == 0; }
}

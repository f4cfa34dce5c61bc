package org.initlab.nn;

import org.initlab.probe.LayerStats;
import org.initlab.probe.Measure;
import org.initlab.probe.Probe;
import smile.tensor.DenseMatrix;

import java.util.List;

/**
 * The backward pass and update of a probed step, measured while training goes on: the update's parameters and gradients
 * before it is made, and the signals of the step's batch. Each layer's measurements are four tasks on the fork-join
 * pool, each started as soon as what it reads stops changing: its pre-activations and its activations before backward
 * (which reads them and changes neither); its gradient dLoss/dz and its parameters (measured, then updated) as soon as
 * backward is done with the layer. They run on the core that the products too small to split leave idle, in this
 * backward pass and in the next step's forward pass: that pass waits for a layer's tasks before it reaches the layer
 * ({@link #awaitLayer}), and the trainer waits for the rest before the next backward pass ({@link #settle}).
 *
 * <p>Each task is made by one thread, on data nothing changes while it runs: the same bits on any number of cores, and the
 * same as measuring after backward. Probes every step, as the epoch's time over the unprobed epoch's (medians of 9-15
 * alternating pairs of runs): on case (a) 1.20-1.21x measuring after backward, 1.08-1.14x with the tasks waited for at
 * the end of backward, 1.06-1.12x waited for in the next forward pass, as here; on case (b) 1.05x and 1.01-1.05x.
 */
final class ProbedStep {
    /** A layer's tasks, and which is which. */
    private static final int TASKS = 4, PARAMETERS = 0, PRE = 1, ACT = 2, GRAD = 3;

    private final Network net;
    private final List<Slot> slots;
    private final Probe probe;
    private final long step;
    private final int epoch;
    private final Blocks.Task[] tasks;
    private final Slot.Moments[] weights, biases;
    private final int[] distinct;
    private final Measure.Summary[][] summaries;
    private final double[] saturated, dead;

    private ProbedStep(Network net, List<Slot> slots, Probe probe, long step, int epoch) {
        int depth = net.depth();
        this.net = net;
        this.slots = slots;
        this.probe = probe;
        this.step = step;
        this.epoch = epoch;
        this.tasks = new Blocks.Task[TASKS * depth];
        this.weights = new Slot.Moments[depth];
        this.biases = new Slot.Moments[depth];
        this.distinct = new int[depth];
        this.summaries = new Measure.Summary[depth][3];
        this.saturated = new double[depth];
        this.dead = new double[depth];
    }

    /**
     * Step {@code step}'s backward pass and update (number step + 1) after its forward pass, with its measurements started;
     * {@code slots} are the network's parameters in {@link Network#parameters()} order.
     */
    static ProbedStep backward(Network net, DenseMatrix dOut, List<Slot> slots, Probe probe, long step, int epoch) {
        ProbedStep p = new ProbedStep(net, slots, probe, step, epoch);
        for (int layer = 0; layer < net.depth(); layer++) {
            p.start(layer, PRE);
            p.start(layer, ACT);
        }
        net.backward(dOut, new WeightGradients() {
            @Override public Gemm.Then blocks(Dense layer) { return null; }
            @Override public void done(Dense layer) {
                int l = net.layers().indexOf(layer);
                p.start(l, PARAMETERS);
                p.start(l, GRAD);
            }
        });
        for (int i = 2 * net.depth(); i < slots.size(); i++) slots.get(i).step(step + 1, null); // normalization scales and shifts, learned alphas: no task reads them
        return p;
    }

    /**
     * Starts one of a layer's tasks, on the layer's matrices of this step: a task may still run when the next forward pass
     * gives the layer another batch size's buffers (an epoch's last batch), so it must not look them up when it runs.
     */
    private void start(int layer, int which) {
        Dense d = net.layer(layer);
        Activation f = d.activation();
        DenseMatrix z = d.preActivations(), a = d.activations(), g = d.preActivationGradient();
        Runnable work = switch (which) {
            case PARAMETERS -> () -> {
                distinct[layer] = Measure.distinctUnits(d.weights(), d.biases(), probe.symmetryTol());
                weights[layer] = new Slot.Moments();
                biases[layer] = new Slot.Moments();
                slots.get(2 * layer).step(step + 1, weights[layer]); // measured, then updated
                slots.get(2 * layer + 1).step(step + 1, biases[layer]);
            };
            case PRE -> () -> {
                summaries[layer][0] = Measure.summary(z, probe.bins(), probe.sample());
                saturated[layer] = Measure.saturatedFraction(f, z);
                dead[layer] = Measure.deadFraction(f, z);
            };
            case ACT -> () -> summaries[layer][1] = Measure.summary(d.dropout() > 0 ? applied(f, z) : a, probe.bins(), probe.sample());
            default -> () -> summaries[layer][2] = Measure.summary(g, probe.bins(), probe.sample());
        };
        tasks[TASKS * layer + which] = Blocks.start(work);
    }

    /** Waits for the tasks that read what a forward pass writes in this layer, or update its parameters. */
    void awaitLayer(Dense layer) {
        int l = net.layers().indexOf(layer);
        for (int which : new int[]{PARAMETERS, PRE, ACT}) tasks[TASKS * l + which].await();
    }

    /** Waits for every task, and adds the step's records, layer by layer: before a backward pass writes the gradients again. */
    void settle(List<LayerStats> records) {
        for (Blocks.Task task : tasks) task.await();
        for (int layer = 0; layer < net.depth(); layer++) records.add(stats(layer));
    }

    private LayerStats stats(int layer) {
        Measure.Summary pre = summaries[layer][0], act = summaries[layer][1], grad = summaries[layer][2];
        Slot.Moments w = weights[layer], b = biases[layer];
        double wStd = w.p.std();
        return new LayerStats(step, epoch, layer, pre.mean(), pre.std(), pre.histogram(),
                act.mean(), act.std(), act.histogram(), saturated[layer], dead[layer],
                grad.mean(), grad.std(), grad.histogram(), wStd, w.g.norm(), w.g.std(),
                w.g.std() / wStd, w.u.std() / wStd, distinct[layer], Math.max(w.spread, b.spread),
                pre.magnitudes(), act.magnitudes(), grad.magnitudes());
    }

    /** f(z) without the dropout mask the layer's activations carry. */
    private static DenseMatrix applied(Activation f, DenseMatrix z) {
        DenseMatrix a = DenseMatrix.zeros(z.scalarType(), z.nrow(), z.ncol());
        Kernels.activate(f, z, a);
        return a;
    }
}

package org.initlab.experiment;

import org.initlab.data.Dataset;
import org.initlab.data.Generators;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.Dense;
import org.initlab.nn.History;
import org.initlab.nn.Matrices;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.probe.LayerStats;
import org.initlab.probe.Measure;
import org.initlab.probe.Probe;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The experiments of notebook 01: what an all-zero start does, forward, backward and in training. */
public final class ZeroInitExperiments {
    private ZeroInitExperiments() {}

    /** Two moons with 3 of every 4 points in class 0, standardized: the class prior is not 1/2, so the output bias has something to learn. */
    public static Dataset.Split imbalancedMoons() { return imbalancedMoons(1); }

    /** The same drawn from {@code seed} (points and split). */
    public static Dataset.Split imbalancedMoons(long seed) { return imbalancedMoons(3, seed); }

    /**
     * Two moons keeping one in {@code oneIn} points of class 1, so the classes are about {@code oneIn}:1,
     * standardized; points and split drawn from {@code seed}. {@code oneIn} = 3 is {@link #imbalancedMoons(long)}.
     */
    public static Dataset.Split imbalancedMoons(int oneIn, long seed) {
        if (oneIn < 1) throw new IllegalArgumentException("keep one in oneIn points of class 1: oneIn must be at least 1, got " + oneIn);
        Dataset moons = Generators.moons(800, 0.15, seed);
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        int kept1 = 0;
        for (int i = 0; i < moons.size(); i++) {
            if (moons.y()[i] == 1 && kept1++ % oneIn != 0) continue; // keep one in oneIn of class 1
            x.add(moons.x()[i]);
            y.add(moons.y()[i]);
        }
        Dataset d = Dataset.of("moons " + oneIn + ":1", x.toArray(double[][]::new), y.stream().mapToInt(Integer::intValue).toArray());
        return d.split(0.25, seed + 1).standardized();
    }

    /** The balanced two moons, standardized. */
    public static Dataset.Split balancedMoons() { return balancedMoons(1); }

    /** The balanced two moons drawn from {@code seed}, split (stratified, so the training set stays balanced) and standardized. */
    public static Dataset.Split balancedMoons(long seed) {
        return Generators.moons(600, 0.15, seed).split(0.25, seed + 1).standardized();
    }

    /** 2-16-16-2 with the given hidden activation and weight initializer (biases zero), seed 1. */
    public static NetworkSpec spec(Activation hidden, Initializer init) { return spec(hidden, init, 1); }

    public static NetworkSpec spec(Activation hidden, Initializer init, long seed) {
        return Network.mlp(2, 16, 16, 2).activation(hidden).init(init).seed(seed);
    }

    /** SGD 0.5 in batches of 32 for 40 epochs, probing every 10 steps. */
    public static Trainer trainer() { return trainer(1); }

    /** The same with batches shuffled from {@code seed}. */
    public static Trainer trainer(long seed) {
        return Trainer.of(Optimizer.sgd(0.5)).epochs(40).batchSize(32).seed(seed).probe(Probe.every(10));
    }

    /** Entropy of the class frequencies: the lowest cross-entropy a constant prediction can reach. */
    public static double priorEntropy(Dataset d) {
        double h = 0;
        for (int c : d.classCounts()) {
            double p = (double) c / d.size();
            if (p > 0) h -= p * Math.log(p);
        }
        return h;
    }

    /** The share of the most frequent class: the accuracy of always guessing it, the best a constant function can do. */
    public static double majorityShare(Dataset d) {
        int max = 0;
        for (int c : d.classCounts()) max = Math.max(max, c);
        return (double) max / d.size();
    }

    /** Largest spread of any output across the rows: 0 means the network gives every input the same output. */
    public static double outputSpreadAcrossInputs(Network net, Dataset d) {
        double[][] out = net.outputs(d.x());
        double max = 0;
        for (int j = 0; j < out[0].length; j++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] row : out) { lo = Math.min(lo, row[j]); hi = Math.max(hi, row[j]); }
            max = Math.max(max, hi - lo);
        }
        return max;
    }

    /** Per layer: largest |dL/dW| and |dL/db| of one backward pass over the whole set, and the loss. */
    public record Gradients(double[] maxWeightGradient, double[] maxBiasGradient, double loss) {
        /** The largest |dL/dW| or |dL/db| of any hidden layer (every layer but the output). */
        public double hidden() {
            double m = 0;
            for (int l = 0; l < maxWeightGradient.length - 1; l++) m = Math.max(m, Math.max(maxWeightGradient[l], maxBiasGradient[l]));
            return m;
        }

        /** The output layer's largest |dL/dW|. */
        public double outputWeights() { return maxWeightGradient[maxWeightGradient.length - 1]; }

        /** The output layer's largest |dL/db|. */
        public double outputBias() { return maxBiasGradient[maxBiasGradient.length - 1]; }

        @Override public String toString() {
            return "Gradients[max|dW| per layer " + Arrays.toString(maxWeightGradient) + ", max|db| " + Arrays.toString(maxBiasGradient) + "]";
        }
    }

    public static Gradients gradientsAtInit(Network net, Dataset d) {
        double loss = trainer().backprop(net, d);
        double[] w = new double[net.depth()], b = new double[net.depth()];
        for (int l = 0; l < net.depth(); l++) {
            Dense layer = net.layer(l);
            w[l] = Matrices.maxAbs(layer.weightGradient());
            b[l] = Matrices.maxAbs(layer.biasGradient());
        }
        return new Gradients(w, b, loss);
    }

    /** Distinct units of each hidden layer. */
    public static int[] distinctHiddenUnits(Network net) {
        int[] d = new int[net.depth() - 1];
        for (int l = 0; l < d.length; l++) d[l] = Measure.distinctUnits(net.layer(l).weights(), net.layer(l).biases(), 1e-12);
        return d;
    }

    /** The most distinct units in any hidden layer: 1 means every hidden layer is copies of one unit. */
    public static int mostDistinctUnits(Network net) {
        int most = 0;
        for (int d : distinctHiddenUnits(net)) most = Math.max(most, d);
        return most;
    }

    /**
     * The largest difference between two units of a hidden layer at any probe of {@code h} and in the trained {@code net}:
     * 0 means the units that started equal got the same update at every step (NaN if a probe did not measure it).
     */
    public static double unitsApart(Network net, History h) {
        int hidden = net.depth() - 1;
        double apart = Symmetry.hiddenSpread(net);
        for (LayerStats p : h.probes()) if (p.layer() < hidden) apart = Math.max(apart, p.maxUnitDifference()); // NaN stays NaN
        return apart;
    }

    /** The largest |w| or |b| of any layer, the output layer's included: 0 means not one parameter moved off 0. */
    public static double largestParameter(Network net) {
        double m = 0;
        for (Dense layer : net.layers()) m = Math.max(m, Math.max(Matrices.maxAbs(layer.weights()), Matrices.maxAbs(layer.biases())));
        return m;
    }

    /** A trained network with its history. */
    public record Run(Network net, History history) {}

    public static Run train(NetworkSpec spec, Dataset.Split data) { return train(spec, data, 1); }

    /** {@code spec} trained on {@code data} with batches shuffled from {@code seed}. */
    public static Run train(NetworkSpec spec, Dataset.Split data, long seed) {
        Network net = spec.build();
        return new Run(net, trainer(seed).fit(net, data));
    }

    /** The first {@code rows} rows of {@code d} with the network's outputs beside them. */
    public static Table outputsTable(Network net, Dataset d, int rows) {
        double[][] x = Arrays.copyOf(d.x(), Math.min(rows, d.size()));
        double[][] out = net.outputs(x);
        Table t = Table.create("inputs and outputs");
        for (int j = 0; j < x[0].length; j++) {
            DoubleColumn c = DoubleColumn.create("x" + j);
            for (double[] r : x) c.append(r[j]);
            t.addColumns(c);
        }
        for (int j = 0; j < out[0].length; j++) {
            DoubleColumn c = DoubleColumn.create("output " + j);
            for (double[] r : out) c.append(r[j]);
            t.addColumns(c);
        }
        return t;
    }

    /** For each activation: one backward pass at the all-zero start, largest |dL/dW| and |dL/db| per layer. */
    public static Table gradientTable(Dataset d, Activation... activations) {
        StringColumn act = StringColumn.create("activation"), layer = StringColumn.create("layer");
        DoubleColumn w = DoubleColumn.create("max |dL/dW|"), b = DoubleColumn.create("max |dL/db|");
        for (Activation a : activations) {
            Network net = spec(a, Init.zeros()).build();
            Gradients g = gradientsAtInit(net, d);
            for (int l = 0; l < net.depth(); l++) {
                act.append(a.label());
                layer.append(l == net.depth() - 1 ? l + " (output)" : Integer.toString(l));
                w.append(g.maxWeightGradient()[l]);
                b.append(g.maxBiasGradient()[l]);
            }
        }
        return Table.create("gradients at the all-zero start", act, layer, w, b);
    }

    /**
     * Per setting (its label) and layer, the largest |dL/dW| and |dL/db| over the seeds of one backward pass at the
     * start: {@code gradientTable(List.of(tanhGradients, reluGradients))}, each the {@link #gradientsAtInit} of a seed.
     */
    public static Table gradientTable(List<Runs<Gradients>> runs) {
        StringColumn setting = StringColumn.create("activation"), layer = StringColumn.create("layer");
        DoubleColumn w = DoubleColumn.create("max |dL/dW|"), b = DoubleColumn.create("max |dL/db|");
        int seeds = 0;
        for (Runs<Gradients> r : runs) {
            int depth = r.seed(1).maxWeightGradient().length;
            seeds = Math.max(seeds, r.seeds());
            for (int l = 0; l < depth; l++) {
                int at = l;
                setting.append(r.label());
                layer.append(l == depth - 1 ? l + " (output)" : Integer.toString(l));
                w.append(r.spread(g -> g.maxWeightGradient()[at]).max());
                b.append(r.spread(g -> g.maxBiasGradient()[at]).max());
            }
        }
        return Table.create("gradients at the start, largest entry per layer over " + seeds + " seeds", setting, layer, w, b);
    }

    /** The reference start for comparisons: Xavier normal with tanh's gain. */
    public static Initializer proper() { return Init.xavierNormal(Init.gain(Activation.TANH)); }
}

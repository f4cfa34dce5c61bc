package org.initlab.experiment;

import org.initlab.data.DataSpec;
import org.initlab.data.Dataset;
import org.initlab.nn.History;
import org.initlab.nn.NetworkSpec;
import org.initlab.nn.Trainer;

/**
 * One training run as data: the data set by name, the network and the trainer (seeded) as the values they are.
 * A cluster worker receives this, makes the data and the network itself, and trains: the same run, bit for bit,
 * as on the machine that made the grid (on the same OpenBLAS kernel).
 *
 * @param data    the data set by name, or null for data that exists only as an object on this machine
 * @param network what to build
 * @param trainer how to train it, seed included
 */
public record RunSpec(DataSpec data, NetworkSpec network, Trainer trainer) implements java.io.Serializable {

    public RunSpec {
        if (network == null || trainer == null) throw new IllegalArgumentException("a run needs a network and a trainer");
    }

    /** Builds the network and trains it on {@code split}. */
    public History train(Dataset.Split split) { return trainer.fit(network.build(), split.train(), split.test()); }

    /** Trains on the named data, read once per JVM. */
    public History train() {
        if (data == null) throw new IllegalStateException("this run's data has no name, so only the machine that holds it can train it");
        return train(data.load());
    }
}

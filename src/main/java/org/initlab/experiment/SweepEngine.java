package org.initlab.experiment;

import org.initlab.nn.History;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Somewhere other than this JVM's threads that can train a sweep's runs: a cluster
 * ({@code org.initlab.cluster.HazelcastSweeps}). {@link Sweep#runOn} hands it the grid as {@link RunSpec}s and
 * builds the same table from what comes back.
 */
public interface SweepEngine {

    /**
     * Trains every run and returns their histories in the order given. Before any run starts it checks what can
     * be known up front (the runs travel as data, every worker has their data sets) and throws naming the problem.
     * {@code finished} hears (index in {@code runs}, history) as each run finishes, in any order, from any thread.
     */
    List<History> train(List<RunSpec> runs, BiConsumer<Integer, History> finished);

    /** Where the runs go, for messages and tables ("2 Hazelcast members in this JVM"). */
    String describe();
}

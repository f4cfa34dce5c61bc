package org.initlab.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.durableexecutor.DurableExecutorService;
import com.hazelcast.durableexecutor.DurableExecutorServiceFuture;
import org.initlab.data.DataSpec;
import org.initlab.experiment.RunSpec;
import org.initlab.experiment.SweepEngine;
import org.initlab.nn.History;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * Sweeps on a Hazelcast cluster (Hazelcast 5, an optional dependency: target/cluster-lib). Every run of the grid is
 * a task of a {@link DurableExecutorService}: Hazelcast keeps a backup of each task on a second member and runs it
 * again there if the member running it leaves or dies, so a lost worker costs time, not runs. A run that throws is
 * not retried (it would throw again); a run that diverges is a history like any other, and a row of the table.
 *
 * <p>Three ways in: {@link #embedded} starts members in this JVM (tests, and trying the engine on one machine);
 * {@link #connect} joins an existing cluster as a client, whose members were started with {@link #startMember}
 * ({@code ./initlab worker}); both need nothing else running.
 */
public final class HazelcastSweeps implements SweepEngine, AutoCloseable {

    /** The cluster's name unless one is given: a member answers only clients and members that give its name. */
    public static final String DEFAULT_CLUSTER = "initlab";
    /** Hazelcast's own default port; members take the next free one above it. */
    public static final int DEFAULT_PORT = 5701;
    /** The executor the runs go to (its pool size is set by each member: runs at once per member). */
    static final String RUNS = "initlab-runs";
    /** How long a client tries to reach the cluster before it says it cannot. */
    static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    private final HazelcastInstance entry;          // where tasks are submitted: a member or a client
    private final List<HazelcastInstance> owned;    // what close() shuts down
    private final String description;

    private HazelcastSweeps(HazelcastInstance entry, List<HazelcastInstance> owned, String description) {
        this.entry = entry;
        this.owned = owned;
        this.description = description;
    }

    /**
     * {@code members} Hazelcast members in this JVM, on the loopback interface, in a cluster of their own (a fresh
     * name, so two at once never join): the whole engine, tasks serialized and deserialized, on one machine.
     * Each member runs {@code threadsPerMember} runs at once.
     */
    public static HazelcastSweeps embedded(int members, int threadsPerMember) {
        if (members < 1) throw new IllegalArgumentException("an embedded cluster needs at least 1 member, got " + members);
        String name = "initlab-embedded-" + Long.toHexString(System.nanoTime());
        List<HazelcastInstance> started = new ArrayList<>();
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                HazelcastInstance m = Hazelcast.newHazelcastInstance(memberConfig(name, "127.0.0.1", 0, addresses, threadsPerMember));
                started.add(m);
                addresses.add(address(m.getCluster().getLocalMember()));
            }
        } catch (RuntimeException e) {
            started.forEach(HazelcastInstance::shutdown);
            throw e;
        }
        return new HazelcastSweeps(started.getFirst(), started,
                members + " Hazelcast member" + (members == 1 ? "" : "s") + " in this JVM (" + threadsPerMember + " run" + (threadsPerMember == 1 ? "" : "s") + " at once each)");
    }

    /** {@link #embedded(int, int)} with this machine's cores shared out between the members. */
    public static HazelcastSweeps embedded(int members) {
        return embedded(members, Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, members)));
    }

    /**
     * Joins the cluster named {@code clusterName} that answers at one of {@code addresses} ("host" or "host:port"),
     * as a client: this JVM trains nothing, the members do. Fails within {@value #CONNECT_TIMEOUT_MILLIS} ms with a
     * message naming the addresses if no member answers.
     */
    public static HazelcastSweeps connect(String clusterName, List<String> addresses) {
        return connect(clusterName, addresses, CONNECT_TIMEOUT_MILLIS);
    }

    static HazelcastSweeps connect(String clusterName, List<String> addresses, long timeoutMillis) {
        if (addresses == null || addresses.isEmpty()) throw new IllegalArgumentException("connect needs at least one member's address (host or host:port)");
        quietLogging();
        ClientConfig c = new ClientConfig();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.getNetworkConfig().setAddresses(new ArrayList<>(addresses));
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(timeoutMillis);
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(c);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot reach the cluster '" + clusterName + "' at " + String.join(", ", addresses) + ": no member answered within "
                    + timeoutMillis / 1000.0 + " s. Start one there with ./initlab worker (same cluster name), or check the address and firewall", e);
        }
        int size = client.getCluster().getMembers().size();
        return new HazelcastSweeps(client, List.of(client), "the cluster '" + clusterName + "' at " + String.join(", ", addresses) + " (" + size + " member" + (size == 1 ? "" : "s") + ")");
    }

    /**
     * Starts a member that trains runs: {@code ./initlab worker}. It binds {@code port} (or the next free port above it)
     * on every interface and joins the members at {@code peers} ("host:port"; empty for the first member).
     */
    public static HazelcastInstance startMember(String clusterName, int port, List<String> peers, int threads) {
        return Hazelcast.newHazelcastInstance(memberConfig(clusterName, null, port, peers, threads));
    }

    static Config memberConfig(String clusterName, String bindHost, int port, List<String> peers, int threads) {
        if (threads < 1) throw new IllegalArgumentException("a member needs at least 1 thread for runs, got " + threads);
        quietLogging();
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.wait.seconds.before.join", "0"); // a second off every first member's start
        // Runs at once on this member; every task keeps a backup on one other member (durability 1), rerun if this one is lost.
        c.getDurableExecutorConfig(RUNS).setPoolSize(threads).setDurability(1).setCapacity(10_000);
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port == 0 ? DEFAULT_PORT : port).setPortAutoIncrement(true).setPortCount(100);
        if (bindHost != null) net.getInterfaces().setEnabled(true).addInterface(bindHost);
        var join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        var tcp = join.getTcpIpConfig().setEnabled(true);
        for (String p : peers) tcp.addMember(p);
        return c;
    }

    /** Hazelcast logs a page per member start; the sweep says what matters. -Dhazelcast.logging.type=jdk brings the logs back. */
    private static void quietLogging() {
        if (System.getProperty("hazelcast.logging.type") == null) System.setProperty("hazelcast.logging.type", "none");
    }

    @Override public String describe() { return description; }

    /** What this engine started in this JVM (its embedded members, or its client): tests stop a member to see its runs rerun. */
    List<HazelcastInstance> started() { return owned; }

    /** The members, for messages: "127.0.0.1:5701, 127.0.0.1:5702". */
    public List<String> members() {
        return entry.getCluster().getMembers().stream().map(HazelcastSweeps::address).toList();
    }

    /** A member's address as messages and {@link MemberReport} write it: "host:port". */
    static String address(Member m) { return m.getAddress().getHost() + ":" + m.getAddress().getPort(); }

    /**
     * What a member says about itself and about the data sets the runs need, asked before any run is sent: its
     * address, cores, runs at once, the OpenBLAS kernel it runs (members on another kernel than this machine give
     * other last bits), its Java, and what it lacks.
     */
    public record MemberReport(String address, int cores, int threads, String openblasKernel, String java, List<String> problems) implements Serializable {}

    /** Throws, naming each member and what it lacks, if a member of the survey cannot read a data set: nothing has been sent yet. */
    public static void requireData(List<MemberReport> reports) {
        List<String> problems = new ArrayList<>();
        for (MemberReport m : reports) for (String p : m.problems()) problems.add("member " + m.address() + ": " + p);
        if (!problems.isEmpty()) throw new IllegalStateException("no run was started: " + String.join("; ", problems));
    }

    /** Asks every member for its {@link MemberReport} on these data sets. */
    public List<MemberReport> survey(Set<DataSpec> data) {
        var executor = entry.getExecutorService("initlab-survey");
        Map<Member, Future<MemberReport>> answers = executor.submitToAllMembers(new Survey(List.copyOf(data)));
        List<MemberReport> reports = new ArrayList<>();
        for (var e : answers.entrySet()) reports.add(await(e.getValue(), "asking member " + e.getKey().getAddress() + " what it has"));
        return reports;
    }

    /**
     * Checks before anything is sent that every run travels as data (a custom initializer's sampler is code, and does
     * not) and that every member has every data set; then submits every run and waits for all, in order.
     */
    @Override
    public List<History> train(List<RunSpec> runs, BiConsumer<Integer, History> finished) {
        Set<DataSpec> data = new LinkedHashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            requireSerializable(runs.get(i), i);
            if (runs.get(i).data() == null) throw new IllegalArgumentException("run " + (i + 1) + " has no named data set: a cluster's workers make their data from its name");
            data.add(runs.get(i).data());
        }
        List<MemberReport> members = survey(data);
        requireData(members);

        // Each member gets two runs per thread, and the next run as one of its runs finishes: Hazelcast alone would put
        // each task on a random partition's member, which leaves one member with the last runs while the others idle.
        // A run goes to a member as the owner of a key; if the member is lost, the key's new owner takes its runs.
        var free = new java.util.concurrent.LinkedBlockingQueue<String>();
        for (MemberReport m : members) {
            String key = keyOwnedBy(m.address());
            if (key != null) for (int t = 0; t < 2 * Math.max(1, m.threads()); t++) free.add(key);
        }
        if (free.isEmpty()) throw new IllegalStateException("no member of " + description + " owns a partition yet (just started? try again in a few seconds)");
        var reporting = new java.util.concurrent.Phaser(1); // the runs whose report is still to come, and this thread
        var failed = new java.util.concurrent.atomic.AtomicBoolean();
        DurableExecutorService executor = entry.getDurableExecutorService(RUNS);
        List<DurableExecutorServiceFuture<History>> futures = new ArrayList<>();
        List<History> histories = new ArrayList<>();
        try {
            for (int i = 0; i < runs.size() && !failed.get(); i++) {
                int index = i;
                String key = free.take();
                reporting.register();
                DurableExecutorServiceFuture<History> f = executor.submitToKeyOwner(new Train(runs.get(i)), key);
                f.whenComplete((h, t) -> { // on Hazelcast's threads, as runs finish
                    try {
                        if (t == null) finished.accept(index, h); else failed.set(true);
                    } finally {
                        free.add(key);
                        reporting.arriveAndDeregister();
                    }
                });
                futures.add(f);
            }
            for (int i = 0; i < futures.size(); i++) {
                histories.add(await(futures.get(i), "run " + (i + 1) + " of " + runs.size() + " (" + runs.get(i).network().describe() + ")"));
                executor.disposeResult(futures.get(i).getTaskId()); // its slot in the executor's ring is free again
            }
            reporting.arriveAndAwaitAdvance(); // a run's future can be done before its report is made
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + histories.size() + " of " + runs.size() + " runs were back", e);
        } finally {
            if (histories.size() < runs.size()) cancelAll(futures); // stopped or failed: no runs left training for nobody
        }
        return histories;
    }

    /** A key whose partition the member at {@code address} ("host:port") owns (a task sent to the key's owner runs there), or null. */
    private String keyOwnedBy(String address) {
        var partitions = entry.getPartitionService();
        for (int k = 0; k < 100_000; k++) {
            var owner = partitions.getPartition("run-slot-" + k).getOwner();
            if (owner != null && address(owner).equals(address)) return "run-slot-" + k;
        }
        return null; // a member that has just joined owns no partition yet: it gets runs when it does (as a lost member's heir)
    }

    private static void requireSerializable(RunSpec r, int index) {
        try (var out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(r);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("run " + (index + 1) + " (" + r.network().describe() + ") cannot be sent to a worker: it holds code, not data ("
                    + e.getMessage() + "; a custom initializer's sampler, say). Run this sweep locally with run(), or use a built-in initializer", e);
        } catch (IOException e) {
            throw new IllegalStateException("run " + (index + 1) + " could not be serialized: " + e, e);
        }
    }

    private static void cancelAll(List<? extends Future<?>> futures) {
        for (var f : futures) {
            try {
                f.cancel(true);
            } catch (RuntimeException ignored) {
                // the task finished, or its member is gone: nothing to cancel
            }
        }
    }

    /** Waits for a task; a stop (interrupt) comes back as the same kind of stop, a failure with what failed. */
    private static <T> T await(Future<T> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(what + " failed on the cluster: " + cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        for (HazelcastInstance h : owned) {
            try {
                h.shutdown();
            } catch (RuntimeException ignored) {
                // already gone (a member killed in a test, a client whose cluster went away): nothing left to close
            }
        }
    }

    /** The task: one run, trained where Hazelcast puts it. */
    record Train(RunSpec run) implements Callable<History>, Serializable {
        @Override public History call() { return run.train(); }
    }

    /** The survey task, run once on every member (Hazelcast hands it the member before it runs). */
    static final class Survey implements Callable<MemberReport>, Serializable, com.hazelcast.core.HazelcastInstanceAware {
        private final List<DataSpec> data;
        private transient HazelcastInstance member;

        Survey(List<DataSpec> data) { this.data = data; }

        @Override public void setHazelcastInstance(HazelcastInstance hz) { this.member = hz; }

        @Override public MemberReport call() {
            List<String> problems = new ArrayList<>();
            for (DataSpec d : data) {
                try {
                    d.requireAvailable();
                } catch (RuntimeException e) {
                    problems.add(d.name() + ": " + e.getMessage());
                }
            }
            return new MemberReport(address(member.getCluster().getLocalMember()), Runtime.getRuntime().availableProcessors(),
                    member.getConfig().getDurableExecutorConfig(RUNS).getPoolSize(), org.initlab.nn.OpenBlas.coreName(), Runtime.version().toString(), problems);
        }
    }
}

package org.initlab.cluster;

import org.initlab.data.FashionMnist;
import org.initlab.nn.OpenBlas;

import java.util.List;

/**
 * {@code ./initlab worker}: a Hazelcast member that trains the runs {@code ./initlab sweep --master} sends. Start one
 * per machine; the second and later ones name one already running with --join. Stops on Ctrl-C (its runs are rerun
 * by the others).
 *
 * <pre>
 * ./initlab worker [--port P] [--join HOST:PORT[,HOST:PORT...]] [--threads N] [--cluster-name NAME]
 *   --port P          the port to listen on (default 5701, or the next free one)
 *   --join ...        members already running, to join their cluster (none: this is the first)
 *   --threads N       runs trained at once (default: this machine's cores)
 *   --cluster-name    the cluster's name (default initlab): sweeps and members must give the same
 * </pre>
 */
public final class WorkerCommand {
    private WorkerCommand() {}

    public static void main(String[] args) throws InterruptedException {
        int port = HazelcastSweeps.DEFAULT_PORT, threads = Runtime.getRuntime().availableProcessors();
        List<String> join = List.of();
        String name = HazelcastSweeps.DEFAULT_CLUSTER;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                    case "--join" -> join = List.of(value(args, ++i, "--join").split(","));
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                    case "--cluster-name" -> name = value(args, ++i, "--cluster-name");
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "' (see ./initlab help)");
                }
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("--port must be 1-65535, got " + port);
        } catch (NumberFormatException e) {
            System.err.println("worker: not a whole number: " + e.getMessage());
            System.exit(2);
        } catch (IllegalArgumentException e) {
            System.err.println("worker: " + e.getMessage());
            System.exit(2);
        }
        var member = HazelcastSweeps.startMember(name, port, join.stream().map(String::strip).toList(), threads);
        String at = HazelcastSweeps.address(member.getCluster().getLocalMember());
        System.out.printf("Init Lab worker: member %s of cluster '%s' (%d member%s), %d run%s at once; OpenBLAS %s; Fashion-MNIST %s%n",
                at, name, member.getCluster().getMembers().size(), member.getCluster().getMembers().size() == 1 ? "" : "s",
                threads, threads == 1 ? "" : "s", OpenBlas.coreName(), FashionMnist.isAvailable() ? "installed" : "not installed (sudo apt-get install dataset-fashion-mnist)");
        System.out.printf("  sweeps reach it with: ./initlab sweep SPEC --master %s%s. Ctrl-C stops it.%n", at,
                name.equals(HazelcastSweeps.DEFAULT_CLUSTER) ? "" : " --cluster-name " + name);
        Thread.currentThread().join(); // the member's threads do the work until the JVM is stopped
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}

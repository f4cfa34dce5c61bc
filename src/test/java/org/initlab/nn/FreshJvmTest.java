package org.initlab.nn;

import org.initlab.init.Init;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bits that must not depend on the machine, checked where the bug was: in a fresh JVM whose very first
 * operation is an orthogonal start (once a QR in OpenBLAS, run on its default threads), before anything
 * else could have set OpenBLAS's threads.
 */
public class FreshJvmTest {

    /** Builds an orthogonal 784-512x3-10 net as the JVM's first operation and prints a digest of its weights. */
    public static void main(String[] args) throws Exception {
        Network net = Network.mlp(784, 512, 512, 512, 10).init(Init.orthogonal()).seed(11).build();
        System.out.println(digest(net) + " openblas threads " + OpenBlas.threads());
    }

    /** "weights N sha256 HEX" over every weight's bits, in layer, row, column order. */
    static String digest(Network net) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long n = 0;
        for (double[][] w : net.weights())
            for (double[] row : w)
                for (double v : row) {
                    long bits = Double.doubleToRawLongBits(v);
                    for (int b = 0; b < 8; b++) sha.update((byte) (bits >>> (8 * b)));
                    n++;
                }
        return "weights " + n + " sha256 " + java.util.HexFormat.of().formatHex(sha.digest());
    }

    /** The line starting "weights " that {@code main} of a fresh JVM prints, run with these JVM options and environment. */
    public static String runFresh(Class<?> main, List<String> jvmOptions, java.util.Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().remove("OMP_NUM_THREADS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the fresh JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("weights ")).findFirst().orElseThrow(() -> new AssertionError("no digest in: " + out));
    }

    static String runFresh(String openblasThreads) throws IOException, InterruptedException {
        return runFresh(FreshJvmTest.class, List.of(), java.util.Map.of("OPENBLAS_NUM_THREADS", openblasThreads));
    }

    @Test
    void orthogonalStartAsTheFirstCallHasTheSameBitsUnderOneAndTwoOpenBlasThreads() throws Exception {
        String one = runFresh("1"), two = runFresh("2");
        assertTrue(one.endsWith("openblas threads 1") && two.endsWith("openblas threads 1"), one + "\n" + two);
        assertEquals(one.replace("openblas threads 1", ""), two.replace("openblas threads 1", ""),
                "the first QR of a fresh JVM ran on OpenBLAS's default threads");
    }
}

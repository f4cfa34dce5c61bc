package org.initlab.notebook;

import org.initlab.experiment.Repeat;
import org.initlab.nn.OpenBlas;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bits of a run depend on: JDK, Smile, OpenBLAS (version, kernel, threads), cores, precision and
 * seeds. {@code ./initlab run} writes it beside every write-up (target/site/manifest.json, results.json,
 * index.html); the project commit and CPU model are added there. Same OpenBLAS kernel and version: the
 * same bits on any core count. Beyond that only the verdicts are promised.
 */
public final class Manifest {
    private Manifest() {}

    public static Map<String, String> current() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jdk", Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")");
        m.put("smile", jarVersion(smile.tensor.DenseMatrix.class, "smile-base"));
        m.put("openblas", OpenBlas.config());
        m.put("openblas_core", OpenBlas.coreName());
        m.put("openblas_coretype_env", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset: OpenBLAS picks for this CPU)"));
        m.put("openblas_threads", OpenBlas.threads() + " (products split into fixed row blocks on our own threads)");
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("precision", "Float64 unless a cell says .float32()");
        m.put("seeds", "1-" + Repeat.SEEDS + " for every verdict that trains or draws at random");
        return m;
    }

    /** The version in a jar's file name (smile-base-6.3.0.jar gives 6.3.0), or "unknown". */
    static String jarVersion(Class<?> c, String artifact) {
        try {
            String file = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
            Matcher m = Pattern.compile(Pattern.quote(artifact) + "-(.+)\\.jar").matcher(file);
            if (m.matches()) return m.group(1);
        } catch (Exception e) {
            // fall through
        }
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /** The manifest as a JSON object, one key a line. */
    public static String toJson(Map<String, String> m) {
        StringBuilder b = new StringBuilder("{\n");
        int i = 0;
        for (var e : m.entrySet()) {
            b.append("  \"").append(e.getKey()).append("\": \"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            b.append(++i < m.size() ? ",\n" : "\n");
        }
        return b.append("}").toString();
    }

    public static void main(String[] args) { System.out.println(toJson(current())); }
}

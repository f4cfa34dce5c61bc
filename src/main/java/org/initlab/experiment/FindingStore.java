package org.initlab.experiment;

import org.initlab.nn.OpenBlas;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings of {@code ./initlab claims}, kept for the chapters of the same build: target/claims/findings-CORE.tsv.
 * A claim's experiment is seeded and runs with the course's knobs, so a kernel with the same jars, the same Java and
 * the same OpenBLAS kernel computes the same bits; a chapter's verdict cell then reads the finding instead of training
 * again (chapter 08 states all 23 of the notes' verdicts: 50 s of experiments, which the catalog ran a minute before).
 * The file names what its bits depend on (a digest of initlab.jar, the other jars' names and sizes, Java, the
 * OpenBLAS kernel and build, the Vector API); a kernel where any of them differs computes the findings itself.
 * INITLAB_FINDINGS=off makes every kernel compute them. Values are stored as their bits, so a finding read back is
 * the finding computed, to the last bit; a damaged file is reported by name and ignored (the findings are computed).
 */
final class FindingStore {
    private FindingStore() {}

    static final String FORMAT = "initlab findings 1";

    /** A claim's stored finding, with the seconds its experiment took when the catalog ran it. */
    record Stored(Finding finding, double seconds) {}

    /** What a file holds: the build it is from (a digest and in words), when it was written, and the findings. */
    record Contents(String key, String described, String written, Map<String, Stored> findings) {}

    /** The findings of this build, read once per JVM; empty when there is no file or it is from another build. */
    private static final class Kept {
        static final Map<String, Stored> FINDINGS = readForThisBuild();
    }

    /** The stored finding of claim {@code id} when this JVM would compute the same bits, else null. */
    static Stored lookup(String id) { return Kept.FINDINGS.get(id); }

    /** Writes the catalog's results for the chapters of this build; returns the file, or null where none is kept. */
    static Path keep(List<Claims.Result> results) throws IOException {
        Path file = file();
        if (file == null) return null;
        Map<String, Stored> m = new LinkedHashMap<>();
        String key = key();
        if (Files.isRegularFile(file)) { // a run of some claims (--only) adds to the findings of the same build
            try {
                Contents before = parse(Files.readString(file), file.toString());
                if (before.key().equals(key)) m.putAll(before.findings());
            } catch (IllegalArgumentException e) {
                // a damaged file is replaced
            }
        }
        for (Claims.Result r : results) m.put(r.claim().id(), new Stored(r.finding(), r.seconds()));
        String written = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(part, format(new Contents(key, describe(), written, m)));
        Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** target/claims/findings-CORE.tsv beside target/lib/initlab.jar; null when the classes are not that jar. */
    static Path file() {
        if ("off".equalsIgnoreCase(System.getenv("INITLAB_FINDINGS"))) return null;
        Path jar = jar();
        if (jar == null || jar.getParent() == null || !jar.getParent().getFileName().toString().equals("lib")) return null;
        return jar.getParent().resolveSibling("claims").resolve("findings-" + OpenBlas.coreName() + ".tsv");
    }

    private static Path jar() {
        CodeSource source = FindingStore.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) return null;
        try {
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** What the bits depend on, in words (the file's second line). */
    static String describe() {
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        return "Java " + Runtime.version() + ", OpenBLAS core " + OpenBlas.coreName() + " (" + OpenBlas.config() + "), "
                + (vector ? "Vector API" : "no Vector API") + ", Float64, seeds 1-" + Repeat.SEEDS;
    }

    /** A digest of {@link #describe()}, initlab.jar's bytes and the other jars' names and sizes. */
    static String key() {
        Path jar = jar();
        MessageDigest d = sha256();
        d.update(describe().getBytes(StandardCharsets.UTF_8));
        if (jar != null) {
            try (var jars = Files.list(jar.getParent())) {
                d.update(Files.readAllBytes(jar));
                for (Path p : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList())
                    d.update(("\n" + p.getFileName() + " " + Files.size(p)).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return "unreadable jar: " + e.getMessage();
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static Map<String, Stored> readForThisBuild() {
        Path file = file();
        if (file == null || !Files.isRegularFile(file)) return Map.of();
        try {
            Contents c = parse(Files.readString(file), file.toString());
            if (!c.key().equals(key())) {
                System.out.println("(" + file + " is from another build or kernel: the verdicts below are computed here)");
                return Map.of();
            }
            System.out.println("(verdicts read from this build's catalog run of " + c.written() + ", " + file
                    + ": the same jars, Java and OpenBLAS kernel, so the same bits; INITLAB_FINDINGS=off recomputes them)");
            return c.findings();
        } catch (IOException | IllegalArgumentException e) {
            System.out.println("(" + e.getMessage() + ": the verdicts below are computed here)");
            return Map.of();
        }
    }

    // ---------------------------------------------------------------- the file

    /** The file's text: a format line, the key, the build in words, the time, one line per finding and check, a checksum. */
    static String format(Contents c) {
        StringBuilder b = new StringBuilder();
        b.append(FORMAT).append('\n').append("key\t").append(c.key()).append('\n').append("build\t").append(escape(c.described())).append('\n')
                .append("written\t").append(c.written()).append('\n');
        c.findings().forEach((id, s) -> {
            Finding f = s.finding();
            b.append(String.join("\t", "claim", escape(id), f.verdict().name(), Integer.toString(f.seeds()), bits(s.seconds()), escape(f.evidence())))
                    .append('\n');
            for (Check k : f.checks())
                b.append(String.join("\t", "check", escape(k.statistic()), bits(k.value()), k.op().name(), bits(k.threshold()), escape(k.why()))).append('\n');
        });
        String body = b.toString();
        return body + "sha256\t" + sha256Hex(body) + "\n";
    }

    /** Reads {@link #format}'s text back; a damaged or truncated file is refused by name, line and checksum. */
    static Contents parse(String text, String name) {
        int end = text.lastIndexOf("sha256\t");
        if (!text.startsWith(FORMAT + "\n")) throw new IllegalArgumentException(name + " is not an Init Lab findings file (no '" + FORMAT + "' line)");
        if (end < 0 || !text.endsWith("\n")) throw new IllegalArgumentException(name + " is truncated: no checksum line at its end");
        String body = text.substring(0, end), stated = text.substring(end + 7).trim(), actual = sha256Hex(body);
        if (!stated.equals(actual))
            throw new IllegalArgumentException(name + " is damaged: its checksum says sha256 " + stated + " but its contents give " + actual);
        String[] lines = body.split("\n");
        String key = field(lines, 1, "key", name), described = unescape(field(lines, 2, "build", name)), written = field(lines, 3, "written", name);
        Map<String, Stored> findings = new LinkedHashMap<>();
        for (int i = 4; i < lines.length; ) {
            String[] c = lines[i].split("\t", -1);
            if (c.length != 6 || !c[0].equals("claim")) throw new IllegalArgumentException(name + " line " + (i + 1) + ": expected a claim line");
            List<Check> checks = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.length && lines[j].startsWith("check\t"); j++) {
                String[] k = lines[j].split("\t", -1);
                if (k.length != 6) throw new IllegalArgumentException(name + " line " + (j + 1) + ": a check line has 6 fields, this one " + k.length);
                checks.add(new Check(unescape(k[1]), value(k[2]), Check.Op.valueOf(k[3]), value(k[4]), unescape(k[5])));
            }
            Finding f = new Finding(Verdict.valueOf(c[2]), unescape(c[5]), checks, Integer.parseInt(c[3]));
            findings.put(unescape(c[1]), new Stored(f, value(c[4])));
            i = j;
        }
        return new Contents(key, described, written, findings);
    }

    private static String field(String[] lines, int i, String what, String name) {
        if (lines.length <= i || !lines[i].startsWith(what + "\t")) throw new IllegalArgumentException(name + " line " + (i + 1) + ": expected '" + what + "'");
        return lines[i].substring(what.length() + 1);
    }

    /** A double as the hex of its bits: read back exactly, NaN and signed zero included. */
    private static String bits(double v) { return Long.toHexString(Double.doubleToRawLongBits(v)); }

    private static double value(String hex) { return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16)); }

    private static String escape(String s) { return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"); }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) { b.append(c); continue; }
            char n = s.charAt(++i);
            b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
        }
        return b.toString();
    }

    private static String sha256Hex(String s) { return HexFormat.of().formatHex(sha256().digest(s.getBytes(StandardCharsets.UTF_8))); }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

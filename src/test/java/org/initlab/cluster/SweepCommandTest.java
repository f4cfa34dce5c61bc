package org.initlab.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ./initlab sweep} end to end on a small grid: the same bytes locally and on an embedded cluster, and --resume. */
class SweepCommandTest {

    static final String SPEC = """
            # 3 x 2 x 2 x 2 = 24 runs on the digits, one epoch each
            data = digits
            starts = zeros, normal(0, 0.01), he_normal
            activations = tanh, relu
            depths = 2, 3
            seeds = 1-2
            width = 16
            epochs = 1
            """;

    static Path spec(Path dir, String text) throws Exception {
        Path p = dir.resolve("small.sweep");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void theClusterWritesTheSameFilesAsThisMachineAndResumeFillsInTheRest(@TempDir Path dir) throws Exception {
        Path spec = spec(dir, SPEC), here = dir.resolve("here"), cluster = dir.resolve("cluster"), resumed = dir.resolve("resumed");
        assertEquals(0, SweepCommand.run(spec.toString(), "--out", here.toString()));
        assertEquals(0, SweepCommand.run(spec.toString(), "--master", "local[2]", "--out", cluster.toString()));
        String csv = Files.readString(here.resolve("runs.csv"));
        assertEquals(25, csv.lines().count(), "a header and 24 runs");
        assertTrue(csv.startsWith("data,initializer,activation,depth,seed,status,"), csv.lines().findFirst().orElse(""));
        assertEquals(csv, Files.readString(cluster.resolve("runs.csv")), "the same bytes from the cluster");
        assertEquals(Files.readString(here.resolve("summary.csv")), Files.readString(cluster.resolve("summary.csv")));
        for (String png : List.of("heatmap-digits-depth2.png", "heatmap-digits-depth3.png"))
            assertTrue(Files.size(here.resolve(png)) > 10_000, png);

        // A sweep stopped after some runs: its file holds those, in any order; --resume trains the rest.
        List<String> lines = csv.lines().toList();
        Files.createDirectories(resumed);
        Files.writeString(resumed.resolve("runs.csv"), String.join("\n", lines.get(0), lines.get(9), lines.get(3), lines.get(20)) + "\n");
        var e = assertThrows(IllegalArgumentException.class, () -> SweepCommand.run(spec.toString(), "--out", resumed.toString()));
        assertTrue(e.getMessage().endsWith("runs.csv exists: --resume to keep its runs and train the rest, or --out another folder"), e.getMessage());
        assertEquals(0, SweepCommand.run(spec.toString(), "--resume", "--out", resumed.toString()));
        assertEquals(csv, Files.readString(resumed.resolve("runs.csv")), "resumed: the same table as one go");

        // Rows from another grid are not mixed in.
        Files.writeString(resumed.resolve("runs.csv"), csv.replace("he_normal", "lecun_normal"));
        e = assertThrows(IllegalArgumentException.class, () -> SweepCommand.run(spec.toString(), "--resume", "--out", resumed.toString()));
        assertTrue(e.getMessage().contains("the run digits / lecun_normal / tanh / depth 2 / seed 1 is not in this spec's grid"), e.getMessage());
    }

    @Test
    void aBadSpecIsNamedByLineBeforeAnyRun(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {"starts = zeros, normal(0, 0.01), he_normal", "starts = zeros, he_norml", "small, line 3 (starts): unknown start 'he_norml': expected one of zeros, "},
                {"activations = tanh, relu", "activations = tanh, swish", "small, line 4 (activations): unknown activation 'swish': expected one of identity, "},
                {"depths = 2, 3", "depths = 2, three", "small, line 5 (depths): 'three' is not a whole number"},
                {"seeds = 1-2", "seeds = 1-x", "small, line 6 (seeds): '1-x' is not a seed or a range of seeds (1-5)"},
                {"width = 16", "widht = 16", "small, line 7: unknown key 'widht' (known: data, starts, "},
                {"data = digits", "data = mnist", "small, line 2 (data): unknown data set 'mnist': expected digits, "},
                {"data = digits", "# no data", "small: 'data' is missing (required: data, starts, activations, depths, seeds)"},
                {"starts = zeros, normal(0, 0.01), he_normal", "starts = normal(0, 1, 2)", "small, line 3 (starts): 'normal(0, 1, 2)' does not fit normal(MEAN, STD)"},
        };
        for (String[] c : cases) {
            assertTrue(SPEC.contains(c[0]), c[0]);
            Path spec = spec(dir, SPEC.replace(c[0], c[1]));
            var e = assertThrows(IllegalArgumentException.class, () -> SweepCommand.run(spec.toString(), "--out", dir.resolve("never").toString()));
            assertTrue(e.getMessage().startsWith(c[2]), c[1] + " -> " + e.getMessage());
            assertFalse(Files.exists(dir.resolve("never")), "nothing written");
        }
        var e = assertThrows(IllegalArgumentException.class, () -> SweepCommand.run("no-such.sweep"));
        assertTrue(e.getMessage().startsWith("no sweep file "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepCommand.run(spec(dir, SPEC).toString(), "--master", "http://x:80"));
        assertTrue(e.getMessage().contains("is not HOST or HOST:PORT"), e.getMessage());
    }
}

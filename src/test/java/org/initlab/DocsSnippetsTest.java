package org.initlab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every ```java block of the project's Markdown (README.md, CONTRIBUTING.md, docs/*.md) runs against this build, so a
 * guide cannot drift from the library: a block that does not compile, throws, needs something it does not declare, or
 * is cut off fails this test with its file, line and text. Blocks stand alone (see {@link DocsSnippets}); one marked
 * {@code ```java no-run} is left out and counted.
 */
class DocsSnippetsTest {

    private static DocsSnippets shell;
    private static String checks;

    /** A block's check(...) that does not show must fail the block, as under ./initlab run, not print a finding and go on. */
    @BeforeAll static void start() {
        checks = System.setProperty("initlab.checks", "strict");
        shell = new DocsSnippets();
    }

    @AfterAll static void stop() {
        if (shell != null) shell.close();
        if (checks == null) System.clearProperty("initlab.checks"); else System.setProperty("initlab.checks", checks);
    }

    /** The Markdown files whose java blocks must run, relative to the project folder (Maven runs tests there). */
    static List<Path> guides(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String top : List.of("README.md", "CONTRIBUTING.md")) if (Files.isRegularFile(root.resolve(top))) files.add(root.resolve(top));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    @Test
    @Timeout(300)
    void everyJavaBlockOfTheGuidesRuns() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        assertTrue(Files.isRegularFile(root.resolve("README.md")), "run from the project folder: no README.md in " + root);
        List<DocsSnippets.Failure> failures = new ArrayList<>();
        int ran = 0, skipped = 0, library = 0, inJShell = 0;
        long t0 = System.nanoTime(), cpu0 = cpu();
        for (Path file : guides(root)) {
            String name = root.relativize(file).toString();
            List<DocsSnippets.Block> blocks = DocsSnippets.blocks(name, Files.readString(file, StandardCharsets.UTF_8), failures);
            for (DocsSnippets.Block b : blocks)
                if (!b.run()) {
                    skipped++;
                    System.out.println("skip " + name + ":" + b.line() + " (```java " + DocsSnippets.NO_RUN + ")");
                }
            for (DocsSnippets.Outcome o : shell.run(blocks.stream().filter(DocsSnippets.Block::run).toList())) {
                ran++;
                if (name.equals("docs/library.md")) library++;
                if (o.jshell()) inJShell++;
                failures.addAll(o.failures());
                System.out.println((o.failures().isEmpty() ? "ok   " : "FAIL ") + name + ":" + o.block().line() + " (" + o.millis() + " ms"
                        + (o.jshell() ? ", in JShell" : "") + ")" + indented(o.output(), 8));
            }
        }
        System.out.printf("docs snippets: %d java blocks run (%d of them in JShell), %d marked %s, %d failed, %.1f s (%.1f s of CPU)%n", ran,
                inJShell, skipped, DocsSnippets.NO_RUN, failures.size(), (System.nanoTime() - t0) / 1e9, (cpu() - cpu0) / 1e9);
        assertTrue(failures.isEmpty(), failures.size() + " java block(s) of the guides do not run:\n" + String.join("\n", failures.stream().map(Object::toString).toList()));
        assertTrue(library >= 10, "docs/library.md should show the library in runnable blocks; found " + library);
    }

    /** This JVM's CPU time so far, in ns, every thread counted: what the blocks cost a shared CI machine. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The first {@code max} lines of what a block printed, indented under its line. */
    private static String indented(String output, int max) {
        List<String> lines = output.lines().toList();
        if (lines.isEmpty()) return "";
        String shown = String.join("\n     ", lines.subList(0, Math.min(max, lines.size())));
        return "\n     " + shown + (lines.size() > max ? "\n     ... (" + (lines.size() - max) + " more lines)" : "");
    }

    /**
     * A check that cannot fail is no check: each kind of broken block is reported with its file and line, whichever way
     * it ran; a good block passes, and so does one that only JShell accepts.
     */
    @Test
    void aBrokenBlockIsReportedWithItsFileAndLine() {
        String md = String.join("\n",
                "# A guide",                                                  // 1
                "```java",                                                    // 2
                "import org.initlab.init.*;",                                 // 3
                "double v = Init.heNormal().variance(100, 50);",             // 4
                "System.out.println(\"variance \" + v);",                     // 5
                "```",                                                        // 6
                "```java",                                                    // 7
                "System.out.println(v); // v was the last block's",           // 8
                "```",                                                        // 9
                "```java",                                                    // 10
                "int[] a = new int[1];",                                      // 11
                "a[2] = 0;",                                                  // 12
                "System.out.println(\"not reached\");",                       // 13
                "```",                                                        // 14
                "```java no-run",                                             // 15
                "this is not Java",                                           // 16
                "```",                                                        // 17
                "  ```java",                                                  // 18 (indented, as in a list)
                "  void f() { g(); }",                                        // 19
                "  ```",                                                      // 20
                "```java",                                                    // 21
                "if (true) {",                                                // 22
                "  System.out.println(1);",                                   // 23
                "```",                                                        // 24
                "```java",                                                    // 25
                "int twice(int x) { return 2 * x; } // a top-level method",   // 26
                "System.out.println(\"twice \" + twice(21));",                // 27
                "```",                                                        // 28
                "```java runs",                                               // 29
                "int x = 1;",                                                 // 30
                "```",                                                        // 31
                "```java",                                                    // 32
                "import static org.initlab.notebook.Checks.*;",               // 33
                "",                                                           // 34
                "check(\"one is below zero\", \"one\", 1.0).below(0);",         // 35
                "```",                                                        // 36
                "```java",                                                    // 37
                "int y = 2;");                                                // 38: never closed
        List<DocsSnippets.Failure> failures = new ArrayList<>();
        List<DocsSnippets.Block> blocks = DocsSnippets.blocks("guide.md", md, failures);
        assertEquals(List.of(3, 8, 11, 16, 19, 22, 26, 33), blocks.stream().map(DocsSnippets.Block::line).toList());
        assertEquals(List.of(true, true, true, false, true, true, true, true), blocks.stream().map(DocsSnippets.Block::run).toList());
        assertEquals(List.of("guide.md:29: unknown marker", "guide.md:37: unclosed fence"),
                failures.stream().map(f -> f.file() + ":" + f.line() + ": " + f.kind()).toList());

        List<DocsSnippets.Outcome> outcomes = shell.run(blocks.stream().filter(DocsSnippets.Block::run).toList());
        DocsSnippets.Outcome good = outcomes.get(0), jshellOnly = outcomes.get(5);
        assertEquals(List.of(), good.failures());
        assertTrue(good.output().contains("variance 0.02"), good.output());
        assertFalse(good.jshell(), "a block that compiles as a method runs as one");
        assertEquals(List.of(), jshellOnly.failures());
        assertTrue(jshellOnly.jshell() && jshellOnly.output().contains("twice 42"), jshellOnly.output());

        List<String> reported = new ArrayList<>();
        for (DocsSnippets.Outcome o : outcomes.subList(1, 5)) {
            assertEquals(1, o.failures().size(), o.failures().toString());
            DocsSnippets.Failure f = o.failures().getFirst();
            reported.add(f.file() + ":" + f.line() + ": " + f.kind() + (o.jshell() ? " (JShell)" : ""));
            assertTrue(f.toString().contains(f.snippet().strip().lines().findFirst().orElseThrow()), "the report shows the code: " + f);
            assertFalse(o.output().contains("not reached"), "a block stops at its first failure");
        }
        assertEquals(List.of("guide.md:8: does not compile (JShell)", "guide.md:12: throws", "guide.md:19: unresolved (JShell)",
                "guide.md:22: incomplete (JShell)"), reported);
        String thrown = outcomes.get(2).failures().getFirst().toString();
        assertTrue(thrown.contains("ArrayIndexOutOfBoundsException") && thrown.contains("a[2] = 0;"), thrown);
        DocsSnippets.Failure check = outcomes.get(6).failures().getFirst();
        assertEquals("guide.md:35: throws", check.file() + ":" + check.line() + ": " + check.kind());
        assertTrue(check.message().contains("the evidence does not show: one is below zero"), check.message());
    }
}

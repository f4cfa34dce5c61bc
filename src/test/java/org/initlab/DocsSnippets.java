package org.initlab;

import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ```java blocks of a Markdown guide, and what runs them, so that what the guides show is code that compiles and
 * runs against this build.
 *
 * <p>Every block stands alone: it brings its own imports (none are added for it) and sees nothing an earlier block
 * declared, as in a reader's fresh JShell or notebook (after its set-up cell). A block is opted out only by writing
 * {@code ```java no-run}; the test counts such blocks.
 *
 * <p>How a block runs. JShell, which the notebooks' kernels are built on, is the judge, but it compiles every
 * statement on its own (about 80 ms each, some 10 s for a guide). So all blocks are first compiled together in one
 * javac run, each as the body of a method whose class takes the block's leading imports, lines kept where they are
 * so errors and stack traces point into the guide. A block that compiles so runs as that method. A block that does not
 * (a compile error, or what only JShell accepts: a top-level method, a variable declared twice, a bare expression) is
 * run in JShell statement by statement, and JShell's verdict, with its line, is the block's.
 */
final class DocsSnippets implements AutoCloseable {

    /** The marker that keeps a java block from running: {@code ```java no-run}. */
    static final String NO_RUN = "no-run";

    /**
     * One fenced java block.
     *
     * @param file  where it is, as reported ("docs/library.md")
     * @param line  the 1-based line of its first code line
     * @param code  its text, the fence's indentation removed
     * @param run   false for a block marked {@value #NO_RUN}
     */
    record Block(String file, int line, String code, boolean run) {}

    /** What went wrong in a block: where, what kind, the message, and the code it is about. */
    record Failure(String file, int line, String kind, String message, String snippet) {
        @Override public String toString() {
            return file + ":" + line + ": " + kind + ": " + message + "\n    " + snippet.strip().replace("\n", "\n    ");
        }
    }

    /** How a block ran: its failures (none if it ran), what it printed, its time, and whether JShell ran it. */
    record Outcome(Block block, List<Failure> failures, String output, long millis, boolean jshell) {}

    private static final Pattern FENCE = Pattern.compile("^( *)(`{3,}|~{3,})\\s*([^\\s`]*)\\s*(.*?)\\s*$");

    /**
     * The java blocks of a Markdown text, in order. A java block whose info string says anything but
     * {@value #NO_RUN} after the language, or a fence that is never closed, is a failure, not a block to skip.
     */
    static List<Block> blocks(String file, String markdown, List<Failure> problems) {
        List<Block> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) continue;
            String indent = open.group(1), fence = open.group(2), lang = open.group(3).toLowerCase(Locale.ROOT), rest = open.group(4);
            int start = i + 1, end = start;
            while (end < lines.length && !closes(lines[end], fence)) end++;
            if (end == lines.length) {
                problems.add(new Failure(file, i + 1, "unclosed fence", "the " + fence + " block opened here is never closed", lines[i]));
                break;
            }
            if (lang.equals("java")) {
                StringBuilder code = new StringBuilder();
                for (int k = start; k < end; k++) code.append(unindent(lines[k], indent.length())).append('\n');
                if (rest.isEmpty() || rest.equals(NO_RUN)) out.add(new Block(file, start + 1, code.toString(), rest.isEmpty()));
                else problems.add(new Failure(file, i + 1, "unknown marker", "'" + rest + "' after ```java: write ```java to run the block, "
                        + "```java " + NO_RUN + " to leave it out", lines[i]));
            }
            i = end;
        }
        return out;
    }

    private static boolean closes(String line, String fence) {
        String s = line.strip();
        return s.length() >= fence.length() && s.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String unindent(String line, int n) {
        int k = 0;
        while (k < n && k < line.length() && line.charAt(k) == ' ') k++;
        return line.substring(k);
    }

    private JShell shell; // made when a block first needs it

    /** Runs the blocks (those marked {@value #NO_RUN} are not given here), each on its own. */
    List<Outcome> run(List<Block> blocks) {
        Map<Integer, Class<?>> compiled = compile(blocks);
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Class<?> c = compiled.get(i);
            out.add(c != null ? invoke(blocks.get(i), c) : runInJShell(blocks.get(i)));
        }
        return out;
    }

    // ---- the fast way: every block a method, all compiled in one javac run ----

    /** A line of one or more imports. */
    private static final Pattern IMPORT = Pattern.compile("^(\\s*import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;)+\\s*(//.*)?$");

    /** Block i as the source of class Block{i}: its leading imports, then its other lines as the body of run(), line for line. */
    static String unit(Block block, int i) {
        String[] lines = block.code().split("\n", -1);
        int body = 0; // the first line that is neither an import, a comment nor blank
        while (body < lines.length && (lines[body].isBlank() || lines[body].strip().startsWith("//") || IMPORT.matcher(lines[body]).matches())) body++;
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < lines.length; k++) {
            if (k == body) s.append("public class Block").append(i).append(" { public static void run() throws Throwable { ");
            s.append(lines[k]).append('\n');
        }
        if (body == lines.length) s.append("public class Block").append(i).append(" { public static void run() throws Throwable { ");
        return s.append("\n}}\n").toString();
    }

    /** The blocks that compile as methods, by index, as loaded classes; the others are left to JShell. */
    private static Map<Integer, Class<?>> compile(List<Block> blocks) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Set<Integer> candidates = new java.util.TreeSet<>();
        for (int i = 0; i < blocks.size(); i++) candidates.add(i);
        // javac writes no class at all when any unit has an error: take out the blocks with errors and compile the rest again.
        while (!candidates.isEmpty()) {
            Map<String, Integer> index = new HashMap<>();
            List<JavaFileObject> units = new ArrayList<>();
            for (int i : candidates) {
                index.put("Block" + i, i);
                units.add(new Source("Block" + i, unit(blocks.get(i), i)));
            }
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
            var files = new ForwardingJavaFileManager<JavaFileManager>(javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                @Override public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                    return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                        @Override public OutputStream openOutputStream() {
                            return classes.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                        }
                    };
                }
            };
            List<String> options = List.of("-proc:none", "-Xlint:none", "-nowarn", "-g", "--class-path", System.getProperty("java.class.path"));
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            if (ok) {
                ClassLoader loader = new ClassLoader(DocsSnippets.class.getClassLoader()) {
                    @Override protected Class<?> findClass(String name) throws ClassNotFoundException {
                        ByteArrayOutputStream b = classes.get(name);
                        if (b == null) throw new ClassNotFoundException(name);
                        return defineClass(name, b.toByteArray(), 0, b.size());
                    }
                };
                Map<Integer, Class<?>> out = new HashMap<>();
                for (var e : index.entrySet()) {
                    try {
                        out.put(e.getValue(), loader.loadClass(e.getKey()));
                    } catch (ClassNotFoundException ex) {
                        throw new IllegalStateException("javac wrote no " + e.getKey(), ex);
                    }
                }
                return out;
            }
            Set<Integer> failed = new java.util.HashSet<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics())
                if (d.getKind() == Diagnostic.Kind.ERROR && d.getSource() instanceof Source s) failed.add(index.get(s.className));
            if (failed.isEmpty()) failed.addAll(candidates); // an error outside the units: leave them all to JShell
            candidates.removeAll(failed);
        }
        return Map.of();
    }

    private static final class Source extends SimpleJavaFileObject {
        final String className, code;
        Source(String className, String code) {
            super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
            this.className = className;
            this.code = code;
        }
        @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) { return code; }
    }

    /** Runs a compiled block; an exception is reported at the guide's line of the frame in the block. */
    private static Outcome invoke(Block block, Class<?> c) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Failure> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        PrintStream out = System.out, err = System.err;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            c.getMethod("run").invoke(null);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            int line = block.line();
            for (StackTraceElement f : t.getStackTrace())
                if (f.getClassName().equals(c.getName()) || f.getClassName().startsWith(c.getName() + "$")) {
                    line = block.line() + f.getLineNumber() - 1;
                    break;
                }
            String[] lines = block.code().split("\n", -1);
            int k = Math.max(0, Math.min(lines.length - 1, line - block.line()));
            failures.add(new Failure(block.file(), line, "throws", t.toString(), lines[k]));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Outcome(block, failures, printed.toString(StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000, false);
    }

    // ---- the judge: JShell, statement by statement ----

    /** Runs one block in JShell, snippet by snippet, then forgets everything it declared. */
    Outcome runInJShell(Block block) {
        if (shell == null) {
            shell = JShell.builder().executionEngine("local").build(); // in this JVM: no second JVM to start
            shell.addToClasspath(System.getProperty("java.class.path"));
        }
        List<Failure> failures = new ArrayList<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out, err = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        String rest = block.code();
        int line = block.line();
        try {
            System.setOut(capture);
            System.setErr(capture);
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
                // An incomplete snippet has no remainder to speak of: it is the rest of the block.
                String remaining = info.remaining() != null && rest.endsWith(info.remaining()) ? info.remaining() : "";
                String consumed = rest.substring(0, rest.length() - remaining.length());
                int at = line + leadingNewlines(consumed);
                line += count(consumed, '\n');
                rest = remaining;
                switch (info.completeness()) {
                    case EMPTY -> { continue; } // comments only
                    case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                        failures.add(new Failure(block.file(), at, "incomplete", "the block ends inside this snippet (a missing brace, parenthesis or semicolon?)", consumed));
                        rest = "";
                        continue;
                    }
                    default -> { }
                }
                if (!check(shell.eval(info.source()), block, at, consumed, failures, capture)) break; // the rest would fail only because this did
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            forget();
        }
        return new Outcome(block, failures, printed.toString(StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000, true);
    }

    /** Whether a snippet ran; if not, its failure is added. Expression values are printed. */
    private boolean check(List<SnippetEvent> events, Block block, int line, String source, List<Failure> failures, PrintStream out) {
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue; // a consequence for an earlier snippet, not this one's outcome
            Snippet s = e.snippet();
            String kind = null, message = null;
            if (e.status() == Snippet.Status.REJECTED) {
                kind = "does not compile";
                message = String.join("; ", shell.diagnostics(s).filter(Diag::isError).map(d -> d.getMessage(Locale.ROOT)).toList());
                if (message.isEmpty()) message = "rejected by JShell (" + s.kind() + ")";
            } else if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                kind = "unresolved";
                message = "needs " + String.join(", ", shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) s).toList())
                        + ", which the block does not declare";
            } else if (e.exception() != null) {
                kind = "throws";
                message = describe(e.exception());
            } else if (e.value() != null && !e.value().isEmpty() && isValue(s)) {
                out.println("  => " + e.value());
            }
            if (kind != null) {
                failures.add(new Failure(block.file(), line, kind, message, source));
                return false;
            }
        }
        return true;
    }

    /** An expression's value (JShell's $1, $2... or a bare variable), not every declared variable's. */
    private static boolean isValue(Snippet s) {
        return switch (s.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
            default -> false;
        };
    }

    private static String describe(Throwable t) {
        if (t instanceof jdk.jshell.EvalException ee) return ee.getExceptionClassName() + ": " + ee.getMessage();
        if (t instanceof jdk.jshell.UnresolvedReferenceException ur) return "calls " + ur.getSnippet().source().strip() + ", which is unresolved";
        return t.toString();
    }

    /** Drops every declaration and import, so the next block starts from nothing. */
    private void forget() {
        for (Snippet s : shell.snippets().toList())
            if (shell.status(s).isActive() && s instanceof jdk.jshell.PersistentSnippet) shell.drop(s);
    }

    private static int leadingNewlines(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && Character.isWhitespace(s.charAt(i)); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    @Override public void close() { if (shell != null) shell.close(); }
}

package org.initlab.grading;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.ConstantDynamicEntry;
import java.lang.classfile.constantpool.InvokeDynamicEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Reads a student's answer cells before anything of theirs runs, the way the kernel would compile them, and admits
 * only answers that declare what the handed-out stub declares and call nothing but plain computation.
 *
 * <p>Why the bytecode and not the source: Java has unicode escapes, string-built class names and method references, so
 * no source-level deny list is complete. What code can do, it can only do through the classes and members its
 * compiled class names in its constant pool; so every class, field, method and bootstrap an answer's classes name
 * is checked against an allow-list ({@link Policy}). Reflection, method handles, threads, processes, files,
 * sockets, the kernel and {@code System} (but for printing and clocks) are out of reach of an admitted answer; so
 * an answer cannot rewrite the kernel, the checks that follow it, or anything outside the kernel's JVM.
 *
 * <p>Nothing is executed: the answers are compiled by a JShell whose execution engine only records the classes it
 * is handed ({@link CompileOnly}), with the instructor's cells before them evaluated the same way for their
 * declarations.
 */
public final class AnswerGate implements AutoCloseable {

    /** One answer cell: what the stub declares is what the student's answer may declare. */
    public record Answer(String gradeId, String stub, String student, Policy policy) {
        public Answer {
            if (gradeId == null || gradeId.isBlank()) throw new IllegalArgumentException("an answer needs its grade_id");
            if (stub == null || student == null || policy == null)
                throw new IllegalArgumentException("answer " + gradeId + ": stub, student source and policy are required");
        }
    }

    /** The gate's word on one answer: admitted, or refused with the reason a student and an instructor can read. */
    public record Verdict(String gradeId, boolean admitted, String reason) {
        static Verdict admit(String gradeId) { return new Verdict(gradeId, true, ""); }
        static Verdict refuse(String gradeId, String reason) { return new Verdict(gradeId, false, reason); }
    }

    private final JShell shell;
    private final CompileOnly.Control control;

    /** A gate whose compiler sees {@code classPath} (the kernel's jars), and nothing evaluated yet. */
    public AnswerGate(String classPath) {
        CompileOnly engine = new CompileOnly();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        this.shell = JShell.builder().executionEngine(engine, Map.of()).out(quiet).err(quiet).build();
        this.control = engine.control();
        if (classPath != null && !classPath.isBlank()) shell.addToClasspath(classPath);
    }

    /**
     * The instructor's cell (imports, helpers, checks): evaluated for its declarations only, so that the answers
     * after it compile as they would in the kernel. Nothing runs.
     */
    public void context(String source) {
        for (String snippet : snippets(source)) shell.eval(snippet);
    }

    /** Compiles one answer (nothing runs) and says whether it may run in the kernel. */
    public Verdict judge(Answer answer) {
        String id = answer.gradeId();
        for (String line : answer.student().split("\n")) {
            String t = line.strip();
            if (t.startsWith("%"))
                return Verdict.refuse(id, "the answer has a kernel command (" + cut(t, 40) + "): an answer is Java only");
        }
        List<String> wanted = declarations(answer.stub());
        List<String> given = declarations(answer.student());
        if (!new TreeSet<>(wanted).equals(new TreeSet<>(given))) {
            Set<String> extra = new LinkedHashSet<>(given);
            extra.removeAll(wanted);
            Set<String> missing = new LinkedHashSet<>(wanted);
            missing.removeAll(given);
            return Verdict.refuse(id, "the answer must declare exactly what the handed-out cell declares ("
                    + String.join(", ", wanted) + ")" + (extra.isEmpty() ? "" : "; it also declares " + String.join(", ", extra))
                    + (missing.isEmpty() ? "" : "; it lacks " + String.join(", ", missing)));
        }
        // JShell loads a class only when its bytes changed, so the answer's classes are found by name among all
        // that were ever loaded, not only among those loaded now.
        List<String> wrappers = new ArrayList<>();
        for (String snippet : snippets(answer.student())) {
            for (SnippetEvent e : shell.eval(snippet)) {
                if (e.causeSnippet() != null) continue;   // an earlier snippet updated by this one: already checked
                if (e.exception() != null || e.status() != Snippet.Status.VALID) {
                    String why = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).findFirst()
                            .orElse(e.status().toString().toLowerCase().replace('_', ' '));
                    return Verdict.refuse(id, "the answer does not compile: " + cut(why.replace('\n', ' '), 200));
                }
                wrappers.add(shell.sourceCodeAnalysis().wrapper(e.snippet()).fullClassName());
            }
        }
        List<byte[]> compiled = new ArrayList<>();
        for (String wrapper : wrappers) {
            List<byte[]> found = control.classes.entrySet().stream()
                    .filter(c -> c.getKey().equals(wrapper) || c.getKey().startsWith(wrapper + "$"))
                    .map(Map.Entry::getValue).toList();
            if (found.isEmpty()) return Verdict.refuse(id, "the answer's compiled code could not be read (" + wrapper + ")");
            compiled.addAll(found);
        }
        for (byte[] bytes : compiled) {
            String used = disallowed(ClassFile.of().parse(bytes), answer.policy());
            if (used != null) return Verdict.refuse(id, "the answer uses " + used + ", which "
                    + answer.policy().describe() + " (it is not run)");
        }
        return Verdict.admit(id);
    }

    /** What one compiled class names that the policy does not allow (the first), or null. */
    static String disallowed(ClassModel model, Policy policy) {
        for (PoolEntry entry : model.constantPool()) {
            String found = switch (entry) {
                case MemberRefEntry ref -> policy.allowsMember(ref.owner().asInternalName(), ref.name().stringValue())
                        ? null : readable(ref.owner().asInternalName()) + "." + ref.name().stringValue();
                case ClassEntry c -> policy.allowsClass(c.asInternalName()) ? null : readable(c.asInternalName());
                case InvokeDynamicEntry indy -> {
                    MemberRefEntry bootstrap = indy.bootstrap().bootstrapMethod().reference();
                    yield Policy.BOOTSTRAPS.contains(bootstrap.owner().asInternalName()) ? null
                            : "a dynamic call site bootstrapped by " + readable(bootstrap.owner().asInternalName());
                }
                case ConstantDynamicEntry condy -> "a dynamic constant (" + condy.name().stringValue() + ")";
                default -> null;
            };
            if (found != null) return found;
        }
        return null;
    }

    /** "METHOD diagnose(NetworkSpec)", "VAR myHeNormal", ... for each snippet of a cell (nothing evaluated). */
    List<String> declarations(String source) {
        List<String> out = new ArrayList<>();
        for (String snippet : snippets(source)) {
            for (Snippet s : shell.sourceCodeAnalysis().sourceToSnippets(snippet)) {
                String name = switch (s) {
                    case jdk.jshell.DeclarationSnippet d -> d.name();
                    default -> s.source().strip();
                };
                String signature = s instanceof MethodSnippet m ? "(" + m.parameterTypes() + ")" : "";
                out.add(s.kind() + " " + name + signature);
            }
        }
        return out;
    }

    /** A cell's source split into complete snippets, as the kernels split it. */
    List<String> snippets(String source) {
        List<String> out = new ArrayList<>();
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = source;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
            if (!info.completeness().isComplete()) {
                out.add(rest);   // incomplete: compiled as is, so the student sees the compiler's word
                break;
            }
            out.add(info.source());
            rest = info.remaining();
        }
        return out;
    }

    /**
     * {@code AnswerGate --class-path CP REQUEST...}: judges the answers of each request file (one notebook each, in a
     * fresh gate) and writes REQUEST.verdicts beside it. A request has one line a cell, fields Base64 (UTF-8):
     * {@code context SOURCE} or {@code answer GRADE_ID POLICY STUB STUDENT}, POLICY being {@code standard} or the
     * comma-separated members of {@link Policy#usesOnly}. A verdict line is {@code admit ID} or
     * {@code refuse ID REASON} (REASON in Base64).
     */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 3 || !args[0].equals("--class-path"))
            throw new IllegalArgumentException("usage: AnswerGate --class-path CP REQUEST...");
        for (int i = 2; i < args.length; i++) {
            java.nio.file.Path request = java.nio.file.Path.of(args[i]);
            List<String> verdicts = new ArrayList<>();
            try (AnswerGate gate = new AnswerGate(args[1])) {
                for (String line : java.nio.file.Files.readAllLines(request, StandardCharsets.UTF_8)) {
                    String[] f = line.split(" ", -1);
                    if (f[0].equals("context") && f.length == 2) {
                        gate.context(text(f[1]));
                    } else if (f[0].equals("answer") && f.length == 5) {
                        String policy = text(f[2]);
                        Verdict v = gate.judge(new Answer(text(f[1]), text(f[3]), text(f[4]),
                                policy.equals("standard") ? Policy.standard() : Policy.usesOnly(List.of(policy.split(",")))));
                        verdicts.add(v.admitted() ? "admit " + f[1] : "refuse " + f[1] + " " + base64(v.reason()));
                    } else {
                        throw new IllegalArgumentException(request + ": not a request line: " + cut(line, 60));
                    }
                }
            }
            java.nio.file.Files.write(request.resolveSibling(request.getFileName() + ".verdicts"), verdicts, StandardCharsets.UTF_8);
        }
    }

    private static String text(String base64) {
        return new String(java.util.Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String readable(String internalName) {
        String name = internalName;
        while (name.startsWith("[")) name = name.substring(1);
        if (name.startsWith("L") && name.endsWith(";")) name = name.substring(1, name.length() - 1);
        return name.replace('/', '.');
    }

    private static String cut(String s, int n) { return s.length() <= n ? s : s.substring(0, n) + "..."; }

    @Override
    public void close() { shell.close(); }

    /**
     * A JShell execution engine that runs nothing: it keeps the classes JShell would load, so the gate can read them,
     * and answers every invocation with an empty value.
     */
    static final class CompileOnly implements ExecutionControlProvider {
        private final Control control = new Control();

        Control control() { return control; }

        @Override
        public String name() { return "initlab-compile-only"; }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) { return control; }

        static final class Control implements ExecutionControl {
            final Map<String, byte[]> classes = new java.util.HashMap<>();

            @Override public void load(ClassBytecodes[] loaded) {
                for (ClassBytecodes c : loaded) classes.put(c.name().replace('/', '.'), c.bytecodes());
            }
            @Override public void redefine(ClassBytecodes[] loaded) { load(loaded); }
            @Override public String invoke(String className, String methodName) { return ""; }
            @Override public String varValue(String className, String varName) { return ""; }
            @Override public void addToClasspath(String path) { }
            @Override public void stop() { }
            @Override public Object extensionCommand(String command, Object arg) throws NotImplementedException {
                throw new NotImplementedException("no extension commands: " + command);
            }
            @Override public void close() { }
        }
    }
}

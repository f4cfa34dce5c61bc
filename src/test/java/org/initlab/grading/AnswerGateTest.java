package org.initlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gate against honest answers (admitted) and the attacks a motivated student tried on assignment 1 and 2
 * (refused, with a reason that names what was used), all compiled by JShell and read from their bytecode.
 */
class AnswerGateTest {

    static final String STUB_HE = """
            Initializer myHeNormal = Init.custom("my_he_normal", (fanIn, fanOut, rng) -> {
                // YOUR CODE HERE
                throw new UnsupportedOperationException("not done yet");
            });""";
    static final String HONEST_HE = """
            Initializer myHeNormal = Init.custom("my_he_normal", (fanIn, fanOut, rng) -> {
                return Math.sqrt(2.0 / fanIn) * rng.nextGaussian();
            });""";
    static final Policy DERIVE = Policy.usesOnly(List.of("org.initlab.init.Init.custom",
            "smile.math.random.RandomNumberGenerator"));

    static AnswerGate gate;

    @BeforeAll
    static void context() {
        gate = new AnswerGate(System.getProperty("java.class.path"));
        gate.context("""
                import org.initlab.init.*;
                import org.initlab.experiment.*;
                import org.initlab.nn.*;
                import org.initlab.probe.*;
                import java.util.*;
                import static org.initlab.experiment.Evidence.*;
                double[] moments(double[][] w) { return new double[]{0, 0, 0}; }
                enum Fault { ALL_ZEROS, NONE }
                """);
    }

    @AfterAll
    static void close() { gate.close(); }

    static AnswerGate.Verdict he(String student) {
        return gate.judge(new AnswerGate.Answer("he_normal", STUB_HE, student, DERIVE));
    }

    @Test
    void anHonestDerivationIsAdmitted() {
        AnswerGate.Verdict v = he(HONEST_HE);
        assertTrue(v.admitted(), v.reason());
        assertTrue(he(STUB_HE).admitted(), "the stub as handed out compiles and is admitted");
    }

    @Test
    void theLibrarysOwnInitializerUnderAnotherNameIsRefused() {
        AnswerGate.Verdict v = he("Initializer myHeNormal = Init.heNormal();");
        assertFalse(v.admitted());
        assertTrue(v.reason().contains("org.initlab.init.Init.heNormal"), v.reason());
        AnswerGate.Verdict inside = he("""
                Initializer myHeNormal = Init.custom("x", (fanIn, fanOut, rng) ->
                        Init.heNormal().draw(fanIn, fanOut, 1)[0][0]);""");
        assertFalse(inside.admitted(), "a library initializer called from inside the lambda");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a check of one's own            | void check(boolean ok, String claim, String hint) { }
            the notebook's helper redefined | double[] moments(double[][] w) { return new double[]{0, 2.0 / 784, 0}; }
            a library class shadowed        | class HeExperiments { }
            an extra variable               | double heVariance = 1;
            """)
    void anAnswerThatDeclaresMoreThanTheStubIsRefused(String attack, String extra) {
        AnswerGate.Verdict v = he(HONEST_HE + "\n" + extra);
        assertFalse(v.admitted(), attack);
        assertTrue(v.reason().contains("must declare exactly"), v.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            reflection                 | java.lang.reflect.Field f = null; f.setAccessible(true);          | java.lang.reflect.Field
            a class by name            | Class.forName("org.rapaio.jupyter.kernel.MainApp");               | java.lang.Class
            method handles             | java.lang.invoke.MethodHandles.lookup();                          | java.lang.invoke.MethodHandles
            the class loader           | Object o = rng; o.getClass();                                     | java.lang.Object.getClass
            System.exit                | System.exit(0);                                                   | java.lang.System.exit
            unicode-escaped exit       | \\u0053ystem.exit(0);                                             | java.lang.System.exit
            System.setOut              | System.setOut(null);                                              | java.lang.System.setOut
            an environment variable    | System.getenv("HOME");                                            | java.lang.System.getenv
            reading a file             | java.nio.file.Files.readString(java.nio.file.Path.of("a1.ipynb"));| java.nio.file
            an old-style file          | new java.io.File("..").list();                                    | java.io.File
            a thread                   | new Thread(() -> { }).start();                                    | java.lang.Thread
            a process                  | new ProcessBuilder("sh").start();                                 | java.lang.ProcessBuilder
            a socket                   | new java.net.Socket("127.0.0.1", 9);                              | java.net.Socket
            Runtime                    | Runtime.getRuntime().halt(0);                                     | java.lang.Runtime
            an executor                | java.util.concurrent.Executors.newSingleThreadExecutor();         | java.util.concurrent
            the kernel bridge          | org.initlab.notebook.Kernels.class.hashCode();                    | org.initlab.notebook.Kernels
            """)
    void codeThatReachesPastComputationIsRefused(String attack, String statement, String named) {
        String student = """
                Initializer myHeNormal = Init.custom("my_he_normal", (fanIn, fanOut, rng) -> {
                    try { %s } catch (Exception e) { }
                    return Math.sqrt(2.0 / fanIn) * rng.nextGaussian();
                });""".formatted(statement);
        AnswerGate.Verdict v = gate.judge(new AnswerGate.Answer("he_normal", STUB_HE, student, Policy.standard()));
        assertFalse(v.admitted(), attack + " was admitted");
        assertTrue(v.reason().contains(named), attack + ": " + v.reason());
    }

    @Test
    void aKernelCommandIsRefused() {
        AnswerGate.Verdict v = he("%load ../assignments/a2-derive-and-implement.ipynb\n" + HONEST_HE);
        assertFalse(v.admitted());
        assertTrue(v.reason().contains("kernel command"), v.reason());
    }

    @Test
    void anAnswerThatDoesNotCompileIsRefusedWithTheCompilersWord() {
        AnswerGate.Verdict v = he("""
                Initializer myHeNormal = Init.custom("my_he_normal", (fanIn, fanOut, rng) -> {
                    return Math.sqrt(2.0 / fanIn) * rng.nextGausian();
                });""");
        assertFalse(v.admitted());
        assertTrue(v.reason().startsWith("the answer does not compile") && v.reason().contains("nextGausian"), v.reason());
    }

    @Test
    void aMethodWithStreamsLambdasAndTheLibraryIsAdmittedUnderTheStandardPolicy() {
        String stub = """
                Fault diagnose(NetworkSpec patient) {
                    // YOUR CODE HERE
                    throw new UnsupportedOperationException("not done yet");
                }""";
        String student = """
                Fault diagnose(NetworkSpec patient) {
                    List<LayerStats> layers = SignalPropagation.measure(patient, 256, 1).hidden();
                    if (layers.stream().allMatch(l -> l.distinctUnits() == 1)) return Fault.NONE;
                    double growth = layers.get(layers.size() - 1).actStd() / layers.get(0).actStd();
                    System.out.println("growth " + growth + String.format(" %.3f", growth));
                    return growth < 0.01 ? Fault.ALL_ZEROS : Fault.NONE;
                }""";
        AnswerGate.Verdict v = gate.judge(new AnswerGate.Answer("a1-rule", stub, student, Policy.standard()));
        assertTrue(v.admitted(), v.reason());
        AnswerGate.Verdict renamed = gate.judge(new AnswerGate.Answer("a1-rule", stub,
                student.replace("diagnose(NetworkSpec patient)", "diagnose(NetworkSpec patient, int extra)"), Policy.standard()));
        assertFalse(renamed.admitted(), "another signature is another declaration");
    }

    @Test
    void aVariableInPlaceOfTheMethodIsRefused() {
        AnswerGate.Verdict v = gate.judge(new AnswerGate.Answer("cure", "Initializer cureForE() { return null; }",
                "Initializer cureForE = Init.heNormal();", Policy.standard()));
        assertFalse(v.admitted());
        assertEquals("cure", v.gradeId());
    }
}

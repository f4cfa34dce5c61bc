package org.initlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.initlab.experiment.MysteryStarts;
import org.initlab.experiment.MysteryStarts.Fault;
import org.initlab.experiment.Spread;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.junit.jupiter.api.Test;

/**
 * The assignments' checks, called as their check cells call them: the worked solutions pass every check with a PASS
 * line that states the measurement and its threshold, and each typical wrong answer fails the check meant for it.
 * And the property of a4's settings that no student is graded on: each tells a right start from a wrong one.
 */
class AssignmentChecksTest {

    /** Runs a check, returns what it printed; a FAIL comes back as the AssertionError's message. */
    static String printed(Runnable check) {
        PrintStream old = System.out;
        var bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            check.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static void passes(Runnable check, int lines) {
        String out = printed(check);
        assertEquals(lines, out.lines().filter(l -> l.startsWith("PASS ")).count(), out);
    }

    static String fails(Runnable check) {
        AssertionError e = assertThrows(AssertionError.class, () -> printed(check));
        assertTrue(e.getMessage().startsWith("FAIL ") && e.getMessage().contains("hint: "), e.getMessage());
        return e.getMessage();
    }

    // a1: the solutions as Init.custom lambdas, and the usual slips.
    static final Initializer HE = Init.custom("he", (fanIn, fanOut, rng) -> Math.sqrt(2.0 / fanIn) * rng.nextGaussian());
    static final Initializer XAVIER = Init.custom("xavier", (fanIn, fanOut, rng) -> {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        return -a + 2 * a * rng.nextDouble();
    });

    @Test
    void deriveSolutionsPassEveryCheck() {
        passes(() -> DeriveChecks.heNormal(HE), 3);
        passes(() -> DeriveChecks.heNormalOtherShapes(HE), 1);
        passes(() -> DeriveChecks.xavierUniform(XAVIER), 3);
        passes(() -> DeriveChecks.xavierUniformShape(XAVIER), 2);
        passes(() -> DeriveChecks.deep(HE), 1);
    }

    @Test
    void deriveSlipsFail() {
        var fanOut = Init.custom("fan_out", (fanIn, fanOut2, rng) -> Math.sqrt(2.0 / fanOut2) * rng.nextGaussian());
        assertTrue(fails(() -> DeriveChecks.heNormal(fanOut)).contains("variance is 2/fan_in"));
        // Right on the example's 784 -> 256, wrong elsewhere: only the hidden check sees it.
        var fixed = Init.custom("fixed", (fanIn, fanOut2, rng) -> Math.sqrt(2.0 / 784) * rng.nextGaussian());
        passes(() -> DeriveChecks.heNormal(fixed), 3);
        fails(() -> DeriveChecks.heNormalOtherShapes(fixed));
        var shifted = Init.custom("shifted", (fanIn, fanOut2, rng) -> 0.01 + Math.sqrt(2.0 / fanIn) * rng.nextGaussian());
        assertTrue(fails(() -> DeriveChecks.heNormal(shifted)).contains("mean 0"));
        // One value drawn once and reused: the right scale, but every weight equal.
        double[] once = {Double.NaN};
        var reused = Init.custom("reused", (fanIn, fanOut2, rng) -> {
            if (Double.isNaN(once[0])) once[0] = Math.sqrt(2.0 / fanIn) * rng.nextGaussian();
            return once[0];
        });
        fails(() -> DeriveChecks.deep(reused));
        // Xavier's variance drawn from a normal: the moments pass, the uniform shape does not.
        fails(() -> DeriveChecks.xavierUniformShape(Init.xavierNormal()));
        var halfBound = Init.custom("half", (fanIn, fanOut2, rng) -> {
            double a = Math.sqrt(3.0 / (fanIn + fanOut2));
            return -a + 2 * a * rng.nextDouble();
        });
        assertTrue(fails(() -> DeriveChecks.xavierUniform(halfBound)).contains("2/(fan_in + fan_out)"));
    }

    @Test
    void diagnoseTheTruthPassesAndOneWrongAnswerFails() {
        for (String name : DiagnoseChecks.KNOWN) passes(() -> DiagnoseChecks.patient(name, MysteryStarts.fault(name)), 1);
        assertTrue(fails(() -> DiagnoseChecks.patient("A", Fault.NONE)).contains("patient A: NONE"));
        List<Fault> truth = new ArrayList<>();
        for (long seed : DiagnoseChecks.UNSEEN) truth.add(MysteryStarts.fault(seed));
        passes(() -> DiagnoseChecks.unseen(truth), 1);
        List<Fault> oneWrong = new ArrayList<>(truth);
        oneWrong.set(7, oneWrong.get(7) == Fault.NONE ? Fault.TOO_LARGE : Fault.NONE);
        assertTrue(fails(() -> DiagnoseChecks.unseen(oneWrong)).contains("19 of 20 right"));
        assertThrows(IllegalArgumentException.class, () -> DiagnoseChecks.unseen(truth.subList(0, 5)));
        passes(() -> DiagnoseChecks.cure(Init.heNormal()), 1);
        fails(() -> DiagnoseChecks.cure(Init.xavierNormal()));
    }

    /** a3's predictions from the variance argument; {@code varianceNotMoment} is the usual slip in part 2. */
    static double[][] relu(int depth, int width, double sigma, boolean varianceNotMoment) {
        double[] pre = new double[depth], act = new double[depth];
        double moment = 1;
        for (int l = 0; l < depth; l++) {
            double v = width * sigma * sigma * moment, mean = Math.sqrt(v / (2 * Math.PI));
            pre[l] = Math.sqrt(v);
            act[l] = Math.sqrt(v / 2 - mean * mean);
            moment = varianceNotMoment ? act[l] * act[l] : v / 2;
        }
        return new double[][]{pre, act};
    }

    @Test
    void predictSolutionsPassAndSlipsFail() {
        double s = 0.9 / Math.sqrt(256), r = 1.2 * Math.sqrt(2.0 / 256);
        double[] linear = new double[8], ratios = new double[8];
        for (int l = 0; l < 8; l++) {
            linear[l] = Math.pow(Math.sqrt(256) * s, l + 1);
            ratios[l] = Math.pow(Math.sqrt(256 * r * r / 2), 7 - l);
        }
        passes(() -> PredictChecks.linear(8, 256, s, linear, 0.1), 2);
        passes(() -> PredictChecks.relu(8, 256, r, relu(8, 256, r, false), 0.1), 3);
        passes(() -> PredictChecks.gradients(8, 256, r, ratios, 0.1), 3);
        assertTrue(fails(() -> PredictChecks.relu(8, 256, r, relu(8, 256, r, true), 0.1)).contains("the std of z matches"));
        double[] constant = new double[8];
        java.util.Arrays.fill(constant, 1);
        fails(() -> PredictChecks.linear(8, 256, s, constant, 0.1));
        assertTrue(fails(() -> PredictChecks.linear(8, 256, s, new double[7], 0.1)).contains("one prediction per hidden layer"));
    }

    @Test
    void eachChooseSettingTellsTheRightStartFromAWrongOne() {
        // A right start reaches the band in every seed, a wrong one stays below it in every seed (or diverges).
        record Setting(Activation f, int depth, Initializer right, Initializer wrong) {}
        for (Setting s : List.of(new Setting(Activation.TANH, 10, Init.xavierNormal(Init.gain(Activation.TANH)), Init.normal(0, 1.0)),
                new Setting(Activation.RELU, 20, Init.heNormal(), Init.xavierNormal()),
                new Setting(Activation.SELU, 30, Init.lecunNormal(), Init.heNormal()))) {
            passes(() -> ChooseChecks.setting(s.f(), s.depth(), s.right(), "a right start"), 1);
            Spread wrong = ChooseChecks.accuracyOverSeeds(s.f(), s.depth(), s.wrong());
            assertTrue(!(wrong.max() >= ChooseChecks.TARGET), s + ": " + wrong);
        }
    }
}

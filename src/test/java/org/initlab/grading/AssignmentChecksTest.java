package org.initlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.initlab.experiment.MysteryStarts;
import org.initlab.experiment.MysteryStarts.Fault;
import org.initlab.experiment.SignalPropagation;
import org.initlab.experiment.Spread;
import org.initlab.init.Init;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.probe.LayerStats;
import org.junit.jupiter.api.Test;

/**
 * The assignments' checks, called as their check cells call them: the worked solutions pass every check with a PASS
 * line that states the measurement and its threshold, and each typical wrong answer fails the check meant for it (and
 * only that one, where a cell is worth part of the points). And the properties of the assignments that no student is
 * graded on: a4's settings each tell a right start from a wrong one; a1's visible example patients fail the rules
 * that the unseen ones fail, so that PASS in self-study predicts the grade.
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

    // a2: the solutions as Init.custom lambdas, and the usual slips.
    static final Initializer HE = Init.custom("he", (fanIn, fanOut, rng) -> Math.sqrt(2.0 / fanIn) * rng.nextGaussian());
    static final Initializer XAVIER = Init.custom("xavier", (fanIn, fanOut, rng) -> {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        return -a + 2 * a * rng.nextDouble();
    });

    @Test
    void deriveSolutionsPassEveryCheck() {
        passes(() -> DeriveChecks.heNormal(HE), 3);
        passes(() -> DeriveChecks.heNormalWide(HE), 1);
        passes(() -> DeriveChecks.heNormalTall(HE), 1);
        passes(() -> DeriveChecks.xavierUniform(XAVIER), 3);
        passes(() -> DeriveChecks.xavierUniformShape(XAVIER), 2);
        passes(() -> DeriveChecks.xavierUniformOtherShape(XAVIER), 1);
        passes(() -> DeriveChecks.deep(HE), 1);
    }

    @Test
    void deriveSlipsFail() {
        var fanOut = Init.custom("fan_out", (fanIn, fanOut2, rng) -> Math.sqrt(2.0 / fanOut2) * rng.nextGaussian());
        assertTrue(fails(() -> DeriveChecks.heNormal(fanOut)).contains("variance is 2/fan_in"));
        // Right on the example's 784 -> 256, wrong elsewhere: the first cell's 2 points, not the shapes' or the deep one's.
        var fixed = Init.custom("fixed", (fanIn, fanOut2, rng) -> Math.sqrt(2.0 / 784) * rng.nextGaussian());
        passes(() -> DeriveChecks.heNormal(fixed), 3);
        assertTrue(fails(() -> DeriveChecks.heNormalWide(fixed)).contains("follows fan_in"));
        fails(() -> DeriveChecks.heNormalTall(fixed));
        fails(() -> DeriveChecks.deep(fixed));
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
        // The example's fans written in: the moments pass, other shapes do not (visible and hidden).
        var fixedBound = Init.custom("fixed_bound", (fanIn, fanOut2, rng) -> {
            double a = Math.sqrt(6.0 / (784 + 256));
            return -a + 2 * a * rng.nextDouble();
        });
        passes(() -> DeriveChecks.xavierUniform(fixedBound), 3);
        assertTrue(fails(() -> DeriveChecks.xavierUniformShape(fixedBound)).contains("both fans on 300 -> 300"));
        fails(() -> DeriveChecks.xavierUniformOtherShape(fixedBound));
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
        List<Fault> examples = new ArrayList<>();
        for (long seed : DiagnoseChecks.EXAMPLES) examples.add(MysteryStarts.fault(seed));
        passes(() -> DiagnoseChecks.examples(examples), 1);
        examples.set(0, Fault.ALL_ZEROS);
        String missed = fails(() -> DiagnoseChecks.examples(examples));
        assertTrue(missed.contains("7 of 8 right") && missed.contains("seed 2006") && missed.contains("yours ALL_ZEROS"), missed);
        passes(() -> DiagnoseChecks.cure(Init.heNormal()), 1);
        fails(() -> DiagnoseChecks.cure(Init.xavierNormal()));
    }

    /** The worked rule of a1, and rules a student fits to A to E that read a measurement one way only. */
    static Fault solution(List<LayerStats> layers) {
        LayerStats first = layers.getFirst(), last = layers.getLast();
        if (first.preStd() == 0 && first.preMean() == 0) return Fault.ALL_ZEROS;
        if (layers.stream().allMatch(l -> l.distinctUnits() == 1)) return Fault.ONE_CONSTANT;
        double growth = last.actStd() / first.actStd();
        if (growth < 0.01) return Fault.TOO_SMALL;
        if (growth > 10 || last.saturated() > 0.5) return Fault.TOO_LARGE;
        return Fault.NONE;
    }

    /** Too large only as tanh shows it (A): a ReLU too large comes out NONE (its saturation is NaN). */
    static Fault saturationOnly(List<LayerStats> layers) {
        LayerStats first = layers.getFirst(), last = layers.getLast();
        if (first.preStd() == 0) return Fault.ALL_ZEROS;
        if (last.distinctUnits() == 1) return Fault.ONE_CONSTANT;
        if (last.actStd() / first.actStd() < 0.01) return Fault.TOO_SMALL;
        return last.saturated() > 0.5 ? Fault.TOO_LARGE : Fault.NONE;
    }

    /** All zeros told by the last layer's silence: a negative constant through ReLU is silent too. */
    static Fault zerosByLastLayer(List<LayerStats> layers) {
        LayerStats last = layers.getLast();
        if (last.distinctUnits() == 1) return last.actStd() == 0 ? Fault.ALL_ZEROS : Fault.ONE_CONSTANT;
        return solution(layers);
    }

    /** Too large as "the last layer's std is near 1", as saturated tanh's is: a good ReLU start is there too. */
    static Fault largeByLastStd(List<LayerStats> layers) {
        LayerStats first = layers.getFirst(), last = layers.getLast();
        if (first.preStd() == 0) return Fault.ALL_ZEROS;
        if (last.distinctUnits() == 1) return Fault.ONE_CONSTANT;
        if (last.actStd() < 0.01) return Fault.TOO_SMALL;
        return last.actStd() > 0.9 ? Fault.TOO_LARGE : Fault.NONE;
    }

    /** Growth read before copies: a ReLU constant that grows is called too large. */
    static Fault growthBeforeCopies(List<LayerStats> layers) {
        LayerStats first = layers.getFirst(), last = layers.getLast();
        if (first.preStd() == 0) return Fault.ALL_ZEROS;
        double growth = last.actStd() / first.actStd();
        if (growth < 0.01) return Fault.TOO_SMALL;
        if (growth > 10) return Fault.TOO_LARGE;
        return solution(layers);
    }

    /** A band fitted to C's growth: narrow good starts drift out of it. */
    static Fault tightBand(List<LayerStats> layers) {
        LayerStats first = layers.getFirst(), last = layers.getLast();
        if (first.preStd() == 0) return Fault.ALL_ZEROS;
        if (last.distinctUnits() == 1) return Fault.ONE_CONSTANT;
        double growth = last.actStd() / first.actStd();
        if (last.saturated() > 0.5 || growth > 1.25) return Fault.TOO_LARGE;
        return growth < 0.8 ? Fault.TOO_SMALL : Fault.NONE;
    }

    static boolean passed(Runnable check) {
        try {
            printed(check);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    static List<Fault> diagnosed(Function<List<LayerStats>, Fault> rule, List<Long> seeds) {
        return seeds.stream().map(seed -> rule.apply(SignalPropagation.measure(MysteryStarts.patient(seed), 256, 1).hidden())).toList();
    }

    @Test
    void aRuleThatPassesTheExamplesPassesTheUnseenPatients() {
        // a1's release shows EXAMPLES and says the grader tries UNSEEN: a rule fitted to A to E must learn of its
        // fault from the examples, or the student sees PASS in self-study and scores 0 on that cell when graded.
        Map<String, Function<List<LayerStats>, Fault>> rules = new LinkedHashMap<>();
        rules.put("the worked rule", AssignmentChecksTest::solution);
        rules.put("saturation only", AssignmentChecksTest::saturationOnly);
        rules.put("zeros by the last layer", AssignmentChecksTest::zerosByLastLayer);
        rules.put("large by the last std", AssignmentChecksTest::largeByLastStd);
        rules.put("growth before copies", AssignmentChecksTest::growthBeforeCopies);
        rules.put("a band fitted to C", AssignmentChecksTest::tightBand);
        int failUnseen = 0;
        for (var rule : rules.entrySet()) {
            for (String name : DiagnoseChecks.KNOWN) {
                Fault said = rule.getValue().apply(SignalPropagation.measure(MysteryStarts.patient(name), 256, 1).hidden());
                assertEquals(MysteryStarts.fault(name), said, rule.getKey() + " must fit patient " + name);
            }
            boolean examples = passed(() -> DiagnoseChecks.examples(diagnosed(rule.getValue(), DiagnoseChecks.EXAMPLES)));
            boolean unseen = passed(() -> DiagnoseChecks.unseen(diagnosed(rule.getValue(), DiagnoseChecks.UNSEEN)));
            assertEquals(unseen, examples, rule.getKey() + ": the examples " + (examples ? "pass" : "fail")
                    + " but the unseen patients " + (unseen ? "pass" : "fail"));
            if (!unseen) failUnseen++;
        }
        assertEquals(rules.size() - 1, failUnseen, "every fitted rule fails the unseen patients, the worked one passes");
    }

    /**
     * a3's predictions from the variance argument; {@code varianceNotMoment} and {@code meanForgotten} are the usual
     * slips in part 2 (the next layer fed the variance of a instead of its second moment; std(a) taken as sqrt(E[a^2])).
     */
    static double[][] relu(int depth, int width, double sigma, boolean varianceNotMoment, boolean meanForgotten) {
        double[] pre = new double[depth], act = new double[depth];
        double moment = 1;
        for (int l = 0; l < depth; l++) {
            double v = width * sigma * sigma * moment, mean = meanForgotten ? 0 : Math.sqrt(v / (2 * Math.PI));
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
        passes(() -> PredictChecks.reluPre(8, 256, r, relu(8, 256, r, false, false), 0.1), 2);
        passes(() -> PredictChecks.reluAct(8, 256, r, relu(8, 256, r, false, false), 0.1), 2);
        passes(() -> PredictChecks.gradients(8, 256, r, ratios, 0.1), 3);
        assertTrue(fails(() -> PredictChecks.reluPre(8, 256, r, relu(8, 256, r, true, false), 0.1)).contains("the std of z matches"));
        // The mean of max(z, 0) forgotten: z is right (its cell's points), the activations are not.
        passes(() -> PredictChecks.reluPre(8, 256, r, relu(8, 256, r, false, true), 0.1), 2);
        assertTrue(fails(() -> PredictChecks.reluAct(8, 256, r, relu(8, 256, r, false, true), 0.1)).contains("max(z, 0) matches"));
        double[] constant = new double[8];
        java.util.Arrays.fill(constant, 1);
        fails(() -> PredictChecks.linear(8, 256, s, constant, 0.1));
        assertTrue(fails(() -> PredictChecks.linear(8, 256, s, new double[7], 0.1)).contains("one prediction per hidden layer"));
    }

    @Test
    void eachChooseSettingTellsTheRightStartFromTheUsualWrongOnes() {
        // A right start lands in the band, the start a student would take from the chapters does not: graded on the
        // measurement of the start, so each band must separate them with a margin (printed, to see it).
        record Setting(String name, Runnable right, List<Runnable> wrong) {}
        Initializer gelu = Init.varianceScaling(2.15, Init.Mode.FAN_IN, Init.Distribution.NORMAL);
        for (Setting s : List.of(
                new Setting("leaky", () -> ChooseChecks.leaky(Init.heNormal(Init.Mode.FAN_IN, 0.2), ""),
                        List.of(() -> ChooseChecks.leaky(Init.heNormal(), ""),
                                () -> ChooseChecks.leaky(Init.xavierNormal(), ""))),
                new Setting("gelu", () -> ChooseChecks.gelu(gelu, ""),
                        List.of(() -> ChooseChecks.gelu(Init.heNormal(), ""),
                                () -> ChooseChecks.gelu(Init.lecunNormal(), ""))),
                new Setting("taper", () -> ChooseChecks.taper(Init.heNormal(), ""),
                        List.of(() -> ChooseChecks.taper(Init.heNormal(Init.Mode.FAN_OUT, 0), ""),
                                () -> ChooseChecks.taper(Init.xavierNormal(Init.gain(Activation.RELU)), ""))),
                new Setting("output", () -> ChooseChecks.output(Init.normal(0, 0.01), ""),
                        List.of(() -> ChooseChecks.output(Init.heNormal(), ""),
                                () -> ChooseChecks.output(Init.xavierNormal(), ""))))) {
            String right = printed(s.right());
            assertEquals(1, right.lines().filter(l -> l.startsWith("PASS ")).count(), right);
            System.out.print(s.name() + " right: " + right);
            // The wrong starts' margins, shown as what they are (a grep for FAIL in CI's log should find failures).
            for (Runnable wrong : s.wrong()) System.out.println(s.name() + " wrong, refused as it must be: " + fails(wrong).replace("FAIL ", ""));
        }
    }

    @Test
    void aStudentsMeasurementIsComparedSeedBySeed() {
        for (var spec : ChooseChecks.measuredSettings()) {
            passes(() -> ChooseChecks.forwardMeasured(spec, ChooseChecks.forwardGrowth(spec), ""), 1);
            passes(() -> ChooseChecks.backwardMeasured(spec, ChooseChecks.backwardGrowth(spec), ""), 1);
            // Standard deviations for variances, and one seed's value for all: both wrong.
            double[] std = java.util.Arrays.stream(ChooseChecks.forwardGrowth(spec)).map(Math::sqrt).toArray();
            assertTrue(fails(() -> ChooseChecks.forwardMeasured(spec, std, "")).contains("measured"));
            double[] one = new double[ChooseChecks.SEEDS];
            java.util.Arrays.fill(one, ChooseChecks.backwardGrowth(spec)[0]);
            fails(() -> ChooseChecks.backwardMeasured(spec, one, ""));
            fails(() -> ChooseChecks.forwardMeasured(spec, null, ""));
            // Forward for backward: the two directions differ on these settings.
            fails(() -> ChooseChecks.backwardMeasured(spec, ChooseChecks.forwardGrowth(spec), ""));
        }
    }
}

package org.initlab.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects a claim's checks as its experiment decides them, then the verdict:
 * <pre>{@code
 * var r = new Rule(Repeat.SEEDS);
 * boolean frozen = r.exactly("largest |hidden weight| after training, max over seeds", maxW, 0, "a zero gradient moves nothing");
 * return r.decide(frozen ? Verdict.HOLDS : Verdict.WRONG, evidence);
 * }</pre>
 * Each call records its check and returns whether it passed, so every check is recorded: decide the
 * booleans first, then combine them (a {@code &&} chain would skip the checks after a failing one).
 */
final class Rule {
    private final int seeds;
    private final List<Check> checks = new ArrayList<>();

    Rule(int seeds) {
        if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        this.seeds = seeds;
    }

    boolean atLeast(String statistic, double value, double threshold, String why) { return add(new Check(statistic, value, Check.Op.AT_LEAST, threshold, why)); }

    boolean atMost(String statistic, double value, double threshold, String why) { return add(new Check(statistic, value, Check.Op.AT_MOST, threshold, why)); }

    boolean exactly(String statistic, double value, double target, String why) { return add(new Check(statistic, value, Check.Op.EXACTLY, target, why)); }

    /** |value - target| <= tolerance, recorded as a check on the distance. */
    boolean near(String statistic, double value, double target, double tolerance, String why) {
        return add(new Check("|" + statistic + " - " + Evidence.fmt(target) + "|", Math.abs(value - target), Check.Op.AT_MOST, tolerance, why));
    }

    private boolean add(Check c) {
        checks.add(c);
        return c.passes();
    }

    Finding decide(Verdict verdict, String evidence) { return new Finding(verdict, evidence, checks, seeds); }
}

package org.initlab.experiment;

import java.util.Locale;

/**
 * One condition of a claim's rule, as measured: a statistic, how it must compare with a threshold, and
 * why that threshold. A verdict is decided by which of its claim's checks pass; the margin says how far
 * each one was from going the other way.
 *
 * @param statistic what was measured, over which seeds, e.g. "largest test accuracy of a zero start, max over 5 seeds"
 * @param value     the measured value
 * @param op        how it must compare with the threshold for the check to pass
 * @param threshold the threshold
 * @param why       why this threshold: the theory or the convention behind it
 */
public record Check(String statistic, double value, Op op, double threshold, String why) {

    /** The comparisons a rule uses. {@link #EXACTLY} is for facts that hold bit for bit (a gradient that is exactly 0). */
    public enum Op {
        AT_LEAST(">="), AT_MOST("<="), EXACTLY("=");

        private final String symbol;

        Op(String symbol) { this.symbol = symbol; }

        public String symbol() { return symbol; }
    }

    public Check {
        if (statistic == null || statistic.isBlank()) throw new IllegalArgumentException("a check needs the name of its statistic");
        if (op == null) throw new IllegalArgumentException("a check needs a comparison");
        if (!Double.isFinite(threshold)) throw new IllegalArgumentException("threshold of '" + statistic + "' must be finite, got " + threshold);
        if (why == null || why.isBlank()) throw new IllegalArgumentException("check '" + statistic + "' must say why its threshold is " + threshold);
    }

    /** Whether the measured value satisfies the comparison; NaN never does. */
    public boolean passes() {
        return switch (op) {
            case AT_LEAST -> value >= threshold;
            case AT_MOST -> value <= threshold;
            case EXACTLY -> value == threshold;
        };
    }

    /**
     * How far the value is from the threshold, in the statistic's own units: positive when the check
     * passes, negative when it fails. For an exact check, 0 when it holds and -|value - threshold| when not.
     */
    public double margin() {
        return switch (op) {
            case AT_LEAST -> value - threshold;
            case AT_MOST -> threshold - value;
            case EXACTLY -> -Math.abs(value - threshold);
        };
    }

    /**
     * The margin as a fraction of the threshold's size (of 1 when the threshold is 0), so margins of
     * different statistics compare: +0.5 means the value could move by half the threshold before the
     * check flips. NaN for an exact check, which has no margin to speak of: it holds bit for bit or not.
     */
    public double relativeMargin() {
        if (op == Op.EXACTLY) return Double.NaN;
        return margin() / (threshold == 0 ? 1 : Math.abs(threshold));
    }

    /** E.g. "test accuracy gap = 0.31 >= 0.2". */
    public String comparison() { return statistic + " = " + Evidence.fmt(value) + " " + op.symbol() + " " + Evidence.fmt(threshold); }

    /** E.g. "test accuracy gap = 0.31 >= 0.2 (passes, margin +55%)". */
    public String describe() {
        String m = op == Op.EXACTLY ? "exact" : "margin " + String.format(Locale.ROOT, "%+.0f%%", 100 * relativeMargin());
        return comparison() + " (" + (passes() ? "passes" : "fails") + ", " + m + ")";
    }
}

package org.initlab.experiment;

import java.util.Locale;

/**
 * How a notebook states a fact it has just measured: {@code require(spread == 0, "every input gets the
 * same output, spread %s", fmt(spread))} fails the notebook, with the numbers, if the phenomenon did
 * not show; {@link #fmt} prints measured numbers the same way everywhere.
 */
public final class Evidence {
    private Evidence() {}

    /**
     * Whether a check that does not show fails the notebook. Strict under {@code ./initlab run} and {@code ./initlab test}
     * (they start kernels with {@code INITLAB_CHECKS=strict}) and wherever {@code -Dinitlab.checks=strict} is set; a kernel a
     * learner starts is lenient: a claim that does not show with their settings is a finding, shown, and the notebook goes on.
     */
    public static boolean strict() {
        String p = System.getProperty("initlab.checks");
        return "strict".equals(p != null ? p : System.getenv("INITLAB_CHECKS"));
    }

    /** Throws {@link IllegalStateException} with the formatted statement when {@code holds} is false. */
    public static void require(boolean holds, String statement, Object... args) {
        if (!holds) throw new IllegalStateException("the evidence does not show: " + String.format(Locale.ROOT, statement, args));
    }

    /**
     * An assignment's check: prints "PASS what" when {@code passes}, else throws {@link AssertionError} with "FAIL what"
     * and the hint (what to look at, not the answer). The printed line is the learner's feedback in self-study; the
     * error is what a grader (nbgrader's autograde, or {@code ./initlab grade}) counts as a failed check.
     */
    public static void check(boolean passes, String what, String hint) {
        if (!passes) throw new AssertionError("FAIL " + what + "\n  hint: " + hint);
        System.out.println("PASS " + what);
    }

    /** A measured number for prose: 4 significant digits, scientific outside 1e-3..1e4, exact 0 as "0". */
    public static String fmt(double v) {
        if (v == 0) return "0";
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e4 ? String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "")
                : String.format(Locale.ROOT, "%.2e", v);
    }

    /** A fraction as a percentage, e.g. "92.4%". */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}

package org.initlab.notebook;

import org.initlab.experiment.Evidence;
import org.initlab.experiment.Spread;

/**
 * A chapter's checks. Each states the claim, what was measured and the threshold the claim needs, and
 * shows that line whatever the outcome:
 * <pre>{@code check("too small: the activations collapse", "layer 9's std / layer 0's", ratio).below(1e-4);}</pre>
 * shows "✓ too small: the activations collapse: layer 9's std / layer 0's, largest of 5 seeds, 3.1e-06 < 1.00e-04".
 * A {@link Spread} is decided on its worst seed: {@code below} on the largest value, {@code above} on the smallest,
 * {@code near} on the farthest, so "in every seed" is what a check of a spread says.
 * <p>
 * Whether a check that does not show stops the notebook depends on who runs it ({@link Evidence#strict()}): under
 * {@code ./initlab run} and {@code ./initlab test} it throws, so the notebook and the tests fail; in a kernel a learner
 * starts it shows a highlighted "did not show with your settings" line with the measured value and what the claim
 * needs, and the notebook goes on: with settings of their own, that is the finding.
 */
public final class Checks {
    private Checks() {}

    /** A single measured number: {@code check("Adam rescues it", "lowest accuracy with Adam", acc).above(0.8)}. */
    public static Measured check(String claim, String measured, double value) {
        return new Measured(claim, measured, Spread.of(value), null);
    }

    /** A number measured over seeds, decided on its worst seed. */
    public static Measured check(String claim, String measured, Spread values) {
        return new Measured(claim, measured, values, "seeds");
    }

    /** A count of runs that show something, against all of them: "3 of 5 runs diverged". */
    public static Measured check(String claim, String measured, long count) {
        return new Measured(claim, measured, Spread.of(count), null);
    }

    /** What was measured, waiting for the threshold that decides it. */
    public static final class Measured {
        private final String claim, measured;
        private final Spread values;
        private final String unit; // what the spread's values are over, or null for a single number

        Measured(String claim, String measured, Spread values, String unit) {
            if (claim == null || claim.isBlank()) throw new IllegalArgumentException("a check needs the claim it tests");
            if (measured == null || measured.isBlank()) throw new IllegalArgumentException("check '" + claim + "' must say what it measured");
            this.claim = claim;
            this.measured = measured;
            this.values = values;
            this.unit = unit;
        }

        /** The spread's values are over {@code what} ("runs", "draws", "layers"), not seeds. */
        public Measured over(String what) { return new Measured(claim, measured, values, what); }

        /** Every value is below {@code limit}. */
        public void below(double limit) {
            decide(largest() < limit, "largest", largest(), "< " + Evidence.fmt(limit));
        }

        /** Every value is at most {@code limit}. */
        public void atMost(double limit) {
            decide(largest() <= limit, "largest", largest(), "<= " + Evidence.fmt(limit));
        }

        /** Every value is above {@code limit}. */
        public void above(double limit) {
            decide(smallest() > limit, "smallest", smallest(), "> " + Evidence.fmt(limit));
        }

        /** Every value is at least {@code limit}. */
        public void atLeast(double limit) {
            decide(smallest() >= limit, "smallest", smallest(), ">= " + Evidence.fmt(limit));
        }

        // A seed that gave NaN (a diverged run, say) is the worst seed for any comparison: it never passes.
        private boolean anyNaN() { return java.util.Arrays.stream(values.values()).anyMatch(Double::isNaN); }

        private double smallest() { return anyNaN() ? Double.NaN : values.min(); }

        private double largest() { return anyNaN() ? Double.NaN : values.max(); }

        /** Every value lies within {@code tolerance} of {@code target}. */
        public void near(double target, double tolerance) {
            double far = Math.abs(largest() - target) >= Math.abs(smallest() - target) ? largest() : smallest();
            double off = Math.abs(far - target);
            decide(off < tolerance, "farthest from " + Evidence.fmt(target), far,
                    Evidence.fmt(far) + ", off by " + Evidence.fmt(off), "< " + Evidence.fmt(tolerance));
        }

        /** Every value lies strictly between {@code low} and {@code high}. */
        public void between(double low, double high) {
            String range = anyNaN() ? "NaN" : Evidence.fmt(values.min()) + (values.min() == values.max() ? "" : " to " + Evidence.fmt(values.max()));
            decide(smallest() > low && largest() < high, null, Double.NaN, range,
                    "inside (" + Evidence.fmt(low) + ", " + Evidence.fmt(high) + ")");
        }

        /** Every value is exactly {@code exact}: for facts that hold bit for bit (a gradient that is exactly 0). */
        public void equalTo(double exact) {
            String which = values.min() == values.max() ? "all" : values.min() == exact ? "largest" : "smallest";
            double shown = which.equals("largest") ? values.max() : values.min();
            decide(values.min() == exact && values.max() == exact, which, shown, "= " + Evidence.fmt(exact));
        }

        private void decide(boolean holds, String which, double value, String needs) {
            decide(holds, which, value, Evidence.fmt(value), needs);
        }

        private void decide(boolean holds, String which, double value, String valueText, String needs) {
            Outcome o = new Outcome(holds, claim, measured + where(which), valueText, needs);
            Show.show(o.bundle(Evidence.strict()));
            if (!holds && Evidence.strict()) throw new IllegalStateException("the evidence does not show: " + o.failure());
        }

        /** ", largest of 5 seeds", ", all 5 seeds", ", 5 seeds", or nothing for a single number. */
        private String where(String which) {
            if (unit == null || values.seeds() == 1) return "";
            if (which == null) return ", " + values.seeds() + " " + unit;
            if (which.equals("all")) return ", all " + values.seeds() + " " + unit;
            return ", " + which + " of " + values.seeds() + " " + unit;
        }
    }

    /**
     * One check's outcome, as it is shown.
     *
     * @param holds    whether the claim showed
     * @param claim    the claim, as the chapter states it
     * @param measured what was measured, and over which seeds
     * @param value    the measured value as printed
     * @param needs    what the claim needs of it: "< 1e-04", "inside (0.1, 10)"
     */
    public record Outcome(boolean holds, String claim, String measured, String value, String needs) {

        /** "✓ claim: measured, value needs", the line a passing check shows. */
        public String line() {
            return "✓ " + claim + ": " + measured + ", " + value + " " + needs;
        }

        /** What a check that did not show says: the claim, the measured value, and what the claim needs. */
        public String failure() { return claim + ": " + measured + ", " + value + "; the claim needs " + needs; }

        /** The learner's line when the claim did not show with their settings. */
        public String finding() { return "✗ did not show with your settings: " + failure(); }

        Bundle bundle(boolean strict) {
            String text = holds ? line() : strict ? "✗ " + failure() : finding();
            String style = holds ? "color:#1a7f37"
                    : strict ? "color:#b42318;font-weight:bold"
                    : "background:#fff4d6;border-left:4px solid #c77c02;padding:3px 8px";
            return Bundle.text(text).with(Bundle.HTML, "<div class=\"initlab-check\" style=\"" + style + ";margin:2px 0\">"
                    + Render.escape(text) + "</div>");
        }
    }
}

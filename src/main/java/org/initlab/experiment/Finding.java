package org.initlab.experiment;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A claim's verdict as computed from evidence: the checks its rule ran (statistic, threshold, margin),
 * how many seeds they were measured over, and the evidence in a sentence.
 *
 * @param verdict  decided by the claim's rule from which checks pass
 * @param evidence the measured numbers, in a sentence
 * @param checks   every check the rule ran, in order
 * @param seeds    the number of seeds each training or random draw was repeated over (1 for an exact computation)
 */
public record Finding(Verdict verdict, String evidence, List<Check> checks, int seeds) {

    public Finding {
        if (verdict == null) throw new IllegalArgumentException("a finding needs a verdict");
        checks = List.copyOf(checks);
        if (checks.isEmpty()) throw new IllegalArgumentException("a finding needs at least one check (its rule)");
        if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
    }

    /**
     * The check nearest to flipping, the one a verdict hangs on: the smallest |relative margin| among
     * the checks that have one; when all are exact, the first that fails (it decided the verdict), else the first.
     */
    public Check tightest() {
        Optional<Check> t = checks.stream().filter(c -> !Double.isNaN(c.relativeMargin()))
                .min(Comparator.comparingDouble(c -> Math.abs(c.relativeMargin())));
        return t.orElse(checks.stream().filter(c -> !c.passes()).findFirst().orElse(checks.getFirst()));
    }

    /** The rule's checks, one per line. */
    public String rule() {
        StringBuilder b = new StringBuilder();
        for (Check c : checks) b.append(b.isEmpty() ? "" : "\n").append(c.describe()).append(": ").append(c.why());
        return b.toString();
    }
}

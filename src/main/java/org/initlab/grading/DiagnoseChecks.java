package org.initlab.grading;

import org.initlab.experiment.MysteryStarts;
import org.initlab.experiment.MysteryStarts.Fault;
import org.initlab.experiment.SignalPropagation;
import org.initlab.experiment.Spread;
import org.initlab.init.Initializer;
import org.initlab.nn.NetworkSpec;
import org.initlab.probe.LayerStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static org.initlab.experiment.Evidence.check;

/**
 * The checks of assignment a1 (diagnose a bad start), called by fully qualified name from its check cells (see
 * {@link DeriveChecks} for why). The rule's answers are handed in as values: the cell runs the student's
 * {@code diagnose} on each patient and passes what it said.
 */
public final class DiagnoseChecks {
    private DiagnoseChecks() {}

    /** The patients a rule is graded on without having seen them: seeds 1001 to 1020 of {@link MysteryStarts#patient(long)}. */
    public static final List<Long> UNSEEN = LongStream.rangeClosed(1001, 1020).boxed().toList();

    /**
     * Patients drawn as the {@link #UNSEEN} ones are, shown to the student, so that a rule that passes them in
     * self-study passes the grader's too. Chosen to show what A to E do not: ReLU too large (2035), ReLU with a
     * negative constant, whose last layers are all 0 (2006), a positive one that grows (2053), a good ReLU start that
     * ends above tanh's saturated std (2060), tanh all zeros (2003), the slowest tanh decay (2042, 5 layers), the least
     * saturated tanh too large (2054, 32 units) and a wide good tanh start (2031). AssignmentChecksTest holds that
     * the usual overfitted rules fail here when they fail the unseen ones.
     */
    public static final List<Long> EXAMPLES = List.of(2006L, 2035L, 2060L, 2003L, 2042L, 2054L, 2053L, 2031L);

    /** The named patients A to E. */
    public static final List<String> KNOWN = List.of("A", "B", "C", "D", "E");

    /** One named patient: the rule's answer against the truth. */
    public static void patient(String name, Fault yours) {
        check(yours == MysteryStarts.fault(name), "patient " + name + ": " + yours,
                "print the patient's layers with examine(\"" + name + "\"): are the pre-activations all 0? are the units copies "
                        + "(distinct units)? how does the activation std change from the first hidden layer to the last, and how many "
                        + "tanh units are saturated?");
    }

    /** The rule's answers on the {@link #EXAMPLES}, in that order; all must be right. */
    public static void examples(List<Fault> yours) {
        allRight(EXAMPLES, yours, "the " + EXAMPLES.size() + " example patients",
                "look at those with examine(seed): which measurement did your rule read there, and does it mean the same "
                        + "for tanh and ReLU, 5 and 10 layers, 32 and 256 units?");
    }

    /** Hidden: the rule's answers on the {@link #UNSEEN} patients, in that order; all 20 must be right. */
    public static void unseen(List<Fault> yours) {
        allRight(UNSEEN, yours, "all 20 unseen patients",
                "your rule fits A to E but not these: are its thresholds tied to one width, depth or activation?");
    }

    private static void allRight(List<Long> seeds, List<Fault> yours, String what, String hint) {
        if (yours.size() != seeds.size())
            throw new IllegalArgumentException(yours.size() + " answers for " + seeds.size() + " patients");
        int right = 0;
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            NetworkSpec patient = MysteryStarts.patient(seed);
            if (yours.get(i) == MysteryStarts.fault(seed)) right++;
            else missed.add("seed " + seed + ", " + patient.activation().label() + " " + Arrays.toString(patient.widths())
                    + ": yours " + yours.get(i));
        }
        check(right == seeds.size(), "the rule names " + what + " (" + right + " of " + seeds.size() + " right)",
                (missed.isEmpty() ? "" : "missed " + missed + ": ") + hint);
    }

    /** Patient E restarted from {@code yours}: its activation std changes by less than x2 either way over seeds 1-5. */
    public static void cure(Initializer yours) {
        NetworkSpec cured = MysteryStarts.patient("E").init(yours);
        double[] growth = new double[5];
        for (int seed = 1; seed <= 5; seed++) {
            List<LayerStats> layers = SignalPropagation.measure(cured.seed(seed), 256, seed).hidden();
            growth[seed - 1] = layers.get(layers.size() - 1).actStd() / layers.get(0).actStd();
        }
        Spread g = Spread.of(growth);
        check(g.min() > 0.5 && g.max() < 2, "with your start, E's activation std changes by x" + g
                        + " from the first hidden layer to the last (seeds 1-5; within 0.5-2 in every seed)",
                "E is " + MysteryStarts.patient("E").activation().label() + ": which variance keeps Var(z) constant through that activation?");
    }
}

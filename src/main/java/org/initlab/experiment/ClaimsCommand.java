package org.initlab.experiment;

import org.initlab.nn.OpenBlas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./initlab claims}: runs the whole catalog headless and prints one row per claim (id, verdict,
 * the statistic it hangs on, its margin, seeds, seconds) and a summary line. Exits 1 if any verdict is
 * not the one the course states, 2 on bad arguments.
 *
 * <pre>
 * ./initlab claims [--only REGEX] [--rules] [--verdicts FILE]
 *   --only REGEX     run only the claims whose id matches (e.g. 'zeros\..*')
 *   --rules          print every check of every rule, with its threshold and why
 *   --verdicts FILE  also write "id TAB verdict" lines, to compare runs (e.g. under two OpenBLAS kernels)
 *   --list           print "id TAB notebook TAB stated verdict TAB its colour TAB notes|advice" for every claim, without running any (the site's landing page)
 * </pre>
 */
public final class ClaimsCommand {
    private ClaimsCommand() {}

    public static void main(String[] args) throws IOException {
        String only = null;
        boolean rules = false;
        Path verdicts = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = value(args, ++i, "--only");
                case "--rules" -> rules = true;
                case "--verdicts" -> verdicts = Path.of(value(args, ++i, "--verdicts"));
                case "--list" -> {
                    for (Claim c : Claims.all())
                        System.out.println(c.id() + "\t" + c.notebook() + "\t" + c.stated().label() + "\t" + c.stated().colour() + "\t"
                                + (Claims.notes().contains(c) ? "notes" : "advice"));
                    return;
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        List<Claim> claims = new ArrayList<>();
        for (Claim c : Claims.all()) if (only == null || c.id().matches(only)) claims.add(c);
        if (claims.isEmpty()) usage("no claim id matches '" + only + "'");

        System.out.println(manifestLine());
        String asked = System.getenv("OPENBLAS_CORETYPE");
        if (asked != null && !asked.isBlank() && !asked.equalsIgnoreCase(OpenBlas.coreName()))
            System.out.println("claims: warning: OPENBLAS_CORETYPE=" + asked + " but OpenBLAS runs " + OpenBlas.coreName()
                    + " (a build without DYNAMIC_ARCH ignores the variable): this run does not test another kernel");
        long t0 = System.nanoTime();
        List<Claims.Result> results = Claims.compute(claims);
        double wall = (System.nanoTime() - t0) / 1e9;

        System.out.printf(Locale.ROOT, "%-11s %-18s %-8s %5s %7s  %s%n", "claim", "verdict", "margin", "seeds", "seconds", "decided on");
        int asStated = 0, holds = 0, partly = 0, wrong = 0;
        StringBuilder lines = new StringBuilder();
        for (Claims.Result r : results) {
            Finding f = r.finding();
            Check t = f.tightest();
            String verdict = f.verdict().label() + (r.asStated() ? "" : " (!)");
            System.out.printf(Locale.ROOT, "%-11s %-18s %-8s %5d %7.1f  %s%n", r.claim().id(), verdict, Claims.marginText(t), f.seeds(), r.seconds(), t.comparison());
            if (rules) System.out.println("    " + f.rule().replace("\n", "\n    "));
            if (!r.asStated()) {
                System.out.println("    the course states '" + r.claim().stated().label() + "': " + f.evidence());
                if (!rules) System.out.println("    " + f.rule().replace("\n", "\n    "));
            }
            if (r.asStated()) asStated++;
            switch (f.verdict()) {
                case HOLDS -> holds++;
                case PARTLY -> partly++;
                case WRONG -> wrong++;
            }
            lines.append(r.claim().id()).append('\t').append(f.verdict().label()).append('\n');
        }
        int contradicted = results.size() - asStated;
        System.out.printf(Locale.ROOT, "%d claims in %.0f s on OpenBLAS %s: %d hold, %d hold only partly, %d wrong; %d as the course states, %d contradicted%n",
                results.size(), wall, OpenBlas.coreName(), holds, partly, wrong, asStated, contradicted);
        Path kept = FindingStore.keep(results);
        if (kept != null) System.out.println("claims: the findings are kept in " + kept + " for the chapters of this build and kernel");
        if (verdicts != null) {
            if (verdicts.getParent() != null) Files.createDirectories(verdicts.getParent());
            Files.writeString(verdicts, lines.toString());
        }
        System.exit(contradicted == 0 ? 0 : 1);
    }

    /** What the bits of this run depend on, in one line. */
    static String manifestLine() {
        return "claims: Java " + Runtime.version() + ", OpenBLAS core " + OpenBlas.coreName() + " (" + OpenBlas.config() + "), OpenBLAS threads "
                + OpenBlas.threads() + ", " + Runtime.getRuntime().availableProcessors() + " cores, Float64, seeds 1-" + Repeat.SEEDS
                + (System.getenv("OPENBLAS_CORETYPE") != null ? ", OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE") : "");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) usage(option + " needs a value");
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("claims: " + problem + "\nusage: ./initlab claims [--only REGEX] [--rules] [--verdicts FILE]");
        System.exit(2);
    }
}

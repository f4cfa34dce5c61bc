package org.initlab.experiment;

import java.util.function.Supplier;

/**
 * One claim of the source notes, quoted, with the experiment that tests it and the verdict the course
 * states for it.
 *
 * @param id       short stable name, e.g. {@code zeros.3}
 * @param section  where the notes make it, e.g. "Zero initialization"
 * @param quote    the notes' own words
 * @param notebook the notebook that shows the experiment in full
 * @param stated   the verdict the notebooks and the claims catalog state; {@code ./initlab claims} fails if the evidence disagrees
 * @param check    runs the experiment over its seeds and decides the verdict by its rule
 */
public record Claim(String id, String section, String quote, String notebook, Verdict stated, Supplier<Finding> check) {

    public Finding test() { return check.get(); }
}

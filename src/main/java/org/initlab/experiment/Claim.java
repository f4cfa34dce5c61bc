package org.initlab.experiment;

import java.util.function.Supplier;

/**
 * One claim of the source notes, quoted, with the experiment that tests it.
 *
 * @param id       short stable name, e.g. {@code zeros.3}
 * @param section  where the notes make it, e.g. "Zero initialization"
 * @param quote    the notes' own words
 * @param notebook the notebook that shows the experiment in full
 * @param check    runs the experiment (seeded, a few seconds at most) and decides the verdict
 */
public record Claim(String id, String section, String quote, String notebook, Supplier<Finding> check) {

    public Finding test() { return check.get(); }
}

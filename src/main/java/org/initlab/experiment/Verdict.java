package org.initlab.experiment;

/** What the evidence says of a claim. */
public enum Verdict {
    HOLDS("holds", "#1a7f37"), PARTLY("holds only partly", "#9a6700"), WRONG("wrong", "#cf222e");

    private final String label, colour;

    Verdict(String label, String colour) { this.label = label; this.colour = colour; }

    public String label() { return label; }

    /** The colour tables show it in: green, amber, red (and the site's landing page, through ClaimsCommand --list). */
    public String colour() { return colour; }

    /** The verdict with this label, if any. */
    public static java.util.Optional<Verdict> ofLabel(String label) {
        for (Verdict v : values()) if (v.label.equals(label)) return java.util.Optional.of(v);
        return java.util.Optional.empty();
    }

    @Override public String toString() { return label; }
}

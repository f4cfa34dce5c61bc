package org.initlab.experiment;

/** What the evidence says of a claim. */
public enum Verdict {
    HOLDS("holds"), PARTLY("holds only partly"), WRONG("wrong");

    private final String label;

    Verdict(String label) { this.label = label; }

    public String label() { return label; }

    @Override public String toString() { return label; }
}

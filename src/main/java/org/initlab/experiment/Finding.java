package org.initlab.experiment;

/**
 * A claim's verdict as computed from evidence, with the one line of evidence that decides it.
 *
 * @param verdict  decided by the check's own rule on the measured numbers
 * @param evidence the measured numbers, in a sentence
 */
public record Finding(Verdict verdict, String evidence) {}

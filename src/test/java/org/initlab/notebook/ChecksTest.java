package org.initlab.notebook;

import org.initlab.experiment.Spread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.initlab.notebook.Checks.check;
import static org.junit.jupiter.api.Assertions.*;

/** A chapter's checks: every line shows measured against threshold; strict mode throws, a learner's kernel goes on. */
class ChecksTest {

    private PrintStream saved;
    private ByteArrayOutputStream out;

    @BeforeEach
    void capture() {
        saved = System.out;
        out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(saved);
        System.clearProperty("initlab.checks");
    }

    private String printed() { return out.toString(StandardCharsets.UTF_8); }

    @Test
    void aPassingCheckShowsTheClaimTheWorstSeedAndTheThreshold() {
        System.setProperty("initlab.checks", "strict");
        check("the activations collapse", "layer 9's std / layer 0's", Spread.of(3.1e-6, 2e-7, 1e-6, 4e-7, 9e-7)).below(1e-4);
        assertEquals("✓ the activations collapse: layer 9's std / layer 0's, largest of 5 seeds, 3.10e-06 < 1.00e-04\n", printed());
    }

    @Test
    void aboveIsDecidedOnTheSmallestSeedAndNearOnTheFarthest() {
        check("tanh saturates", "saturated share", Spread.of(0.9, 0.7, 0.8)).above(0.5);
        check("a factor 0.22 per layer", "factor per layer", Spread.of(0.22, 0.21, 0.235)).near(0.2236, 0.02);
        check("both ends", "gradient ratio", Spread.of(0.5, 2)).over("layers").between(0.1, 10);
        assertEquals("✓ tanh saturates: saturated share, smallest of 3 seeds, 0.7 > 0.5\n"
                + "✓ a factor 0.22 per layer: factor per layer, farthest from 0.2236 of 3 seeds, 0.21, off by 0.0136 < 0.02\n"
                + "✓ both ends: gradient ratio, 2 layers, 0.5 to 2 inside (0.1, 10)\n", printed());
    }

    @Test
    void strictModeThrowsWithTheMeasuredValueAndWhatTheClaimNeeds() {
        System.setProperty("initlab.checks", "strict");
        var e = assertThrows(IllegalStateException.class,
                () -> check("the activations collapse", "layer 9's std / layer 0's", Spread.of(1e-6, 0.02)).below(1e-4));
        assertEquals("the evidence does not show: the activations collapse: layer 9's std / layer 0's, largest of 2 seeds, 0.02;"
                + " the claim needs < 1.00e-04", e.getMessage());
        assertTrue(printed().startsWith("✗ the activations collapse"), printed());
    }

    @Test
    void aLearnersKernelShowsTheFindingAndGoesOn() {
        check("the activations collapse", "layer 9's std / layer 0's", Spread.of(1e-6, 0.02)).below(1e-4);
        check("every run diverged", "runs that diverged", 3L).equalTo(5);
        check("an exact zero", "largest |gradient|", Double.NaN).atMost(0);
        assertEquals("✗ did not show with your settings: the activations collapse: layer 9's std / layer 0's, largest of 2 seeds, 0.02;"
                + " the claim needs < 1.00e-04\n"
                + "✗ did not show with your settings: every run diverged: runs that diverged, 3; the claim needs = 5\n"
                + "✗ did not show with your settings: an exact zero: largest |gradient|, NaN; the claim needs <= 0\n", printed());
    }

    @Test
    void aSeedThatGaveNaNFailsEveryComparison() {
        System.setProperty("initlab.checks", "strict");
        Spread diverged = Spread.of(0.9, Double.NaN, 0.95);
        var e = assertThrows(IllegalStateException.class, () -> check("every seed learns", "accuracy", diverged).above(0.5));
        assertTrue(e.getMessage().contains("smallest of 3 seeds, NaN"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> check("x", "accuracy", diverged).atLeast(0));
        assertThrows(IllegalStateException.class, () -> check("x", "accuracy", diverged).below(2));
        assertThrows(IllegalStateException.class, () -> check("x", "accuracy", diverged).near(0.9, 1));
        assertThrows(IllegalStateException.class, () -> check("x", "accuracy", diverged).between(0, 2));
        assertThrows(IllegalStateException.class, () -> check("x", "accuracy", diverged).equalTo(0.9));
    }

    @Test
    void boundariesAreStrictOrInclusiveAsNamed() {
        System.setProperty("initlab.checks", "strict");
        check("at most", "x", 1.0).atMost(1);
        check("at least", "x", 1.0).atLeast(1);
        check("exact", "x", Spread.of(0, 0, 0)).equalTo(0);
        assertThrows(IllegalStateException.class, () -> check("below", "x", 1.0).below(1));
        assertThrows(IllegalStateException.class, () -> check("above", "x", 1.0).above(1));
        assertThrows(IllegalStateException.class, () -> check("near", "x", Spread.of(1, 1.5)).near(1, 0.5));
        assertThrows(IllegalStateException.class, () -> check("exact", "x", Spread.of(0, 1e-300)).equalTo(0));
    }

    @Test
    void theHtmlFormIsEscapedAndTheFindingHighlighted() {
        var o = new Checks.Outcome(false, "a < b & c", "x", "1", "< 0");
        String html = o.bundle(false).data().get(Bundle.HTML);
        assertTrue(html.contains("a &lt; b &amp; c"), html);
        assertTrue(html.contains("background"), "a learner's finding is highlighted: " + html);
        assertFalse(new Checks.Outcome(true, "a", "x", "1", "< 2").bundle(false).data().get(Bundle.HTML).contains("background"));
    }

    @Test
    void aCheckMustSayWhatItTestsAndMeasured() {
        assertThrows(IllegalArgumentException.class, () -> check(" ", "x", 1.0));
        assertThrows(IllegalArgumentException.class, () -> check("claim", "", 1.0));
    }
}

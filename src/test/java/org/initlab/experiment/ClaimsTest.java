package org.initlab.experiment;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.initlab.experiment.Verdict.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The catalog's bookkeeping: rules, margins, spreads and stated verdicts. Every claim's experiment is run
 * by {@code ./initlab claims} (twice in {@code ./initlab test}, under two OpenBLAS kernels), so only cheap
 * claims run here.
 */
class ClaimsTest {

    @Test
    void everyClaimStatesAVerdictAndHasAUniqueId() {
        List<Claim> all = Claims.all();
        assertEquals(23, Claims.notes().size(), "the source notes make 23 claims");
        assertEquals(all.subList(0, 23), Claims.notes(), "the notes' claims come first, in their order");
        assertTrue(all.size() > 23, "then the common advice of chapters 09 and 10");
        Set<String> ids = all.stream().map(Claim::id).collect(Collectors.toSet());
        assertEquals(all.size(), ids.size());
        for (Claim c : all) {
            assertNotNull(c.stated(), c.id());
            assertTrue(c.notebook().matches("\\d\\d-[a-z-]+") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of("notebooks", c.notebook() + ".ipynb")), c.id() + " names notebook " + c.notebook());
        }
    }

    @Test
    void verifyReturnsTheTableWithMarginsAndFailsOnAContradiction() {
        Table t = Claims.expect("zeros.4", PARTLY).and("constant.2", HOLDS).verify();
        assertEquals(2, t.rowCount());
        assertEquals("holds only partly", t.stringColumn("verdict").get(0));
        assertEquals(Repeat.SEEDS, t.intColumn("seeds").get(0), "zeros.4 trains, so it is decided over seeds");
        assertEquals(Repeat.SEEDS, t.intColumn("seeds").get(1), "constant.2's training half is decided over seeds too");
        assertEquals(1, Claims.expect("lecun.1", PARTLY).verify().intColumn("seeds").get(0), "a citation is not drawn at random");
        assertTrue(t.stringColumn("margin").get(1).matches("[+-]\\d+%"), t.stringColumn("margin").get(1));
        // A notebook cannot state another verdict than the catalog's.
        var e = assertThrows(IllegalArgumentException.class, () -> Claims.expect("zeros.4", HOLDS));
        assertTrue(e.getMessage().contains("the catalog states 'holds only partly'"), e.getMessage());
        assertThrows(java.util.NoSuchElementException.class, () -> Claims.expect("zeros.9", HOLDS));
    }

    @Test
    void theReReadVerdictsHangOnTheirRuleAndNameTheirCaveat() {
        List<Claims.Result> results = Claims.run(List.of(Claims.get("he.3"), Claims.get("zeros.2"), Claims.get("xavier.2")));
        for (Claims.Result r : results) assertTrue(r.asStated(), r.claim().id() + ": " + r.finding().evidence() + "\n" + r.finding().rule());
        // he.3: about half of a unit's inputs are 0 on every sample, and the caveat (shifted z, leaky ReLU) is measured, not assumed.
        Finding he = results.get(0).finding();
        assertEquals(HOLDS, he.verdict());
        assertTrue(he.checks().stream().allMatch(Check::passes), he.rule());
        assertTrue(he.checks().stream().anyMatch(c -> c.statistic().contains("leaky")) && he.evidence().contains("caveat"), he.evidence());
        // zeros.2: the units stay equal at every probe; the refinement (exactly 0 for tanh and ReLU) is in the evidence.
        Finding zeros = results.get(1).finding();
        assertEquals(HOLDS, zeros.verdict());
        assertEquals(0, zeros.checks().getFirst().value(), "no two units differ, bit for bit");
        assertTrue(zeros.evidence().contains("refinement"), zeros.evidence());
        // xavier.2: wrong against Glorot's eq. 12, and the convention it does follow is named and measured.
        Finding xavier = results.get(2).finding();
        assertEquals(WRONG, xavier.verdict());
        assertFalse(xavier.checks().getFirst().passes(), "the Glorot check decides");
        assertTrue(xavier.checks().stream().anyMatch(c -> c.statistic().contains("Caffe") && c.passes()), xavier.rule());
        assertTrue(xavier.evidence().contains("Caffe's xavier filler"), xavier.evidence());
    }

    @Test
    void aContradictedVerdictFailsWithItsRule() {
        Claim real = Claims.get("constant.2");
        Claim flipped = new Claim(real.id(), real.section(), real.quote(), real.notebook(), WRONG, real.check());
        Claims.Result r = Claims.run(List.of(flipped)).getFirst();
        assertFalse(r.asStated());
        assertTrue(r.finding().rule().contains("c = 0.5/n"), r.finding().rule());
    }

    @Test
    void checksCompareAndMeasureTheirMargin() {
        Check atLeast = new Check("accuracy", 0.45, Check.Op.AT_LEAST, 0.3, "3 x chance");
        assertTrue(atLeast.passes());
        assertEquals(0.15, atLeast.margin(), 1e-12);
        assertEquals(0.5, atLeast.relativeMargin(), 1e-12);
        Check atMost = new Check("ratio", 2e-4, Check.Op.AT_MOST, 1e-4, "collapse");
        assertFalse(atMost.passes());
        assertEquals(-1.0, atMost.relativeMargin(), 1e-12);
        Check exact = new Check("spread", 0, Check.Op.EXACTLY, 0, "bit for bit");
        assertTrue(exact.passes());
        assertTrue(Double.isNaN(exact.relativeMargin()));
        assertFalse(new Check("spread", 1e-300, Check.Op.EXACTLY, 0, "bit for bit").passes());
        assertFalse(new Check("x", Double.NaN, Check.Op.AT_LEAST, 0, "nan").passes(), "NaN never passes");
        assertFalse(new Check("x", Double.NaN, Check.Op.AT_MOST, 0, "nan").passes(), "NaN never passes");
        assertThrows(IllegalArgumentException.class, () -> new Check("x", 1, Check.Op.AT_MOST, 1, " "), "a check must say why");
        assertThrows(IllegalArgumentException.class, () -> new Check("x", 1, Check.Op.AT_MOST, Double.NaN, "why"));
        assertTrue(atLeast.describe().contains("margin +50%"), atLeast.describe());
    }

    @Test
    void theTightestCheckIsTheOneNearestToFlipping() {
        Finding f = new Finding(HOLDS, "e", List.of(new Check("a", 10, Check.Op.AT_LEAST, 1, "w"), new Check("b", 0, Check.Op.EXACTLY, 0, "w"),
                new Check("c", 0.9, Check.Op.AT_MOST, 1, "w")), 5);
        assertEquals("c", f.tightest().statistic());
        Finding exact = new Finding(PARTLY, "e", List.of(new Check("holds", 1, Check.Op.EXACTLY, 1, "w"), new Check("fails", 0, Check.Op.EXACTLY, 1, "w")), 1);
        assertEquals("fails", exact.tightest().statistic(), "with only exact checks, the failing one decided the verdict");
        assertThrows(IllegalArgumentException.class, () -> new Finding(HOLDS, "e", List.of(), 5), "a verdict needs a rule");
        assertThrows(IllegalArgumentException.class, () -> new Finding(HOLDS, "e", f.checks(), 0));
    }

    @Test
    void spreadsAreMedianMinMaxMeanSd() {
        Spread s = Spread.of(3, 1, 2, 10, 4);
        assertEquals(3, s.median());
        assertEquals(1, s.min());
        assertEquals(10, s.max());
        assertEquals(4, s.mean(), 1e-12);
        assertEquals(Math.sqrt((1 + 9 + 4 + 36 + 0) / 4.0), s.sd(), 1e-12);
        assertEquals("3 (1-10, 5 seeds)", s.toString());
        assertEquals(2.5, Spread.of(1, 2, 3, 4).median());
        assertEquals("0.5 (all 5 seeds)", Spread.of(0.5, 0.5, 0.5, 0.5, 0.5).toString());
        assertThrows(IllegalArgumentException.class, Spread::of);
    }

    @Test
    void memoComputesAKeyOnceEvenWhenAskedConcurrentlyAndDoesNotKeepAFailure() {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> got = Repeat.parallel(List.of(1, 2, 3, 4, 5, 6), i -> Memo.get("test.memo.once", () -> {
            try { Thread.sleep(20); } catch (InterruptedException e) { throw new RuntimeException(e); }
            return calls.incrementAndGet();
        }));
        assertEquals(List.of(1, 1, 1, 1, 1, 1), got);
        assertEquals(1, calls.get());
        assertThrows(IllegalStateException.class, () -> Memo.get("test.memo.fails", () -> { throw new IllegalStateException("first try breaks"); }));
        assertEquals("second try", Memo.get("test.memo.fails", () -> "second try"), "a failed computation is not cached");
    }

    @Test
    void spreadsNameWhatTheyAreOver() {
        Spread s = Spread.of(0.69, 0.71, 0.74);
        assertEquals("0.71 (0.69-0.74, 3 inputs)", s.over("inputs"));
        assertEquals(0.31, s.maxDistanceFrom(1), 1e-12);
        assertEquals(0.74 - 0.5, s.maxDistanceFrom(0.5), 1e-12);
    }

    @Test
    void majorityShareIsTheBestAConstantGuessScores() {
        var d = org.initlab.data.Dataset.of("toy", new double[][]{{0}, {1}, {2}, {3}}, new int[]{0, 1, 1, 1});
        assertEquals(0.75, ZeroInitExperiments.majorityShare(d));
    }

    @Test
    void repeatRunsSeedsOneToNInOrderWhateverTheThreads() {
        List<Long> seeds = Repeat.over(7, s -> {
            try { Thread.sleep(7 - s); } catch (InterruptedException e) { throw new RuntimeException(e); }
            return s;
        });
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), seeds);
        var e = assertThrows(IllegalStateException.class, () -> Repeat.over(3, s -> { if (s == 2) throw new IllegalStateException("seed 2 broke"); return s; }));
        assertEquals("seed 2 broke", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Repeat.over(0, s -> s));
    }

    @Test
    void aRunStoppedByTheStopButtonIsNotKept() {
        try {
            Thread.currentThread().interrupt(); // a fit would return INTERRUPTED with the flag still set
            assertThrows(java.util.concurrent.CancellationException.class, () -> Memo.get("test.memo.interrupted", () -> "partial"));
        } finally {
            Thread.interrupted();
        }
        assertEquals("whole", Memo.get("test.memo.interrupted", () -> "whole"), "the next call computes it again");
    }

    @Test
    void stoppingACellStopsItsParallelRuns() throws Exception {
        var finished = new java.util.concurrent.atomic.AtomicInteger();
        Throwable failure = org.initlab.StopButton.press(() -> Repeat.parallel(List.of(1, 2, 3, 4), 2, i -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
            return i;
        }));
        assertTrue(failure instanceof IllegalStateException && failure.getMessage().contains("interrupted"), "the cell says it was interrupted: " + failure);
    }
}

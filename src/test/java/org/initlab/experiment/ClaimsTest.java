package org.initlab.experiment;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.Map;

import static org.initlab.experiment.Verdict.*;
import static org.junit.jupiter.api.Assertions.*;

/** The catalog's experiments decide the verdicts the notebooks state; a wrong statement fails loudly. */
class ClaimsTest {

    static final Map<String, Verdict> STATED = Map.ofEntries(
            Map.entry("zeros.1", HOLDS), Map.entry("zeros.2", PARTLY), Map.entry("zeros.3", WRONG), Map.entry("zeros.4", PARTLY),
            Map.entry("constant.1", HOLDS), Map.entry("constant.2", HOLDS), Map.entry("constant.3", WRONG),
            Map.entry("constant.4", HOLDS), Map.entry("constant.5", WRONG), Map.entry("key.2", HOLDS), Map.entry("key.3", HOLDS),
            Map.entry("xavier.1", HOLDS), Map.entry("xavier.2", WRONG), Map.entry("xavier.3", PARTLY),
            Map.entry("he.1", HOLDS), Map.entry("he.2", HOLDS), Map.entry("he.3", PARTLY),
            Map.entry("lecun.1", PARTLY), Map.entry("lecun.2", HOLDS), Map.entry("lecun.3", PARTLY),
            Map.entry("key.1", PARTLY), Map.entry("key.4", HOLDS), Map.entry("key.5", PARTLY));

    @Test
    void everyClaimGetsTheVerdictItsNotebookStates() {
        for (Claim c : Claims.all()) {
            assertTrue(STATED.containsKey(c.id()), "no stated verdict for " + c.id());
            Finding f = c.test();
            assertEquals(STATED.get(c.id()), f.verdict(), c.id() + ": " + f.evidence());
            assertFalse(f.evidence().contains("NaN"), c.id() + " evidence has a NaN: " + f.evidence());
        }
    }

    @Test
    void verifyReturnsTheTableAndFailsOnAContradiction() {
        Table t = Claims.expect("zeros.4", PARTLY).and("constant.2", HOLDS).verify();
        assertEquals(2, t.rowCount());
        assertEquals("holds only partly", t.stringColumn("verdict").get(0));
        var e = assertThrows(IllegalStateException.class, () -> Claims.expect("zeros.4", HOLDS).verify());
        assertTrue(e.getMessage().contains("zeros.4: the notebook says 'holds' but the evidence says 'holds only partly'"), e.getMessage());
        assertThrows(java.util.NoSuchElementException.class, () -> Claims.expect("zeros.9", HOLDS));
    }
}

package org.initlab.experiment;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The kept findings read back to the last bit, and a damaged or truncated file refused by name. */
class FindingStoreTest {

    private static FindingStore.Contents sample() {
        Map<String, FindingStore.Stored> m = new LinkedHashMap<>();
        m.put("a.1", new FindingStore.Stored(new Finding(Verdict.PARTLY, "loss 0.1\tthen\nNaN, a \\ slash",
                List.of(new Check("largest |dL/dW|, max over seeds 1-5", 0.1 + 0.2, Check.Op.AT_MOST, 1e-300, "why\twith a tab"),
                        new Check("NaN never passes", Double.NaN, Check.Op.AT_LEAST, -0.0, "a NaN and a signed zero")), 5), 1.25));
        m.put("b.2", new FindingStore.Stored(new Finding(Verdict.WRONG, "exact", List.of(new Check("units", 1, Check.Op.EXACTLY, 1, "bit for bit")), 1), 0));
        return new FindingStore.Contents("k3y", "Java 25, OpenBLAS core Haswell", "2026-12-07 02:30", m);
    }

    @Test
    void aFindingReadBackIsTheFindingWrittenBitForBit() {
        FindingStore.Contents c = sample();
        FindingStore.Contents back = FindingStore.parse(FindingStore.format(c), "f.tsv");
        assertEquals(c, back, "records compare doubles by their bits (Double.compare), so 0.1 + 0.2, NaN and -0.0 must survive");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.findings().get("a.1").finding().checks().get(1).threshold()));
        assertEquals(List.of("a.1", "b.2"), List.copyOf(back.findings().keySet()), "in the catalog's order");
    }

    @Test
    void aDamagedFileIsRefusedWithItsChecksum() {
        String text = FindingStore.format(sample());
        String changed = text.replace("loss 0.1", "loss 0.2"); // one digit of the evidence
        assertNotEquals(text, changed);
        var e = assertThrows(IllegalArgumentException.class, () -> FindingStore.parse(changed, "target/claims/findings-Haswell.tsv"));
        assertTrue(e.getMessage().contains("target/claims/findings-Haswell.tsv is damaged") && e.getMessage().contains("sha256"), e.getMessage());
        String cut = text.substring(0, text.length() / 2);
        e = assertThrows(IllegalArgumentException.class, () -> FindingStore.parse(cut, "f.tsv"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FindingStore.parse("claim\tx\n", "f.tsv"));
        assertTrue(e.getMessage().contains("not an Init Lab findings file"), e.getMessage());
    }

    @Test
    void unitTestsRunTheClassesNotTheJarSoNothingIsKeptOrRead() {
        assertNull(FindingStore.file(), "only target/lib/initlab.jar keeps findings (the tests run target/classes)");
        assertNull(FindingStore.lookup("zeros.4"));
    }
}

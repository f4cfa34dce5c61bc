package org.initlab.experiment;

import org.initlab.experiment.MysteryStarts.Fault;
import org.initlab.nn.Network;
import org.initlab.nn.NetworkSpec;
import org.initlab.probe.LayerStats;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Assignment 1's patients: hidden, varied, and each really has the fault it is said to have. */
class MysteryStartsTest {

    @Test
    void theSpecDoesNotTellTheStart() {
        for (String name : List.of("A", "B", "C", "D", "E")) {
            NetworkSpec p = MysteryStarts.patient(name);
            assertEquals("unknown", p.weightInit().name(), name);
            assertEquals(MysteryStarts.INPUTS, p.widths()[0]);
        }
    }

    @Test
    void eachFaultShowsWhereTheNotebooksSayItDoes() {
        Set<Fault> seen = EnumSet.noneOf(Fault.class);
        for (long seed = 1; seed <= 40; seed++) {
            Fault f = MysteryStarts.fault(seed);
            seen.add(f);
            Network net = MysteryStarts.patient(seed).build();
            double spread = Symmetry.hiddenSpread(net);
            List<LayerStats> layers = SignalPropagation.measure(MysteryStarts.patient(seed), 256, 1).hidden();
            double growth = layers.getLast().actStd() / layers.getFirst().actStd();
            switch (f) {
                case ALL_ZEROS -> assertEquals(0, Symmetry.hiddenMaxAbs(net), "every weight 0");
                case ONE_CONSTANT -> assertTrue(spread == 0 && Symmetry.hiddenMaxAbs(net) > 0, "units are exact copies, weights not 0");
                case TOO_SMALL -> assertTrue(spread > 0 && growth < 1e-3, "the signal dies: x" + growth);
                case TOO_LARGE -> assertTrue(spread > 0 && (growth > 30 || layers.getLast().saturated() > 0.5), "the signal grows or saturates");
                case NONE -> assertTrue(spread > 0 && growth > 0.4 && growth < 2.5, "the signal keeps its scale: x" + growth);
            }
        }
        assertEquals(EnumSet.allOf(Fault.class), seen, "40 random patients cover every fault");
        assertEquals(Fault.TOO_LARGE, MysteryStarts.fault("A"));
    }

    @Test
    void anUnknownPatientIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> MysteryStarts.patient("F"));
        assertTrue(e.getMessage().contains("'F'") && e.getMessage().contains("A, B, C, D and E"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MysteryStarts.fault(null));
    }
}

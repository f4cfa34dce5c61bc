package org.initlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Collections;

import org.junit.jupiter.api.Test;

class DigitsTest {

    @Test
    void loadsAllDigits() {
        Dataset d = Digits.load();
        assertEquals("digits", d.name());
        assertEquals(1797, d.size());
        assertEquals(64, d.features());
        assertEquals(10, d.numClasses());
        // The real per-class counts of the file.
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, d.classCounts());
        double max = 0;
        for (double[] row : d.x()) {
            for (double v : row) {
                assertTrue(v >= 0 && v <= 1);
                max = Math.max(max, v);
            }
        }
        assertEquals(1.0, max);
        // First row of the file is a 0; its pixel 2 is 5/16.
        assertEquals(0, d.y()[0]);
        assertEquals(5 / 16.0, d.x()[0][2]);
    }

    private static String row(String pixel, String label) {
        return String.join(",", Collections.nCopies(63, "0")) + "," + pixel + "," + label;
    }

    private static String parseFails(String text) {
        return assertThrows(DataFileException.class,
                () -> Digits.parse(new StringReader(text), "t.csv")).getMessage();
    }

    @Test
    void malformedLinesNameTheLine() {
        String good = row("16", "3") + "\n";
        assertEquals("t.csv line 2: expected 65 comma-separated values, found 64",
                parseFails(good + "1,2,3" + ",0".repeat(61) + "\n" + good));
        assertEquals("t.csv line 3, column 64: 'x' is not an integer",
                parseFails(good + good + row("x", "1") + "\n"));
        assertEquals("t.csv line 1, column 64: pixel 17 is outside 0..16", parseFails(row("17", "1")));
        assertEquals("t.csv line 2: label 10 is outside 0..9", parseFails(good + row("0", "10")));
        assertEquals("t.csv holds no rows", parseFails(""));
    }

    @Test
    void parsesWindowsLineEndings() throws Exception {
        Dataset d = Digits.parse(new StringReader(row("8", "1") + "\r\n" + row("16", "0") + "\r\n"), "t");
        assertEquals(2, d.size());
        assertEquals(0.5, d.x()[0][63]);
        assertArrayEquals(new int[] {1, 0}, d.y());
    }
}

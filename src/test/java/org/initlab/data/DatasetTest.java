package org.initlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DatasetTest {

    /** n rows whose feature 0 is the row id, so rows can be traced through splits. */
    static Dataset numbered(int[] y) {
        double[][] x = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            x[i] = new double[] {i, i % 7};
        }
        return Dataset.of("numbered", x, y);
    }

    /** Imbalanced labels: 60 of class 0, 30 of class 1, 10 of class 2. */
    static int[] imbalanced() {
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            y[i] = i < 60 ? 0 : i < 90 ? 1 : 2;
        }
        return y;
    }

    private static String reject(double[][] x, int[] y, int k, List<String> names) {
        return assertThrows(IllegalArgumentException.class,
                () -> new Dataset("bad", x, y, k, names)).getMessage();
    }

    private static final List<String> TWO = List.of("a", "b");

    @Test
    void ofInfersClassesAndNames() {
        Dataset d = Dataset.of("t", new double[][] {{1}, {2}, {3}}, new int[] {0, 2, 1});
        assertEquals(3, d.numClasses());
        assertEquals(List.of("0", "1", "2"), d.classNames());
        assertEquals(3, d.size());
        assertEquals(1, d.features());
        assertArrayEquals(new int[] {1, 1, 1}, d.classCounts());
        assertEquals("t: 3 rows of 1 feature, 3 classes", d.toString());
    }

    @Test
    void rejectsEmpty() {
        assertTrue(reject(new double[0][], new int[0], 2, TWO).contains("empty data set"));
    }

    @Test
    void rejectsRaggedRows() {
        double[][] x = {{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4, 5}};
        assertEquals("data set 'bad': row 3 has 5 features, expected 4",
                reject(x, new int[] {0, 1, 0, 1}, 2, TWO));
    }

    @Test
    void rejectsNaNAndInfinity() {
        double[][] x = new double[20][3];
        x[17][2] = Double.NaN;
        assertTrue(reject(x, new int[20], 2, TWO).endsWith("NaN in feature 2 of row 17"));
        x[17][2] = 0;
        x[4][0] = Double.NEGATIVE_INFINITY;
        assertTrue(reject(x, new int[20], 2, TWO).endsWith("-Infinity in feature 0 of row 4"));
    }

    @Test
    void rejectsLengthMismatch() {
        assertTrue(reject(new double[3][2], new int[2], 2, TWO)
                .contains("x has 3 rows but y has 2 labels"));
    }

    @Test
    void rejectsLabelOutOfRange() {
        int[] y = new int[8];
        y[5] = 12;
        List<String> ten = Dataset.defaultClassNames(10);
        assertTrue(reject(new double[8][1], y, 10, ten).contains("label 12 at row 5 is outside 0..9"));
        y[5] = -1;
        assertTrue(reject(new double[8][1], y, 10, ten).contains("label -1 at row 5 is outside 0..9"));
    }

    @Test
    void rejectsFewerThanTwoClasses() {
        assertTrue(reject(new double[2][1], new int[2], 1, List.of("a"))
                .contains("numClasses must be at least 2, got 1"));
        // of() infers 1 class from all-zero labels, which is no classification problem.
        String msg = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of("one", new double[2][1], new int[2])).getMessage();
        assertTrue(msg.contains("numClasses must be at least 2"));
    }

    @Test
    void rejectsWrongNumberOfClassNames() {
        assertTrue(reject(new double[2][1], new int[2], 3, TWO).contains("2 class names for 3 classes"));
    }

    @Test
    void rejectsNullAndFeaturelessRows() {
        assertTrue(reject(new double[][] {{1}, null}, new int[2], 2, TWO).contains("row 1 is null"));
        assertTrue(reject(new double[2][0], new int[2], 2, TWO).contains("rows have no features"));
    }

    @Test
    void splitIsStratifiedDisjointAndComplete() {
        Dataset d = numbered(imbalanced());
        Dataset.Split s = d.split(0.2, 7);
        assertEquals(80, s.train().size());
        assertEquals(20, s.test().size());
        assertArrayEquals(new int[] {12, 6, 2}, s.test().classCounts());
        assertArrayEquals(new int[] {48, 24, 8}, s.train().classCounts());
        Set<Integer> train = ids(s.train()), test = ids(s.test());
        assertEquals(80, train.size());
        assertEquals(20, test.size());
        Set<Integer> both = new HashSet<>(train);
        both.retainAll(test);
        assertTrue(both.isEmpty(), "train and test overlap: " + both);
        train.addAll(test);
        assertEquals(100, train.size());
        // Each row keeps its own label.
        for (Dataset part : List.of(s.train(), s.test())) {
            for (int i = 0; i < part.size(); i++) {
                assertEquals(d.y()[(int) part.x()[i][0]], part.y()[i]);
            }
        }
        assertEquals("numbered/train", s.train().name());
        assertEquals("numbered/test", s.test().name());
    }

    @Test
    void splitRoundsTestSizeAndSharesRemainders() {
        Dataset s = numbered(imbalanced()).split(0.25, 1).test();
        // 25 test rows: exact shares 15, 7.5, 2.5; the half rows go to the lower class index.
        assertEquals(25, s.size());
        assertArrayEquals(new int[] {15, 8, 2}, s.classCounts());
    }

    @Test
    void splitIsSeededAndShuffled() {
        Dataset d = numbered(imbalanced());
        Dataset.Split a = d.split(0.3, 42), b = d.split(0.3, 42), c = d.split(0.3, 43);
        assertTrue(Arrays.deepEquals(a.train().x(), b.train().x()));
        assertArrayEquals(a.test().y(), b.test().y());
        assertTrue(!Arrays.deepEquals(a.test().x(), c.test().x()));
        // Shuffled: the training rows are not simply in their original order.
        double[] order = Arrays.stream(a.train().x()).mapToDouble(r -> r[0]).toArray();
        double[] sorted = order.clone();
        Arrays.sort(sorted);
        assertNotEquals(Arrays.toString(sorted), Arrays.toString(order));
    }

    @Test
    void splitValidatesFraction() {
        Dataset d = numbered(imbalanced());
        for (double f : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            String msg = assertThrows(IllegalArgumentException.class, () -> d.split(f, 1)).getMessage();
            assertTrue(msg.contains("strictly between 0 and 1"), msg);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.split(0.001, 1))
                .getMessage().contains("leaves the test part empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.split(0.999, 1))
                .getMessage().contains("leaves the train part empty"));
    }

    @Test
    void subsetIsStratifiedAndSeeded() {
        Dataset d = numbered(imbalanced());
        Dataset s = d.subset(50, 3);
        assertEquals(50, s.size());
        assertArrayEquals(new int[] {30, 15, 5}, s.classCounts());
        assertEquals(50, ids(s).size());
        assertTrue(Arrays.deepEquals(s.x(), d.subset(50, 3).x()));
        assertTrue(!Arrays.deepEquals(s.x(), d.subset(50, 4).x()));
        assertEquals(100, d.subset(100, 3).size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.subset(0, 1))
                .getMessage().contains("subset size must be in 1..100, got 0"));
        assertThrows(IllegalArgumentException.class, () -> d.subset(101, 1));
    }

    @Test
    void headTakesFirstRowsAndCopies() {
        Dataset d = numbered(imbalanced());
        Dataset h = d.head(5);
        assertEquals(5, h.size());
        assertEquals(3, h.numClasses());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, h.x()[i][0]);
        }
        h.x()[0][0] = 99;
        assertEquals(0, d.x()[0][0], "head must not share rows with its source");
        assertEquals(100, d.head(1000).size());
        assertThrows(IllegalArgumentException.class, () -> d.head(0));
    }

    private static Set<Integer> ids(Dataset d) {
        Set<Integer> ids = new HashSet<>();
        for (double[] row : d.x()) {
            ids.add((int) row[0]);
        }
        return ids;
    }
}

package org.initlab.data;

import static org.initlab.data.IdxFiles.cycle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path dir;

    /** A complete synthetic Fashion-MNIST folder with 4x4 images. */
    private Path fakeFolder(int train, int test) throws IOException {
        IdxFiles.images(dir.resolve(FashionMnist.TRAIN_IMAGES), train, 4, 4);
        IdxFiles.labels(dir.resolve(FashionMnist.TRAIN_LABELS), cycle(train));
        IdxFiles.images(dir.resolve(FashionMnist.TEST_IMAGES), test, 4, 4);
        IdxFiles.labels(dir.resolve(FashionMnist.TEST_LABELS), cycle(test));
        return dir;
    }

    @Test
    void realFashionMnist() {
        Path folder = FashionMnist.defaultFolder();
        assumeTrue(FashionMnist.isAvailable(folder), "Fashion-MNIST not installed at " + folder);
        Dataset.Split s = FashionMnist.load(1000, 500);
        for (Dataset d : new Dataset[] {s.train(), s.test()}) {
            assertEquals(784, d.features());
            assertEquals(10, d.numClasses());
            assertEquals("Ankle boot", d.classNames().get(9));
            for (int label : d.y()) {
                assertTrue(label >= 0 && label <= 9);
            }
            double max = 0;
            for (double[] row : d.x()) {
                for (double v : row) {
                    assertTrue(v >= 0 && v <= 1, "pixel " + v);
                    max = Math.max(max, v);
                }
            }
            assertEquals(1.0, max, "some pixel is full white");
            for (int c : d.classCounts()) {
                assertTrue(c > 0, "every class appears in a prefix");
            }
        }
        assertEquals(1000, s.train().size());
        assertEquals(500, s.test().size());
        assertEquals("fashion-mnist/train", s.train().name());
    }

    @Test
    void loadsSyntheticFolder() throws IOException {
        Dataset.Split s = FashionMnist.load(fakeFolder(30, 12), 20, 1000);
        assertEquals(20, s.train().size());
        assertEquals(12, s.test().size(), "limit above the file's count takes all");
        assertEquals(16, s.train().features());
        assertArrayEquals(cycle(12), s.test().y());
        assertEquals(FashionMnist.CLASS_NAMES, s.train().classNames());
    }

    @Test
    void missingFolderSaysWhatToDo() {
        Path nowhere = dir.resolve("x");
        String msg = IdxTest.fail(() -> FashionMnist.load(nowhere, 10, 10));
        assertEquals("Fashion-MNIST not found at " + nowhere.resolve("train-images-idx3-ubyte.gz")
                + ": install the Debian package dataset-fashion-mnist (sudo apt-get install"
                + " dataset-fashion-mnist), or put the four IDX .gz files in a folder and pass it"
                + " (or set INITLAB_FASHION_MNIST)", msg);
    }

    @Test
    void missingOneFileNamesIt() throws IOException {
        Files.delete(fakeFolder(10, 10).resolve(FashionMnist.TEST_LABELS));
        assertTrue(IdxTest.fail(() -> FashionMnist.load(dir, 10, 10))
                .startsWith("Fashion-MNIST not found at " + dir.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void countMismatchBetweenImagesAndLabels() throws IOException {
        fakeFolder(20, 10);
        IdxFiles.labels(dir.resolve(FashionMnist.TRAIN_LABELS), cycle(19));
        assertEquals("train-images-idx3-ubyte.gz holds 20 images but train-labels-idx1-ubyte.gz"
                + " holds 19 labels; they must come in matching pairs",
                IdxTest.fail(() -> FashionMnist.load(dir, 5, 5)));
    }

    @Test
    void labelOutOfRange() throws IOException {
        fakeFolder(10, 10);
        int[] y = cycle(10);
        y[5] = 12;
        IdxFiles.labels(dir.resolve(FashionMnist.TEST_LABELS), y);
        assertEquals("t10k-labels-idx1-ubyte.gz: label 12 at index 5 is outside 0..9",
                IdxTest.fail(() -> FashionMnist.load(dir, 10, 10)));
    }

    @Test
    void defaultFolderHonorsSystemProperty() {
        String old = System.getProperty(FashionMnist.FOLDER_VARIABLE);
        try {
            System.setProperty(FashionMnist.FOLDER_VARIABLE, dir.toString());
            assertEquals(dir, FashionMnist.defaultFolder());
            System.setProperty(FashionMnist.FOLDER_VARIABLE, " ");
            if (System.getenv(FashionMnist.FOLDER_VARIABLE) == null) {
                assertEquals(Path.of(FashionMnist.DEBIAN_FOLDER), FashionMnist.defaultFolder());
            }
        } finally {
            if (old == null) {
                System.clearProperty(FashionMnist.FOLDER_VARIABLE);
            } else {
                System.setProperty(FashionMnist.FOLDER_VARIABLE, old);
            }
        }
    }

    @Test
    void rejectsBadLimits() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(dir, 0, 10)).getMessage()
                .contains("trainLimit and testLimit must be at least 1, got 0 and 10"));
    }
}

package org.initlab.data;

import static org.initlab.data.IdxFiles.gzip;
import static org.initlab.data.IdxFiles.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    /** How every "damaged file" message ends. */
    static final String GOOD_COPY = "; to get a good copy, reinstall the Debian package"
            + " dataset-fashion-mnist (sudo apt-get install --reinstall dataset-fashion-mnist), or"
            + " put the four IDX .gz files in a folder and pass it (or set INITLAB_FASHION_MNIST)";

    @TempDir
    Path dir;

    @Test
    void readsImagesScaledRowMajor() throws IOException {
        Path f = IdxFiles.images(dir.resolve("img.gz"), 5, 3, 4);
        double[][] x = Idx.readImages(f, 100);
        assertEquals(5, x.length);
        for (int i = 0; i < 5; i++) {
            assertEquals(12, x[i].length);
            for (int p = 0; p < 12; p++) {
                assertEquals(((i * 7 + p) & 0xFF) / 255.0, x[i][p], 0);
            }
        }
        assertEquals(2, Idx.readImages(f, 2).length);
        assertArrayEquals(x[1], Idx.readImages(f, 2)[1], 0);
        Idx.Header h = Idx.readHeader(f);
        assertEquals(new Idx.Header(Idx.IMAGES_MAGIC, 5, 3, 4), h);
        assertTrue(h.isImages());
    }

    @Test
    void pixelRangeCoversZeroToOne() throws IOException {
        byte[] data = {0, (byte) 255, (byte) 128, 1};
        Path f = gzip(dir.resolve("edge.gz"), idx(Idx.IMAGES_MAGIC, new int[] {1, 2, 2}, data));
        assertArrayEquals(new double[] {0, 1, 128 / 255.0, 1 / 255.0}, Idx.readImages(f, 1)[0], 0);
    }

    @Test
    void readsLabelsAsUnsignedBytes() throws IOException {
        Path f = IdxFiles.labels(dir.resolve("lab.gz"), 3, 1, 4, 1, 5, 200);
        assertArrayEquals(new int[] {3, 1, 4, 1, 5, 200}, Idx.readLabels(f, 10));
        assertArrayEquals(new int[] {3, 1}, Idx.readLabels(f, 2));
        assertEquals(new Idx.Header(Idx.LABELS_MAGIC, 6, 0, 0), Idx.readHeader(f));
    }

    @Test
    void badMagic() throws IOException {
        Path labels = IdxFiles.labels(dir.resolve("labels.gz"), 1, 2, 3);
        assertEquals("labels.gz is not an IDX image file (magic 0x00000803): its magic number is"
                + " 0x00000801, which marks a label file", fail(() -> Idx.readImages(labels, 3)));
        Path images = IdxFiles.images(dir.resolve("images.gz"), 2, 2, 2);
        assertTrue(fail(() -> Idx.readLabels(images, 3)).startsWith(
                "images.gz is not an IDX label file (magic 0x00000801): its magic number is 0x00000803"));
        Path junk = gzip(dir.resolve("junk.gz"), idx(0x12345678, new int[] {1, 1, 1}, new byte[1]));
        assertTrue(fail(() -> Idx.readImages(junk, 1)).contains("its magic number is 0x12345678"));
        assertTrue(fail(() -> Idx.readHeader(junk)).contains("is not an IDX image or label file"));
    }

    @Test
    void insaneHeaderIsRejectedBeforeAllocating() throws IOException {
        // 2^24 + 1 images: rejected on the header alone, long before reading (or allocating) data.
        Path many = gzip(dir.resolve("many.gz"),
                idx(Idx.IMAGES_MAGIC, new int[] {(1 << 24) + 1, 28, 28}, new byte[0]));
        assertEquals("many.gz has a bad header: item count 16777217 is outside 1..16777216",
                fail(() -> Idx.readImages(many, 10)));
        Path negative = gzip(dir.resolve("neg.gz"), idx(Idx.LABELS_MAGIC, new int[] {-5}, new byte[0]));
        assertTrue(fail(() -> Idx.readLabels(negative, 1)).contains("item count -5 is outside"));
        Path huge = gzip(dir.resolve("huge.gz"),
                idx(Idx.IMAGES_MAGIC, new int[] {1, 2048, 2048}, new byte[0]));
        assertEquals("huge.gz has a bad header: image size 2048x2048 is not positive or exceeds"
                + " 1048576 pixels", fail(() -> Idx.readImages(huge, 1)));
        Path zero = gzip(dir.resolve("zero.gz"), idx(Idx.IMAGES_MAGIC, new int[] {1, 0, 28}, new byte[0]));
        assertTrue(fail(() -> Idx.readImages(zero, 1)).contains("image size 0x28"));
    }

    @Test
    void truncatedData() throws IOException {
        byte[] data = Arrays.copyOf(IdxFiles.pixels(10, 28, 28), 3 * 784 + 100);
        Path f = gzip(dir.resolve("train-images-idx3-ubyte.gz"),
                idx(Idx.IMAGES_MAGIC, new int[] {10, 28, 28}, data));
        String expected = "train-images-idx3-ubyte.gz is truncated: header promises 10 images of"
                + " 28x28, data ends after 3 images" + GOOD_COPY;
        assertEquals(expected, fail(() -> Idx.readImages(f, 10)));
        // Even when only the intact prefix is asked for: the whole file is checked.
        assertEquals(expected, fail(() -> Idx.readImages(f, 2)));
        Path labels = gzip(dir.resolve("lab.gz"), idx(Idx.LABELS_MAGIC, new int[] {50}, new byte[20]));
        assertEquals("lab.gz is truncated: header promises 50 labels, data ends after 20 labels"
                + GOOD_COPY,
                fail(() -> Idx.readLabels(labels, 5)));
        Path header = gzip(dir.resolve("head.gz"), new byte[] {0, 0, 8, 3, 0, 0});
        assertEquals("head.gz is truncated: it ends inside the IDX header" + GOOD_COPY,
                fail(() -> Idx.readImages(header, 1)));
    }

    @Test
    void notGzip() throws IOException {
        Path f = dir.resolve("plain.gz");
        Files.write(f, idx(Idx.LABELS_MAGIC, new int[] {1}, new byte[1]));
        String msg = fail(() -> Idx.readLabels(f, 1));
        assertTrue(msg.startsWith("plain.gz is not a valid gzip IDX file"), msg);
        Path text = Files.writeString(dir.resolve("text.gz"), "hello, world\n");
        assertTrue(fail(() -> Idx.readHeader(text)).startsWith("text.gz is not a valid gzip IDX file"));
    }

    @Test
    void corruptGzip() throws IOException {
        Path good = IdxFiles.images(dir.resolve("good.gz"), 200, 28, 28);
        byte[] bytes = Files.readAllBytes(good);
        // Cut the compressed stream in half, as an interrupted download would.
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        String msg = fail(() -> Idx.readImages(cut, 1));
        assertTrue(msg.startsWith("cut.gz is not a valid gzip IDX file: the compressed data stops"
                + " early"), msg);
        // Flip bytes in the middle of the deflate data.
        byte[] flipped = bytes.clone();
        for (int i = 40; i < 60; i++) {
            flipped[i] ^= (byte) 0x5A;
        }
        Path bad = Files.write(dir.resolve("bad.gz"), flipped);
        msg = fail(() -> Idx.readImages(bad, 200));
        assertTrue(msg.startsWith("bad.gz is not a valid gzip IDX file"), msg);
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.gz");
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.readImages(f, 1));
        assertEquals("IDX file not found: " + f, e.getMessage());
        assertInstanceOf(NoSuchFileException.class, e.getCause());
    }

    @Test
    void rejectsBadLimit() throws IOException {
        Path f = IdxFiles.labels(dir.resolve("l.gz"), 1, 2);
        assertEquals("limit must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Idx.readLabels(f, 0)).getMessage());
    }

    static String fail(Runnable r) {
        return assertThrows(DataFileException.class, r::run).getMessage();
    }
}

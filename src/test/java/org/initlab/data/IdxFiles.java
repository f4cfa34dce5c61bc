package org.initlab.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Writes small (possibly deliberately broken) gzip IDX files for tests. */
final class IdxFiles {

    private IdxFiles() {
    }

    /** Raw IDX bytes: the magic, the header ints, then the data. */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static Path gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    /** Image i has every pixel equal to (i * 7 + pixel) mod 256, so tests can recompute it. */
    static byte[] pixels(int count, int rows, int cols) {
        byte[] data = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                data[i * rows * cols + p] = (byte) (i * 7 + p);
            }
        }
        return data;
    }

    static Path images(Path file, int count, int rows, int cols) throws IOException {
        return gzip(file, idx(Idx.IMAGES_MAGIC, new int[] {count, rows, cols},
                pixels(count, rows, cols)));
    }

    static Path labels(Path file, int... labels) throws IOException {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return gzip(file, idx(Idx.LABELS_MAGIC, new int[] {labels.length}, data));
    }

    /** Labels 0..9 repeating. */
    static int[] cycle(int n) {
        int[] y = new int[n];
        Arrays.setAll(y, i -> i % 10);
        return y;
    }
}

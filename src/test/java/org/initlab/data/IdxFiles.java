package org.initlab.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
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

    /**
     * Gzip bytes of {@code content} as one member built by hand (RFC 1952), with the header flags
     * GZIPOutputStream never writes: FEXTRA, FNAME and FCOMMENT (small fixed values) and FHCRC
     * (with the correct CRC-16) when set in {@code flags}.
     */
    static byte[] gzipMember(byte[] content, int flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1F, (byte) 0x8B, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
        if ((flags & 4) != 0) {
            out.writeBytes(new byte[] {4, 0, 'I', 'L', 0, 0}); // XLEN 4: one empty subfield "IL"
        }
        if ((flags & 8) != 0) {
            out.writeBytes("t10k-images-idx3-ubyte\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        if ((flags & 16) != 0) {
            out.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        if ((flags & 2) != 0) {
            CRC32 crc = new CRC32();
            crc.update(out.toByteArray());
            out.write((int) crc.getValue());
            out.write((int) crc.getValue() >>> 8);
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        byte[] chunk = new byte[256];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(content);
        out.writeBytes(littleEndian((int) crc.getValue()));
        out.writeBytes(littleEndian(content.length));
        return out.toByteArray();
    }

    private static byte[] littleEndian(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
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

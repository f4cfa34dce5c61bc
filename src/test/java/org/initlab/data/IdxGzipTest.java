package org.initlab.data;

import static org.initlab.data.IdxFiles.gzipMember;
import static org.initlab.data.IdxFiles.idx;
import static org.initlab.data.IdxTest.GOOD_COPY;
import static org.initlab.data.IdxTest.fail;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gzip layer of {@link Idx}: every file is one verified gzip member with nothing after it. */
class IdxGzipTest {

    private static final String NAME = "t10k-images-idx3-ubyte.gz";
    private static final String BAD = NAME + " is not a valid gzip IDX file: ";
    private static final String CUT = BAD + "the compressed data stops early (an incomplete"
            + " download?)" + GOOD_COPY;
    /** Four 3x3 images: 16 header bytes and 36 pixels. */
    private static final byte[] CONTENT = idx(Idx.IMAGES_MAGIC, new int[] {4, 3, 3},
            IdxFiles.pixels(4, 3, 3));

    @TempDir
    Path dir;

    private byte[] gzipped() throws IOException {
        return Files.readAllBytes(IdxFiles.gzip(dir.resolve("good.gz"), CONTENT));
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve(NAME), bytes);
    }

    /** The message of reading all images, after checking a limit of 1 gives the same one. */
    private static String failBoth(Path f) {
        String all = fail(() -> Idx.readImages(f, 100));
        assertEquals(all, fail(() -> Idx.readImages(f, 1)), "a limit still reads to the end");
        return all;
    }

    private static double[][] expected() {
        double[][] x = new double[4][9];
        for (int i = 0; i < 4; i++) {
            for (int p = 0; p < 9; p++) {
                x[i][p] = ((i * 7 + p) & 0xFF) / 255.0;
            }
        }
        return x;
    }

    @Test
    void crcMismatch() throws IOException {
        byte[] bytes = gzipped();
        bytes[bytes.length - 8] ^= 1; // the lowest bit of the stored CRC-32
        CRC32 crc = new CRC32();
        crc.update(CONTENT);
        assertEquals(BAD + String.format("CRC-32 mismatch: the trailer says 0x%08X, the data gives"
                + " 0x%08X", crc.getValue() ^ 1, crc.getValue()) + GOOD_COPY, failBoth(write(bytes)));
    }

    @Test
    void lengthMismatch() throws IOException {
        byte[] bytes = gzipped();
        bytes[bytes.length - 4]++; // ISIZE 52 -> 53
        assertEquals(BAD + "length mismatch: the trailer says 53 bytes (mod 2^32), the data has 52"
                + GOOD_COPY, failBoth(write(bytes)));
    }

    @Test
    void corruptDeflateData() throws IOException {
        byte[] bytes = gzipped();
        bytes[10] |= 0b110; // the first block's type becomes 3, which deflate reserves
        assertEquals(BAD + "corrupt deflate data (invalid block type)" + GOOD_COPY,
                failBoth(write(bytes)));
    }

    @Test
    void trailingDataAfterTheGzipStream() throws IOException {
        byte[] good = gzipped();
        byte[] junk = Arrays.copyOf(good, good.length + 5);
        System.arraycopy("junk\n".getBytes(), 0, junk, good.length, 5);
        assertEquals(BAD + "5 bytes of trailing data after the gzip stream" + GOOD_COPY,
                failBoth(write(junk)));
        // Zero padding (as some copy tools leave) and a lone gzip magic byte count as junk too.
        assertEquals(BAD + "1000 bytes of trailing data after the gzip stream" + GOOD_COPY,
                failBoth(write(Arrays.copyOf(good, good.length + 1000))));
        byte[] one = Arrays.copyOf(good, good.length + 1);
        one[good.length] = 0x1F;
        assertEquals(BAD + "1 byte of trailing data after the gzip stream" + GOOD_COPY,
                failBoth(write(one)));
    }

    @Test
    void secondGzipMember() throws IOException {
        byte[] good = gzipped();
        byte[] two = Arrays.copyOf(good, 2 * good.length);
        System.arraycopy(good, 0, two, good.length, good.length);
        assertEquals(BAD + "a second gzip member follows the first (" + good.length + " more"
                + " bytes); an IDX file is a single member" + GOOD_COPY, failBoth(write(two)));
    }

    @Test
    void extraDataInsideTheStream() throws IOException {
        // A valid gzip stream whose data runs on past the items its IDX header promises.
        byte[] data = IdxFiles.pixels(4, 3, 3);
        Path f = IdxFiles.gzip(dir.resolve(NAME), idx(Idx.IMAGES_MAGIC, new int[] {3, 3, 3}, data));
        assertEquals(NAME + " is too long: 9 extra bytes after the 3 images the header promises"
                + GOOD_COPY, failBoth(f));
        Path labels = IdxFiles.gzip(dir.resolve("labels.gz"),
                idx(Idx.LABELS_MAGIC, new int[] {3}, new byte[] {1, 2, 3, 4}));
        String msg = "labels.gz is too long: 1 extra byte after the 3 labels the header promises"
                + GOOD_COPY;
        assertEquals(msg, fail(() -> Idx.readLabels(labels, 3)));
        assertEquals(msg, fail(() -> Idx.readLabels(labels, 1)));
    }

    @Test
    void truncatedAnywhere() throws IOException {
        // Cut inside the gzip header, the deflate data or the trailer: always "stops early".
        byte[] good = gzipped();
        for (int n = 0; n < good.length; n++) {
            assertEquals(CUT, failBoth(write(Arrays.copyOf(good, n))), "cut to " + n + " bytes");
        }
    }

    @Test
    void badGzipHeader() throws IOException {
        byte[] bytes = gzipped();
        bytes[2] = 7;
        assertEquals(BAD + "compression method 7 is not deflate (8)" + GOOD_COPY,
                failBoth(write(bytes)));
        bytes = gzipped();
        bytes[3] = (byte) 0x20;
        assertEquals(BAD + "reserved header flag bits are set (FLG 0x20)" + GOOD_COPY,
                failBoth(write(bytes)));
        assertEquals(BAD + "it starts 00 00, not with the gzip magic bytes 1f 8b; IDX files are"
                + " read gzip-compressed (.gz), as distributed" + GOOD_COPY,
                failBoth(write(CONTENT)));
    }

    @Test
    void optionalHeaderFieldsAndHeaderCrc() throws IOException {
        int all = 2 | 4 | 8 | 16; // FHCRC, FEXTRA, FNAME, FCOMMENT
        for (int flags : new int[] {0, 1, 2, 4, 8, 16, all}) {
            assertArrayEquals(expected(), Idx.readImages(write(gzipMember(CONTENT, flags)), 100),
                    "flags " + flags);
        }
        byte[] bytes = gzipMember(CONTENT, all);
        int crcAt = 10 + 6 + 23 + 10; // after the fixed header, extra field, name and comment
        bytes[crcAt] ^= 0x10;
        String msg = failBoth(write(bytes));
        assertTrue(msg.startsWith(BAD + "header CRC-16 mismatch: the header says 0x"), msg);
        assertTrue(msg.endsWith(GOOD_COPY), msg);
    }

    /**
     * Every single-bit flip of a small file is either rejected or leaves the data unchanged, and
     * the unchanged ones are exactly where gzip keeps nothing that matters: the FTEXT hint, MTIME,
     * XFL and OS (49 bits), and the unused padding bits that end the deflate data. Measured with
     * JDK 25's zlib: of the 536 flips of the 67-byte GZIPOutputStream file, 481 are rejected and
     * 55 harmless (49 in those header fields, 6 padding bits); with a header CRC (FHCRC, plus a
     * name, comment and extra field) 858 of the 864 flips of the 108-byte file are rejected and
     * only the 6 padding bits are harmless. Takes about half a second.
     */
    @Test
    void everySingleBitFlipIsRejectedOrHarmless() throws IOException {
        Flips plain = flipEveryBit(gzipped());
        assertEquals(49, plain.unprotectedHeader(), "FTEXT, MTIME, XFL and OS are not checked");
        assertTrue(plain.padding() < 8, "at most 7 padding bits: " + plain.padding());
        assertEquals(plain.flips() - 49 - plain.padding(), plain.rejected(), "all others rejected");

        Flips withCrc = flipEveryBit(gzipMember(CONTENT, 2 | 4 | 8 | 16));
        assertEquals(0, withCrc.unprotectedHeader(), "FHCRC covers the whole header");
        assertEquals(plain.padding(), withCrc.padding(), "the same deflate data");
        assertEquals(withCrc.flips() - plain.padding(), withCrc.rejected(), "all others rejected");
    }

    /** Counts of flips: all, rejected, harmless in unprotected header fields, harmless padding. */
    private record Flips(int flips, int rejected, int unprotectedHeader, int padding) {
    }

    /**
     * Flips each bit of {@code good} in turn, failing on any flip that loads different data or
     * throws anything but a DataFileException naming the file, and on a harmless flip outside
     * the places gzip leaves unprotected. The file is written once and each flip is a one-byte
     * write in place (rewriting the whole file each time made this test four times slower).
     */
    private Flips flipEveryBit(byte[] good) throws IOException {
        boolean headerCrc = (good[3] & 2) != 0;
        int lastDeflateByte = good.length - 9; // padding bits live in the byte before the trailer
        double[][] x = expected();
        Path f = write(good);
        int rejected = 0;
        int header = 0;
        int padding = 0;
        try (FileChannel file = FileChannel.open(f, StandardOpenOption.WRITE)) {
            for (int i = 0; i < good.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    file.write(ByteBuffer.wrap(new byte[] {(byte) (good[i] ^ 1 << bit)}), i);
                    double[][] got;
                    try {
                        got = Idx.readImages(f, 100);
                    } catch (DataFileException e) {
                        assertTrue(e.getMessage().startsWith(NAME + " "), e.getMessage());
                        rejected++;
                        continue;
                    }
                    String where = "byte " + i + " bit " + bit;
                    assertArrayEquals(x, got, where + " changed the data");
                    if (!headerCrc && (i == 3 && bit == 0 || i >= 4 && i <= 9)) {
                        header++;
                    } else {
                        assertEquals(lastDeflateByte, i, where + " is not checked");
                        padding++;
                    }
                }
                file.write(ByteBuffer.wrap(new byte[] {good[i]}), i);
            }
        }
        return new Flips(8 * good.length, rejected, header, padding);
    }
}

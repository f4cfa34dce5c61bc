package org.initlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Reads gzip-compressed IDX files, the format of MNIST, Fashion-MNIST, KMNIST and friends: a
 * big-endian header (magic number, then one 32-bit size per dimension) followed by unsigned bytes.
 *
 * <p>The header is validated before anything is allocated, so a corrupt or hostile header cannot
 * make us reserve gigabytes; rows are allocated only as their bytes arrive.
 *
 * <p>{@link #readImages} and {@link #readLabels} read the whole file to its last byte, even with a
 * small limit, and fail unless all of this holds: the file is exactly one gzip member (RFC 1952)
 * with nothing after it; its header is well formed (and matches its CRC-16, if it carries one);
 * its deflate data is valid; the decompressed data holds exactly the items the header promises,
 * no fewer and no more; and the trailer's CRC-32 and length match that data. A damaged download
 * should fail loudly, not quietly train on different or fewer images. The gzip header's MTIME,
 * XFL and OS fields and its optional name, comment and extra field are not protected by any
 * checksum (unless FHCRC is set) and do not affect the data, so they are not checked.
 * {@link #readHeader} reads only the IDX header and verifies nothing after it.
 *
 * <p>All file problems are {@link DataFileException}s; bad arguments are
 * {@link IllegalArgumentException}s.
 */
public final class Idx {

    /** Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes, 1 dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Largest accepted item count: 16M, far above any MNIST-style set. */
    public static final int MAX_COUNT = 1 << 24;
    /** Largest accepted image size in pixels (rows * cols): 1M, e.g. 1024 x 1024. */
    public static final int MAX_PIXELS = 1 << 20;

    private static final int BUFFER = 1 << 16;
    /** Ends every "damaged file" message. */
    private static final String GOOD_COPY = "to get a good copy, " + FashionMnist.howToGet(true);

    private Idx() {
    }

    /** A validated IDX header. For a label file rows and cols are 0. */
    public record Header(int magic, int count, int rows, int cols) {

        /** True for an image file, false for a label file. */
        public boolean isImages() {
            return magic == IMAGES_MAGIC;
        }

        /** Bytes per item: rows * cols for images, 1 for labels. */
        public int itemBytes() {
            return isImages() ? rows * cols : 1;
        }
    }

    /**
     * Reads and validates the header of an IDX image or label file. Only the first bytes are
     * read: the rest of the file is verified by {@link #readImages} and {@link #readLabels}.
     */
    public static Header readHeader(Path file) {
        try (InputStream in = open(file)) {
            return guard(file, () -> header(in, file, 0));
        } catch (IOException e) {
            throw closeFailed(file, e);
        }
    }

    /**
     * The first {@code limit} images of an IDX image file (all of them if the file holds fewer),
     * each flattened row-major to {@code rows * cols} values scaled from 0..255 to [0, 1].
     */
    public static double[][] readImages(Path file, int limit) {
        checkLimit(limit);
        try (InputStream in = open(file)) {
            return guard(file, () -> {
                Header h = header(in, file, IMAGES_MAGIC);
                int take = Math.min(limit, h.count());
                int size = h.itemBytes();
                byte[] buf = new byte[size];
                List<double[]> images = new ArrayList<>(Math.min(take, BUFFER));
                for (int i = 0; i < take; i++) {
                    if (in.readNBytes(buf, 0, size) < size) {
                        throw truncated(file, h, i);
                    }
                    double[] row = new double[size];
                    for (int j = 0; j < size; j++) {
                        row[j] = (buf[j] & 0xFF) / 255.0;
                    }
                    images.add(row);
                }
                checkRest(in, file, h, take);
                return images.toArray(double[][]::new);
            });
        } catch (IOException e) {
            throw closeFailed(file, e);
        }
    }

    /**
     * The first {@code limit} labels of an IDX label file (all of them if the file holds fewer),
     * as values 0..255. Checking they fit a given number of classes is the caller's job.
     */
    public static int[] readLabels(Path file, int limit) {
        checkLimit(limit);
        try (InputStream in = open(file)) {
            return guard(file, () -> {
                Header h = header(in, file, LABELS_MAGIC);
                int take = Math.min(limit, h.count());
                // readNBytes grows its buffer as data arrives, so a lying header costs nothing.
                byte[] bytes = in.readNBytes(take);
                if (bytes.length < take) {
                    throw truncated(file, h, bytes.length);
                }
                int[] labels = new int[take];
                for (int i = 0; i < take; i++) {
                    labels[i] = bytes[i] & 0xFF;
                }
                checkRest(in, file, h, take);
                return labels;
            });
        } catch (IOException e) {
            throw closeFailed(file, e);
        }
    }

    /**
     * Opens the file as one strictly checked gzip member (see {@link GzipMember}). Its content
     * is checked as it is read, so only "missing" and "unreadable" can fail here.
     */
    private static InputStream open(Path file) {
        try {
            return new BufferedInputStream(
                    new GzipMember(Files.newInputStream(file), BUFFER), BUFFER);
        } catch (NoSuchFileException e) {
            throw new DataFileException("IDX file not found: " + file, e);
        } catch (IOException e) {
            throw new DataFileException("cannot open IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the header and checks it against the expected magic (0 accepts images or labels). */
    private static Header header(InputStream in, Path file, int expected) throws IOException {
        String name = file.getFileName().toString();
        int magic = readInt(in, file);
        if (magic != IMAGES_MAGIC && magic != LABELS_MAGIC || expected != 0 && magic != expected) {
            String want = switch (expected) {
                case IMAGES_MAGIC -> "an IDX image file (magic 0x00000803)";
                case LABELS_MAGIC -> "an IDX label file (magic 0x00000801)";
                default -> "an IDX image or label file (magic 0x00000803 or 0x00000801)";
            };
            String is = switch (magic) {
                case IMAGES_MAGIC -> ", which marks an image file";
                case LABELS_MAGIC -> ", which marks a label file";
                default -> "";
            };
            throw new DataFileException(name + " is not " + want + ": its magic number is "
                    + String.format("0x%08X", magic) + is);
        }
        int count = readInt(in, file);
        if (count < 1 || count > MAX_COUNT) {
            throw new DataFileException(name + " has a bad header: item count " + count
                    + " is outside 1.." + MAX_COUNT);
        }
        if (magic == LABELS_MAGIC) {
            return new Header(magic, count, 0, 0);
        }
        int rows = readInt(in, file);
        int cols = readInt(in, file);
        if (rows < 1 || cols < 1 || (long) rows * cols > MAX_PIXELS) {
            throw new DataFileException(name + " has a bad header: image size " + rows + "x" + cols
                    + " is not positive or exceeds " + MAX_PIXELS + " pixels");
        }
        return new Header(magic, count, rows, cols);
    }

    private static int readInt(InputStream in, Path file) throws IOException {
        // readNBytes, not readInt: a clean end of data is a truncated header, while an
        // EOFException can then only come from the gzip layer (a cut compressed stream).
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw damaged(file, "is truncated: it ends inside the IDX header");
        }
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }

    /**
     * Reads past the items we did not keep, to prove the file holds all it promises, then on to
     * the end, to prove it holds nothing more. Reading to the end (until read returns -1) is
     * also what makes {@link GzipMember} check the trailer and what follows it.
     */
    private static void checkRest(InputStream in, Path file, Header h, int done) throws IOException {
        long missing = (long) (h.count() - done) * h.itemBytes();
        byte[] skip = new byte[BUFFER];
        long read = 0;
        while (read < missing) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, missing - read));
            if (r < 0) {
                throw truncated(file, h, done + (int) (read / h.itemBytes()));
            }
            read += r;
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw damaged(file, "is too long: " + count(extra, "extra byte") + " after the "
                    + items(h, h.count()) + " the header promises");
        }
    }

    private static DataFileException truncated(Path file, Header h, int complete) {
        String promise = h.isImages()
                ? h.count() + " images of " + h.rows() + "x" + h.cols()
                : h.count() + " labels";
        return damaged(file, "is truncated: header promises " + promise + ", data ends after "
                + items(h, complete));
    }

    /** "7 images" or "7 labels". */
    private static String items(Header h, long n) {
        return count(n, h.isImages() ? "image" : "label");
    }

    /** "1 label", "7 labels". */
    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** A gzip-level fault found by {@link GzipMember}. */
    private static DataFileException notGzip(Path file, IOException e) {
        String why = e instanceof EOFException
                ? "the compressed data stops early (an incomplete download?)"
                : e.getMessage();
        return damaged(file, "is not a valid gzip IDX file: " + why, e);
    }

    private static DataFileException damaged(Path file, String what) {
        return damaged(file, what, null);
    }

    /** A damaged file: its name, what is wrong, then how to get a good copy. */
    private static DataFileException damaged(Path file, String what, IOException cause) {
        String message = file.getFileName() + " " + what + "; " + GOOD_COPY;
        return cause == null ? new DataFileException(message) : new DataFileException(message, cause);
    }

    private static DataFileException closeFailed(Path file, IOException e) {
        return new DataFileException("error reading IDX file " + file + ": " + e.getMessage(), e);
    }

    private interface Body<T> {
        T run() throws IOException;
    }

    /** Runs a read, reporting gzip-level corruption (bad CRC, cut stream...) as such. */
    private static <T> T guard(Path file, Body<T> body) {
        try {
            return body.run();
        } catch (DataFileException e) {
            throw e;
        } catch (ZipException | EOFException e) {
            throw notGzip(file, e);
        } catch (IOException e) {
            throw new DataFileException("error reading IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }
}

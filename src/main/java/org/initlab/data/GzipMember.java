package org.initlab.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The data of a file that must be exactly one gzip member (RFC 1952), read strictly.
 *
 * <p>Why not {@link java.util.zip.GZIPInputStream}: it checks the trailer only if the data is
 * read to its end, then silently goes on into a second member and may ignore trailing junk.
 * Parsing the member ourselves around an {@link Inflater} makes the rule simple: {@code read}
 * returns -1 only after the trailer's CRC-32 and ISIZE match the data and the file has ended
 * right after the trailer. Everything else is an exception: {@link EOFException} if the file
 * stops early, {@link ZipException} (with a message saying what is wrong) for anything else.
 *
 * <p>The header is parsed on the first read, so opening never fails on content. Unprotected
 * header fields (MTIME, XFL, OS, the FTEXT hint, and the optional name, comment and extra field
 * unless FHCRC is set) are skipped unchecked; they do not affect the data.
 */
final class GzipMember extends InputStream {

    private static final int FTEXT = 1;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final Inflater inflater = new Inflater(true); // raw deflate: we parse the wrapper
    private final CRC32 crc = new CRC32(); // of the decompressed data
    private final CRC32 headerCrc = new CRC32(); // of the header bytes, for FHCRC
    /** Compressed bytes read from {@code in}; buf[pos, lim) is not yet consumed. */
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean started;
    private boolean ended;

    GzipMember(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!started) {
            header();
            started = true;
        }
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (!inflater.finished()) {
            if (inflater.needsInput()) {
                if (!more()) {
                    throw new EOFException("the gzip stream stops early");
                }
                inflater.setInput(buf, pos, lim - pos);
                pos = lim;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("corrupt deflate data (" + e.getMessage() + ")");
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.needsDictionary()) { // impossible in valid raw deflate
                throw new ZipException("corrupt deflate data (it asks for a preset dictionary)");
            }
        }
        pos = lim - inflater.getRemaining(); // the trailer starts right after the deflate data
        trailer();
        ended = true;
        return -1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    private void header() throws IOException {
        int id1 = headerByte();
        int id2 = headerByte();
        if (id1 != 0x1F || id2 != 0x8B) {
            throw new ZipException(String.format("it starts %02x %02x, not with the gzip magic"
                    + " bytes 1f 8b; IDX files are read gzip-compressed (.gz), as distributed",
                    id1, id2));
        }
        int method = headerByte();
        if (method != 8) {
            throw new ZipException("compression method " + method + " is not deflate (8)");
        }
        int flags = headerByte();
        if ((flags & ~(FTEXT | FHCRC | FEXTRA | FNAME | FCOMMENT)) != 0) {
            throw new ZipException(String.format("reserved header flag bits are set (FLG 0x%02X)",
                    flags));
        }
        for (int i = 0; i < 6; i++) { // MTIME (4), XFL, OS: informational only
            headerByte();
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = headerByte() | headerByte() << 8;
            for (int i = 0; i < xlen; i++) {
                headerByte();
            }
        }
        if ((flags & FNAME) != 0) {
            while (headerByte() != 0) {
                // skip the zero-terminated original file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (headerByte() != 0) {
                // skip the zero-terminated comment
            }
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xFFFF;
            int stored = nextByte() | nextByte() << 8;
            if (stored != expected) {
                throw new ZipException(String.format("header CRC-16 mismatch: the header says"
                        + " 0x%04X, its bytes give 0x%04X", stored, expected));
            }
        }
    }

    private void trailer() throws IOException {
        long storedCrc = uint32();
        long storedSize = uint32();
        if (storedCrc != crc.getValue()) {
            throw new ZipException(String.format("CRC-32 mismatch: the trailer says 0x%08X, the"
                    + " data gives 0x%08X", storedCrc, crc.getValue()));
        }
        long size = inflater.getBytesWritten();
        if (storedSize != (size & 0xFFFFFFFFL)) {
            throw new ZipException("length mismatch: the trailer says " + storedSize
                    + " bytes (mod 2^32), the data has " + size);
        }
        // Nothing may follow the member. Count what does, keeping its first two bytes to name a
        // second member as such (concatenated members are valid gzip, but not one IDX file).
        long extra = 0;
        int magic = 0;
        while (more()) {
            for (; pos < lim && extra < 2; pos++, extra++) {
                magic = magic << 8 | buf[pos] & 0xFF;
            }
            extra += lim - pos;
            pos = lim;
        }
        if (extra >= 2 && magic == 0x1F8B) {
            throw new ZipException("a second gzip member follows the first (" + extra
                    + " more bytes); an IDX file is a single member");
        }
        if (extra > 0) {
            throw new ZipException(extra + (extra == 1 ? " byte" : " bytes")
                    + " of trailing data after the gzip stream");
        }
    }

    /** A header byte, also fed to the header CRC. */
    private int headerByte() throws IOException {
        int b = nextByte();
        headerCrc.update(b);
        return b;
    }

    private long uint32() throws IOException {
        return nextByte() | nextByte() << 8 | nextByte() << 16 | (long) nextByte() << 24;
    }

    private int nextByte() throws IOException {
        if (!more()) {
            throw new EOFException("the gzip stream stops early");
        }
        return buf[pos++] & 0xFF;
    }

    /** Whether unread compressed bytes remain, refilling the buffer if needed. */
    private boolean more() throws IOException {
        if (pos < lim) {
            return true;
        }
        int n = in.read(buf, 0, buf.length);
        pos = 0;
        lim = Math.max(n, 0);
        return n > 0;
    }
}

package org.initlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A data file that is missing, unreadable or malformed. The message names the file and, where it
 * can, the line, record or byte at fault, and what to do about it.
 *
 * <p>Unchecked, because the callers are notebooks, where a checked exception only adds
 * boilerplate; bad arguments (a negative limit, say) are {@link IllegalArgumentException}s
 * instead, so the two kinds of mistake stay apart.
 */
public final class DataFileException extends UncheckedIOException {

    /** A problem found in the file's content (no underlying I/O error). */
    public DataFileException(String message) {
        super(message, new IOException(message));
    }

    /** A problem reported by the I/O layer, e.g. a missing file or a corrupt gzip stream. */
    public DataFileException(String message, IOException cause) {
        super(message, cause);
    }
}

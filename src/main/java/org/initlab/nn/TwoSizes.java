package org.initlab.nn;

import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Buffers for the batch size in use, with those of the size before kept as a spare: an epoch whose last batch is
 * smaller goes to that size and back once per epoch, and would otherwise allocate and zero its buffers twice each time.
 */
final class TwoSizes<B> {
    private final ToIntFunction<B> rows;
    private final IntFunction<B> make;
    private B current, spare;

    /** {@code rows} tells a set's batch size; {@code make} makes a set for a batch size. */
    TwoSizes(ToIntFunction<B> rows, IntFunction<B> make) {
        this.rows = rows;
        this.make = make;
    }

    /** The buffers for a batch of {@code batch} rows: the current set, the spare one if it has that size (swapped in), or a new one. */
    B get(int batch) {
        if (current != null && rows.applyAsInt(current) == batch) return current;
        B next = spare != null && rows.applyAsInt(spare) == batch ? spare : make.apply(batch);
        spare = current;
        current = next;
        return next;
    }
}

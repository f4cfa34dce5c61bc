package org.initlab.experiment;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Experiments that several claims and notebooks share (the 10 x 500 tanh stack of seed 3, say), computed
 * once per JVM and key. Safe under the catalog's parallel runs: the first caller of a key computes it,
 * later callers of that key wait for the same result, other keys go on.
 */
final class Memo {
    private Memo() {}

    private static final ConcurrentHashMap<String, CompletableFuture<Object>> VALUES = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    static <T> T get(String key, Supplier<T> compute) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> theirs = VALUES.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return (T) theirs.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw e;
            }
        }
        try {
            T v = compute.get();
            // A run cut short by the stop button (the thread is still interrupted) is not the experiment: keep nothing.
            if (Thread.currentThread().isInterrupted()) throw new java.util.concurrent.CancellationException("interrupted: " + key + " was not kept");
            mine.complete(v);
            return v;
        } catch (RuntimeException | Error e) {
            VALUES.remove(key, mine); // a later call may try again (after an interrupt, say)
            mine.completeExceptionally(e);
            throw e;
        }
    }
}

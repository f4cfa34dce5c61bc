package org.initlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * One experiment repeated over seeds 1..n, the seeds run in parallel. Each run draws only from its own
 * seed, and the results come back in seed order, so they do not depend on the thread count. The same
 * for any list of independent jobs (the claims of the catalog).
 */
public final class Repeat {
    private Repeat() {}

    /** The number of seeds a claim's random experiment is repeated over, at least. */
    public static final int SEEDS = 5;

    /** {@code run} for seeds 1..{@code seeds}, in parallel, in seed order. */
    public static <T> List<T> over(int seeds, LongFunction<T> run) {
        if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        return parallel(java.util.stream.LongStream.rangeClosed(1, seeds).boxed().toList(), run::apply);
    }

    /** {@code run} on every item, on as many threads as there are cores, the results in the items' order. */
    public static <A, T> List<T> parallel(List<A> items, java.util.function.Function<A, T> run) {
        return parallel(items, Runtime.getRuntime().availableProcessors(), run);
    }

    /** {@code run} on every item, on at most {@code maxThreads} threads, the results in the items' order. */
    public static <A, T> List<T> parallel(List<A> items, int maxThreads, java.util.function.Function<A, T> run) {
        if (maxThreads < 1) throw new IllegalArgumentException("threads must be positive, got " + maxThreads);
        int threads = Math.min(items.size(), maxThreads);
        if (threads <= 1) return items.stream().map(run).toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "repeat");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (A item : items) futures.add(pool.submit(() -> run.apply(item)));
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running in parallel", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("a parallel run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A number measured for seeds 1..{@code seeds}, as its spread. */
    public static Spread spread(int seeds, java.util.function.LongToDoubleFunction run) {
        return Spread.of(over(seeds, s -> run.applyAsDouble(s)));
    }
}

package org.initlab.nn;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

/**
 * Where the blocks of a large product, an elementwise loop or a probed step's measurements run in parallel: a fixed
 * pool of daemon threads, one per core, that runs only leaf work, and a caller that runs its own block and then any
 * block no pool thread has started. A wait is therefore only ever for a block that is running, so the work finishes
 * even when every pool thread is busy elsewhere (nested calls cannot deadlock) or gone.
 *
 * <p>Not the common fork-join pool: on Java 25 with 2 cores (a common pool of parallelism 1), chapter 10 hung with a
 * parallel stream's caller parked on a forked block that no worker ever ran, and no common-pool worker alive. The
 * same class of hang is reported against Java 25's common pool at low parallelism (JDK-8360593). Which thread runs a
 * block never changes a bit: the cut into blocks depends only on the shapes.
 */
final class Blocks {
    private Blocks() {}

    private static final ExecutorService POOL = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "initlab-blocks");
        t.setDaemon(true);
        return t;
    });

    /** One block of work, started on the pool; {@link #await} runs it on the calling thread if no pool thread has. */
    static final class Task {
        private final FutureTask<Void> work;

        private Task(Runnable work) { this.work = new FutureTask<>(work, null); }

        /** Runs the block here unless it has started, then waits for it (uninterruptibly, as a fork-join join does). */
        void await() {
            work.run(); // a no-op once the block has started or finished
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        work.get();
                        return;
                    } catch (InterruptedException e) {
                        interrupted = true; // the block is running and will end: keep the stop request for the caller
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof RuntimeException re) throw re;
                        if (e.getCause() instanceof Error err) throw err;
                        throw new IllegalStateException("a parallel block failed: " + e.getCause(), e.getCause());
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts {@code work} on the pool (or, if the pool refuses it, leaves it for {@link Task#await} to run). */
    static Task start(Runnable work) {
        Task t = new Task(work);
        try {
            POOL.execute(t.work);
        } catch (RejectedExecutionException e) {
            // never expected of an unbounded queue; await runs the block here
        }
        return t;
    }

    /** Blocks 0 to n - 1: 1 and up on the pool, 0 here; then any not yet started here too; returns when all are done. */
    static void run(int n, IntConsumer block) {
        Task[] tasks = new Task[n];
        for (int p = 1; p < n; p++) {
            int q = p;
            tasks[p] = start(() -> block.accept(q));
        }
        RuntimeException first = null;
        try {
            block.accept(0);
        } catch (RuntimeException e) {
            first = e; // the other blocks still finish before the error goes up: none is left writing
        }
        for (int p = 1; p < n; p++) tasks[p].work.run();
        for (int p = 1; p < n; p++) {
            try {
                tasks[p].await();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}

package org.initlab.nn;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.*;

/** The parallel blocks: each runs once, errors come up after every block is done, nesting cannot deadlock. */
class BlocksTest {

    @Test
    void everyBlockRunsOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(7);
        for (int round = 0; round < 200; round++) Blocks.run(7, runs::incrementAndGet);
        for (int p = 0; p < 7; p++) assertEquals(200, runs.get(p), "block " + p);
    }

    @Test
    void nestedBlocksFinishEvenWithEveryPoolThreadWaiting() {
        // Every block of the outer call waits on blocks of its own, which wait on more: more waiting blocks than pool
        // threads. A pool whose callers only waited would deadlock here; callers that run unstarted blocks cannot.
        AtomicIntegerArray leaves = new AtomicIntegerArray(1);
        Blocks.run(4, a -> Blocks.run(4, b -> Blocks.run(4, c -> leaves.incrementAndGet(0))));
        assertEquals(64, leaves.get(0));
    }

    @Test
    void anErrorComesUpAfterTheOtherBlocksFinish() {
        AtomicIntegerArray done = new AtomicIntegerArray(4);
        var e = assertThrows(IllegalStateException.class, () -> Blocks.run(4, p -> {
            if (p == 2) throw new IllegalStateException("block 2 fails");
            done.set(p, 1);
        }));
        assertEquals("block 2 fails", e.getMessage());
        assertEquals(1, done.get(0));
        assertEquals(1, done.get(1));
        assertEquals(1, done.get(3));
    }

    @Test
    void awaitKeepsAStopRequest() {
        Blocks.Task t = Blocks.start(() -> {});
        Thread.currentThread().interrupt();
        t.await();
        assertTrue(Thread.interrupted(), "the interrupt is still set for the caller (and cleared here)");
    }
}

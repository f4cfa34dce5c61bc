package org.initlab;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notebook's stop button as the kernels press it: an interrupt of the thread that runs the cell. */
public final class StopButton {
    private StopButton() {}

    /** What a cell does (it may throw anything, as a cell may). */
    @FunctionalInterface
    public interface Cell {
        void run() throws Exception;
    }

    /** Runs {@code cell} on its own thread, interrupts it 0.2 s in, asserts it stops within 2 s; returns what it threw. */
    public static Throwable press(Cell cell) throws InterruptedException {
        var failure = new AtomicReference<Throwable>();
        Thread thread = new Thread(() -> {
            try {
                cell.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        Thread.sleep(200);
        long t0 = System.nanoTime();
        thread.interrupt();
        thread.join(5_000);
        assertFalse(thread.isAlive(), "the cell still runs 5 s after the stop button");
        assertTrue((System.nanoTime() - t0) / 1e9 < 2, "stopped within a second or two");
        return failure.get();
    }
}

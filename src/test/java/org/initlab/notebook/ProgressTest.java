package org.initlab.notebook;

import org.initlab.data.Dataset;
import org.initlab.data.Generators;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class ProgressTest {

    /** A kernel that records what it is asked to show. */
    static final class Recorder implements KernelBridge {
        final List<String> events = new ArrayList<>();

        @Override public String name() { return "recorder"; }
        @Override public void display(Bundle b, String id) { events.add("display " + id + " " + b.text()); }
        @Override public void update(String id, Bundle b) { events.add("update " + id + " " + b.text()); }
        @Override public void installRenderers() {}
    }

    @Test
    void updatesOneDisplayInPlaceAtMostFourTimesASecond() {
        Recorder k = new Recorder();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress("fit", k, now::get);
        int steps = 100;
        for (int s = 1; s <= steps; s++) {
            now.addAndGet(10_000_000L); // 10 ms a step: 1 s in all
            p.accept(new Trainer.Progress(1 + (s - 1) / 50, 2, s, steps, 1.0 / s));
        }
        assertTrue(k.events.getFirst().startsWith("display initlab-progress-"), k.events.getFirst());
        String id = k.events.getFirst().split(" ")[1];
        for (String e : k.events.subList(1, k.events.size())) assertTrue(e.startsWith("update " + id + " "), e);
        assertTrue(k.events.size() <= 1 + 4 + 1, "throttled: " + k.events);
        assertEquals("update " + id + " fit: epoch 2/2, step 100/100 (100%), loss 0.01", k.events.getLast(), "the last step is always shown");
        assertEquals(100, p.last().step());

        p.finish("completed");
        assertEquals("update " + id + " fit: completed", k.events.getLast());
    }

    @Test
    void fitEndsTheLineWithHowTheRunEnded() {
        Dataset.Split data = Generators.moons(200, 0.1, 3).split(0.25, 3);
        Network net = Network.mlp(2, 8, 2).seed(2).build();
        // In a test JVM the kernel is the text fallback: the line is printed, then ended with the outcome.
        java.io.PrintStream saved = System.out;
        var out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        History h;
        try {
            h = Progress.fit("moons", Trainer.of(Optimizer.sgd(0.1)).epochs(2).batchSize(50).seed(1), net, data);
        } finally {
            System.setOut(saved);
        }
        assertEquals(History.Status.COMPLETED, h.status());
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        String end = "moons: completed 2 epochs, 6 steps; train loss " + Render.round(h.finalTrainLoss())
                + ", test accuracy " + Render.round(h.finalTestAccuracy());
        assertTrue(printed.startsWith("\rmoons: epoch 1/2, step 1/6"), printed);
        assertTrue(printed.contains("\r" + end), printed);
        assertTrue(printed.endsWith("\n"), printed);
    }
}

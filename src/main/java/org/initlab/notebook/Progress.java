package org.initlab.notebook;

import org.initlab.data.Dataset;
import org.initlab.nn.History;
import org.initlab.nn.Network;
import org.initlab.nn.Trainer;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A progress line for long training runs that updates in place: in a notebook one output that the
 * kernel replaces (update_display_data), elsewhere a carriage-return line on stdout. Updates are
 * throttled to at most {@link #MAX_UPDATES_PER_SECOND} a second; the last step is always shown.
 * <pre>{@code History h = Progress.fit("He init", trainer, net, split.train(), split.test());
 * // or, as a plain consumer:
 * trainer.fit(net, train, test, Progress.bar("He init"));}</pre>
 * {@link #fit} also ends the line with how the run ended ("completed 20 epochs, 400 steps; loss 0.1234"),
 * so a saved notebook shows the same final line on every run.
 */
public final class Progress implements Consumer<Trainer.Progress> {

    public static final int MAX_UPDATES_PER_SECOND = 4;
    private static final long INTERVAL_NANOS = 1_000_000_000L / MAX_UPDATES_PER_SECOND;

    private final String label;
    private final KernelBridge kernel;
    private final LongSupplier clock;
    private String displayId;
    private long lastShown;
    private int textWidth;
    private Trainer.Progress last;

    Progress(String label, KernelBridge kernel, LongSupplier clock) {
        this.label = label == null || label.isBlank() ? "training" : label;
        this.kernel = kernel;
        this.clock = clock;
    }

    /** A progress line labelled {@code label}, for {@link Trainer#fit(Network, Dataset, Dataset, Consumer)}. */
    public static Progress bar(String label) {
        return new Progress(label, Kernels.current(), System::nanoTime);
    }

    /** A progress line labelled "training". */
    public static Progress bar() { return bar("training"); }

    /** Trains with a progress line, then replaces it with how the run ended. */
    public static History fit(String label, Trainer trainer, Network net, Dataset train, Dataset test) {
        Progress p = bar(label);
        History h = trainer.fit(net, train, test, p);
        p.finish(h.message() + "; train loss " + Render.round(h.finalTrainLoss())
                + (Double.isNaN(h.finalTestAccuracy()) ? "" : ", test accuracy " + Render.round(h.finalTestAccuracy())));
        return h;
    }

    /** Trains on a split with a progress line. */
    public static History fit(String label, Trainer trainer, Network net, Dataset.Split data) {
        return fit(label, trainer, net, data.train(), data.test());
    }

    /**
     * A progress line for a sweep, for {@code Sweep.run(Consumer<int[]>)}: hears (runs done, runs in all)
     * from the sweep's threads and shows the most advanced count.
     */
    public static Consumer<int[]> runs(String label) {
        Progress p = bar(label);
        return done -> p.acceptRuns(done[0], done[1]);
    }

    private int runsShown;

    private synchronized void acceptRuns(int done, int total) {
        if (done <= runsShown) return; // threads report out of order: never go backwards
        long now = clock.getAsLong();
        if (done < total && displayId != null && now - lastShown < INTERVAL_NANOS) return;
        runsShown = done;
        lastShown = now;
        show(String.format(Locale.ROOT, "%s: %d/%d runs (%d%%)", label, done, total, 100 * done / total), done, total);
    }

    @Override
    public void accept(Trainer.Progress p) {
        last = p;
        long now = clock.getAsLong();
        boolean end = p.step() >= p.steps();
        if (!end && displayId != null && now - lastShown < INTERVAL_NANOS) return;
        lastShown = now;
        show(line(p), p.step(), p.steps());
    }

    /** Replaces the line with a closing message (for example how the run ended). */
    public void finish(String message) {
        String text = label + ": " + message;
        if (kernel.inKernel()) {
            show(text, -1, -1);
        } else {
            System.out.print("\r" + pad(text) + "\n");
            System.out.flush();
            displayId = null;
            textWidth = 0;
        }
    }

    /** The last progress seen, or null before the first step. */
    public Trainer.Progress last() { return last; }

    /** One progress line: "label: epoch 3/20, step 120/400 (30%), loss 0.4521". */
    public String line(Trainer.Progress p) {
        int pct = p.steps() == 0 ? 100 : (int) (100 * p.step() / p.steps());
        return String.format(Locale.ROOT, "%s: epoch %d/%d, step %d/%d (%d%%), loss %s",
                label, p.epoch(), p.epochs(), p.step(), p.steps(), pct, Render.round(p.loss()));
    }

    private void show(String text, long step, long steps) {
        if (!kernel.inKernel()) {
            System.out.print("\r" + pad(text));
            System.out.flush();
            displayId = "text";
            return;
        }
        String html = (steps > 0 ? "<progress value=\"" + step + "\" max=\"" + steps + "\" style=\"width:10em;vertical-align:middle\"></progress> " : "")
                + "<code>" + Render.escape(text) + "</code>";
        Bundle b = Bundle.text(text).with(Bundle.HTML, html);
        if (displayId == null) {
            displayId = "initlab-progress-" + UUID.randomUUID();
            kernel.display(b, displayId);
        } else {
            kernel.update(displayId, b);
        }
    }

    /** Pads a carriage-return line so a shorter line fully overwrites a longer one. */
    private String pad(String text) {
        String padded = text.length() < textWidth ? text + " ".repeat(textWidth - text.length()) : text;
        textWidth = Math.max(textWidth, text.length());
        return padded;
    }
}

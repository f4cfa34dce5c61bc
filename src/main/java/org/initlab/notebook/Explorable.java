package org.initlab.notebook;

import org.initlab.experiment.Repeat;
import org.initlab.plot.Grid;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A figure with a slider: an experiment drawn for every value of a knob (or every pair of values of two knobs) when
 * the cell runs, shown as one HTML output whose slider swaps the pictures in the browser, with no kernel round trip.
 * <pre>{@code var figure = explore(knob("std of the weights", stds), knob("activation", acts, Activation::label),
 *         (std, act) -> grid(2, histogram(std, act), stdPerLayer(std, act)));
 * show(figure);
 * markdown("Its %d frames took %s s.", figure.frames(), fmt(figure.seconds()));}</pre>
 * A frame is a chart, a grid of charts, a table, or a list of them (a chart and its table). The frames are drawn in
 * parallel, one per core, and come out the same bit for bit as one at a time: a frame must draw only from its own
 * value (seed its experiment itself). The output is plain HTML with a few lines of inline JavaScript, nothing loaded
 * from anywhere, so it works in Jupyter (classic and Lab), the HTML write-ups and the site, under every kernel. Where
 * scripts do not run (an untrusted notebook, a viewer that strips them), the frame of the knobs' start values shows
 * as a plain picture with a note of the values computed. Pictures are PNGs of at most 256 colours ({@link Palette}),
 * at twice the charts' size when all frames fit {@link #MAX_BYTES} that way, else at their size; an output that would
 * still be larger is refused.
 */
public final class Explorable {

    /** At most this many frames: all are drawn when the cell runs. */
    public static final int MAX_FRAMES = 30;
    /** At most this many bytes of output (every MIME type of the bundle together). */
    public static final int MAX_BYTES = 3_000_000;
    /** A PNG at twice the size takes about this many times the bytes of one at the size (charts: 2.3-2.4). */
    static final double SHARP_COST = 2.6;

    /** What one knob's frame shows, for its value: a lambda in the cell, {@code std -> chart(std)}. */
    @FunctionalInterface
    public interface Frame<V> {
        Object draw(V value) throws Exception;
    }

    /** What one frame of two knobs shows, for their values: {@code (std, act) -> chart(std, act)}. */
    @FunctionalInterface
    public interface Frame2<A, B> {
        Object draw(A a, B b) throws Exception;
    }

    /** How many explorables this JVM made: part of each one's id, so two alike on one page differ. */
    private static final AtomicInteger MADE = new AtomicInteger();

    private final List<Knob<?>> knobs;
    private final List<String> frameHtml;
    private final String id, html, text;
    private final Picture fallback;
    private final Bundle bundle;
    private final int start, threads, scale;
    private final double seconds;

    /** One knob: a frame for each of its values. */
    public static <V> Explorable of(Knob<V> knob, Frame<V> frame) {
        if (knob == null || frame == null) throw new IllegalArgumentException("explore needs a knob and a frame for its values");
        return compute(List.of(knob), at -> frame.draw(knob.values().get(at[0])), cores(), MAX_BYTES);
    }

    /** Two knobs: a frame for each pair of values, {@code a}'s slider above {@code b}'s. */
    public static <A, B> Explorable of(Knob<A> a, Knob<B> b, Frame2<A, B> frame) {
        if (a == null || b == null || frame == null) throw new IllegalArgumentException("explore needs two knobs and a frame for their values");
        if (a.name().equals(b.name())) throw new IllegalArgumentException("two knobs are both named '" + a.name() + "'");
        return compute(List.of(a, b), at -> frame.draw(a.values().get(at[0]), b.values().get(at[1])), cores(), MAX_BYTES);
    }

    private static int cores() { return Runtime.getRuntime().availableProcessors(); }

    /** A frame of the knobs' value indices, as {@link #compute} calls it. */
    @FunctionalInterface
    interface Draw {
        Object at(int[] indices) throws Exception;
    }

    /** A drawn picture: its PNG and the size it is shown at (CSS pixels). */
    private record Picture(byte[] png, int width, int height) {}

    /** One part of a frame, before its pictures are encoded. */
    private record Part(Object drawable, String html, String text) {}

    /**
     * Every frame on {@code threads} threads (1: one at a time), the first knob's index varying slowest; an output of
     * more than {@code maxBytes} is refused.
     */
    static Explorable compute(List<Knob<?>> knobs, Draw draw, int threads, long maxBytes) {
        long frames = 1;
        for (Knob<?> k : knobs) frames *= k.size();
        if (frames > MAX_FRAMES)
            throw new IllegalArgumentException("explore draws every frame when the cell runs: " + sizes(knobs) + " = " + frames
                    + " frames is more than " + MAX_FRAMES + "; use fewer values");
        int n = (int) frames;
        long t0 = System.nanoTime();
        List<Integer> all = java.util.stream.IntStream.range(0, n).boxed().toList();
        List<List<Part>> parts = parallel(all, threads, i -> {
            Object drawn;
            try {
                drawn = draw.at(indices(knobs, i));
            } catch (Exception e) {
                throw new IllegalStateException("the frame for " + setting(knobs, i) + " failed: " + e, e);
            }
            return parts(knobs, i, drawn);
        });
        // The pictures at their size; at twice their size (sharp on dense screens) if every frame fits that way too.
        List<List<Picture>> pictures = parallel(all, threads, i -> pictures(parts.get(i), 1));
        long tables = parts.stream().flatMap(List::stream).filter(p -> p.html() != null).mapToLong(p -> p.html().length()).sum();
        if (SHARP_COST * base64Bytes(pictures) + tables < 0.8 * maxBytes) {
            List<List<Picture>> sharp = parallel(all, threads, i -> pictures(parts.get(i), Render.SCALE));
            if (base64Bytes(sharp) + tables < 0.9 * maxBytes) return new Explorable(knobs, parts, sharp, Render.SCALE, threads, t0, maxBytes);
        }
        return new Explorable(knobs, parts, pictures, 1, threads, t0, maxBytes);
    }

    private Explorable(List<Knob<?>> knobs, List<List<Part>> parts, List<List<Picture>> pictures, int scale, int threads, long t0,
                       long maxBytes) {
        this.knobs = List.copyOf(knobs);
        this.scale = scale;
        this.threads = threads;
        int first = 0;
        for (Knob<?> k : knobs) first = first * k.size() + k.start();
        this.start = first;
        var frames = new ArrayList<String>(parts.size());
        for (int i = 0; i < parts.size(); i++) frames.add(frameHtml(parts.get(i), pictures.get(i), alt(i)));
        this.frameHtml = List.copyOf(frames);
        this.fallback = pictures.get(start).isEmpty() ? null : pictures.get(start).getFirst();
        this.seconds = (System.nanoTime() - t0) / 1e9;
        this.id = "initlab-explore-" + digest(frames, MADE.incrementAndGet());
        this.html = page();
        var t = new StringBuilder("explorable figure: ").append(knobsText()).append(", ").append(frames.size()).append(" frames; shown: ")
                .append(alt(start));
        for (Part p : parts.get(start)) t.append("\n  ").append(p.text());
        this.text = t.toString();
        this.bundle = makeBundle();
        long bytes = bytes();
        if (bytes > maxBytes)
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the explorable's output would take %.2g MB, more than the"
                    + " %.2g MB a figure may: use fewer values or smaller charts", bytes / 1e6, maxBytes / 1e6));
    }

    // ---- what the cell reads ---------------------------------------------------------------------

    /** The number of frames. */
    public int frames() { return frameHtml.size(); }

    /** How long drawing every frame took, in seconds (the experiments, the charts and their PNGs). */
    public double seconds() { return seconds; }

    /** How many threads drew the frames. */
    public int threads() { return threads; }

    /** The pictures' pixel density: 2 (drawn at twice their size) or 1. */
    public int scale() { return scale; }

    /** The bytes of the output, every MIME type together. */
    public long bytes() {
        long b = 0;
        for (String v : bundle().data().values()) b += v.getBytes(StandardCharsets.UTF_8).length;
        return b;
    }

    /** What the kernel shows: the HTML with its slider, the start frame's first picture as PNG, and a text form. */
    public Bundle bundle() { return bundle; }

    private Bundle makeBundle() {
        var data = new LinkedHashMap<String, String>();
        data.put(Bundle.HTML, html);
        Map<String, Map<String, Object>> meta = Map.of();
        if (fallback != null) {
            data.put(Bundle.PNG, Base64.getEncoder().encodeToString(fallback.png()));
            meta = Map.of(Bundle.PNG, Map.of("width", fallback.width(), "height", fallback.height()));
        }
        data.put(Bundle.TEXT, text);
        return new Bundle(data, meta);
    }

    /** The HTML output: the slider(s), the start frame, the note for viewers without scripts, the script. */
    public String html() { return html; }

    /** The HTML of frame {@code i} (0-based, the first knob's index varying slowest), as the slider shows it. */
    String frameHtml(int i) { return frameHtml.get(i); }

    /** The element id of this output's outer div, unique on a page. */
    String id() { return id; }

    /** The index of the frame shown first. */
    int start() { return start; }

    @Override public String toString() { return text; }

    // ---- drawing the frames ----------------------------------------------------------------------

    private static String sizes(List<Knob<?>> knobs) {
        return String.join(" x ", knobs.stream().map(k -> k.size() + " values of '" + k.name() + "'").toList());
    }

    private static int[] indices(List<Knob<?>> knobs, int frame) {
        int[] at = new int[knobs.size()];
        for (int k = knobs.size() - 1; k >= 0; k--) {
            at[k] = frame % knobs.get(k).size();
            frame /= knobs.get(k).size();
        }
        return at;
    }

    /** "std of the weights = 0.01, activation = tanh". */
    private static String setting(List<Knob<?>> knobs, int frame) {
        int[] at = indices(knobs, frame);
        var parts = new ArrayList<String>();
        for (int k = 0; k < at.length; k++) parts.add(knobs.get(k).setting(at[k]));
        return String.join(", ", parts);
    }

    private String alt(int frame) { return setting(knobs, frame); }

    /** The frame's object as parts: charts and grids to draw, tables as HTML. */
    private static List<Part> parts(List<Knob<?>> knobs, int frame, Object drawn) {
        List<?> items = switch (drawn) {
            case null -> throw new IllegalArgumentException("the frame for " + setting(knobs, frame) + " drew nothing (null)");
            case List<?> list -> list;
            case Object[] array -> List.of(array);
            default -> List.of(drawn);
        };
        if (items.isEmpty()) throw new IllegalArgumentException("the frame for " + setting(knobs, frame) + " drew nothing (an empty list)");
        var parts = new ArrayList<Part>();
        for (Object o : items) {
            parts.add(switch (o) {
                case Chart<?, ?> c -> new Part(c, null, Render.describe(c));
                case Grid g -> new Part(g, null, "grid of " + g.charts().size() + " charts");
                case Table t -> new Part(null, Render.tableHtml(t), "table " + (t.name() == null ? "" : t.name()) + " (" + t.rowCount() + " rows)");
                case null -> throw new IllegalArgumentException("the frame for " + setting(knobs, frame) + " has a null part");
                default -> throw new IllegalArgumentException("the frame for " + setting(knobs, frame) + " drew a "
                        + o.getClass().getSimpleName() + "; a frame is a chart, a grid of charts, a table, or a list of them");
            });
        }
        return parts;
    }

    /** The frame's charts and grids as PNGs drawn at {@code scale} times their size. */
    private static List<Picture> pictures(List<Part> parts, int scale) {
        var out = new ArrayList<Picture>();
        for (Part p : parts) {
            if (p.drawable() == null) continue;
            BufferedImage image;
            int w, h;
            if (p.drawable() instanceof Grid g) {
                image = g.toImage(scale);
                w = g.width();
                h = g.height();
            } else {
                Chart<?, ?> c = (Chart<?, ?>) p.drawable();
                image = Render.picture(c, scale);
                w = c.getWidth();
                h = c.getHeight();
            }
            out.add(new Picture(Palette.png(image), w, h));
        }
        return out;
    }

    private static long base64Bytes(List<List<Picture>> frames) {
        long b = 0;
        for (List<Picture> f : frames) for (Picture p : f) b += 4L * ((p.png().length + 2) / 3);
        return b;
    }

    /** {@code run} on every item on {@code threads} threads, in order; a frame's failure names the frame. */
    private static <T> List<T> parallel(List<Integer> items, int threads, FrameJob<T> run) {
        try {
            return Repeat.parallel(items, threads, (Function<Integer, T>) i -> {
                try {
                    return run.at(i);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.toString(), e);
                }
            });
        } catch (IllegalStateException e) {
            if (Thread.currentThread().isInterrupted())
                throw new IllegalStateException("explore was stopped before every frame was drawn", e);
            throw e;
        }
    }

    @FunctionalInterface
    private interface FrameJob<T> {
        T at(int frame) throws Exception;
    }

    private static String digest(List<String> frames, int shown) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String f : frames) md.update(f.getBytes(StandardCharsets.UTF_8));
            md.update(Integer.toString(shown).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the HTML ----------------------------------------------------------------------------------

    private static String frameHtml(List<Part> parts, List<Picture> pictures, String alt) {
        var sb = new StringBuilder();
        int k = 0;
        for (Part p : parts) {
            sb.append("<div>");
            if (p.html() != null) {
                sb.append(p.html());
            } else {
                Picture pic = pictures.get(k++);
                sb.append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(pic.png()))
                        .append("\" width=\"").append(pic.width()).append("\" height=\"").append(pic.height())
                        .append("\" alt=\"").append(Render.escape(alt)).append("\" style=\"max-width:100%;height:auto\">");
            }
            sb.append("</div>");
        }
        return sb.toString();
    }

    private String knobsText() {
        var parts = new ArrayList<String>();
        for (Knob<?> k : knobs) parts.add(k.name() + " = " + String.join(", ", k.labels()));
        return String.join("; ", parts);
    }

    private String page() {
        var sb = new StringBuilder();
        sb.append("<div class=\"initlab-explore\" id=\"").append(id).append("\" data-frames=\"").append(frames()).append("\">\n");
        sb.append("<div class=\"initlab-explore-controls\"></div>\n");
        // The start frame in one element, as the script makes each other frame: hiding it hides all its parts.
        sb.append("<div class=\"initlab-explore-frame\"><div>").append(frameHtml.get(start)).append("</div></div>\n");
        sb.append("<p class=\"initlab-explore-note\" style=\"font-size:smaller;color:#555\">Shown: ").append(Render.escape(alt(start)))
                .append(". Drawn for ").append(Render.escape(knobsText())).append(" (").append(frames())
                .append(" frames): where scripts run, a slider per knob shows them.</p>\n");
        sb.append("<script>\n").append(script()).append("</script>\n</div>\n");
        return sb.toString();
    }

    /**
     * The script: finds its own output (by its id; under JupyterLab the script element itself), adds a labelled range
     * slider per knob, and shows the frame of the sliders' values, each frame's HTML turned into elements once.
     */
    private String script() {
        var knobsJson = new StringBuilder("[");
        for (int k = 0; k < knobs.size(); k++) {
            Knob<?> knob = knobs.get(k);
            if (k > 0) knobsJson.append(',');
            knobsJson.append("{\"name\":").append(json(knob.name())).append(",\"start\":").append(knob.start()).append(",\"labels\":[");
            for (int i = 0; i < knob.size(); i++) knobsJson.append(i > 0 ? "," : "").append(json(knob.labels().get(i)));
            knobsJson.append("]}");
        }
        knobsJson.append(']');
        var framesJson = new StringBuilder("[");
        for (int i = 0; i < frames(); i++) framesJson.append(i > 0 ? ",\n" : "\n").append(i == start ? "null" : json(frameHtml.get(i)));
        framesJson.append(']');
        return fill(SCRIPT, Map.of("$ID", json(id), "$START", Integer.toString(start), "$KNOBS", knobsJson.toString(),
                "$FRAMES", framesJson.toString()));
    }

    /** The template with each $NAME replaced once, what is put in never scanned again. */
    private static String fill(String template, Map<String, String> values) {
        var sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int at = template.indexOf('$', i);
            if (at < 0) break;
            sb.append(template, i, at);
            int end = at + 1;
            while (end < template.length() && Character.isUpperCase(template.charAt(end))) end++;
            String key = template.substring(at, end);
            if (!values.containsKey(key)) throw new IllegalStateException("no value for " + key + " in the script");
            sb.append(values.get(key));
            i = end;
        }
        return sb.append(template.substring(i)).toString();
    }

    private static final String SCRIPT = """
            (function () {
              var id = $ID, me = document.currentScript;
              var root = me && me.parentNode && me.parentNode.id === id ? me.parentNode : document.getElementById(id);
              if (!root || root.getAttribute("data-live")) return;
              root.setAttribute("data-live", "1");
              var knobs = $KNOBS, frames = $FRAMES;
              var box = root.querySelector(".initlab-explore-frame"), made = {}, at = [];
              made[$START] = box.firstElementChild;
              function show() {
                var i = 0;
                for (var k = 0; k < knobs.length; k++) i = i * knobs[k].labels.length + at[k];
                if (!made[i]) {
                  made[i] = document.createElement("div");
                  made[i].innerHTML = frames[i];
                  box.appendChild(made[i]);
                }
                for (var j in made) made[j].hidden = +j !== i;
                root.setAttribute("data-frame", i);
              }
              var controls = root.querySelector(".initlab-explore-controls");
              knobs.forEach(function (knob, k) {
                at[k] = knob.start;
                var row = document.createElement("div"), label = document.createElement("label");
                var value = document.createElement("b"), input = document.createElement("input");
                row.style.margin = "0.2em 0";
                input.type = "range";
                input.min = 0;
                input.max = knob.labels.length - 1;
                input.step = 1;
                input.value = knob.start;
                input.id = id + "-knob-" + k;
                input.style.display = "inline-block";  // Bootstrap (the classic notebook) makes it a block
                input.style.verticalAlign = "middle";
                input.style.width = Math.min(24, 4 + 1.5 * knob.labels.length) + "em";
                label.htmlFor = input.id;
                label.appendChild(document.createTextNode(knob.name + " = "));
                label.appendChild(value);
                label.style.display = "inline-block";
                label.style.minWidth = "16em";
                function end(text) {
                  var s = document.createElement("span");
                  s.textContent = text;
                  s.style.margin = "0 0.5em";
                  s.style.fontSize = "smaller";
                  return s;
                }
                function set() {
                  at[k] = +input.value;
                  value.textContent = knob.labels[at[k]];
                  input.setAttribute("aria-valuetext", knob.labels[at[k]]);
                  show();
                }
                input.addEventListener("input", set);
                input.addEventListener("change", set);
                row.appendChild(label);
                row.appendChild(end(knob.labels[0]));
                row.appendChild(input);
                row.appendChild(end(knob.labels[knob.labels.length - 1]));
                controls.appendChild(row);
                value.textContent = knob.labels[knob.start];
                input.setAttribute("aria-valuetext", knob.labels[knob.start]);
              });
              root.querySelector(".initlab-explore-note").hidden = true;
              show();
            })();
            """;

    /** A JSON string that is safe inside a script element: no "</script>", no "<!--", no line separators. */
    static String json(String s) {
        var sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}

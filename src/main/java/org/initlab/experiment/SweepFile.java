package org.initlab.experiment;

import org.initlab.data.DataSpec;
import org.initlab.init.InitNames;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep written down: the grid of {@code ./initlab sweep}, one {@code key = value} per line, lists comma-separated,
 * {@code #} comments. The keys and their defaults (those of the showdown's recipe, notebook 07):
 *
 * <pre>
 * data          = digits, fashion-mnist(1000, 500)    (required; a data set by name, see DataSpec)
 * starts        = zeros, he_normal, normal(0, 0.01)   (required; as tables name them, see InitNames)
 * activations   = tanh, relu, selu                    (required)
 * depths        = 2, 8, 20                            (required; dense layers, the output layer included)
 * seeds         = 1-5                                 (required; numbers and ranges: 1-3, 7)
 * width         = 32
 * epochs        = 5
 * learning_rate = 0.005     (SGD with heavy-ball momentum)
 * momentum      = 0.9       (0 for plain SGD)
 * batch         = 32
 * target_loss   = 1.0       (the batch loss whose first crossing the table reports)
 * </pre>
 *
 * Every value is checked when the file is read, before any run, and an error names the line.
 *
 * @param name the file's name without extension (the output folder's default name)
 */
public record SweepFile(String name, List<DataSpec> data, List<Initializer> starts, List<Activation> activations, List<Integer> depths,
                        List<Long> seeds, int width, int epochs, double learningRate, double momentum, int batch, double targetLoss) {

    /** The built-in spec files, by name: {@code ./initlab sweep default}. */
    public static final List<String> BUILT_IN = List.of("default", "large");

    private static final List<String> KEYS = List.of("data", "starts", "activations", "depths", "seeds", "width", "epochs", "learning_rate",
            "momentum", "batch", "target_loss");

    /** Reads a spec file, or a built-in one by name ("default", "large": notebook 07's two settings). */
    public static SweepFile read(String pathOrName) throws IOException {
        if (BUILT_IN.contains(pathOrName)) return parse(pathOrName, text(pathOrName));
        String file = Path.of(pathOrName).getFileName().toString();
        return parse(file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file, text(pathOrName));
    }

    /** The text of a spec file, or of a built-in one by name. */
    public static String text(String pathOrName) throws IOException {
        if (BUILT_IN.contains(pathOrName)) return builtIn(pathOrName);
        Path p = Path.of(pathOrName);
        if (!Files.isRegularFile(p))
            throw new IllegalArgumentException("no sweep file " + p.toAbsolutePath() + " (the built-in ones are " + String.join(", ", BUILT_IN) + ")");
        return Files.readString(p);
    }

    /** The text of a built-in spec file. */
    private static String builtIn(String name) throws IOException {
        try (InputStream in = SweepFile.class.getResourceAsStream("showdown-" + name + ".sweep")) {
            if (in == null) throw new IllegalArgumentException("no built-in sweep '" + name + "' (there are " + String.join(", ", BUILT_IN) + ")");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Parses a spec file's text; {@code name} names it in errors and outputs. */
    public static SweepFile parse(String name, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String[] all = text.split("\\R", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].contains("#") ? all[i].substring(0, all[i].indexOf('#')) : all[i];
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException(name + ", line " + (i + 1) + ": expected 'key = value', got '" + all[i].strip() + "'");
            String key = line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
            if (!KEYS.contains(key)) throw new IllegalArgumentException(name + ", line " + (i + 1) + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS) + ")");
            if (values.containsKey(key)) throw new IllegalArgumentException(name + ", line " + (i + 1) + ": '" + key + "' is already set on line " + lines.get(key));
            values.put(key, line.substring(eq + 1).strip());
            lines.put(key, i + 1);
        }
        var in = new Reader(name, values, lines);
        return new SweepFile(name, in.list("data", DataSpec::parse), in.list("starts", InitNames::start), in.list("activations", InitNames::activation),
                in.list("depths", Integer::valueOf), in.seeds(), in.integer("width", 32), in.integer("epochs", 5), in.number("learning_rate", 0.005),
                in.number("momentum", 0.9), in.integer("batch", 32), in.number("target_loss", ShowdownExperiments.TARGET_LOSS));
    }

    public SweepFile {
        data = List.copyOf(data);
        starts = List.copyOf(starts);
        activations = List.copyOf(activations);
        depths = List.copyOf(depths);
        seeds = List.copyOf(seeds);
        // The trainer and the sweep check their own values (width, depths, rates) when sweep() builds them.
    }

    /** The trainer every run uses: SGD with momentum (plain SGD at momentum 0), evaluated on the whole sets at the end. */
    public Trainer trainer() {
        Optimizer o = momentum == 0 ? Optimizer.sgd(learningRate) : Optimizer.momentum(learningRate, momentum);
        return Trainer.of(o).epochs(epochs).batchSize(batch).evaluation(Trainer.Evaluation.END_ONLY);
    }

    /** The grid on one of the file's data sets (read here, once per JVM: the grid's shapes come from it). */
    public Sweep sweep(DataSpec on) {
        return Sweep.on(on).hiddenWidth(width).initializers(starts.toArray(Initializer[]::new)).activations(activations.toArray(Activation[]::new))
                .depths(depths.toArray(Integer[]::new)).seeds(seeds.toArray(Long[]::new)).trainer(trainer()).targetLoss(targetLoss);
    }

    /** Runs in the whole file: every data set's grid. */
    public int runs() { return data.size() * starts.size() * activations.size() * depths.size() * seeds.size(); }

    /** Reads values of the keys, naming the line of a bad one. */
    private record Reader(String file, Map<String, String> values, Map<String, Integer> lines) {
        String where(String key) { return file + ", line " + lines.get(key) + " (" + key + ")"; }

        String required(String key) {
            String v = values.get(key);
            if (v == null || v.isBlank()) throw new IllegalArgumentException(file + ": '" + key + "' is missing (required: data, starts, activations, depths, seeds)");
            return v;
        }

        <T> List<T> list(String key, java.util.function.Function<String, T> parse) {
            List<T> out = new ArrayList<>();
            for (String item : items(required(key))) {
                try {
                    out.add(parse.apply(item));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where(key) + ": " + (e instanceof NumberFormatException ? "'" + item + "' is not a whole number" : e.getMessage()), e);
                }
            }
            return out;
        }

        List<Long> seeds() {
            List<Long> out = new ArrayList<>();
            for (String item : items(required("seeds"))) {
                try {
                    int dash = item.indexOf('-', 1);
                    if (dash < 0) out.add(Long.parseLong(item));
                    else for (long s = Long.parseLong(item.substring(0, dash).strip()), to = Long.parseLong(item.substring(dash + 1).strip()); s <= to; s++) out.add(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where("seeds") + ": '" + item + "' is not a seed or a range of seeds (1-5)");
                }
            }
            return out;
        }

        int integer(String key, int otherwise) { return value(key, otherwise, Integer::valueOf, "a whole number"); }

        double number(String key, double otherwise) { return value(key, otherwise, Double::valueOf, "a number"); }

        private <T> T value(String key, T otherwise, java.util.function.Function<String, T> parse, String what) {
            if (!values.containsKey(key)) return otherwise;
            try {
                return parse.apply(values.get(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where(key) + ": '" + values.get(key) + "' is not " + what);
            }
        }

        /** A comma-separated list, commas inside parentheses kept: "normal(0, 0.01), he_normal". */
        static List<String> items(String v) {
            List<String> out = new ArrayList<>();
            int depth = 0, from = 0;
            for (int i = 0; i <= v.length(); i++) {
                char c = i < v.length() ? v.charAt(i) : ',';
                if (c == '(') depth++;
                else if (c == ')') depth--;
                else if (c == ',' && depth == 0) {
                    String item = v.substring(from, i).strip();
                    if (!item.isEmpty()) out.add(item);
                    from = i + 1;
                }
            }
            return out;
        }
    }
}

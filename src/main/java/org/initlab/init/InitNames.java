package org.initlab.init;

import org.initlab.nn.Activation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts and activations from the names tables print ({@link Initializer#name()}, {@link Activation#label()}), for
 * files a person writes: a sweep's spec file says {@code starts = he_normal, normal(0, 0.01)}. Each name a table can
 * print parses back to the scheme it names (up to the 3 significant digits names keep); anything else is an error
 * that lists what is known.
 */
public final class InitNames {
    private InitNames() {}

    /** What a start can be called. */
    public static final String KNOWN_STARTS = "zeros, constant(C), normal(MEAN, STD), uniform(A, B), truncated_normal(MEAN, STD), "
            + "variance_scaling(SCALE, fan_in|fan_out|fan_avg, normal|uniform|truncated_normal), xavier_normal, xavier_uniform, "
            + "he_normal, he_uniform, lecun_normal, lecun_uniform, orthogonal, identity, lsuv; with options such as xavier_normal(gain=2), "
            + "he_normal(fan_out, a=0.2), orthogonal(gain=1.41)";

    /** What an activation can be called. */
    public static final String KNOWN_ACTIVATIONS = "identity, sigmoid, tanh, relu, leaky_relu(SLOPE), elu, elu(ALPHA), selu, gelu";

    private static final Pattern CALL = Pattern.compile("([a-z_]+)\\s*(?:\\((.*)\\))?");

    /** A name split into its head and arguments: positional ones in order, named ones (k=v) by name. */
    private record Call(String text, String head, List<String> positional, Map<String, String> named) {
        static Call of(String text, String what, String known) {
            String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            Matcher m = CALL.matcher(s);
            if (!m.matches()) throw new IllegalArgumentException("unknown " + what + " '" + text + "': expected one of " + known);
            List<String> positional = new ArrayList<>();
            Map<String, String> named = new LinkedHashMap<>();
            if (m.group(2) != null && !m.group(2).isBlank())
                for (String arg : m.group(2).split(",")) {
                    String a = arg.strip();
                    int eq = a.indexOf('=');
                    if (eq < 0) positional.add(a); else named.put(a.substring(0, eq).strip(), a.substring(eq + 1).strip());
                }
            return new Call(text.strip(), m.group(1), positional, named);
        }

        double number(int i) { return parse(positional.get(i)); }

        double named(String key, double otherwise) { return named.containsKey(key) ? parse(named.get(key)) : otherwise; }

        double parse(String x) {
            try {
                return Double.parseDouble(x);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + x + "' in '" + text + "' is not a number");
            }
        }

        /** Throws unless there are exactly {@code n} positional arguments, and named ones only from {@code keys}. */
        Call expect(int n, String usage, String... keys) { return expect(n, n, usage, keys); }

        /** Throws unless there are {@code min} to {@code max} positional arguments, and named ones only from {@code keys}. */
        Call expect(int min, int max, String usage, String... keys) {
            boolean ok = positional.size() >= min && positional.size() <= max && List.of(keys).containsAll(named.keySet());
            if (!ok) throw new IllegalArgumentException("'" + text + "' does not fit " + usage);
            return this;
        }
    }

    /** The start a name names: {@code InitNames.start("he_normal(fan_out)")}. */
    public static Initializer start(String name) {
        Call c = Call.of(name, "start", KNOWN_STARTS);
        Init.Distribution shape = c.head().endsWith("_uniform") ? Init.Distribution.UNIFORM : Init.Distribution.NORMAL;
        return switch (c.head()) {
            case "zeros" -> { c.expect(0, "zeros"); yield Init.zeros(); }
            case "constant" -> Init.constant(c.expect(1, "constant(C)").number(0));
            case "normal" -> { // normal(STD) is N(0, STD^2), as Init.normal(std)
                c.expect(1, 2, "normal(MEAN, STD)");
                yield c.positional().size() == 1 ? Init.normal(c.number(0)) : Init.normal(c.number(0), c.number(1));
            }
            case "uniform" -> { c.expect(2, "uniform(A, B)"); yield Init.uniform(c.number(0), c.number(1)); }
            case "truncated_normal" -> { c.expect(2, "truncated_normal(MEAN, STD)"); yield Init.truncatedNormal(c.number(0), c.number(1)); }
            case "variance_scaling" -> {
                c.expect(3, "variance_scaling(SCALE, MODE, DISTRIBUTION)");
                yield Init.varianceScaling(c.number(0), option(Init.Mode.values(), c.positional().get(1), c),
                        option(Init.Distribution.values(), c.positional().get(2), c));
            }
            case "xavier_normal", "xavier_uniform" -> new Initializer.Xavier(c.expect(0, c.head() + "(gain=G)", "gain").named("gain", 1), shape);
            case "he_normal", "he_uniform" -> {
                c.expect(0, 1, c.head() + "(MODE, a=SLOPE)", "a");
                Init.Mode mode = c.positional().isEmpty() ? Init.Mode.FAN_IN : option(Init.Mode.values(), c.positional().getFirst(), c);
                yield new Initializer.He(mode, c.named("a", 0), shape);
            }
            case "lecun_normal", "lecun_uniform" -> { c.expect(0, c.head()); yield new Initializer.LeCun(shape); }
            case "orthogonal" -> Init.orthogonal(c.expect(0, "orthogonal(gain=G)", "gain").named("gain", 1));
            case "identity" -> Init.identity(c.expect(0, "identity(gain=G)", "gain").named("gain", 1));
            case "lsuv" -> { c.expect(0, "lsuv"); yield Init.lsuv(); }
            default -> throw new IllegalArgumentException("unknown start '" + c.text() + "': expected one of " + KNOWN_STARTS);
        };
    }

    /** The activation a label names: {@code InitNames.activation("leaky_relu(0.2)")}. */
    public static Activation activation(String name) {
        Call c = Call.of(name, "activation", KNOWN_ACTIVATIONS);
        return switch (c.head()) {
            case "identity" -> { c.expect(0, "identity"); yield Activation.IDENTITY; }
            case "sigmoid" -> { c.expect(0, "sigmoid"); yield Activation.SIGMOID; }
            case "tanh" -> { c.expect(0, "tanh"); yield Activation.TANH; }
            case "relu" -> { c.expect(0, "relu"); yield Activation.RELU; }
            case "selu" -> { c.expect(0, "selu"); yield Activation.SELU; }
            case "gelu" -> { c.expect(0, "gelu"); yield Activation.GELU; }
            case "leaky_relu" -> {
                c.expect(0, 1, "leaky_relu(SLOPE)");
                yield c.positional().isEmpty() ? Activation.LEAKY_RELU : Activation.leakyRelu(c.number(0));
            }
            case "elu" -> {
                c.expect(0, 1, "elu(ALPHA)");
                yield c.positional().isEmpty() ? Activation.ELU : Activation.elu(c.number(0));
            }
            default -> throw new IllegalArgumentException("unknown activation '" + c.text() + "': expected one of " + KNOWN_ACTIVATIONS);
        };
    }

    private static <E extends Enum<E>> E option(E[] values, String label, Call c) {
        for (E e : values) if (e.name().toLowerCase(Locale.ROOT).equals(label)) return e;
        List<String> labels = new ArrayList<>();
        for (E e : values) labels.add(e.name().toLowerCase(Locale.ROOT));
        throw new IllegalArgumentException("'" + label + "' in '" + c.text() + "' is not one of " + String.join(", ", labels));
    }
}

package org.initlab.nn;

/**
 * An elementwise nonlinearity: a = f(z). Each knows its value, its derivative (given both z and
 * a = f(z), so the cheaper one can be used) and its standard init gain.
 *
 * <p>A sealed family of records, so a switch over them is exhaustive and the hot loops in
 * {@link Kernels} can pick one tight loop per activation instead of a virtual call per element.
 */
public sealed interface Activation extends java.io.Serializable {

    Identity IDENTITY = new Identity();
    Sigmoid SIGMOID = new Sigmoid();
    Tanh TANH = new Tanh();
    Relu RELU = new Relu();
    LeakyRelu LEAKY_RELU = new LeakyRelu(0.01);
    Elu ELU = new Elu(1.0);
    Selu SELU = new Selu();
    Gelu GELU = new Gelu();

    static LeakyRelu leakyRelu(double slope) { return new LeakyRelu(slope); }

    static Elu elu(double alpha) { return new Elu(alpha); }

    /** f(z). */
    double apply(double z);

    /** f'(z), where a = f(z) is passed in too. */
    double derivative(double z, double a);

    /** Short name for tables and legends. */
    String label();

    /** Whether |f| is bounded so that "saturated" means something (tanh, sigmoid). */
    default boolean saturates() { return false; }

    /** Whether f has a flat zero region where a unit can be "dead" (ReLU). */
    default boolean canDie() { return false; }

    record Identity() implements Activation {
        public double apply(double z) { return z; }
        public double derivative(double z, double a) { return 1; }
        public String label() { return "identity"; }
    }

    record Sigmoid() implements Activation {
        public double apply(double z) { return ExpFunctions.sigmoid(z); }
        public double derivative(double z, double a) { return a * (1 - a); }
        public String label() { return "sigmoid"; }
        @Override public boolean saturates() { return true; }
    }

    record Tanh() implements Activation {
        public double apply(double z) { return ExpFunctions.tanh(z); }
        public double derivative(double z, double a) { return 1 - a * a; }
        public String label() { return "tanh"; }
        @Override public boolean saturates() { return true; }
    }

    record Relu() implements Activation {
        /** max(z, 0), NaN for NaN: a NaN pre-activation must reach the loss and stop the run, not turn into 0. */
        public double apply(double z) { return Math.max(z, 0.0); }
        public double derivative(double z, double a) { return z > 0 ? 1 : 0; }
        public String label() { return "relu"; }
        @Override public boolean canDie() { return true; }
    }

    record LeakyRelu(double slope) implements Activation {
        public LeakyRelu {
            if (!(slope >= 0 && slope < 1)) throw new IllegalArgumentException("leaky ReLU slope must be in [0, 1), got " + slope);
        }
        public double apply(double z) { return z > 0 ? z : slope * z; }
        public double derivative(double z, double a) { return z > 0 ? 1 : slope; }
        public String label() { return "leaky_relu(" + slope + ")"; }
    }

    /** ELU (Clevert et al. 2015): z for z > 0, alpha (e^z - 1) otherwise. */
    record Elu(double alpha) implements Activation {
        public Elu {
            if (!(alpha > 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("ELU alpha must be positive and finite, got " + alpha);
        }
        public double apply(double z) { return ExpFunctions.elu(z, 1, alpha); }
        public double derivative(double z, double a) { return z > 0 ? 1 : a + alpha; }
        public String label() { return alpha == 1.0 ? "elu" : "elu(" + alpha + ")"; }
    }

    /**
     * SELU (Klambauer et al. 2017, eq. 2): lambda * (z if z > 0 else alpha (e^z - 1)),
     * with the fixed-point constants of their eq. 14 that make N(0, 1) inputs map to mean 0, variance 1.
     */
    record Selu() implements Activation {
        public static final double ALPHA = 1.6732632423543772848170429916717;
        public static final double LAMBDA = 1.0507009873554804934193349852946;
        public double apply(double z) { return ExpFunctions.elu(z, LAMBDA, ALPHA); }
        public double derivative(double z, double a) { return z > 0 ? LAMBDA : a + LAMBDA * ALPHA; }
        public String label() { return "selu"; }
    }

    /**
     * GELU (Hendrycks &amp; Gimpel 2016) in its tanh form, their eq. for the fast approximation
     * (also PyTorch's approximate="tanh"): 0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))).
     * Its derivative is exact, so the gradient check holds to rounding.
     */
    record Gelu() implements Activation {
        private static final double C = 0.79788456080286535588; // sqrt(2/pi)
        public double apply(double z) { return 0.5 * z * (1 + ExpFunctions.tanh(C * (z + 0.044715 * z * z * z))); }
        public double derivative(double z, double a) {
            double t = ExpFunctions.tanh(C * (z + 0.044715 * z * z * z));
            return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * C * (1 + 3 * 0.044715 * z * z);
        }
        public String label() { return "gelu"; }
    }
}

package org.initlab.nn;

/**
 * How a gradient becomes an update. The records hold only hyper-parameters; the per-parameter state
 * (velocity, moments) lives in {@link Slot}, so one optimizer value serves many runs.
 */
public sealed interface Optimizer extends java.io.Serializable {

    static Sgd sgd(double learningRate) { return new Sgd(learningRate); }
    static Momentum momentum(double learningRate, double beta) { return new Momentum(learningRate, beta); }
    static Adam adam(double learningRate) { return new Adam(learningRate, 0.9, 0.999, 1e-8); }

    double learningRate();

    String label();

    private static void checkRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
    }

    /** Plain gradient descent: p -= lr g. */
    record Sgd(double learningRate) implements Optimizer {
        public Sgd { checkRate(learningRate); }
        public String label() { return "SGD(lr=" + learningRate + ")"; }
    }

    /** Heavy-ball momentum in PyTorch's form (Sutskever et al. 2013, eq. 1, lr outside): v = beta v + g; p -= lr v. */
    record Momentum(double learningRate, double beta) implements Optimizer {
        public Momentum {
            checkRate(learningRate);
            if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("momentum beta must be in [0, 1), got " + beta);
        }
        public String label() { return "Momentum(lr=" + learningRate + ", beta=" + beta + ")"; }
    }

    /** Adam (Kingma &amp; Ba 2015, Algorithm 1): bias-corrected first and second moments. */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
        public Adam {
            checkRate(learningRate);
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
                throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
            if (!(epsilon > 0)) throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
        }
        public String label() { return "Adam(lr=" + learningRate + ")"; }
    }
}

package org.initlab.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import smile.math.random.MersenneTwister64;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The array loops of {@link Kernels} and {@link Slot} against the plain definition, entry by entry through
 * get/set, bit for bit: in both precisions, on matrices whose leading dimension is padded (more than 64 rows)
 * and large enough to be split across cores.
 */
class KernelsTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<Activation> acts = List.of(Activation.IDENTITY, Activation.RELU, Activation.TANH, Activation.SIGMOID, Activation.SELU,
                Activation.GELU, Activation.leakyRelu(0.2), Activation.elu(0.7));
        for (ScalarType t : List.of(ScalarType.Float64, ScalarType.Float32))
            for (Activation a : acts)
                for (int[] shape : new int[][]{{5, 3}, {32, 9}, {100, 7}, {130, 300}}) out.add(Arguments.of(t, a, shape[0], shape[1]));
        return out.stream();
    }

    private static DenseMatrix random(ScalarType t, int rows, int cols, long seed, double scale) {
        var rng = new MersenneTwister64(seed);
        DenseMatrix m = DenseMatrix.zeros(t, rows, cols);
        for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) m.set(i, j, scale * rng.nextGaussian());
        if (rows > 2) { m.set(0, 0, 0.0); m.set(1, 0, -0.0); } // ReLU's kink and signed zeros
        return m;
    }

    /** Whether two stored entries are the same bits (NaN equal to NaN). */
    private static void same(double expected, double actual, String what) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), what + ": " + expected + " vs " + actual);
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @MethodSource("cases")
    void forwardAndBackwardMatchTheDefinitionBitForBit(ScalarType t, Activation f, int rows, int cols) {
        DenseMatrix z = random(t, rows, cols, 1, 2), b = random(t, cols, 1, 2, 1), dA = random(t, rows, cols, 3, 1);
        DenseMatrix zRef = random(t, rows, cols, 1, 2), aRef = DenseMatrix.zeros(t, rows, cols);
        for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) {
            zRef.set(i, j, zRef.get(i, j) + b.get(j, 0)); // set rounds to the matrix's precision
            aRef.set(i, j, f.apply(zRef.get(i, j)));
        }
        DenseMatrix a = DenseMatrix.zeros(t, rows, cols);
        Kernels.activate(f, b, z, a);
        DenseMatrix dZ = DenseMatrix.zeros(t, rows, cols), db = DenseMatrix.zeros(t, cols, 1);
        Kernels.backActivate(f, z, a, null, dA, dZ, db);
        DenseMatrix dZRef = DenseMatrix.zeros(t, rows, cols), dbRef = DenseMatrix.zeros(t, cols, 1);
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                double zi = zRef.get(i, j);
                // ReLU passes the gradient or writes an exact 0 (not dA * 0, which would be -0.0 for a negative dA)
                dZRef.set(i, j, f instanceof Activation.Relu ? (zi > 0 ? dA.get(i, j) : 0) : dA.get(i, j) * f.derivative(zi, aRef.get(i, j)));
                s += dZRef.get(i, j);
            }
            dbRef.set(j, 0, s);
        }
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                same(zRef.get(i, j), z.get(i, j), "z(" + i + ", " + j + ")");
                same(aRef.get(i, j), a.get(i, j), "a(" + i + ", " + j + ")");
                same(dZRef.get(i, j), dZ.get(i, j), "dZ(" + i + ", " + j + ")");
            }
            same(dbRef.get(j, 0), db.get(j, 0), "db(" + j + ")");
        }
        DenseMatrix original = random(t, rows, cols, 1, 2), unbiased = random(t, rows, cols, 1, 2), plain = DenseMatrix.zeros(t, rows, cols);
        Kernels.activate(f, unbiased, plain);
        DenseMatrix plainRef = DenseMatrix.zeros(t, rows, cols);
        for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) {
            plainRef.set(i, j, f.apply(original.get(i, j)));
            same(original.get(i, j), unbiased.get(i, j), "without a bias z is left as it is, signed zeros too");
            same(plainRef.get(i, j), plain.get(i, j), "a = f(z)");
        }
    }

    static Stream<Arguments> optimizers() {
        List<Arguments> out = new ArrayList<>();
        for (ScalarType t : List.of(ScalarType.Float64, ScalarType.Float32))
            for (Optimizer o : List.of(Optimizer.sgd(0.1), Optimizer.momentum(0.05, 0.9), Optimizer.adam(0.01)))
                for (boolean probed : new boolean[]{false, true})
                    for (int rows : new int[]{70, 30}) out.add(Arguments.of(t, o, probed, rows)); // padded columns, and columns end to end
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} probed={2} rows={3}")
    @MethodSource("optimizers")
    void updatesMatchTheDefinitionBitForBit(ScalarType t, Optimizer o, boolean probed, int rows) {
        int cols = 3;
        DenseMatrix p = random(t, rows, cols, 4, 1), g = DenseMatrix.zeros(t, rows, cols);
        DenseMatrix pRef = random(t, rows, cols, 4, 1), m = DenseMatrix.zeros(t, rows, cols), v = DenseMatrix.zeros(t, rows, cols);
        Slot slot = new Slot(o, p, g);
        for (int step = 1; step <= 3; step++) {
            DenseMatrix fresh = random(t, rows, cols, 10 + step, 0.5);
            Matrices.copy(fresh, g);
            slot.step(step, probed ? new Slot.Moments() : null);
            for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) {
                double gi = g.get(i, j), u = switch (o) {
                    case Optimizer.Sgd s -> -s.learningRate() * gi;
                    case Optimizer.Momentum mo -> {
                        double vi = mo.beta() * m.get(i, j) + gi;
                        m.set(i, j, vi);
                        yield -mo.learningRate() * vi; // the unrounded velocity, in either precision
                    }
                    case Optimizer.Adam a -> {
                        double mi = a.beta1() * m.get(i, j) + (1 - a.beta1()) * gi, vi = a.beta2() * v.get(i, j) + (1 - a.beta2()) * gi * gi;
                        m.set(i, j, mi);
                        v.set(i, j, vi);
                        yield -a.learningRate() * (mi / (1 - Math.pow(a.beta1(), step))) / (Math.sqrt(vi / (1 - Math.pow(a.beta2(), step))) + a.epsilon());
                    }
                };
                pRef.set(i, j, pRef.get(i, j) + u);
                same(pRef.get(i, j), p.get(i, j), "step " + step + ", p(" + i + ", " + j + ")");
            }
        }
    }

    /** The batch gather (eight rows at a time, then the rest) is a copy: every entry where it belongs, rounded once to Float32. */
    @ParameterizedTest(name = "{0} {1} rows of {2}")
    @MethodSource("gathers")
    void gatheredRowsAreTheRowsInOrder(ScalarType t, int count, int features) {
        var rng = new MersenneTwister64(7);
        double[][] x = new double[40][features];
        for (double[] row : x) for (int j = 0; j < features; j++) row[j] = rng.nextGaussian();
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) order[i] = (i * 17 + 5) % order.length; // 17 is prime to 40: a permutation
        int from = 3;
        DenseMatrix out = DenseMatrix.zeros(t, count, features);
        Matrices.gatherRows(x, order, from, count, out);
        DenseMatrix plain = DenseMatrix.zeros(t, count, features);
        Matrices.gatherRows(x, null, from, count, plain);
        for (int r = 0; r < count; r++) for (int j = 0; j < features; j++) {
            same(t == ScalarType.Float64 ? x[order[from + r]][j] : (float) x[order[from + r]][j], out.get(r, j), "row " + r + ", column " + j);
            same(t == ScalarType.Float64 ? x[from + r][j] : (float) x[from + r][j], plain.get(r, j), "unindexed row " + r + ", column " + j);
        }
    }

    static Stream<Arguments> gathers() {
        List<Arguments> out = new ArrayList<>();
        for (ScalarType t : List.of(ScalarType.Float64, ScalarType.Float32))
            for (int count : new int[]{1, 7, 8, 13, 16, 37}) out.add(Arguments.of(t, count, count == 37 ? 70 : 5));
        return out.stream();
    }

    /** Softmax cross-entropy off the backing arrays against its definition through get and set, bit for bit (padded above 64 rows). */
    @ParameterizedTest(name = "{0} {1} rows")
    @MethodSource("losses")
    void softmaxCrossEntropyMatchesTheDefinitionBitForBit(ScalarType t, int rows) {
        int k = 10;
        DenseMatrix out = random(t, rows, k, 21, 3), grad = DenseMatrix.zeros(t, rows, k), ref = DenseMatrix.zeros(t, rows, k);
        int[] y = new int[rows + 3], index = new int[rows + 3];
        for (int i = 0; i < y.length; i++) { y[i] = (i * 7) % k; index[i] = (i * 5 + 1) % y.length; }
        int from = 2;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < k; j++) max = Math.max(max, out.get(r, j));
            for (int j = 0; j < k; j++) sum += Math.exp(out.get(r, j) - max);
            int label = y[index[from + r]];
            double logSum = max + Math.log(sum);
            total += logSum - out.get(r, label);
            for (int j = 0; j < k; j++) ref.set(r, j, (Math.exp(out.get(r, j) - logSum) - (j == label ? 1 : 0)) / rows);
        }
        same(total / rows, Loss.softmaxCrossEntropy().evaluate(out, y, index, from, grad), "loss");
        for (int j = 0; j < k; j++) for (int r = 0; r < rows; r++) same(ref.get(r, j), grad.get(r, j), "gradient (" + r + ", " + j + ")");
        same(total / rows, Loss.softmaxCrossEntropy().evaluate(out, y, index, from, null), "loss without a gradient");
    }

    static Stream<Arguments> losses() {
        List<Arguments> out = new ArrayList<>();
        for (ScalarType t : List.of(ScalarType.Float64, ScalarType.Float32)) for (int rows : new int[]{1, 5, 64, 100}) out.add(Arguments.of(t, rows));
        return out.stream();
    }
}

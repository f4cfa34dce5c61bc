package org.initlab.nn;

import org.initlab.data.Dataset;
import org.initlab.data.Generators;
import org.initlab.init.Init;
import org.initlab.probe.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import smile.math.random.MersenneTwister64;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Residual blocks, normalization layers and the output layer's start: gradients, properties, Float32, probes, errors. */
class ModernLayersTest {

    static final Normalization BN = Normalization.batchNorm(), LN = Normalization.layerNorm();

    static Stream<Arguments> architectures() {
        List<Arguments> out = new ArrayList<>();
        for (Activation f : List.of(Activation.TANH, Activation.RELU, Activation.GELU)) {
            out.add(Arguments.of("layernorm before", f, null, LN, true));
            out.add(Arguments.of("layernorm after", f, null, LN.afterActivation(), true));
            out.add(Arguments.of("batchnorm before, training", f, null, BN, true));
            out.add(Arguments.of("batchnorm after, training", f, null, BN.afterActivation(), true));
            out.add(Arguments.of("batchnorm before, inference", f, null, BN, false));
            out.add(Arguments.of("residual 1", f, Residual.blocks(1), null, true));
            out.add(Arguments.of("residual 2, learned alpha", f, new Residual(2, null, 1, false, 0.7, true), null, true));
            out.add(Arguments.of("residual 2 + batchnorm", f, Residual.blocks(2).alpha(0.5), BN, true));
            out.add(Arguments.of("residual 1 + layernorm after", f, Residual.blocks(1).depthScaled(), LN.afterActivation(), true));
        }
        return out.stream();
    }

    /** Central finite differences against back-propagation, for every parameter of the network (Float64). */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("architectures")
    void backpropMatchesFiniteDifferences(String name, Activation f, Residual res, Normalization norm, boolean training) {
        int batch = 6, inputs = 4, outputs = 3;
        NetworkSpec spec = Network.mlp(inputs, 5, 5, 5, outputs).activation(f).init(Init.normal(0, 0.6)).biasInit(Init.normal(0, 0.3)).seed(11)
                .residual(res).norm(norm);
        Network net = spec.build();
        // Running statistics away from (0, 1), and scales and shifts away from (1, 0), so every term of the gradient shows.
        var rng = new MersenneTwister64(9);
        for (Network.Parameter p : net.parameters())
            if (p.name().contains("scale") || p.name().contains("shift"))
                for (int i = 0; i < p.value().nrow(); i++) p.value().set(i, 0, p.value().get(i, 0) + 0.3 * rng.nextGaussian());
        DenseMatrix x = DenseMatrix.zeros(ScalarType.Float64, batch, inputs);
        for (int i = 0; i < batch; i++) for (int j = 0; j < inputs; j++) x.set(i, j, rng.nextGaussian());
        if (!training) for (int k = 0; k < 3; k++) net.forward(x, true); // running statistics that are not the start's
        int[] y = new int[batch], index = Matrices.identity(batch);
        for (int i = 0; i < batch; i++) y[i] = i % outputs;
        Loss loss = Loss.softmaxCrossEntropy();

        DenseMatrix dOut = DenseMatrix.zeros(ScalarType.Float64, batch, outputs);
        loss.evaluate(forward(net, x, training), y, index, 0, dOut);
        net.backward(dOut);
        double h = 1e-6;
        for (Network.Parameter p : net.parameters()) {
            var check = FiniteDifferences.compare(p.value(), p.gradient(), () -> loss.evaluate(forward(net, x, training), y, index, 0, null), h);
            double norm2 = check.norm();
            // BatchNorm before the activation cancels the layer's bias: its gradient is 0 both ways, up to rounding.
            boolean cancelled = norm != null && norm.kind() == Normalization.Kind.BATCH && norm.before() && training
                    && net.layers().stream().anyMatch(d -> d.norm() != null && d.biases() == p.value());
            if (cancelled) { assertTrue(check.analyticNorm() < 1e-12 && check.numericNorm() < 1e-6, name + " " + p.name() + ": " + check); continue; }
            double rel = check.relativeError();
            assertTrue(rel < 1e-6, name + " " + f.label() + " " + p.name() + ": relative error " + rel);
            assertTrue(norm2 > 1e-6, name + " " + p.name() + ": gradient must not be trivially zero: " + norm2);
        }
    }

    /** A forward pass that leaves BatchNorm's running statistics as they were, so the finite differences see one function. */
    private static DenseMatrix forward(Network net, DenseMatrix x, boolean training) {
        List<double[][]> saved = new ArrayList<>();
        for (Dense d : net.layers()) if (d.norm() != null) saved.add(new double[][]{d.norm().runningMean(), d.norm().runningVariance()});
        DenseMatrix out = net.forward(x, training);
        int k = 0;
        for (Dense d : net.layers()) if (d.norm() != null) d.norm().restore(saved.get(k)[0], saved.get(k++)[1]);
        return out;
    }

    @Test
    void layerNormGivesEveryExampleMeanZeroAndVarianceVarOverVarPlusEpsilon() {
        Network net = Network.mlp(3, 40, 2).activation(Activation.IDENTITY).norm(LN.epsilon(0.5)).seed(2).build();
        DenseMatrix x = randomInput(8, 3, 4);
        net.forward(x, true);
        DenseMatrix n = net.layer(0).preActivations(), z = DenseMatrix.zeros(ScalarType.Float64, 8, 40);
        org.initlab.nn.Gemm.mm(smile.linalg.Transpose.NO_TRANSPOSE, x, smile.linalg.Transpose.TRANSPOSE, net.layer(0).weights(), z);
        for (int i = 0; i < 8; i++) {
            double m = 0, v = 0, zm = 0, zv = 0;
            for (int j = 0; j < 40; j++) { m += n.get(i, j); zm += z.get(i, j); }
            m /= 40; zm /= 40;
            for (int j = 0; j < 40; j++) { v += (n.get(i, j) - m) * (n.get(i, j) - m); zv += (z.get(i, j) - zm) * (z.get(i, j) - zm); }
            v /= 40; zv /= 40;
            assertEquals(0, m, 1e-12, "row " + i + " mean");
            assertEquals(zv / (zv + 0.5), v, 1e-12, "row " + i + " variance");
        }
    }

    @Test
    void batchNormKeepsRunningStatisticsAndUsesThemAtInference() {
        Normalization bn = BN.momentum(0.75);
        Network net = Network.mlp(3, 4, 2).activation(Activation.IDENTITY).norm(bn).seed(2).build();
        DenseMatrix x = randomInput(10, 3, 5);
        net.forward(x, true);
        NormLayer norm = net.layer(0).norm();
        // Batch statistics of z = x W^T (the bias is zero), by hand.
        DenseMatrix z = DenseMatrix.zeros(ScalarType.Float64, 10, 4);
        Gemm.mm(smile.linalg.Transpose.NO_TRANSPOSE, x, smile.linalg.Transpose.TRANSPOSE, net.layer(0).weights(), z);
        double[] mean = new double[4], var = new double[4];
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 10; i++) mean[j] += z.get(i, j) / 10;
            for (int i = 0; i < 10; i++) var[j] += (z.get(i, j) - mean[j]) * (z.get(i, j) - mean[j]) / 9;
            assertEquals(0.25 * mean[j], norm.runningMean()[j], 1e-12, "running mean " + j);
            assertEquals(0.75 + 0.25 * var[j], norm.runningVariance()[j], 1e-12, "running variance " + j);
        }
        net.forward(x, false);
        for (int j = 0; j < 4; j++) for (int i = 0; i < 10; i++)
            assertEquals((z.get(i, j) - norm.runningMean()[j]) / Math.sqrt(norm.runningVariance()[j] + bn.epsilon()), net.layer(0).preActivations().get(i, j), 1e-12);
        Network copy = net.copy();
        assertArrayEquals(norm.runningMean(), copy.layer(0).norm().runningMean(), 0.0, "copy() keeps the running statistics");
        assertArrayEquals(Matrices.toArray(net.forward(x, false)), Matrices.toArray(copy.forward(x, false)));
    }

    @Test
    void zeroLastBlocksStartAsTheIdentityAndDepthScalingDividesByRootOfBlocks() {
        NetworkSpec plain = Network.mlp(6, 16, 16, 16, 16, 16, 3).seed(4);
        Network zero = plain.residual(Residual.blocks(2).zeroLast()).build();
        DenseMatrix x = randomInput(5, 6, 1);
        zero.forward(x, true);
        DenseMatrix stem = zero.layer(0).activations();
        for (ResidualBlock b : zero.blocks())
            assertArrayEquals(Matrices.toArray(stem), Matrices.toArray(b.output()), "a zero-initialized branch adds nothing: the block is the identity");
        assertEquals(2, zero.blocks().size());

        Network flat = plain.build(), scaled = plain.residual(Residual.blocks(1).depthScaled().lastGain(3)).build();
        assertEquals(4, scaled.blocks().size());
        for (int l = 0; l < flat.depth(); l++) {
            double s = l >= 1 && l <= 4 ? 3 / Math.sqrt(4) : 1;
            double[][] a = flat.weights().get(l), b = scaled.weights().get(l);
            for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) assertEquals(a[i][j] * s, b[i][j], 0.0, "layer " + l);
        }
    }

    @Test
    void theOutputLayerStartsAtItsOwnInitGainAndLogPrior() {
        int[] labels = {0, 0, 0, 0, 0, 0, 1, 1, 2, 2};
        Network net = Network.mlp(4, 8, 3).seed(1).outputInit(Init.xavierNormal()).outputGain(0).outputBiasAtLogPrior(labels, 3).build();
        DenseMatrix out = net.forward(randomInput(7, 4, 3), false);
        double[] p = {0.6, 0.2, 0.2};
        for (int i = 0; i < 7; i++) {
            double sum = 0;
            for (int k = 0; k < 3; k++) sum += Math.exp(out.get(i, k));
            for (int k = 0; k < 3; k++) assertEquals(p[k], Math.exp(out.get(i, k)) / sum, 1e-12, "softmax of the log prior is the prior");
        }
        Network base = Network.mlp(4, 8, 3).seed(1).build(), small = Network.mlp(4, 8, 3).seed(1).outputGain(0.01).build();
        double[][] a = base.weights().get(1), b = small.weights().get(1);
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) assertEquals(a[i][j] * 0.01, b[i][j], 0.0);
        assertArrayEquals(base.weights().get(0)[0], small.weights().get(0)[0], 0.0, "the hidden layers are untouched");
        assertEquals(Math.log(2 / 6.0), OutputLayer.logPrior(new int[]{0, 0, 0, 0, 0, 0, 1, 1}, 2, 1)[0], 1e-15, "one sigmoid output: the log odds");
    }

    @Test
    void float32TrainsTheSameNetworksCloseToFloat64AndProbesEveryDenseLayer() {
        Dataset.Split moons = Generators.moons(200, 0.1, 1).split(0.25, 2).standardized();
        NetworkSpec spec = Network.mlp(2, 16, 16, 16, 16, 16, 2).residual(Residual.blocks(2).depthScaled()).norm(BN).seed(3);
        Trainer t = Trainer.of(Optimizer.sgd(0.05)).epochs(3).batchSize(25).seed(1).probe(Probe.everyStep());
        History d = t.fit(spec.build(), moons), f = t.fit(spec.float32().build(), moons);
        assertEquals(History.Status.COMPLETED, f.status(), f.message());
        assertEquals(d.stepLosses()[0], f.stepLosses()[0], 1e-5, "the first loss in Float32");
        assertTrue(d.last().trainLoss() < d.epochs().getFirst().trainLoss(), "it learns");
        assertEquals(d.last().trainLoss(), f.last().trainLoss(), 1e-3, "three epochs in Float32");
        assertEquals(6L * 6 * 3, d.probes().size(), "6 dense layers x 6 steps per epoch x 3 epochs");
        assertTrue(d.probes().stream().allMatch(s -> Double.isFinite(s.preStd()) && s.preStd() > 0));
    }

    @Test
    void badInputIsRefusedWithItsName() {
        assertThrows(IllegalArgumentException.class, () -> Network.mlp(3, 0, 2), "zero width");
        assertMessage("momentum must be in [0, 1)", () -> BN.momentum(1));
        assertMessage("momentum must be in [0, 1)", () -> BN.momentum(-0.1));
        assertMessage("epsilon must be positive", () -> LN.epsilon(0));
        assertMessage("epsilon must be positive", () -> LN.epsilon(Double.NaN));
        assertMessage("LayerNorm over a layer of 1 unit", () -> Network.mlp(3, 1, 2).norm(LN).build());
        Network bn = Network.mlp(3, 4, 2).norm(BN).build();
        assertMessage("batch of 1 in training mode", () -> bn.forward(randomInput(1, 3, 1), true));
        assertDoesNotThrow(() -> bn.forward(randomInput(1, 3, 1), false), "inference on one example uses the running statistics");
        Dataset moons = Generators.moons(41, 0.1, 1);
        assertMessage("leave one", () -> Trainer.of(Optimizer.sgd(0.1)).batchSize(40).fit(Network.mlp(2, 4, 2).norm(BN).build(), moons, null));
        assertMessage("positive multiple of 2", () -> Network.mlp(3, 8, 8, 8, 8, 2).residual(Residual.blocks(2)));
        assertMessage("every hidden layer of one width", () -> Network.mlp(3, 8, 8, 6, 2).residual(Residual.blocks(1)));
        assertMessage("1 or 2 dense layers", () -> Residual.blocks(3));
        assertMessage("3 units but 2 starting biases", () -> Network.mlp(3, 4, 3).outputBias(0, 1));
        assertMessage("class 2 never occurs", () -> OutputLayer.logPrior(new int[]{0, 1, 1}, 3, 3));
        assertMessage("not supported", () -> Network.mlp(3, 4, 2).norm(BN).dropout(0.1, 1));
        assertMessage("LSUV", () -> Network.mlp(3, 4, 2).init(Init.lsuv()).norm(LN));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' should say '" + part + "'");
    }

    private static DenseMatrix randomInput(int rows, int cols, long seed) {
        var rng = new MersenneTwister64(seed);
        DenseMatrix x = DenseMatrix.zeros(ScalarType.Float64, rows, cols);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) x.set(i, j, rng.nextGaussian());
        return x;
    }
}

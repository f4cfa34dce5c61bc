package org.initlab.nn;

import org.initlab.data.Dataset;
import org.initlab.data.Digits;
import org.initlab.init.Init;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SIMD loops (Vector API) and their scalar twins give the same training, bit for bit: a tanh, a sigmoid, a
 * SELU, an ELU and a ReLU net trained in fresh JVMs with the Vector API, with it turned off, without its module, and with C1 only
 * (where the Vector API runs as plain Java instead of compiled SIMD code) end with the same weights.
 */
class SimdBitsTest {

    /** Trains one small net per activation on the digits for 60 steps and prints one digest of all their weights. */
    public static void main(String[] args) throws Exception {
        Dataset.Split digits = Digits.load().split(0.7, 1);
        StringBuilder all = new StringBuilder();
        for (Activation f : List.of(Activation.TANH, Activation.SIGMOID, Activation.SELU, Activation.elu(0.5), Activation.RELU)) {
            Network net = Network.mlp(64, 40, 40, 10).activation(f).init(Init.xavierNormal()).seed(3).build();
            Trainer.of(Optimizer.momentum(0.05, 0.9)).epochs(2).batchSize(40).seed(5).evaluation(Trainer.Evaluation.NONE).fit(net, digits.train(), null);
            all.append(f.label()).append(": ").append(FreshJvmTest.digest(net)).append("; ");
        }
        System.out.println("weights " + all);
    }

    @Test
    void simdAndScalarLoopsTrainToTheSameBits() throws Exception {
        String vector = FreshJvmTest.runFresh(SimdBitsTest.class, List.of("--add-modules=jdk.incubator.vector"), Map.of());
        String off = FreshJvmTest.runFresh(SimdBitsTest.class, List.of("--add-modules=jdk.incubator.vector", "-Dinitlab.vector=false"), Map.of());
        String absent = FreshJvmTest.runFresh(SimdBitsTest.class, List.of(), Map.of());
        String c1 = FreshJvmTest.runFresh(SimdBitsTest.class, List.of("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1"), Map.of());
        assertEquals(vector, off, "-Dinitlab.vector=false");
        assertEquals(vector, absent, "without jdk.incubator.vector");
        assertEquals(vector, c1, "C1 only");
    }
}

package org.initlab.init;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A scheme written as a lambda: drawn like the library's own, same seed, same matrix, and checked like them. */
class InitializerCustomTest {

    @Test
    void aLambdaOfTheHeFormulaDrawsExactlyWhatHeNormalDraws() {
        var mine = Init.custom("my_he_normal", (fanIn, fanOut, rng) -> Math.sqrt(2.0 / fanIn) * rng.nextGaussian());
        double[][] a = mine.draw(784, 256, 3), b = Init.heNormal().draw(784, 256, 3);
        assertEquals(256, a.length);
        assertEquals(784, a[0].length);
        for (int i = 0; i < a.length; i++) assertArrayEquals(b[i], a[i], 0.0, "row " + i + ": same generator, same order, same weights");
        assertTrue(Double.isNaN(mine.variance(784, 256)), "no formula is known for a custom scheme");
        assertEquals("my_he_normal", mine.name());
    }

    @Test
    void aDrawThatIsNotANumberIsNamed() {
        var broken = Init.custom("broken", (fanIn, fanOut, rng) -> Math.sqrt(-1.0 / fanIn));
        var e = assertThrows(IllegalArgumentException.class, () -> broken.draw(3, 2, 1));
        assertTrue(e.getMessage().contains("custom initializer 'broken' drew NaN for weight (0, 0) of a 3 -> 2 layer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Init.custom(" ", (i, o, r) -> 0));
        assertThrows(IllegalArgumentException.class, () -> Init.custom("x", null));
    }

    @Test
    void aCustomSchemeBuildsAndTrainsANetwork() {
        var net = org.initlab.nn.Network.mlp(2, 8, 2).init(Init.custom("small", (fanIn, fanOut, rng) -> 0.1 * rng.nextGaussian())).seed(1).build();
        double[][] w = org.initlab.nn.Matrices.toArray(net.layer(0).weights());
        assertNotEquals(w[0][0], w[1][0], "drawn, not constant");
        for (double[] row : w) for (double v : row) assertTrue(Math.abs(v) < 0.6, "within 6 std of N(0, 0.1^2): " + v);
        var h = org.initlab.nn.Trainer.of(org.initlab.nn.Optimizer.sgd(0.1)).epochs(2).fit(net, org.initlab.data.Generators.moons(100, 0.1, 1).split(0.2, 1));
        assertEquals(org.initlab.nn.History.Status.COMPLETED, h.status());
    }
}

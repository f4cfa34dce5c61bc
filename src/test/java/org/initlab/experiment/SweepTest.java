package org.initlab.experiment;

import org.initlab.data.Generators;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.*;

class SweepTest {

    static final Sweep SWEEP = Sweep.on(Generators.spirals(300, 3, 0.2, 1).split(0.25, 2))
            .hiddenWidth(16)
            .initializers(Init.zeros(), Init.normal(0, 0.01), Init.xavierNormal(), Init.heNormal())
            .activations(Activation.TANH, Activation.RELU)
            .depths(2, 4)
            .seeds(2)
            .trainer(Trainer.of(Optimizer.momentum(0.05, 0.9)).epochs(4).batchSize(32))
            .targetLoss(0.9);

    @Test
    void tableIsTheSameOnOneAndTwoThreads() {
        Table one = SWEEP.threads(1).run().table();
        Table two = SWEEP.threads(2).run().table();
        assertEquals(4 * 2 * 2 * 2, one.rowCount());
        assertEquals(one.print(1000), two.print(1000));
        for (int c = 0; c < one.columnCount(); c++)
            for (int r = 0; r < one.rowCount(); r++)
                assertEquals(one.column(c).getString(r), two.column(c).getString(r));
        // Bit-identical numbers, not only the printed digits.
        for (int r = 0; r < one.rowCount(); r++)
            assertEquals(Double.doubleToLongBits(one.doubleColumn("train_loss").get(r)), Double.doubleToLongBits(two.doubleColumn("train_loss").get(r)));
    }

    @Test
    void rowsFollowTheGridAndZerosLearnNothing() {
        var result = SWEEP.threads(2).run();
        Table t = result.table();
        assertEquals("zeros", t.stringColumn("initializer").get(0));
        assertEquals("tanh", t.stringColumn("activation").get(0));
        assertEquals(2, t.intColumn("depth").get(0));
        // Zero init: no gradient reaches a hidden weight, so the output is one constant for every input and
        // the loss cannot go below the entropy of the (balanced) class prior, ln 3; the output bias only wanders.
        for (int r = 0; r < 8; r++) {
            assertTrue(t.doubleColumn("train_loss").get(r) >= Math.log(3) - 1e-9, "row " + r);
            assertTrue(t.doubleColumn("train_loss").get(r) < Math.log(3) + 0.1, "row " + r);
        }
        for (int r = 16; r < 32; r++) assertTrue(t.doubleColumn("train_loss").get(r) < Math.log(3), "a Xavier or He start learns: row " + r);
    }
}

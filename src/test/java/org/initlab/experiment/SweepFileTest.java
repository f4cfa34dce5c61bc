package org.initlab.experiment;

import org.initlab.data.DataSpec;
import org.initlab.init.Init;
import org.initlab.init.InitNames;
import org.initlab.init.Initializer;
import org.initlab.nn.Activation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SweepFileTest {

    /** The built-in spec files are notebook 07's settings, run for run. */
    @Test
    void theBuiltInFilesAreTheShowdownsSettings() throws Exception {
        for (var pair : List.of(new Object[]{"default", ShowdownExperiments.Setting.DEFAULT}, new Object[]{"large", ShowdownExperiments.Setting.LARGE})) {
            SweepFile file = SweepFile.read((String) pair[0]);
            var setting = (ShowdownExperiments.Setting) pair[1];
            assertEquals(List.of(DataSpec.digits(), DataSpec.fashionMnist(setting.fashionTrain(), setting.fashionTest())), file.data());
            Sweep fromFile = file.sweep(DataSpec.digits()), showdown = ShowdownExperiments.sweep(DataSpec.digits(), setting);
            assertEquals(showdown.cells().stream().map(Sweep::key).toList(), fromFile.cells().stream().map(Sweep::key).toList());
            assertEquals(showdown.initializers(), fromFile.initializers());
            assertEquals(showdown.trainer(), fromFile.trainer());
            assertEquals(showdown.hiddenWidth(), fromFile.hiddenWidth());
            assertEquals(showdown.targetLoss(), fromFile.targetLoss());
            assertEquals(720, file.runs());
        }
    }

    /** Every name a table prints parses back to the scheme it names. */
    @Test
    void namesParseBackToWhatTheyName() {
        List<Initializer> starts = List.of(Init.zeros(), Init.constant(0.1), Init.normal(0.01), Init.normal(0.5, 2), Init.uniform(-0.1, 0.3),
                Init.truncatedNormal(0, 0.02), Init.varianceScaling(2, Init.Mode.FAN_OUT, Init.Distribution.TRUNCATED_NORMAL), Init.xavierNormal(),
                Init.xavierUniform(), Init.xavierNormal(5.0 / 4), Init.heNormal(), Init.heUniform(), Init.heNormal(Init.Mode.FAN_OUT, 0.2),
                Init.heUniform(Init.Mode.FAN_AVG, 0), Init.lecunNormal(), Init.lecunUniform(), Init.orthogonal(), Init.orthogonal(2), Init.identity(),
                Init.identity(0.5), Init.lsuv());
        for (Initializer i : starts) assertEquals(i, InitNames.start(i.name()), i.name());
        for (Activation a : List.of(Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.LEAKY_RELU, Activation.leakyRelu(0.2),
                Activation.ELU, Activation.elu(0.5), Activation.SELU, Activation.GELU))
            assertEquals(a, InitNames.activation(a.label()), a.label());
        for (var d : List.of(DataSpec.digits(), DataSpec.digits(7), DataSpec.fashionMnist(1000, 500))) assertEquals(d, DataSpec.parse(d.name()));
        // Names keep 3 significant digits: sqrt(2) comes back as 1.41.
        assertEquals(Init.orthogonal(1.41), InitNames.start(Init.orthogonal(Math.sqrt(2)).name()));
    }

    @Test
    void badNamesSayWhatIsKnown() {
        var e = assertThrows(IllegalArgumentException.class, () -> InitNames.start("he_normal(fan_sideways)"));
        assertEquals("'fan_sideways' in 'he_normal(fan_sideways)' is not one of fan_in, fan_out, fan_avg", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InitNames.start("xavier_normal(gain=big)"));
        assertEquals("'big' in 'xavier_normal(gain=big)' is not a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InitNames.start("orthogonal(scale=2)"));
        assertEquals("'orthogonal(scale=2)' does not fit orthogonal(gain=G)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InitNames.start("normal(0, -1)"));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("fashion-mnist(0, 10)"));
        assertEquals("Fashion-MNIST needs at least 1 training and 1 test image, got 0 and 10", e.getMessage());
    }
}

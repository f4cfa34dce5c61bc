package org.initlab.experiment;

import org.initlab.init.Init;
import org.initlab.init.Initializer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * The corrected cheat sheet: each classic scheme's variance, normal std and uniform bound, the
 * activation it is for and its source, with the formula evaluated for one layer shape and checked
 * against the sample variance of a matrix the library actually fills.
 */
public final class CheatSheet {
    private CheatSheet() {}

    /** One scheme: its initializers (normal and uniform forms) and what to write on the sheet. */
    public record Scheme(String name, Initializer normal, Initializer uniform, String variance, String normalStd,
                         String uniformBound, String activation, String source) {}

    public static List<Scheme> schemes() {
        return List.of(
                new Scheme("LeCun", Init.lecunNormal(), Init.lecunUniform(), "1/fan_in", "sqrt(1/fan_in)", "sqrt(3/fan_in)",
                        "linear, tanh-like, SELU (gain 1: PyTorch's SELU gain 3/4 undoes self-normalization, notebook 06)",
                        "LeCun, Bottou, Orr & Müller 1998, Efficient BackProp, sec. 4.6"),
                new Scheme("Xavier / Glorot", Init.xavierNormal(), Init.xavierUniform(), "2/(fan_in+fan_out)", "sqrt(2/(fan_in+fan_out))",
                        "sqrt(6/(fan_in+fan_out))", "tanh (gain 5/3), sigmoid, linear", "Glorot & Bengio 2010, eqs. 12 and 16"),
                new Scheme("He / Kaiming", Init.heNormal(), Init.heUniform(), "2/fan_in", "sqrt(2/fan_in)", "sqrt(6/fan_in)",
                        "ReLU; 2/((1+a^2) fan_in) for leaky ReLU", "He, Zhang, Ren & Sun 2015, eqs. 10 and 15"));
    }

    /**
     * What the library's fills of one scheme give on a fanIn x fanOut layer, over seeds 1-5: the sample variance of
     * the normal and of the uniform form, and the largest |w| any uniform fill drew (which must stay under the bound).
     */
    public record Fills(Spread normalVariance, Spread uniformVariance, double largestUniform) {}

    /** {@link Fills} of {@code s}; computed once per JVM and shape (the table and the notebook's checks share it). */
    public static Fills fills(Scheme s, int fanIn, int fanOut) {
        return Memo.get("cheatsheet/" + s.name() + "/" + fanIn + "/" + fanOut, () -> {
            double[] normal = new double[Repeat.SEEDS], uniform = new double[Repeat.SEEDS];
            double largest = 0;
            for (int seed = 1; seed <= Repeat.SEEDS; seed++) {
                normal[seed - 1] = XavierExperiments.filledVariance(s.normal(), fanIn, fanOut, seed);
                double[][] u = s.uniform().draw(fanIn, fanOut, seed);
                uniform[seed - 1] = XavierExperiments.sampleVariance(u);
                for (double[] row : u) for (double v : row) largest = Math.max(largest, Math.abs(v));
            }
            return new Fills(Spread.of(normal), Spread.of(uniform), largest);
        });
    }

    /**
     * The sheet evaluated on a fanIn x fanOut layer: formula variance, the sample variance of the normal
     * and uniform forms as filled by the library (median and range over seeds 1-5), and the uniform bound
     * against the largest |w| drawn.
     */
    public static Table table(int fanIn, int fanOut) {
        StringColumn name = StringColumn.create("scheme"), var = StringColumn.create("Var(W)"), std = StringColumn.create("normal std"),
                bound = StringColumn.create("uniform bound"), act = StringColumn.create("for"), source = StringColumn.create("source"),
                normal = StringColumn.create("sample Var, normal"), uniform = StringColumn.create("sample Var, uniform");
        DoubleColumn formula = DoubleColumn.create("Var at " + fanIn + "->" + fanOut), maxAbs = DoubleColumn.create("largest |w|, uniform"),
                expectedBound = DoubleColumn.create("bound at " + fanIn + "->" + fanOut);
        for (Scheme s : schemes()) {
            name.append(s.name()); var.append(s.variance()); std.append(s.normalStd()); bound.append(s.uniformBound());
            act.append(s.activation()); source.append(s.source());
            double v = s.normal().variance(fanIn, fanOut);
            Fills f = fills(s, fanIn, fanOut);
            formula.append(v);
            normal.append(f.normalVariance().toString());
            uniform.append(f.uniformVariance().toString());
            maxAbs.append(f.largestUniform());
            expectedBound.append(Math.sqrt(3 * v));
        }
        return Table.create("the corrected cheat sheet", name, var, std, bound, act, formula, normal, uniform, expectedBound, maxAbs, source);
    }

}

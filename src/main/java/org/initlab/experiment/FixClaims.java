package org.initlab.experiment;

import org.initlab.experiment.HeExperiments.Rectification;
import org.initlab.experiment.XavierExperiments.FormulaCheck;
import org.initlab.experiment.XavierExperiments.Trend;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Map;

import static org.initlab.experiment.Claims.fmt;

/**
 * The claims of the notes' "Solutions" (Xavier, He, LeCun) and the rest of its "Key points", with the
 * experiments that decide them (notebooks 04-07). {@link Claims} registers them after its own.
 */
public final class FixClaims {
    private FixClaims() {}

    static final String XAVIER = "Xavier initialization", HE = "He initialization", LECUN = "LeCun initialization";

    /** A per-layer factor counts as "steady" in [0.8, 1.25]: less than a 25% change per layer either way. */
    static final double STEADY_LO = 0.8, STEADY_HI = 1.25;
    /** A mean test accuracy of at least 3 x chance (0.3 on 10 classes) counts as "learns"; below, as "fails". */
    static final double LEARNS = 0.3;

    /** The claims in the notes' order: Xavier, He, LeCun, then key points 1, 4 and 5. */
    public static List<Claim> all() {
        return List.of(
                new Claim("xavier.1", XAVIER, "Scales weights based on number of inputs and outputs to keep variance consistent across layers.",
                        "04-xavier-glorot", FixClaims::xavierScales),
                new Claim("xavier.2", XAVIER, "Formula: W = np.random.randn(fan_in, fan_out) / np.sqrt(fan_in)", "04-xavier-glorot", FixClaims::xavierFormula),
                new Claim("xavier.3", XAVIER, "Helps signals propagate through network smoothly.", "04-xavier-glorot", FixClaims::xavierSmooth),
                new Claim("he.1", HE, "Refinement of Xavier approach for ReLU networks.", "05-he-kaiming", FixClaims::heRefinement),
                new Claim("he.2", HE, "Formula: W = np.random.randn(fan_in, fan_out) / np.sqrt(fan_in/2)", "05-he-kaiming", FixClaims::heFormula),
                new Claim("he.3", HE, "Accounts for ReLU only using half the inputs.", "05-he-kaiming", FixClaims::heHalf),
                new Claim("lecun.1", LECUN, "Original technique proposed in early 1990s.", "06-lecun", FixClaims::lecunDate),
                new Claim("lecun.2", LECUN, "Formula: W = np.random.randn(fan_in, fan_out) / np.sqrt(fan_in)", "06-lecun", FixClaims::lecunFormula),
                new Claim("lecun.3", LECUN, "Very similar to Xavier init. Helps stabilize gradient flow.", "06-lecun", FixClaims::lecunSimilar),
                new Claim("key.1", Claims.KEY, "All use random Gaussian weights to break symmetry", "07-showdown", FixClaims::gaussianNeeded),
                new Claim("key.4", Claims.KEY, "Crucial for training modern deep neural networks", "07-showdown", FixClaims::crucialForDeep),
                new Claim("key.5", Claims.KEY, "So in summary, properly randomized and controlled initialization schemes are essential for "
                        + "enabling effective optimization.", "07-showdown", FixClaims::essential));
    }

    static boolean steady(double factor) { return factor >= STEADY_LO && factor <= STEADY_HI; }

    static boolean near(double value, double target, double tol) { return Math.abs(value - target) <= tol; }

    // ---------------------------------------------------------------- Xavier

    static final String STANDARD = "standard U(-1/sqrt(n), 1/sqrt(n))", XAVIER_1 = "xavier_normal (gain 1)", XAVIER_53 = "xavier_normal (gain 5/3)";

    static Finding xavierScales() {
        FormulaCheck g = XavierExperiments.glorotFormula(XavierExperiments.FAN_IN, XavierExperiments.FAN_OUT);
        var tc = XavierExperiments.tanhComparison();
        Trend sa = XavierExperiments.activationStdTrend(tc.get(STANDARD)), sg = XavierExperiments.gradientStdTrend(tc.get(STANDARD));
        Trend xa = XavierExperiments.activationStdTrend(tc.get(XAVIER_1)), xg = XavierExperiments.gradientStdTrend(tc.get(XAVIER_1));
        Trend ka = XavierExperiments.activationStdTrend(tc.get(XAVIER_53)), kg = XavierExperiments.gradientStdTrend(tc.get(XAVIER_53));
        boolean bothFans = near(g.toGlorot(), 1, 0.03);
        boolean consistent = steady(xa.factor()) && steady(xg.factor());
        boolean standardDrifts = !steady(sa.factor()) && !steady(sg.factor());
        String ev = "a filled 784->256 Xavier-normal matrix has variance " + fmt(g.measured()) + " = " + fmt(g.toGlorot()) + " x 2/(fan_in+fan_out) (1/fan_in would be "
                + fmt(g.lecun()) + "); in the 10 x 500 tanh stack Glorot & Bengio studied, activation std changes by x" + fmt(xa.factor())
                + " per layer and the gradient std by x" + fmt(xg.factor()) + " per layer back toward the input (" + fmt(xa.overall()) + " and "
                + fmt(xg.overall()) + " over the stack), against x" + fmt(sa.factor()) + " and x" + fmt(sg.factor()) + " (" + fmt(sa.overall()) + ", "
                + fmt(sg.overall()) + ") from the standard U(-1/sqrt(n), 1/sqrt(n)); with tanh's gain 5/3, x" + fmt(ka.factor()) + " and x" + fmt(kg.factor())
                + " (tanh, the activation it was derived for; ReLU under xavier.3)";
        Verdict v = bothFans && consistent && standardDrifts ? Verdict.HOLDS : bothFans && xa.factor() > sa.factor() ? Verdict.PARTLY : Verdict.WRONG;
        return new Finding(v, ev);
    }

    static Finding xavierFormula() {
        FormulaCheck n = XavierExperiments.notesXavierFormula(XavierExperiments.FAN_IN, XavierExperiments.FAN_OUT);
        FormulaCheck square = XavierExperiments.notesXavierFormula(256, 256);
        boolean glorot = near(n.toGlorot(), 1, 0.03), lecun = near(n.toLecun(), 1, 0.03);
        String ev = "randn(784, 256) / sqrt(784) has sample variance " + fmt(n.measured()) + ": " + fmt(n.toLecun()) + " x 1/fan_in (LeCun's) but "
                + fmt(n.toGlorot()) + " x 2/(fan_in+fan_out) (Glorot's eq. 12, " + fmt(n.glorot()) + "), whose std is " + fmt(n.stdRatio())
                + " x larger on this layer; the two agree only on square layers (256 x 256: " + fmt(square.toLecun()) + " and " + fmt(square.toGlorot())
                + "), which hides the slip. Xavier normal is randn(fan_in, fan_out) * sqrt(2 / (fan_in + fan_out))";
        Verdict v = glorot ? Verdict.HOLDS : Verdict.WRONG;
        return new Finding(v, ev + (lecun ? "; the notes' line is LeCun's formula" : ""));
    }

    static Finding xavierSmooth() {
        var tc = XavierExperiments.tanhComparison();
        Trend xa = XavierExperiments.activationStdTrend(tc.get(XAVIER_1)), xg = XavierExperiments.gradientStdTrend(tc.get(XAVIER_1));
        Trend relu = XavierExperiments.reluSecondMomentTrend(Init.xavierNormal());
        Trend reluGrad = XavierExperiments.gradientStdTrend(XavierExperiments.reluPropagation(Init.xavierNormal()));
        boolean tanhOk = steady(xa.factor()) && steady(xg.factor());
        boolean reluOk = steady(relu.factor()) && steady(reluGrad.factor());
        String ev = "tanh, 10 x 500: activation std x" + fmt(xa.factor()) + " and gradient std x" + fmt(xg.factor()) + " per layer: smooth; ReLU, "
                + XavierExperiments.RELU_DEPTH + " x " + XavierExperiments.RELU_WIDTH + ": the activations' second moment falls by x" + fmt(relu.factor())
                + " per layer (theory 1/2), so the last hidden layer keeps " + fmt(relu.overall()) + " of the first's (2^-19 = " + fmt(Math.pow(2, -19))
                + "), and the gradient reaching the first layer is " + fmt(reluGrad.overall()) + " of the last's";
        Verdict v = !tanhOk ? Verdict.WRONG : reluOk ? Verdict.HOLDS : Verdict.PARTLY;
        return new Finding(v, ev);
    }

    // ---------------------------------------------------------------- He

    static Finding heRefinement() {
        Trend x = HeExperiments.forwardTrend(Init.xavierNormal()), h = HeExperiments.forwardTrend(Init.heNormal());
        History hx = HeExperiments.trainDeep(Init.xavierNormal(), HeExperiments.DEEP, 1), hh = HeExperiments.trainDeep(Init.heNormal(), HeExperiments.DEEP, 1);
        long steps = hh.stepsToLoss(HeExperiments.TARGET_LOSS);
        boolean forward = near(h.factor(), 1, 0.1) && near(x.factor(), 0.5, 0.1);
        boolean deep = HeExperiments.stalled(hx, 0.01) && steps >= 0;
        String ev = "Xavier's variance argument redone for ReLU's lost half: in the 20 x 256 ReLU stack the pre-activation second moment changes by x"
                + fmt(h.factor()) + " per layer with He (Var 2/fan_in) against x" + fmt(x.factor()) + " with Xavier; a " + HeExperiments.DEEP
                + "-layer ReLU MLP on the digits (SGD with momentum, " + HeExperiments.DEEP_EPOCHS + " epochs) never leaves loss " + fmt(hx.last().trainLoss())
                + " (ln 10 = " + fmt(Math.log(10)) + ") from Xavier, but from He its batch loss reaches " + HeExperiments.TARGET_LOSS + " at step " + steps
                + " (test accuracy " + fmt(hh.last().testAccuracy()) + " against " + fmt(hx.last().testAccuracy()) + ")";
        Verdict v = forward && deep ? Verdict.HOLDS : forward || deep ? Verdict.PARTLY : Verdict.WRONG;
        return new Finding(v, ev);
    }

    static Finding heFormula() {
        int in = XavierExperiments.FAN_IN, out = XavierExperiments.FAN_OUT;
        double v = XavierExperiments.sampleVariance(XavierExperiments.notesFormula(in, out, in / 2.0, 1));
        double ratio = v / (2.0 / in);
        Trend h = HeExperiments.forwardTrend(Init.heNormal());
        String ev = "randn(784, 256) / sqrt(784/2) has sample variance " + fmt(v) + " = " + fmt(ratio) + " x 2/fan_in, He et al.'s eq. 10 (std sqrt(2/fan_in)); "
                + "with that variance the 20-layer ReLU stack keeps its second moment (x" + fmt(h.factor()) + " per layer)";
        return new Finding(near(ratio, 1, 0.03) && near(h.factor(), 1, 0.1) ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding heHalf() {
        Rectification r = HeExperiments.rectification(Activation.RELU);
        double a = HeExperiments.LEAKY_SLOPE;
        Rectification l = HeExperiments.rectification(Activation.leakyRelu(a));
        boolean half = near(r.activeFraction(), 0.5, 0.03) && near(r.secondMomentRatio(), 0.5, 0.03);
        boolean everyInputUsed = r.unusedUnits() == 0 && r.minUnitActive() > LEARNS;
        boolean momentNotCount = near(l.activeFraction(), 0.5, 0.03) && near(l.secondMomentRatio(), (1 + a * a) / 2, 0.03);
        String ev = "in a He layer (256 units) on N(0, 1) inputs, " + fmt(100 * r.activeFraction()) + "% of the units are active for a given input and E[relu(z)^2]/E[z^2] = "
                + fmt(r.secondMomentRatio()) + ": the factor 2 restores that lost half of the second moment; but no input goes unused: every unit is active for "
                + fmt(100 * r.minUnitActive()) + "-" + fmt(100 * r.maxUnitActive()) + "% of the inputs (" + r.unusedUnits() + " never). With leaky ReLU (a = " + a
                + ") " + fmt(100 * l.activeFraction()) + "% are positive too, yet " + fmt(l.secondMomentRatio()) + " of the second moment is kept ((1+a^2)/2 = "
                + fmt((1 + a * a) / 2) + "), and He's factor becomes 2/(1+a^2) = " + fmt(2 / (1 + a * a)) + ": it tracks the second moment, not a count of inputs";
        Verdict v = half && everyInputUsed && momentNotCount ? Verdict.PARTLY : half ? Verdict.HOLDS : Verdict.WRONG;
        return new Finding(v, ev);
    }

    // ---------------------------------------------------------------- LeCun

    /** The year of the standard citation for Var = 1/fan_in: LeCun, Bottou, Orr &amp; Müller, "Efficient BackProp", 1998. */
    static final int EFFICIENT_BACKPROP = 1998;
    /** Glorot &amp; Bengio and He et al., the schemes LeCun's is "original" to. */
    static final int GLOROT = 2010, HE_ET_AL = 2015;

    /**
     * Not an experiment: a date is a citation. Documented (read in the paper's text): LeCun, Bottou, Orr &amp; Müller,
     * "Efficient BackProp", in G. Orr and K.-R. Müller (eds.), Neural Networks: Tricks of the Trade, Springer,
     * 1998, sec. 4.6 "Initializing the weights": assuming normalized inputs and their sigmoid 1.7159 tanh(2x/3),
     * draw weights "from a distribution (e.g. uniform) with mean zero and standard deviation sigma_w = m^-1/2",
     * m the fan-in (eqs. 15-16), so that each unit's weighted sum has std about 1 (eq. 14). The measured part
     * checks that aim: unit-variance inputs through LeCun-normal weights give pre-activations of std about 1.
     */
    static Finding lecunDate() {
        double pre = LeCunExperiments.firstLayerPreStd(XavierExperiments.FAN_IN, XavierExperiments.FAN_OUT);
        boolean original = EFFICIENT_BACKPROP < GLOROT && EFFICIENT_BACKPROP < HE_ET_AL;
        boolean early1990s = EFFICIENT_BACKPROP >= 1990 && EFFICIENT_BACKPROP <= 1994;
        String ev = "documented: LeCun, Bottou, Orr & Müller, \"Efficient BackProp\" (Neural Networks: Tricks of the Trade, Springer, " + EFFICIENT_BACKPROP
                + "), sec. 4.6: with normalized inputs, weights of mean 0 and std m^-1/2 (m the fan-in, \"e.g. uniform\") so each unit's sum has std ~1 "
                + "(measured here: " + fmt(pre) + "). That predates Glorot (" + GLOROT + ") and He (" + HE_ET_AL + "), so \"original\" holds; but " + EFFICIENT_BACKPROP
                + " is not the early 1990s, and no earlier source for this rule could be confirmed here (the 1989 zip-code network is reported to scale its "
                + "initial weights as 2.4/fan-in, a different rule)";
        Verdict v = original ? (early1990s ? Verdict.HOLDS : Verdict.PARTLY) : Verdict.WRONG;
        return new Finding(v, ev);
    }

    static Finding lecunFormula() {
        FormulaCheck n = LeCunExperiments.notesFormula(XavierExperiments.FAN_IN, XavierExperiments.FAN_OUT);
        double pre = LeCunExperiments.firstLayerPreStd(XavierExperiments.FAN_IN, XavierExperiments.FAN_OUT);
        String ev = "randn(784, 256) / sqrt(784) has sample variance " + fmt(n.measured()) + " = " + fmt(n.toLecun()) + " x 1/fan_in: std m^-1/2, "
                + "Efficient BackProp's eq. 16; with unit-variance inputs the first layer's pre-activations have std " + fmt(pre)
                + ", the sigma = 1 that its sec. 4.6 aims for (the paper draws from \"e.g. uniform\", the notes from a Gaussian: same variance)";
        return new Finding(near(n.toLecun(), 1, 0.03) && near(pre, 1, 0.05) ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding lecunSimilar() {
        double square = LeCunExperiments.maxActStdDifference(LeCunExperiments.tanhStack(), XavierExperiments.tanhComparison().get(XAVIER_1));
        var tp = LeCunExperiments.taperedComparison();
        double act = LeCunExperiments.maxActStdRatio(tp.get("lecun_normal"), tp.get("xavier_normal"));
        double grad = LeCunExperiments.maxGradStdRatio(tp.get("lecun_normal"), tp.get("xavier_normal"));
        Table slice = ShowdownExperiments.claimsSlice().results().get("digits").table();
        double lt = ShowdownExperiments.scoredMean(slice, "lecun_normal", "tanh", 20, 0.1), xt = ShowdownExperiments.scoredMean(slice, "xavier_normal", "tanh", 20, 0.1);
        double ls = ShowdownExperiments.scoredMean(slice, "lecun_normal", "selu", 20, 0.1), xs = ShowdownExperiments.scoredMean(slice, "xavier_normal", "selu", 20, 0.1);
        Map<String, Trend> g = LeCunExperiments.gradientTrends();
        boolean similar = square == 0 && act <= 1.5 && Math.abs(lt - xt) <= 0.1 && Math.abs(ls - xs) <= 0.1;
        boolean tanhSelu = steady(g.get("tanh").factor()) && steady(g.get("selu").factor());
        boolean relu = steady(g.get("relu").factor());
        String ev = "on square layers LeCun's and Xavier's variances are equal (the 10 x 500 tanh stack's activations " + (square == 0 ? "are identical" : "agree to " + fmt(square))
                + "); elsewhere they differ by (fan_in+fan_out)/(2 fan_in): " + fmt(LeCunExperiments.varianceRatio(784, 256)) + " on 784->256, "
                + fmt(LeCunExperiments.varianceRatio(256, 10)) + " on a 256->10 head; on a tapering 784->24 tanh net activation std differs by at most x"
                + fmt(act) + ", gradient std by x" + fmt(grad) + "; 20 layers on the digits reach test accuracy " + fmt(lt) + " against " + fmt(xt) + " (tanh) and "
                + fmt(ls) + " against " + fmt(xs) + " (SELU). Gradient std per layer back toward the input: tanh x" + fmt(g.get("tanh").factor()) + ", SELU x"
                + fmt(g.get("selu").factor()) + " (steady), ReLU x" + fmt(g.get("relu").factor()) + " (vanishing: " + fmt(g.get("relu").overall())
                + " over 20 layers), as with Xavier";
        Verdict v = !similar ? Verdict.WRONG : tanhSelu && relu ? Verdict.HOLDS : tanhSelu ? Verdict.PARTLY : Verdict.WRONG;
        return new Finding(v, ev);
    }

    // ---------------------------------------------------------------- key points

    static Finding gaussianNeeded() {
        var shapes = ShowdownExperiments.shapeComparison();
        Map<String, Double> t = ShowdownExperiments.meanAccuracy(shapes.get("tanh")), r = ShowdownExperiments.meanAccuracy(shapes.get("relu"));
        double xn = t.get("xavier_normal"), xu = t.get("xavier_uniform"), to = t.get("orthogonal");
        double hn = r.get("he_normal"), hu = r.get("he_uniform"), ro = r.get(Init.orthogonal(Math.sqrt(2)).name());
        double constBest = Math.max(Math.max(t.get("zeros"), t.get("constant(0.1)")), Math.max(r.get("zeros"), r.get("constant(0.1)")));
        boolean randomBreaks = constBest < LEARNS && Math.min(xn, hn) >= LEARNS;
        boolean gaussianNotNeeded = xu >= xn - 0.03 && to >= xn - 0.03 && hu >= hn - 0.03 && ro >= hn - 0.03;
        String ev = ShowdownExperiments.SHAPE_DEPTH + "-layer nets on the digits, mean test accuracy over 3 seeds: tanh from Xavier normal " + fmt(xn)
                + ", Xavier uniform " + fmt(xu) + ", orthogonal " + fmt(to) + "; ReLU from He normal " + fmt(hn) + ", He uniform " + fmt(hu)
                + ", orthogonal (gain sqrt 2) " + fmt(ro) + "; all-zero and constant starts at most " + fmt(constBest)
                + ". Randomness breaks the symmetry; the Gaussian shape is not needed (Glorot & Bengio's own normalized init, eq. 16, is uniform, "
                + "and Efficient BackProp sec. 4.6 says \"e.g. uniform\")";
        Verdict v = !randomBreaks ? Verdict.WRONG : gaussianNotNeeded ? Verdict.PARTLY : Verdict.HOLDS;
        return new Finding(v, ev);
    }

    /** Best and worst (diverged runs at chance) of a set of initializers for one activation and depth of a sweep table. */
    static double[] bestAndWorst(Table sweep, List<String> inits, String act, int depth) {
        double best = Double.NEGATIVE_INFINITY, worst = Double.POSITIVE_INFINITY;
        for (String i : inits) {
            double m = ShowdownExperiments.scoredMean(sweep, i, act, depth, 0.1);
            best = Math.max(best, m);
            worst = Math.min(worst, m);
        }
        return new double[]{best, worst};
    }

    static List<String> names(java.util.function.Predicate<String> keep) {
        return ShowdownExperiments.initializers().stream().map(org.initlab.init.Initializer::name).filter(keep).toList();
    }

    static Finding crucialForDeep() {
        Table slice = ShowdownExperiments.claimsSlice().results().get("digits").table();
        List<String> random = names(n -> !ShowdownExperiments.nonRandom(n));
        StringBuilder parts = new StringBuilder();
        boolean decides = true, shallowFine = true;
        for (Activation a : ShowdownExperiments.activations()) {
            double[] deep = bestAndWorst(slice, random, a.label(), 20), shallow = bestAndWorst(slice, random, a.label(), 2);
            decides &= deep[0] >= LEARNS && deep[1] < LEARNS;
            shallowFine &= shallow[1] >= LEARNS;
            if (!parts.isEmpty()) parts.append("; ");
            parts.append(a.label()).append(" ").append(fmt(deep[0])).append(" against ").append(fmt(deep[1])).append(" (depth 2: ")
                    .append(fmt(shallow[0])).append(" and ").append(fmt(shallow[1])).append(")");
        }
        String ev = "20-layer MLPs on the digits (" + ShowdownExperiments.Setting.CLAIMS.seeds() + " seeds, one training recipe for all): the best and the worst "
                + "random initializer reach mean test accuracy " + parts + ": with depth, the choice of random init decides whether the network learns at all"
                + (shallowFine ? ", while every random start learns in a 1-hidden-layer net" : "")
                + ". Measured on plain MLPs only: this library has no normalization layers or skip connections, which modern deep networks add partly to lessen this dependence";
        return new Finding(decides ? Verdict.HOLDS : Verdict.WRONG, ev);
    }

    static Finding essential() {
        Table slice = ShowdownExperiments.claimsSlice().results().get("digits").table();
        List<String> nonRandom = names(ShowdownExperiments::nonRandom), uncontrolled = names(ShowdownExperiments::uncontrolled);
        List<String> controlled = names(n -> !ShowdownExperiments.nonRandom(n) && !ShowdownExperiments.uncontrolled(n));
        boolean randomEssential = true, controlDeep = true;
        int keepUp = 0; // activations whose best uncontrolled start comes within 0.1 of the best fan-scaled one in a 1-hidden-layer net
        double nonRandomBest = 0, uncontrolledDeep = 0, controlledDeep = 1;
        StringBuilder shallow = new StringBuilder();
        for (Activation a : ShowdownExperiments.activations()) {
            String act = a.label();
            for (int depth : ShowdownExperiments.Setting.CLAIMS.depths()) {
                double b = bestAndWorst(slice, nonRandom, act, depth)[0];
                nonRandomBest = Math.max(nonRandomBest, b);
                randomEssential &= b < LEARNS;
            }
            double u = bestAndWorst(slice, uncontrolled, act, 20)[0], c = bestAndWorst(slice, controlled, act, 20)[0];
            uncontrolledDeep = Math.max(uncontrolledDeep, u);
            controlledDeep = Math.min(controlledDeep, c);
            controlDeep &= u < LEARNS && c >= LEARNS;
            double u2 = bestAndWorst(slice, uncontrolled, act, 2)[0], c2 = bestAndWorst(slice, controlled, act, 2)[0];
            if (u2 >= c2 - 0.1) keepUp++;
            if (!shallow.isEmpty()) shallow.append(", ");
            shallow.append(act).append(" ").append(fmt(u2)).append(" against ").append(fmt(c2));
        }
        int acts = ShowdownExperiments.activations().size();
        String ev = "digits, " + ShowdownExperiments.Setting.CLAIMS.seeds() + " seeds: all-zero and constant starts never learn (best mean test accuracy "
                + fmt(nonRandomBest) + " at depth 2 or 20); at depth 20 random weights of uncontrolled scale, N(0, 0.01^2) and N(0, 1), fail too (best "
                + fmt(uncontrolledDeep) + ") while fan-scaled ones learn with every activation (each activation's best reaches at least " + fmt(controlledDeep)
                + "); with one hidden layer the best uncontrolled start comes within 0.1 of the best fan-scaled one for " + keepUp + " of " + acts
                + " activations (" + shallow + ")" + (keepUp > 0 ? ": randomness is essential at every depth, controlled scale only as depth grows" : "");
        Verdict v = !(randomEssential && controlDeep) ? Verdict.WRONG : keepUp == 0 ? Verdict.HOLDS : Verdict.PARTLY;
        return new Finding(v, ev);
    }
}

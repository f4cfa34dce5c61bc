package org.initlab.nn;

/**
 * e^y - 1, and tanh, the sigmoid and the ELU/SELU negative branch built on it, in plain IEEE arithmetic
 * (adds, multiplies, one divide, bit moves; no fused multiply-add, no library call). One algorithm, run either
 * on SIMD registers ({@link VectorExpFunctions}, with the Vector API) or by the scalar methods here: both give
 * the same bits, whatever the JIT has or has not compiled yet. {@code Math.tanh} could not be used that way (its
 * Vector API counterpart is a different algorithm, within 1 ulp of it), and it costs 10-18 ns a call here
 * against 3 for the SIMD loop; tanh is the costliest step of a tanh network's training outside the products.
 *
 * <p>Accuracy, measured against {@code StrictMath} over 10^6 draws on each of several scales (ExpFunctionsTest):
 * within 2 ulp for e^y - 1 and within 4 ulp for tanh and the sigmoid, about 1e-15 relatively, far below
 * anything a Float64 training run can resolve (and the same correctly rounded value in Float32 but for ties).
 *
 * <p>The method is the textbook one (Tang 1989; Muller, <i>Elementary Functions</i>, ch. 11): y = k ln 2 + r with
 * k = round(y / ln 2) and |r| <= ln 2 / 2, ln 2 split in two (fdlibm's ln2_hi, whose 32 leading bits make k ln2_hi
 * exact) so r is nearly exact; e^r - 1 = r + r^2 (1/2! + r/3! + ... + r^11/13!), Taylor to degree 13, whose
 * truncation error r^14/14! < 5e-18 is below half an ulp; and e^y - 1 = 2^k (e^r - 1) - (1 - 2^k), with 2^k
 * written straight into the exponent bits. k = round(y / ln 2) is found by adding and subtracting 1.5 * 2^52,
 * which leaves k, rounded to nearest even, in the low bits of the sum.
 */
public final class ExpFunctions {
    private ExpFunctions() {}

    static final double LOG2E = 1.4426950408889634; // 1 / ln 2
    static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10; // fdlibm's split of ln 2
    static final double SHIFT = 0x1.8p52; // adding it rounds to an integer and puts that integer in the low bits
    /** Taylor coefficients 1/n!, n = 2..13. */
    static final double C2 = 1.0 / 2, C3 = 1.0 / 6, C4 = 1.0 / 24, C5 = 1.0 / 120, C6 = 1.0 / 720, C7 = 1.0 / 5040, C8 = 1.0 / 40320,
            C9 = 1.0 / 362880, C10 = 1.0 / 3628800, C11 = 1.0 / 39916800, C12 = 1.0 / 479001600, C13 = 1.0 / 6227020800.0;
    /** The range where 2^k stays a normal double: e^y - 1 is taken at the nearer end beyond it (-1 to the last bit below). */
    static final double LIMIT = 708;
    /** tanh(x) rounds to +-1 for |x| > 19.1; beyond 20 the argument is clamped. */
    static final double TANH_LIMIT = 20;

    /** Whether the array methods run on SIMD registers ({@code -Dinitlab.vector=false} turns it off; the bits are the same). */
    public static boolean vectorized() { return VECTOR; }

    static final boolean VECTOR = Simd.ON && VectorExpFunctions.usable();

    /** e^y - 1. Arguments beyond +-708 are taken at +-708 (e^-708 - 1 is -1 to the last bit; e^708 ~ 3e307). NaN gives NaN. */
    public static double expm1(double y) {
        double x = Math.min(Math.max(y, -LIMIT), LIMIT);
        double s = x * LOG2E + SHIFT, k = s - SHIFT;
        double r = (x - k * LN2_HI) - k * LN2_LO;
        double p = r + r * r * (C2 + r * (C3 + r * (C4 + r * (C5 + r * (C6 + r * (C7 + r * (C8 + r * (C9 + r * (C10 + r * (C11 + r * (C12 + r * C13)))))))))));
        double u = Double.longBitsToDouble((Double.doubleToRawLongBits(s) + 1023) << 52); // 2^k
        return u * p - (1 - u);
    }

    /** tanh(x) = -t / (t + 2) with t = e^(-2|x|) - 1, and the sign of x (so tanh(-0.0) = -0.0 and tanh is exactly odd). */
    public static double tanh(double x) {
        double t = expm1(-2 * Math.min(Math.abs(x), TANH_LIMIT));
        return Math.copySign(Math.abs(-t / (t + 2)), x);
    }

    /** 1 / (1 + e^-x) = 1 / (2 + (e^-x - 1)): no overflow, and no cancellation on either side. */
    public static double sigmoid(double x) { return 1 / (2 + expm1(-x)); }

    /** out[to + i] = tanh(z[from + i]) for i < n. */
    static void tanh(double[] z, int from, double[] out, int to, int n) {
        int done = VECTOR ? VectorExpFunctions.tanh(z, from, out, to, n) : 0;
        for (int i = done; i < n; i++) out[to + i] = tanh(z[from + i]);
    }

    /** out[to + i] = sigmoid(z[from + i]) for i < n. */
    static void sigmoid(double[] z, int from, double[] out, int to, int n) {
        int done = VECTOR ? VectorExpFunctions.sigmoid(z, from, out, to, n) : 0;
        for (int i = done; i < n; i++) out[to + i] = sigmoid(z[from + i]);
    }

    /** out[to + i] = z > 0 ? scale z : scale alpha (e^z - 1), z = z[from + i], for i < n: ELU (scale 1) and SELU. */
    static void elu(double[] z, int from, double[] out, int to, int n, double scale, double alpha) {
        int done = VECTOR ? VectorExpFunctions.elu(z, from, out, to, n, scale, alpha) : 0;
        for (int i = done; i < n; i++) out[to + i] = elu(z[from + i], scale, alpha);
    }

    static double elu(double z, double scale, double alpha) { return z > 0 ? scale * z : scale * alpha * expm1(z); }
}

package org.initlab.nn;

import smile.linalg.blas.cblas_h;

import java.lang.foreign.MemorySegment;

/**
 * The system OpenBLAS that Smile calls: one thread, and what it runs on.
 *
 * <p>OpenBLAS starts with one thread per core, and a multi-threaded product or QR blocks its work by
 * the thread count, so its last bits depend on the machine (851k of 931k weights of an orthogonal
 * 784-512x3-10 start differed between 1 and 2 cores, when its QR was OpenBLAS's). So every entry of
 * this library into BLAS ({@link Gemm}, the notebook set-up) first calls {@link #singleThreaded()};
 * parallelism comes from our own fixed split instead. The orthogonal start no longer calls LAPACK at all:
 * on the Prescott kernel even a one-threaded QR gave other last bits from call to call.
 *
 * <p>What still changes the bits is the kernel OpenBLAS picks for the CPU ({@code OPENBLAS_CORETYPE}
 * overrides it): {@link #coreName()} names it, so a result can say what it was computed on.
 */
public final class OpenBlas {
    private OpenBlas() {}

    /** Set once, on first use: the class initializer runs exactly once per JVM, before any caller goes on. */
    private static final class Once {
        static final boolean OPENBLAS;

        static {
            boolean ok;
            try {
                cblas_h.openblas_set_num_threads(1);
                ok = true;
            } catch (Throwable e) {
                ok = false; // not OpenBLAS: products still work; bit-identity across core counts is not promised
            }
            OPENBLAS = ok;
        }
    }

    /** Makes OpenBLAS single-threaded (once per JVM); true if the BLAS is OpenBLAS and took the setting. */
    public static boolean singleThreaded() { return Once.OPENBLAS; }

    /** The kernel OpenBLAS runs, e.g. "Haswell", "Cooperlake", "Nehalem"; "unknown" for another BLAS. */
    public static String coreName() {
        singleThreaded();
        return text(() -> cblas_h.openblas_get_corename());
    }

    /** OpenBLAS's build configuration, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64". */
    public static String config() {
        singleThreaded();
        return text(() -> cblas_h.openblas_get_config());
    }

    /** OpenBLAS's thread count now (1 after {@link #singleThreaded()}); -1 for another BLAS. */
    public static int threads() {
        singleThreaded();
        try {
            return cblas_h.openblas_get_num_threads();
        } catch (Throwable e) {
            return -1;
        }
    }

    private static String text(java.util.function.Supplier<MemorySegment> call) {
        try {
            return call.get().reinterpret(256).getString(0).trim();
        } catch (Throwable e) {
            return "unknown";
        }
    }
}

package org.initlab.nn;

/**
 * Whether the SIMD loops may run: the Vector API's module is present ({@code --add-modules jdk.incubator.vector},
 * which ./initlab and the kernels pass) and {@code -Dinitlab.vector=false} has not turned it off. Each SIMD loop
 * has a scalar twin that gives the same bits, so this decides speed only.
 */
public final class Simd {
    private Simd() {}

    /** Checked once; classes that use the Vector API are loaded only when this is true. */
    public static final boolean ON = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("initlab.vector"));
}

package org.initlab.notebook;

/**
 * Registers renderers once per kernel renderer and per class loader of the library. The mark lives in
 * the system properties because the same renderer can be reached from copies of this class in other
 * class loaders (JJava loads extensions in a loader of their own).
 */
public final class RegistrationGuard {

    private RegistrationGuard() {}

    /** True the first time it is called for this renderer and this {@code marker} class (that class's loader). */
    public static synchronized boolean firstTime(Object renderer, Class<?> marker) {
        String key = "initlab.notebook.renderers@" + Integer.toHexString(System.identityHashCode(renderer))
                + "/" + Integer.toHexString(System.identityHashCode(marker));
        if (System.getProperty(key) != null) return false;
        System.setProperty(key, marker.getName());
        return true;
    }
}

package org.initlab.notebook;

/**
 * What the notebook helpers need from the Jupyter kernel they run in: show a {@link Bundle}, update a
 * shown one in place, and make the kernel draw the library's objects when a cell ends with one.
 * One implementation per kernel (rapaio, IJava, JJava), each in its own package and loaded by
 * {@link Kernels} only when that kernel is the one running, plus a text fallback outside Jupyter.
 */
public interface KernelBridge {

    /** The kernel's name: "rapaio", "IJava", "JJava", or "none" outside a kernel. */
    String name();

    /** Whether output goes to a notebook (false: plain text on stdout). */
    default boolean inKernel() { return true; }

    /** Shows a bundle as a new output; a non-null {@code displayId} lets {@link #update} replace it later. */
    void display(Bundle bundle, String displayId);

    /** Replaces the output shown with {@code displayId}. */
    void update(String displayId, Bundle bundle);

    /** Makes the kernel draw charts, tables and grids that end a cell; safe to call again. */
    void installRenderers();
}

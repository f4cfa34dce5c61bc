package org.initlab.notebook;

/**
 * The last step of every notebook's set-up cell ({@code %load setup.jsh}, see notebooks/setup.jsh):
 * finds the kernel, makes it draw charts, tables and grids that end a cell, and says it is ready.
 */
public final class Notebook {

    private Notebook() {}

    /** Installs the renderers for the running kernel and prints one line saying so. */
    public static void setup() {
        org.initlab.nn.OpenBlas.singleThreaded(); // before a cell's first Smile call, whatever it is
        KernelBridge k = Kernels.current();
        k.installRenderers(); // again: cheap, and picks up jars added since the first call
        // Through the kernel rather than System.out: rapaio runs %load outside the cell's stdout.
        k.display(Bundle.text("Init Lab ready: Java " + Runtime.version().feature()
                + (k.inKernel() ? ", " + k.name() + " kernel." : ", no Jupyter kernel (text output).")), null);
    }
}

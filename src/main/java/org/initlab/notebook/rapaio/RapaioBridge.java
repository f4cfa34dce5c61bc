package org.initlab.notebook.rapaio;

import org.initlab.notebook.Bundle;
import org.initlab.notebook.KernelBridge;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplaySystem;

/**
 * The rapaio kernel (io.github.padreati:rapaio-jupyter-kernel): output through {@code MainApp.kernel},
 * the instance its {@code Global.display} uses too. Renderers for cell results come from
 * {@link RapaioDisplayProvider}, a {@code DisplayProvider} service the kernel loads itself.
 * Loaded only when the rapaio kernel runs this JVM (see org.initlab.notebook.Kernels).
 */
public final class RapaioBridge implements KernelBridge {

    public RapaioBridge() {}

    @Override public String name() { return "rapaio"; }

    @Override public void display(Bundle bundle, String displayId) {
        DisplayData dd = displayData(bundle);
        if (displayId != null) dd.setDisplayId(displayId);
        MainApp.kernel.display(dd);
    }

    @Override public void update(String displayId, Bundle bundle) {
        DisplayData dd = displayData(bundle);
        dd.setDisplayId(displayId);
        MainApp.kernel.updateDisplay(dd);
    }


    @Override public void installRenderers() {
        // The kernel reloads DisplayProvider services when %jar adds jars; setup.jsh adds them through
        // JShell directly, so ask for the reload here (idempotent).
        DisplaySystem.inst().refreshSpiDisplayHandlers();
    }

    static DisplayData displayData(Bundle bundle) {
        DisplayData dd = DisplayData.withType(Bundle.TEXT, bundle.text());
        bundle.data().forEach(dd::putData);
        bundle.metadata().forEach(dd::putMetaData);
        return dd;
    }
}

package org.initlab.notebook.ijava;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import org.initlab.notebook.Bundle;
import org.initlab.notebook.Explorable;
import org.initlab.plot.Grid;
import org.initlab.notebook.KernelBridge;
import org.initlab.notebook.RegistrationGuard;
import org.initlab.notebook.Render;
import org.initlab.notebook.Svg;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * IJava 1.3 (built on io.github.spencerpark:jupyter-jvm-basekernel 2.3.0): output through the kernel
 * that {@code IJava.getKernelInstance()} returns, and renderers registered on its {@link Renderer}
 * (IJava has no service to load them from, so this happens when the notebook's set-up calls
 * {@code Notebook.setup()}, or on the first {@code show}). Loaded only when IJava runs this JVM.
 */
public final class IJavaBridge implements KernelBridge {

    private final BaseKernel kernel;

    public IJavaBridge(Object kernel) { this.kernel = (BaseKernel) kernel; }

    @Override public String name() { return "IJava"; }

    @Override public void display(Bundle bundle, String displayId) {
        DisplayData dd = displayData(bundle);
        if (displayId != null) dd.setDisplayId(displayId);
        kernel.display(dd);
    }

    @Override public void update(String displayId, Bundle bundle) {
        kernel.getIO().display.updateDisplay(displayId, displayData(bundle));
    }


    @Override public void installRenderers() {
        Renderer r = kernel.getRenderer();
        if (!RegistrationGuard.firstTime(r, Chart.class)) return;
        r.createRegistration(Chart.class).preferring(Bundle.PNG).supporting(Bundle.SVG).register(IJavaBridge::render);
        r.createRegistration(Grid.class).preferring(Bundle.PNG).register(IJavaBridge::render);
        r.createRegistration(Svg.class).preferring(Bundle.SVG).register(IJavaBridge::render);
        r.createRegistration(Table.class).preferring(Bundle.HTML).register(IJavaBridge::render);
        r.createRegistration(java.awt.image.BufferedImage.class).preferring(Bundle.PNG).register(IJavaBridge::render);
        r.createRegistration(Explorable.class).preferring(Bundle.HTML, Bundle.PNG).register(IJavaBridge::render);
        r.createRegistration(Bundle.class).preferring(Bundle.HTML, Bundle.PNG, Bundle.SVG).register(IJavaBridge::render);
    }

    private static void render(Object value, io.github.spencerpark.jupyter.kernel.display.RenderContext ctx) {
        fill(ctx.getOutputContainer(), Render.bundle(value));
    }

    static DisplayData displayData(Bundle bundle) {
        DisplayData dd = new DisplayData();
        fill(dd, bundle);
        return dd;
    }

    private static void fill(DisplayData dd, Bundle bundle) {
        bundle.data().forEach(dd::putData);
        bundle.metadata().forEach(dd::putMetaData);
    }
}

package org.initlab.notebook.jjava;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.initlab.notebook.Bundle;
import org.initlab.notebook.Explorable;
import org.initlab.plot.Grid;
import org.initlab.notebook.KernelBridge;
import org.initlab.notebook.Render;
import org.initlab.notebook.Svg;
import org.initlab.notebook.RegistrationGuard;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * JJava (org.dflib.jjava; compiled against jupyter-jvm-basekernel 1.0-M3, whose BaseKernel, Renderer and
 * DisplayData calls used here are unchanged in the later jjava-jupyter 1.0-a6): output through the
 * running kernel, renderers registered on its {@link Renderer}. {@link JJavaExtension} registers them
 * when JJava loads the jar; {@code Notebook.setup()} does too, for JJava versions that load extensions
 * in a separate class loader. Loaded only when JJava runs this JVM.
 */
public final class JJavaBridge implements KernelBridge {

    private final BaseKernel kernel;

    public JJavaBridge(Object kernel) { this.kernel = (BaseKernel) kernel; }

    @Override public String name() { return "JJava"; }

    @Override public void display(Bundle bundle, String displayId) {
        DisplayData dd = displayData(bundle);
        // Not dd.setDisplayId: it returns void in 1.0-M3 and DisplayData in 1.0-a7, so a call compiled against one
        // fails with NoSuchMethodError on the other. putTransientData(String, Object) is void in both.
        if (displayId != null) dd.putTransientData("display_id", displayId);
        kernel.display(dd);
    }

    @Override public void update(String displayId, Bundle bundle) {
        kernel.getIO().display.updateDisplay(displayId, displayData(bundle));
    }


    @Override public void installRenderers() { register(kernel.getRenderer()); }

    static void register(Renderer r) {
        if (!RegistrationGuard.firstTime(r, Chart.class)) return;
        r.createRegistration(Chart.class).preferring(Bundle.PNG).supporting(Bundle.SVG).register(JJavaBridge::render);
        r.createRegistration(Grid.class).preferring(Bundle.PNG).register(JJavaBridge::render);
        r.createRegistration(Svg.class).preferring(Bundle.SVG).register(JJavaBridge::render);
        r.createRegistration(Table.class).preferring(Bundle.HTML).register(JJavaBridge::render);
        r.createRegistration(java.awt.image.BufferedImage.class).preferring(Bundle.PNG).register(JJavaBridge::render);
        r.createRegistration(Explorable.class).preferring(Bundle.HTML, Bundle.PNG).register(JJavaBridge::render);
        r.createRegistration(Bundle.class).preferring(Bundle.HTML, Bundle.PNG, Bundle.SVG).register(JJavaBridge::render);
    }

    private static void render(Object value, RenderContext ctx) {
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

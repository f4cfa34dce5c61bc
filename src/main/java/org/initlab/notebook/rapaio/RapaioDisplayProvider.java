package org.initlab.notebook.rapaio;

import org.initlab.notebook.Bundle;
import org.initlab.notebook.Explorable;
import org.initlab.plot.Grid;
import org.initlab.notebook.Render;
import org.initlab.notebook.Svg;
import org.knowm.xchart.internal.chartpart.Chart;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * rapaio's extension point (service {@code org.rapaio.jupyter.kernel.display.spi.DisplayProvider}):
 * a cell ending with a chart, table, grid or {@link Bundle} shows as {@link Render} draws it.
 * Only rapaio looks this service up, so no other JVM loads this class.
 */
public final class RapaioDisplayProvider implements DisplayProvider {

    public RapaioDisplayProvider() {}

    @Override public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(new LibraryRenderer(Chart.class), new LibraryRenderer(Table.class),
                new LibraryRenderer(Grid.class), new LibraryRenderer(Svg.class), new LibraryRenderer(Bundle.class),
                new LibraryRenderer(Explorable.class),
                new LibraryRenderer(java.awt.image.BufferedImage.class));
    }

    @Override public List<DisplayTransformer> getDisplayTransformers() { return List.of(); }

    private record LibraryRenderer(Class<?> rendererClass) implements DisplayRenderer {
        @Override public boolean canRender(String mime) { return true; }

        @Override public DisplayData render(String mime, Object o) {
            return RapaioBridge.displayData(Render.bundle(o));
        }
    }
}

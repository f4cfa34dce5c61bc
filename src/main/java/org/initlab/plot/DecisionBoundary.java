package org.initlab.plot;

import org.initlab.data.Dataset;
import org.initlab.nn.Loss;
import org.initlab.nn.Network;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What a classifier does over a 2-D data set: the plane colored by predicted class (light tints)
 * with the samples on top in their true class's color, so misclassified points stand out.
 *
 * <pre>{@code DecisionBoundary.of(net, moons.test())}</pre>
 */
public final class DecisionBoundary {
    private DecisionBoundary() {}

    /** Grid cells per side of the plane. */
    public static final int RESOLUTION = 120;

    /** Class = argmax of the outputs, or output &gt; 0 for a single logit (cross-entropy losses). */
    public static XYChart of(Network net, Dataset data) {
        return of(net, data, Loss.softmaxCrossEntropy());
    }

    /** The same under a title of the caller's (what the run was, say, rather than the network's shape). */
    public static XYChart of(Network net, Dataset data, String title) {
        if (title == null || title.isBlank()) throw new IllegalArgumentException("a decision boundary's title must not be blank");
        XYChart chart = of(net, data, Loss.softmaxCrossEntropy());
        chart.setTitle(title);
        return chart;
    }

    /** As the loss predicts: a single output is compared with the loss's threshold (0.5 for squared error). */
    public static XYChart of(Network net, Dataset data, Loss loss) {
        checkInputs(net.inputs(), data);
        double threshold = loss.threshold();
        Function<double[][], int[]> classify = points -> {
            double[][] out = net.outputs(points);
            int[] cls = new int[out.length];
            for (int i = 0; i < out.length; i++) cls[i] = predicted(out[i], threshold);
            return cls;
        };
        return chart(classify, data, "Decision boundary, " + net.spec().describe(), RESOLUTION);
    }

    /** Any classifier of a 2-D point. */
    public static XYChart of(ToIntFunction<double[]> classifier, Dataset data, String title) {
        return of(classifier, data, title, RESOLUTION);
    }

    public static XYChart of(ToIntFunction<double[]> classifier, Dataset data, String title, int resolution) {
        checkInputs(2, data);
        return chart(points -> {
            int[] cls = new int[points.length];
            for (int i = 0; i < points.length; i++) cls[i] = classifier.applyAsInt(points[i]);
            return cls;
        }, data, title, resolution);
    }

    /** argmax, or for one output whether it exceeds the threshold. */
    static int predicted(double[] out, double threshold) {
        if (out.length == 1) return out[0] > threshold ? 1 : 0;
        int best = 0;
        for (int j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
        return best;
    }

    private static XYChart chart(Function<double[][], int[]> classify, Dataset data, String title, int resolution) {
        if (resolution < 2) throw new IllegalArgumentException("resolution must be at least 2, got " + resolution);
        // The data's bounding box plus a margin, so no point sits on the frame.
        double[] xr = Charts.range(column(data, 0)), yr = Charts.range(column(data, 1));
        double padX = 0.1 * Math.max(xr[1] - xr[0], 1e-9), padY = 0.1 * Math.max(yr[1] - yr[0], 1e-9);
        double x0 = xr[0] - padX, x1 = xr[1] + padX, y0 = yr[0] - padY, y1 = yr[1] + padY;
        double dx = (x1 - x0) / resolution, dy = (y1 - y0) / resolution;
        double[][] grid = new double[resolution * resolution][];
        for (int i = 0; i < resolution; i++)
            for (int j = 0; j < resolution; j++)
                grid[i * resolution + j] = new double[]{x0 + (j + 0.5) * dx, y0 + (i + 0.5) * dy};
        int[] predicted = classify.apply(grid);

        int k = data.numClasses();
        java.util.List<String> classes = data.classNames().stream().map(c -> "class " + c).toList();
        XYChart chart = Style.xy(title, "feature 0", "feature 1", 640, 480, classes);
        var st = chart.getStyler();
        st.setXAxisMin(x0);
        st.setXAxisMax(x1);
        st.setYAxisMin(y0);
        st.setYAxisMax(y1);
        st.setPlotContentSize(1.0); // cells tile the plot edge to edge
        st.setPlotGridLinesVisible(false);
        st.setXAxisTickLabelsFormattingFunction(Charts::tick);
        st.setYAxisTickLabelsFormattingFunction(Charts::tick);
        st.setMarkerSize(7);

        // Regions first, so the samples are painted over them.
        Marker cell = new Cell(chart, dx, dy);
        for (int c = 0; c < k; c++) {
            int n = 0;
            for (int p : predicted) if (p == c) n++;
            if (n == 0) continue;
            double[] x = new double[n], y = new double[n];
            int m = 0;
            for (int p = 0; p < predicted.length; p++)
                if (predicted[p] == c) { x[m] = grid[p][0]; y[m++] = grid[p][1]; }
            XYSeries region = Charts.points(chart, "region " + c, x, y, Style.tint(Style.categorical(c), 0.72));
            region.setMarker(cell);
            region.setShowInLegend(false);
        }
        for (int c = 0; c < k; c++) {
            int n = 0;
            for (int label : data.y()) if (label == c) n++;
            if (n == 0) continue;
            double[] x = new double[n], y = new double[n];
            int m = 0;
            for (int i = 0; i < data.size(); i++)
                if (data.y()[i] == c) { x[m] = data.x()[i][0]; y[m++] = data.x()[i][1]; }
            Charts.points(chart, classes.get(c), x, y, Style.categorical(c)).setMarker(Charts.DOT);
        }
        return chart;
    }

    private static double[] column(Dataset data, int j) {
        double[] v = new double[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = data.x()[i][j];
        return v;
    }

    private static void checkInputs(int inputs, Dataset data) {
        if (data.features() != 2 || inputs != 2)
            throw new IllegalArgumentException("a decision boundary needs 2 features and a 2-input classifier; the data set "
                    + data.name() + " has " + data.features() + " features" + (inputs != 2 ? ", the network " + inputs + " inputs" : ""));
    }

    /**
     * A marker that fills one grid cell: its size follows the chart's data-to-screen scale at
     * paint time, so cells tile the plane whatever the chart's size. Slightly oversized (half a
     * pixel) so no hairline gaps show between cells.
     */
    private static final class Cell extends Marker {
        private final XYChart chart;
        private final double dx, dy;

        Cell(XYChart chart, double dx, double dy) {
            this.chart = chart;
            this.dx = dx;
            this.dy = dy;
        }

        @Override public void paint(Graphics2D g, double xOffset, double yOffset, int markerSize) {
            double w = Math.abs(chart.getScreenXFromChart(dx) - chart.getScreenXFromChart(0)) + 0.5;
            double h = Math.abs(chart.getScreenYFromChart(dy) - chart.getScreenYFromChart(0)) + 0.5;
            g.fill(new Rectangle2D.Double(xOffset - w / 2, yOffset - h / 2, w, h));
        }
    }
}

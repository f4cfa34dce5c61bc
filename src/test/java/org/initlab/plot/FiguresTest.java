package org.initlab.plot;

import org.initlab.data.Dataset;
import org.initlab.data.Generators;
import org.initlab.init.Init;
import org.initlab.nn.Activation;
import org.initlab.nn.History;
import org.initlab.nn.Loss;
import org.initlab.nn.Network;
import org.initlab.nn.Optimizer;
import org.initlab.nn.Trainer;
import org.initlab.probe.LayerStats;
import org.initlab.probe.Probe;
import org.initlab.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every standard figure, built from real small runs: the series it should hold, and a PNG at twice its size. */
class FiguresTest {

    static Dataset.Split moons;
    static Network xavierNet;
    static History xavier, small, diverged;
    static Map<String, History> runs;

    @TempDir static Path dir;

    @BeforeAll
    static void train() {
        moons = Generators.moons(200, 0.15, 1).split(0.25, 2).standardized();
        Trainer trainer = Trainer.of(Optimizer.sgd(0.1)).epochs(4).batchSize(16).seed(1).probe(Probe.every(1));
        xavierNet = Network.mlp(2, 16, 16, 2).activation(Activation.TANH).init(Init.xavierNormal()).seed(1).build();
        xavier = trainer.fit(xavierNet, moons);
        small = trainer.fit(Network.mlp(2, 16, 16, 2).activation(Activation.TANH).init(Init.normal(0.01)).seed(1).build(), moons);
        // Squared error with a huge step on large ReLU weights: the loss overflows within a few steps.
        diverged = Trainer.of(Optimizer.sgd(5)).loss(Loss.meanSquaredError()).epochs(3).seed(1).probe(Probe.every(1))
                .fit(Network.mlp(2, 16, 16, 2).activation(Activation.RELU).init(Init.normal(3)).seed(1).build(), moons);
        assertTrue(diverged.diverged(), "the fixture needs a diverged run");
        runs = new LinkedHashMap<>();
        runs.put("xavier", xavier);
        runs.put("std 0.01", small);
        runs.put("std 3, lr 5", diverged);
    }

    /** A 2-8-2 tanh net from Xavier on the moons, trained for {@code epochs} from seeds 1 to 3. */
    private List<History> xavierSeeds(int epochs) {
        Trainer trainer = Trainer.of(Optimizer.sgd(0.1)).epochs(epochs).batchSize(16);
        List<History> seeds = new java.util.ArrayList<>();
        for (long s = 1; s <= 3; s++) seeds.add(trainer.seed(s).fit(Network.mlp(2, 8, 2).activation(Activation.TANH).init(Init.xavierNormal()).seed(s).build(), moons));
        return seeds;
    }

    /** {@code seeds} as "xavier", and a group whose second run diverged. */
    private Map<String, List<History>> groupsWithADivergedSeed(List<History> seeds) {
        Map<String, List<History>> groups = new LinkedHashMap<>();
        groups.put("xavier", seeds);
        groups.put("with a diverged seed", List.of(xavier, diverged));
        return groups;
    }

    @Test
    void stepLossBandsDrawTheMedianAndTheSpreadAcrossSeeds() throws IOException {
        List<History> seeds = xavierSeeds(2);
        var chart = TrainingCurves.stepLossBands(groupsWithADivergedSeed(seeds), 3);
        rendered(chart, "bands.png");
        var band = chart.getSeries("xavier, median of 3 seeds (min-max)");
        var median = chart.getSeries("xavier, median of 3 seeds");
        assertNotNull(band, chart.getSeriesCollection().stream().map(org.knowm.xchart.XYSeries::getName).toList().toString());
        assertNotNull(median);
        assertFalse(band.isShowInLegend(), "the band is explained by its median line's legend");
        assertEquals(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.PolygonArea, band.getXYSeriesRenderStyle().orElseThrow());
        // The band's upper edge is the largest seed, its lower edge the smallest: at step 5 the median lies between them.
        double[] y = band.getYData(), med = median.getYData();
        int n = y.length / 2;
        double[][] smoothed = seeds.stream().map(h -> TrainingCurves.movingAverage(h.stepLosses(), 3)).toArray(double[][]::new);
        double hi = Math.max(smoothed[0][5], Math.max(smoothed[1][5], smoothed[2][5])), lo = Math.min(smoothed[0][5], Math.min(smoothed[1][5], smoothed[2][5]));
        boolean log = y[5] != hi; // the axis may be logarithmic: then the chart holds log10 of the losses
        assertEquals(log ? Math.log10(hi) : hi, y[5], 0, "upper edge");
        assertEquals(log ? Math.log10(lo) : lo, y[2 * n - 1 - 5], 0, "lower edge, walked back");
        assertTrue(y[2 * n - 1 - 5] <= med[5] && med[5] <= y[5], "the median lies in the band");
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.stepLossBands(Map.of("none", List.of()), 3));
        // With a range: a linear axis covering it, the same data.
        var runs = List.of(new org.initlab.experiment.Runs<>("xavier", seeds));
        var fixed = TrainingCurves.stepLossBands(runs, 3, 0, 50);
        assertEquals(0, fixed.getStyler().getYAxisMin(), 1e-12);
        assertEquals(50, fixed.getStyler().getYAxisMax(), 1e-12);
        String name = "xavier, median of " + seeds.size() + " seeds";
        XYChart auto = TrainingCurves.stepLossBands(runs, 3);
        boolean autoLog = auto.getYAxisTitle().contains("log scale");
        double[] raw = auto.getSeries(name).getYData(), shown = fixed.getSeries(name).getYData();
        for (int i = 0; i < raw.length; i++) assertEquals(autoLog ? Math.pow(10, raw[i]) : raw[i], shown[i], 1e-9 * Math.abs(shown[i]));
    }

    @Test
    void trainAndTestBandsDrawTheTestLossPerEpochBesideTheBatchLossOnOneYAxis() throws IOException {
        List<History> seeds = xavierSeeds(3);
        Map<String, List<History>> groups = groupsWithADivergedSeed(seeds);
        Grid grid = TrainingCurves.trainAndTestBands(groups, 3);
        assertEquals(2, grid.charts().size());
        XYChart train = (XYChart) grid.charts().get(0), test = (XYChart) grid.charts().get(1);
        assertTrue(train.getTitle().startsWith("Train: batch loss"), train.getTitle());
        assertTrue(test.getTitle().startsWith("Test: loss after each epoch"), test.getTitle());
        assertEquals(train.getStyler().getYAxisMin(), test.getStyler().getYAxisMin(), "one y axis");
        assertEquals(train.getStyler().getYAxisMax(), test.getStyler().getYAxisMax(), "one y axis");
        assertEquals(train.getYAxisTitle(), test.getYAxisTitle(), "both log or both linear");
        boolean log = test.getYAxisTitle().endsWith("(log scale)");
        // The test panel's median at each epoch end is the median of the seeds' test losses, placed at that epoch's step.
        XYSeries median = test.getSeries("xavier, median of 3 seeds");
        List<History.Epoch> epochs = seeds.getFirst().epochs();
        assertEquals(epochs.size(), median.getXData().length);
        for (int k = 0; k < epochs.size(); k++) {
            int at = k;
            double[] losses = seeds.stream().mapToDouble(h -> h.epochs().get(at).testLoss()).sorted().toArray();
            assertEquals(epochs.get(k).step(), median.getXData()[k], 0, "epoch " + k + " at its step");
            assertEquals(log ? Math.log10(losses[1]) : losses[1], median.getYData()[k], 1e-12, "epoch " + k);
        }
        // the left panel is the step-loss chart's data
        XYChart steps = TrainingCurves.stepLossBands(groups, 3);
        assertArrayEquals(steps.getSeries("xavier, median of 3 seeds").getYData(), train.getSeries("xavier, median of 3 seeds").getYData());
        assertNotBlank(ImageIO.read(Plots.savePng(grid, dir.resolve("train-test.png")).toFile()));
    }

    /** Writes the chart and checks the PNG is twice the chart's size and not blank. */
    static BufferedImage rendered(Chart<?, ?> chart, String name) throws IOException {
        Path file = Plots.savePng(chart, dir.resolve(name));
        assertTrue(file.toString().endsWith(".png"));
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(2 * chart.getWidth(), image.getWidth(), "2x width");
        assertEquals(2 * chart.getHeight(), image.getHeight(), "2x height");
        assertTrue(Files.size(file) > 5_000, "a chart, not an empty image");
        assertNotBlank(image);
        return image;
    }

    static void assertNotBlank(BufferedImage image) {
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 7)
            for (int x = 0; x < image.getWidth() && !varied; x += 7) varied = image.getRGB(x, y) != first;
        assertTrue(varied, "the image has content");
    }

    /** Series a reader sees: the hidden tick helper is left out. */
    static List<XYSeries> visible(XYChart chart) {
        return chart.getSeriesCollection().stream().filter(s -> !s.getName().equals(Charts.TICKS)).toList();
    }

    static List<String> legend(XYChart chart) {
        return visible(chart).stream().filter(s -> s.isShowInLegend()).map(XYSeries::getName).toList();
    }

    @Test
    void aLayerAxisLabelsAtMostTwelveWholeNumbersWhateverTicksXChartPicks() {
        double[] layers = new double[50], v = new double[50];
        for (int i = 0; i < 50; i++) { layers[i] = i; v[i] = Math.exp(-i / 5.0); }
        XYChart chart = Plots.lines("fifty layers", "layer", "value").series("v", layers, v).guide(1, "one").chart();
        var label = chart.getStyler().getxAxisTickLabelsFormattingFunction();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < 50; i++) if (!label.apply((double) i).isEmpty()) shown.add(label.apply((double) i));
        assertEquals(List.of("0", "5", "10", "15", "20", "25", "30", "35", "40", "45"), shown, "every fifth layer from the first");
        assertEquals("", label.apply(2.5), "no label between whole numbers");
        // Not whole numbers (a learning rate, say): labelled as before.
        XYChart rates = Plots.lines("rates", "lr", "loss").series("v", new double[]{0.001, 0.005, 0.025}, new double[]{2, 1, 3}).chart();
        assertEquals("0.005", rates.getStyler().getxAxisTickLabelsFormattingFunction().apply(0.005));
        assertEquals(10, Charts.niceStep(7.5));
        assertEquals(1, Charts.niceStep(0.3));
        assertEquals(200, Charts.niceStep(101));
    }

    @Test
    void aYRangeIsCoveredAtLeastSoFramesOfAnExplorableShareTheirAxis() {
        double[] x = {0, 1, 2};
        // Log axis: the chart holds log10 values, so the range 1e-10..1e16 is -10..16, whatever the data's own span.
        XYChart inside = Plots.lines("std", "layer", "std").logY().yRange(1e-10, 1e16).series("a", x, new double[]{0.1, 1, 10}).chart();
        assertEquals(-10, inside.getStyler().getYAxisMin(), 1e-12);
        assertEquals(16, inside.getStyler().getYAxisMax(), 1e-12);
        // Data beyond the range widen it rather than leave the chart.
        XYChart beyond = Plots.lines("std", "layer", "std").logY().yRange(1e-10, 1e16).series("a", x, new double[]{1, 1e5, 1e20}).chart();
        assertEquals(20, beyond.getStyler().getYAxisMax(), 1e-12);
        XYChart linear = Plots.lines("loss", "step", "loss").yRange(0, 3).series("a", x, new double[]{0.5, 0.4, -1}).chart();
        assertEquals(-1, linear.getStyler().getYAxisMin(), 1e-12);
        assertEquals(3, linear.getStyler().getYAxisMax(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Plots.lines("t", "x", "y").yRange(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Plots.lines("t", "x", "y").yRange(Double.NaN, 1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lines("t", "x", "y").logY().yRange(0, 1).series("a", x, new double[]{1, 2, 3}).chart());
        assertTrue(e.getMessage().contains("a log axis cannot start at 0.0"), e.getMessage());
    }

    @Test
    void anXRangeIsCoveredAtLeastSoFramesOverDepthsShareTheLayerAxis() {
        double[] y = {1, 2, 3};
        XYChart inside = Plots.lines("g", "layer", "g").xRange(0, 39).series("a", new double[]{0, 1, 2}, y).chart();
        assertEquals(0, inside.getStyler().getXAxisMin(), 1e-12);
        assertEquals(39, inside.getStyler().getXAxisMax(), 1e-12);
        XYChart beyond = Plots.lines("g", "layer", "g").xRange(0, 39).series("a", new double[]{-5, 1, 60}, y).chart();
        assertEquals(-5, beyond.getStyler().getXAxisMin(), 1e-12);
        assertEquals(60, beyond.getStyler().getXAxisMax(), 1e-12);
        // A guide spans the whole axis, not only the data.
        XYChart guided = Plots.lines("g", "layer", "g").xRange(0, 39).series("a", new double[]{0, 1, 2}, y).guide(2, "two").chart();
        assertArrayEquals(new double[]{0, 39}, guided.getSeries("two").getXData(), 1e-12);
        // Steps probed every 50: round ticks (a hidden point breaks the even spacing), whole-number labels.
        double[] steps = {0, 50, 100, 150, 200};
        XYChart byStep = Plots.lines("d", "step", "d").stepAxis().series("a", steps, new double[]{1, 2, 3, 4, 5}).chart();
        assertNotNull(byStep.getSeries(Charts.TICKS));
        assertEquals("100", byStep.getStyler().getxAxisTickLabelsFormattingFunction().apply(100.0));
        assertEquals("", byStep.getStyler().getxAxisTickLabelsFormattingFunction().apply(12.5));
        assertNull(Plots.lines("d", "step", "d").series("a", steps, new double[]{1, 2, 3, 4, 5}).chart().getSeries(Charts.TICKS));
        assertThrows(IllegalArgumentException.class, () -> Plots.lines("t", "x", "y").xRange(3, 1));
        assertThrows(IllegalArgumentException.class, () -> Plots.lines("t", "x", "y").xRange(0, Double.POSITIVE_INFINITY));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lines("t", "x", "y").logX().xRange(0, 1).series("a", new double[]{1, 2, 3}, y).chart());
        assertTrue(e.getMessage().contains("a log axis cannot start at 0.0"), e.getMessage());
    }

    @Test
    void histogramsOverlayOneDensityPerLayer() throws IOException {
        List<LayerStats> at0 = xavier.probesAt(0);
        XYChart chart = LayerHistograms.activations(at0);
        List<XYSeries> series = visible(chart);
        assertEquals(3, series.size(), "one curve per layer");
        LayerStats first = at0.getFirst();
        assertEquals(LayerHistograms.legend(first, Quantity.ACTIVATION), series.getFirst().getName());
        assertTrue(series.getFirst().getName().startsWith("layer 0 (mean "), series.getFirst().getName());
        assertTrue(series.getFirst().getName().contains("std " + Charts.num(first.actStd())));
        assertTrue(series.getFirst().getName().contains("saturated"), "tanh layers report saturation");
        // bins + the two zero ends of the frequency polygon
        assertEquals(first.act().bins() + 2, series.getFirst().getXData().length);
        assertEquals(series.getFirst().getXData().length, series.getFirst().getYData().length);
        assertEquals("Activations per layer, step 0", chart.getTitle());
        rendered(chart, "hist-act");
        rendered(LayerHistograms.gradients(at0), "hist-grad");
        assertEquals("pre-activation z", LayerHistograms.preActivations(at0).getXAxisTitle());
    }

    @Test
    void histogramDensitiesHaveAreaOne() {
        LayerStats s = xavier.probesAt(3).get(1);
        double[][] curve = LayerHistograms.polygon(s.grad());
        double area = 0;
        for (int i = 1; i < curve[0].length; i++) area += (curve[0][i] - curve[0][i - 1]) * (curve[1][i] + curve[1][i - 1]) / 2;
        assertEquals(1, area, 0.05, "the trapezoid area of a density polygon is about 1");
    }

    @Test
    void histogramGridHasOnePanelPerLayer() throws IOException {
        Grid grid = LayerHistograms.grid(xavier.probesAt(0), Quantity.GRADIENT);
        assertEquals(3, grid.charts().size());
        assertEquals(3, grid.columns());
        assertTrue(grid.charts().getFirst().getTitle().startsWith("layer 0: std "));
        BufferedImage image = ImageIO.read(Plots.savePng(grid, dir.resolve("grid.png")).toFile());
        assertEquals(2 * grid.width(), image.getWidth());
        assertEquals(2 * grid.height(), image.getHeight());
        assertNotBlank(image);
    }

    @Test
    void histogramGridUnsharesTheAxisWhenScalesDifferByDecades() {
        // std 0.01 in a deep enough tanh net: gradients shrink layer after layer
        var layers = small.probesAt(0);
        double ratio = layers.getLast().gradStd() / layers.getFirst().gradStd();
        Grid grid = LayerHistograms.grid(layers, Quantity.GRADIENT);
        assertEquals(ratio > 100, grid.title().contains("own scale"), "ratio " + ratio);
    }

    /** A layer whose values are 2048 draws of N(0, std^2), a share {@code zeros} of them set to 0, binned as a probe bins them. */
    static LayerStats gaussianLayer(int layer, double std, double zeros, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[2048];
        for (int i = 0; i < v.length; i++) v[i] = i < zeros * v.length ? 0 : std * r.nextGaussian();
        var h = org.initlab.probe.Histogram.of(v, 40);
        var logs = org.initlab.probe.Measure.magnitudes(v, 40);
        return new LayerStats(0, 1, layer, 0, std, h, 0, std, h, Double.NaN, Double.NaN, 0, std, h,
                1, 1, 1, 1, Double.NaN, 1, 1, logs, logs, logs);
    }

    static LayerStats gaussianLayer(int layer, double std, long seed) { return gaussianLayer(layer, std, 0, seed); }

    /** x of a curve's highest point. */
    static double peak(XYSeries s) {
        int best = 0;
        for (int i = 1; i < s.getYData().length; i++) if (s.getYData()[i] > s.getYData()[best]) best = i;
        return s.getXData()[best];
    }

    @Test
    void magnitudesPutLayersThatDifferByDecadesAtDistinctPlacesOnOneLogAxis() throws IOException {
        List<LayerStats> layers = List.of(gaussianLayer(0, 1, 1), gaussianLayer(1, 1e-3, 2), gaussianLayer(2, 1e-6, 3));
        XYChart raw = LayerHistograms.magnitudes("vanishing", layers, Quantity.GRADIENT);
        assertEquals("vanishing: |gradients| per layer, step 0", raw.getTitle());
        assertEquals("|gradient dLoss/dz| (log scale)", raw.getXAxisTitle());
        assertEquals("0.001", raw.getStyler().getxAxisTickLabelsFormattingFunction().apply(-3.0), "the axis holds log10 |v|");
        List<XYSeries> curves = visible(raw);
        assertEquals(List.of("layer 0 (std 1)", "layer 1 (std 0.001)", "layer 2 (std 1e-6)"), legend(raw));
        double[] stds = {1, 1e-3, 1e-6};
        for (int i = 0; i < 3; i++) {
            XYSeries c = curves.get(i);
            assertArrayEquals(curves.getFirst().getXData(), c.getXData(), "one x axis for every layer");
            // a zero-mean bell's |v| peaks, per decade, at its std
            assertEquals(Math.log10(stds[i]), peak(c), 0.25, "layer " + i + " peaks at its own decade");
            double area = 0;
            for (int k = 1; k < c.getXData().length; k++)
                area += (c.getXData()[k] - c.getXData()[k - 1]) * (c.getYData()[k] + c.getYData()[k - 1]) / 2;
            assertEquals(1, area, 0.02, "share per decade: area 1, layer " + i);
        }
        assertTrue(peak(curves.get(0)) - peak(curves.get(1)) > 2.5 && peak(curves.get(1)) - peak(curves.get(2)) > 2.5,
                "three decades apart, as their stds");
        double lo = raw.getStyler().getXAxisMin(), hi = raw.getStyler().getXAxisMax();
        assertTrue(lo <= -7 && hi >= 0 && hi <= 1, "the axis spans every layer: " + lo + ".." + hi);
        assertEquals(Math.rint(lo), lo, "whole decades");
        rendered(raw, "magnitudes");

        // The normalized view of the same layers draws them one on top of the other: it hides what the raw one shows.
        XYChart own = LayerHistograms.gradients(layers);
        assertTrue(own.getTitle().contains("own std"), own.getTitle());
        assertEquals(peak(visible(own).get(0)), peak(visible(own).get(2)), 0.5);
    }

    @Test
    void magnitudePanelsShareOneAxis() throws IOException {
        Map<String, List<LayerStats>> runs = new LinkedHashMap<>();
        runs.put("small", List.of(gaussianLayer(0, 1e-2, 1), gaussianLayer(1, 1e-4, 2)));
        runs.put("large", List.of(gaussianLayer(0, 1e2, 3), gaussianLayer(1, 1, 4)));
        Grid grid = LayerHistograms.magnitudes(runs, Quantity.GRADIENT, "seed 1");
        assertEquals("|gradients| per layer, step 0, seed 1: one log axis for all panels", grid.title());
        assertEquals(2, grid.charts().size());
        XYChart small = (XYChart) grid.charts().get(0), large = (XYChart) grid.charts().get(1);
        assertEquals("small", small.getTitle());
        assertEquals(small.getStyler().getXAxisMin(), large.getStyler().getXAxisMin());
        assertEquals(small.getStyler().getXAxisMax(), large.getStyler().getXAxisMax());
        assertTrue(small.getStyler().getXAxisMin() <= -5 && large.getStyler().getXAxisMax() >= 2,
                "the shared axis holds both runs' layers");
        assertEquals(-2, peak(visible(small).get(0)), 0.25);
        assertEquals(2, peak(visible(large).get(0)), 0.25);
        BufferedImage image = ImageIO.read(Plots.savePng(grid, dir.resolve("magnitudes-grid.png")).toFile());
        assertNotBlank(image);
    }

    @Test
    void magnitudesLeaveExactZerosOffTheLogAxisAndSayHowMany() {
        // Half the values are exact zeros: the curve holds the other half, and the legend says where the rest went.
        LayerStats half = gaussianLayer(0, 1, 0.5, 1);
        XYChart chart = LayerHistograms.magnitudes(List.of(half), Quantity.ACTIVATION);
        assertEquals("layer 0 (std 1, zeros 50%)", LayerHistograms.magnitudeLegend(half, Quantity.ACTIVATION));
        XYSeries c = visible(chart).getFirst();
        double area = 0;
        for (int k = 1; k < c.getXData().length; k++)
            area += (c.getXData()[k] - c.getXData()[k - 1]) * (c.getYData()[k] + c.getYData()[k - 1]) / 2;
        assertEquals(0.5, area, 0.01, "share per decade of all values: the zeros' half is not drawn");
        // A layer of zeros only has nothing to draw and does not break the chart.
        LayerStats none = gaussianLayer(1, 0, 1, 2);
        assertEquals(0, none.actMagnitudes().total());
        assertEquals("layer 1 (std 0, zeros 100%)", LayerHistograms.magnitudeLegend(none, Quantity.ACTIVATION));
        assertDoesNotThrow(() -> LayerHistograms.magnitudes(List.of(half, none), Quantity.ACTIVATION));
    }

    @Test
    void magnitudeQuantileSpreadsEachBinEvenly() {
        // log10 |v| = -3, -2.5, ..., 1.5: ten values in ten bins of half a decade from -3.25
        double[] v = new double[10];
        for (int i = 0; i < 10; i++) v[i] = Math.pow(10, -3 + 0.5 * i);
        var logs = org.initlab.probe.Histogram.of(logsOf(v), 10, -3.25, 1.75);
        assertEquals(10, logs.total());
        assertEquals(-3.25, LayerHistograms.magnitudeQuantile(logs, 0), 1e-12);
        assertEquals(-3.0, LayerHistograms.magnitudeQuantile(logs, 0.05), 1e-12, "half of the first bin");
        assertEquals(-0.75, LayerHistograms.magnitudeQuantile(logs, 0.5), 1e-12);
        assertEquals(1.75, LayerHistograms.magnitudeQuantile(logs, 1), 1e-12);
    }

    @Test
    void theProbeBinsTheSizesOfTheNonzeroValuesInDecades() {
        var logs = org.initlab.probe.Measure.magnitudes(new double[]{0, -0.01, 10, 0.1}, 3);
        assertEquals(3, logs.total(), "the zero has no logarithm");
        assertEquals(-2, logs.lo(), 1e-12);
        assertEquals(1, logs.hi(), 1e-12);
        assertArrayEquals(new long[]{1, 1, 1}, logs.counts(), "-0.01, 0.1 and 10: one a bin of a decade");
        // and a probed run records them for every quantity
        LayerStats s = xavier.probesAt(0).getFirst();
        for (Quantity q : Quantity.values()) assertEquals(q.histogram(s).total(), q.magnitudes(s).total(), q + ": tanh has no exact zeros");
    }

    static double[] logsOf(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.log10(Math.abs(v[i]));
        return out;
    }

    @Test
    void layerProfilesDrawOneLinePerRunOnALogAxisWhenValuesSpanDecades() throws IOException {
        Map<String, List<LayerStats>> at0 = new LinkedHashMap<>();
        at0.put("xavier", xavier.probesAt(0));
        at0.put("std 0.01", small.probesAt(0));
        XYChart chart = LayerProfiles.std(at0, Quantity.ACTIVATION);
        assertEquals(List.of("xavier", "std 0.01"), legend(chart));
        XYSeries s = visible(chart).get(1);
        assertArrayEquals(new double[]{0, 1, 2}, s.getXData());
        // std 0.01 shrinks activations about a hundredfold per layer: a log axis, holding log10 of the values
        assertTrue(chart.getYAxisTitle().endsWith("(log scale)"), chart.getYAxisTitle());
        assertEquals(Math.log10(small.probesAt(0).get(1).actStd()), s.getYData()[1], 1e-12);
        rendered(chart, "profile-std");

        XYChart linear = LayerProfiles.std(at0, Quantity.ACTIVATION, Scale.LINEAR);
        assertEquals(small.probesAt(0).get(1).actStd(), visible(linear).get(1).getYData()[1], 1e-15);
        XYChart mean = LayerProfiles.mean(xavier.probesAt(0), Quantity.GRADIENT);
        assertEquals(xavier.probesAt(0).get(2).gradMean(), visible(mean).getFirst().getYData()[2], 1e-15);
        assertFalse(mean.getStyler().isLegendVisible(), "one run needs no legend");
    }

    @Test
    void layerProfilesOverSeedsDrawTheMedianInTheSeedRange() throws IOException {
        List<LayerStats> x0 = xavier.probesAt(0), s0 = small.probesAt(0);
        Map<String, List<List<LayerStats>>> runs = new LinkedHashMap<>();
        runs.put("mixed", List.of(x0, s0, x0));
        runs.put("small", List.of(s0));
        XYChart chart = LayerProfiles.stdOverSeeds(runs, Quantity.ACTIVATION, Scale.LINEAR);
        assertEquals(List.of("mixed, median of 3 seeds", "small, median of 1 seeds"), legend(chart));
        var line = chart.getSeries("mixed, median of 3 seeds");
        for (int l = 0; l < x0.size(); l++) assertEquals(x0.get(l).actStd(), line.getYData()[l], 1e-15, "median of {x, s, x} is x, layer " + l);
        var band = chart.getSeries("mixed, median of 3 seeds (min-max)");
        int n = x0.size();
        for (int l = 0; l < n; l++) {
            double lo = Math.min(x0.get(l).actStd(), s0.get(l).actStd()), hi = Math.max(x0.get(l).actStd(), s0.get(l).actStd());
            assertEquals(hi, band.getYData()[l], 1e-15, "upper end, layer " + l);
            assertEquals(lo, band.getYData()[2 * n - 1 - l], 1e-15, "lower end, layer " + l);
        }
        rendered(chart, "profile-seeds");
        XYChart mean = LayerProfiles.meanOverSeeds(runs, Quantity.GRADIENT);
        assertEquals(x0.get(1).gradMean(), mean.getSeries("mixed, median of 3 seeds").getYData()[1], 1e-15);
        runs.put("ragged", List.of(x0, x0.subList(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> LayerProfiles.stdOverSeeds(runs, Quantity.ACTIVATION, Scale.LINEAR));
    }

    @Test
    void lossCurvesShowTrainAndTestPerRunAndWhereARunDiverged() throws IOException {
        XYChart chart = TrainingCurves.loss(runs, Scale.LINEAR);
        assertEquals(List.of("xavier", "std 0.01", "std 3, lr 5 (diverged at step " + diverged.stopStep() + ")"), legend(chart));
        XYSeries train = chart.getSeries("xavier"), test = chart.getSeries("xavier (test)");
        assertEquals(xavier.epochs().size(), train.getXData().length);
        assertEquals(xavier.epochs().get(2).trainLoss(), train.getYData()[2], 1e-15);
        assertEquals(xavier.epochs().get(2).testLoss(), test.getYData()[2], 1e-15);
        assertFalse(test.isShowInLegend(), "test lines share the run's legend entry");
        assertNotNull(chart.getSeries("std 3, lr 5 (stopped)"), "a cross marks where the diverged run stopped");
        rendered(chart, "loss");
        rendered(TrainingCurves.accuracy(runs), "accuracy");
        XYSeries acc = TrainingCurves.accuracy(xavier).getSeries(xavier.label());
        assertEquals(xavier.last().testAccuracy(), TrainingCurves.accuracy(xavier).getSeries(xavier.label() + " (test)").getYData()[4], 1e-15);
        assertEquals(xavier.epochs().size(), acc.getYData().length);
    }

    @Test
    void stepLossIsAMovingAverageOfTheBatchLosses() throws IOException {
        XYChart chart = TrainingCurves.stepLoss(runs, 5, Scale.LINEAR);
        XYSeries s = chart.getSeries("xavier");
        double[] raw = xavier.stepLosses();
        assertEquals(raw.length, s.getXData().length);
        assertEquals(raw[0], s.getYData()[0], 1e-15);
        assertEquals((raw[6] + raw[7] + raw[8] + raw[9] + raw[10]) / 5, s.getYData()[10], 1e-12);
        rendered(chart, "step-loss");
        rendered(TrainingCurves.stepLoss(runs, 5), "step-loss-auto");
    }

    @Test
    void aDivergingLossIsCutNearTheTopInsteadOfFlatteningTheOthers() {
        double[] y = {1, 2, 5e3, 1e40, Double.POSITIVE_INFINITY};
        double cap = TrainingCurves.ceiling(List.of(y, new double[]{Double.NaN, 0.5}));
        assertEquals(1000, cap, "1000 times the largest initial loss");
        assertArrayEquals(new double[]{1, 2, 1000, Double.NaN, Double.NaN}, TrainingCurves.cut(y, cap));
        assertArrayEquals(new double[]{1, 1.5, 2.5, Double.NaN}, TrainingCurves.movingAverage(new double[]{1, 2, 3, Double.NaN}, 2));
    }

    @Test
    void probeCurvesDrawOneLinePerLayerWithTheGuide() throws IOException {
        XYChart chart = ProbeCurves.of(xavier, Metric.UPDATE_TO_WEIGHT);
        assertEquals(List.of("layer 0", "layer 1", "layer 2"), legend(chart), "the guide is named on its line");
        XYSeries layer1 = chart.getSeries("layer 1");
        assertEquals(xavier.probes(1).size(), layer1.getXData().length);
        assertEquals(Math.log10(xavier.probes(1).get(5).updateToWeight()), layer1.getYData()[5], 1e-12, "a log axis holds log10");
        assertEquals(-3, chart.getSeries(Metric.RULE_OF_THUMB).getYData()[0], 1e-12);
        rendered(chart, "update-ratio");

        XYChart saturated = ProbeCurves.of(xavier, Metric.SATURATED);
        assertEquals(List.of("layer 0", "layer 1"), legend(saturated), "the linear output layer cannot saturate");
        var e = assertThrows(IllegalArgumentException.class, () -> ProbeCurves.of(xavier, Metric.DEAD));
        assertTrue(e.getMessage().contains("dead units need ReLU"), e.getMessage());

        Grid grid = ProbeCurves.grid(runs, Metric.UPDATE_TO_WEIGHT);
        assertEquals(3, grid.charts().size());
        assertEquals(((XYChart) grid.charts().get(0)).getStyler().getYAxisMin(), ((XYChart) grid.charts().get(1)).getStyler().getYAxisMin(),
                "a common y axis");
        ImageIO.write(grid.toImage(1), "png", dir.resolve("probe-grid.png").toFile());
    }

    /** A 30-layer ReLU net (29 hidden of 8) trained a few steps, every step probed: as many layers as notebook 05's. */
    static History thirtyLayers() {
        int[] widths = new int[31];
        java.util.Arrays.fill(widths, 8);
        widths[0] = 2;
        widths[30] = 2;
        Network net = Network.mlp(widths).activation(Activation.RELU).init(Init.heNormal()).seed(1).build();
        return Trainer.of(Optimizer.sgd(0.05)).epochs(1).batchSize(16).seed(1).probe(Probe.every(1)).fit(net, moons);
    }

    @Test
    void thirtyLayersNameTheFirstAMiddleAndTheLastAndTheirLegendFitsTheChart() throws Exception {
        History deep = thirtyLayers();
        XYChart chart = ProbeCurves.of(deep, Metric.UPDATE_TO_WEIGHT);
        assertEquals(List.of("layer 0", "layer 14", "layer 29", "the other 27 layers"), legend(chart),
                "the legend names three layers and the rest at once, not 30 shades of viridis");
        assertEquals(Style.layer(0, 30), chart.getSeries("layer 0").getLineColor());
        assertEquals(Style.layer(29, 30), chart.getSeries("layer 29").getLineColor());
        XYSeries other = chart.getSeries("layer 5");
        assertFalse(other.isShowInLegend());
        assertEquals(LayerLines.light(5, 30), other.getLineColor(), "an unnamed layer is a light line");
        assertTrue(other.getLineStyle().getLineWidth() < chart.getSeries("layer 14").getLineStyle().getLineWidth(), "and a thin one");
        assertFitsTheChart(chart, legendBounds(chart), "legend of the update-to-weight chart");

        XYChart histograms = LayerHistograms.activations(deep.probesAt(0));
        assertEquals(4, legend(histograms).size(), legend(histograms).toString());
        assertEquals("the other 27 layers", legend(histograms).getLast());
        assertFitsTheChart(histograms, legendBounds(histograms), "legend of the histograms");

        double[] x = {0, 1, 2};
        var plot = Plots.lines("thirty series", "x", "y").layerColors();
        for (int l = 0; l < 30; l++) plot.series("layer " + l, x, new double[]{l, l + 1, l + 2});
        XYChart lines = plot.chart();
        assertEquals(List.of("layer 0", "layer 14", "layer 29", "the other 27 layers"), legend(lines));
        assertFitsTheChart(lines, legendBounds(lines), "legend of LinePlot.layerColors()");

        // Up to ten layers every one is named, as before.
        var few = Plots.lines("ten series", "x", "y").layerColors();
        for (int l = 0; l < 10; l++) few.series("layer " + l, x, new double[]{l, l + 1, l + 2});
        assertEquals(10, legend(few.chart()).size());

        Map<String, History> two = new LinkedHashMap<>();
        two.put("he", deep);
        two.put("he again", deep);
        Grid grid = ProbeCurves.grid(two, Metric.WEIGHT_GRADIENT_NORM);
        assertTrue(grid.title().endsWith("layers 0, 14 and 29 bold (dark to light), the other 27 thin"), grid.title());
        assertTrue(Style.textWidth(grid.title(), Grid.titleFont(grid.title(), grid.width())) <= grid.width(),
                "the key fits above two panels: " + grid.width() + " px");
        java.awt.Font narrow = Grid.titleFont(grid.title(), 700);
        assertTrue(narrow.getSize() < 16 && Style.textWidth(grid.title(), narrow) <= 700, "a long title shrinks to fit: " + narrow.getSize());
        rendered(chart, "thirty-layers");
    }

    /**
     * The box XChart painted the chart's legend in: its size ({@code getBounds()}) at its offset in the chart,
     * read after painting (XChart keeps the legend to itself). A legend taller than the chart starts above it.
     */
    static java.awt.geom.Rectangle2D legendBounds(Chart<?, ?> chart) throws ReflectiveOperationException {
        Plots.toImage(chart, 1);
        var field = Chart.class.getDeclaredField("legend");
        field.setAccessible(true);
        var legend = (org.knowm.xchart.internal.chartpart.Legend_<?, ?>) field.get(chart);
        double[] offset = new double[2];
        for (int i = 0; i < 2; i++) {
            var f = org.knowm.xchart.internal.chartpart.Legend_.class.getDeclaredField(i == 0 ? "xOffset" : "yOffset");
            f.setAccessible(true);
            offset[i] = f.getDouble(legend);
        }
        var size = legend.getBounds();
        return new java.awt.geom.Rectangle2D.Double(offset[0], offset[1], size.getWidth(), size.getHeight());
    }

    static void assertFitsTheChart(Chart<?, ?> chart, java.awt.geom.Rectangle2D r, String what) {
        assertNotNull(r, what + " was laid out");
        assertTrue(r.getMinX() >= 0 && r.getMinY() >= 0 && r.getMaxX() <= chart.getWidth() && r.getMaxY() <= chart.getHeight(),
                what + " " + r + " lies inside the " + chart.getWidth() + "x" + chart.getHeight() + " chart");
    }

    /** The guide labels of a chart, painted. */
    static List<GuideLabel> guideLabels(XYChart chart) throws ReflectiveOperationException {
        var field = org.knowm.xchart.internal.chartpart.AxesChart.class.getDeclaredField("annotations");
        field.setAccessible(true);
        return ((List<?>) field.get(chart)).stream().filter(a -> a instanceof GuideLabel).map(a -> (GuideLabel) a).toList();
    }

    @Test
    void everyGuideIsNamedOnItsLine() throws Exception {
        double[] x = {0, 1, 2, 3};
        XYChart chart = Plots.lines("guides", "x", "y").series("a", x, new double[]{0, 1, 2, 3}).series("b", x, new double[]{3, 2, 1, 0})
                .guide(1.5, "halfway").guide(3, "the top").chart();
        assertEquals(List.of("a", "b"), legend(chart), "a guide is named on its line, not in the legend");
        BufferedImage image = Plots.toImage(chart, 1);
        List<GuideLabel> labels = guideLabels(chart);
        assertEquals(List.of("halfway", "the top"), labels.stream().map(GuideLabel::text).toList());
        for (GuideLabel label : labels) {
            var r = label.getBounds();
            assertFitsTheChart(chart, r, "label '" + label.text() + "'");
            assertTrue(guideRowDistance(image, r) <= 4, "'" + label.text() + "' sits on its dashed line: " + guideRowDistance(image, r) + " px away");
        }
        // The update-to-weight guide says what it is, on the line, in a probe chart and in each panel of a grid.
        XYChart ratio = ProbeCurves.of(xavier, Metric.UPDATE_TO_WEIGHT);
        Plots.toImage(ratio, 1);
        assertEquals(List.of("1e-3: rule of thumb"), guideLabels(ratio).stream().map(GuideLabel::text).toList());
        Grid grid = ProbeCurves.grid(runs, Metric.UPDATE_TO_WEIGHT);
        for (var panel : grid.charts())
            if (!guideLabels((XYChart) panel).isEmpty()) assertEquals("1e-3: rule of thumb", guideLabels((XYChart) panel).getFirst().text());
    }

    /**
     * Distance in rows from the label's box to the nearest row, above or below it, with grey pixels darker than the
     * grid lines under the label's width: the dashed guide.
     */
    static int guideRowDistance(BufferedImage image, java.awt.geom.Rectangle2D r) {
        int top = (int) Math.floor(r.getMinY()), bottom = (int) Math.ceil(r.getMaxY());
        for (int d = 0; d < 40; d++)
            for (int y : new int[]{top - 1 - d, bottom + d})
                if (y >= 0 && y < image.getHeight())
                    for (int px = (int) r.getMinX(); px < r.getMaxX(); px++) {
                        int rgb = image.getRGB(px, y), red = rgb >> 16 & 0xff, green = rgb >> 8 & 0xff, blue = rgb & 0xff;
                        if (red == green && green == blue && red < 200) return d;
                    }
        return Integer.MAX_VALUE;
    }

    @Test
    void unitSimilarityIsAbsoluteCosineBetweenWeightRows() throws IOException {
        double[][] sim = HeatMaps.unitSimilarity(xavierNet.layer(1));
        assertEquals(16, sim.length);
        var w = xavierNet.weights().get(1);
        double dot = 0, a = 0, b = 0;
        for (int j = 0; j < w[0].length; j++) { dot += w[2][j] * w[5][j]; a += w[2][j] * w[2][j]; b += w[5][j] * w[5][j]; }
        assertEquals(Math.abs(dot) / Math.sqrt(a * b), sim[2][5], 1e-12);
        assertEquals(sim[2][5], sim[5][2]);
        for (int i = 0; i < 16; i++) assertEquals(1, sim[i][i], 1e-12);

        Network constant = Network.mlp(2, 4, 4, 2).init(Init.constant(0.5)).build();
        for (double[] row : HeatMaps.unitSimilarity(constant.layer(1))) for (double v : row) assertEquals(1, v, 1e-12);

        HeatMapChart chart = HeatMaps.unitSimilarity(xavierNet, 1);
        var series = chart.getHeatMapSeries();
        assertEquals(16, series.getXData().size());
        assertEquals(16, series.getYData().size());
        assertEquals(256, series.getHeatData().size());
        assertEquals(0, series.getMin());
        assertEquals(1, series.getMax());
        rendered(chart, "similarity");
    }

    @Test
    void heatMapDrawsRowZeroOnTopAndSkipsMissingCells() throws IOException {
        double[][] values = {{1, 2, 3}, {4, Double.NaN, 6}};
        HeatMapChart chart = HeatMaps.matrix("m", values, List.of("a", "b"), List.of("x", "y", "z"));
        var series = chart.getHeatMapSeries();
        assertEquals(List.of("b", "a"), series.getYData(), "XChart draws the first y label at the bottom");
        assertEquals(5, series.getHeatData().size(), "the NaN cell is left empty");
        Number[] first = series.getHeatData().getFirst();
        assertArrayEquals(new Number[]{0, 1, 1.0}, first, "row 0 (a) sits at y index 1, the top");
        rendered(chart, "matrix");
        assertThrows(IllegalArgumentException.class, () -> HeatMaps.matrix("m", values, List.of("a"), List.of("x", "y", "z")));
    }

    @Test
    void sweepHeatMapShowsTheMeanOverSeeds() throws IOException {
        Table sweep = Table.create("sweep",
                StringColumn.create("initializer", "he", "he", "he", "he", "std 0.01", "std 0.01", "std 0.01", "std 0.01"),
                IntColumn.create("depth", 2, 2, 8, 8, 2, 2, 8, 8),
                DoubleColumn.create("test_accuracy", 0.9, 0.8, 0.85, 0.95, 0.6, 0.7, 0.5, Double.NaN));
        HeatMapChart chart = HeatMaps.sweep(sweep, "initializer", "depth", "test_accuracy");
        var series = chart.getHeatMapSeries();
        assertEquals(List.of("2", "8"), series.getXData());
        assertEquals(List.of("std 0.01", "he"), series.getYData());
        assertEquals(4, series.getHeatData().size());
        Number[] heDepth8 = series.getHeatData().get(1); // row he (top, y index 1), column 8
        assertEquals(1, heDepth8[0]);
        assertEquals(0.9, heDepth8[2].doubleValue(), 1e-12);
        assertEquals("Mean test accuracy by initializer and depth (range over seeds below)", chart.getTitle());
        rendered(chart, "sweep");
        rendered(HeatMaps.table(Tables.pivot(sweep, "depth", "initializer", "test_accuracy", Tables.Aggregate.STD), "std"), "sweep-std");
    }

    @Test
    void decisionBoundaryColorsThePlaneAndShowsTheSamples() throws IOException {
        XYChart chart = DecisionBoundary.of(xavierNet, moons.test());
        assertEquals(List.of("class 0", "class 1"), legend(chart));
        int samples = chart.getSeries("class 0").getXData().length + chart.getSeries("class 1").getXData().length;
        assertEquals(moons.test().size(), samples);
        int cells = visible(chart).stream().filter(s -> s.getName().startsWith("region")).mapToInt(s -> s.getXData().length).sum();
        assertEquals(DecisionBoundary.RESOLUTION * DecisionBoundary.RESOLUTION, cells, "every grid cell gets a class");
        rendered(chart, "boundary");

        // Under a title of the caller's: the same regions, cell for cell.
        XYChart titled = DecisionBoundary.of(xavierNet, moons.test(), "seed 1's boundary");
        assertEquals("seed 1's boundary", titled.getTitle());
        for (String region : List.of("region 0", "region 1")) {
            assertArrayEquals(chart.getSeries(region).getXData(), titled.getSeries(region).getXData(), 0, region);
            assertArrayEquals(chart.getSeries(region).getYData(), titled.getSeries(region).getYData(), 0, region);
        }
        assertThrows(IllegalArgumentException.class, () -> DecisionBoundary.of(xavierNet, moons.test(), " "));

        // A classifier by hand: the sign of x0 splits the plane in two regions.
        XYChart halves = DecisionBoundary.of(p -> p[0] > 0 ? 1 : 0, moons.test(), "sign of x0", 10);
        assertEquals(50, halves.getSeries("region 0").getXData().length);
        assertEquals(50, halves.getSeries("region 1").getXData().length);
        assertThrows(IllegalArgumentException.class, () -> DecisionBoundary.of(p -> 0, Generators.blobs(30, 2, 1, 3, 1), "3-D"));
    }

    @Test
    void predictedClassFollowsTheLossThreshold() {
        assertEquals(2, DecisionBoundary.predicted(new double[]{0.1, -1, 3}, 0));
        assertEquals(1, DecisionBoundary.predicted(new double[]{0.2}, 0), "a logit above 0");
        assertEquals(0, DecisionBoundary.predicted(new double[]{0.2}, Loss.meanSquaredError().threshold()), "below 0.5 for squared error");
    }

    @Test
    void linePlotBuildsAdHocCharts() throws IOException {
        double[] depth = {1, 2, 3, 4, 5};
        XYChart chart = Plots.lines("Signal scale vs depth", "layer", "std")
                .series("std 0.01", depth, new double[]{1, 1e-2, 1e-4, 1e-6, 1e-8})
                .series("xavier", new double[]{1, 1, 1, 1, 1})
                .guide(1, "unit variance").markers().logY().chart();
        assertEquals(List.of("std 0.01", "xavier"), legend(chart));
        assertArrayEquals(new double[]{0, -2, -4, -6, -8}, chart.getSeries("std 0.01").getYData(), 1e-12);
        assertArrayEquals(new double[]{0, 1, 2, 3, 4}, chart.getSeries("xavier").getXData());
        assertEquals("std (log scale)", chart.getYAxisTitle());
        rendered(chart, "lines");

        XYChart plain = Plots.lines("t", "x", "y").points("p", new double[]{1, 2}, new double[]{3, Double.NaN}).size(300, 200).chart();
        assertEquals(1, plain.getSeries("p").getXData().length, "NaN points are dropped");
        assertEquals(300, plain.getWidth());
        assertThrows(IllegalArgumentException.class, () -> Plots.lines("t", "x", "y").series("bad", new double[2], new double[3]));

        XYChart banded = Plots.lines("loss against rate", "rate", "loss").series("he", new double[]{1e-3, 1e-2, 1e-1},
                new double[]{2, 1, 0.5}, new double[]{1.5, 0.8, Double.NaN}, new double[]{2.2, 1.5, Double.NaN}).logX().chart();
        var band = banded.getSeries("he (min-max)");
        assertEquals(4, band.getXData().length, "the band's outline over the two points whose ends are finite");
        assertArrayEquals(new double[]{-3, -2, -2, -3}, band.getXData(), 1e-12, "on the log axis, there and back");
        assertArrayEquals(new double[]{2.2, 1.5, 0.8, 1.5}, band.getYData(), 1e-12, "upper ends out, lower ends back");
        assertEquals(List.of("he"), legend(banded), "the band is not in the legend");
        rendered(banded, "lines-band");
        XYChart seeds = Plots.lines("over seeds", "x", "y").seriesOverSeeds("m", new double[]{0, 1, 2},
                List.of(new double[]{1, 5, 9}, new double[]{2, 4, Double.NaN}, new double[]{3, 6})).chart();
        assertArrayEquals(new double[]{2, 5, 9}, seeds.getSeries("m").getYData(), 1e-12, "median per x over the seeds that have a value there");
        assertArrayEquals(new double[]{3, 6, 9, 9, 4, 1}, seeds.getSeries("m (min-max)").getYData(), 1e-12, "highest out, lowest back");
        assertThrows(IllegalArgumentException.class, () -> Plots.lines("t", "x", "y").series("bad", new double[2], new double[2], new double[1], new double[2]));
    }

    @Test
    void numbersReadTheWayAReaderWritesThem() {
        assertEquals("0.23", Charts.num(0.2345));
        assertEquals("1.2e-5", Charts.num(1.234e-5));
        assertEquals("0", Charts.num(0));
        assertEquals("20%", Charts.percent(0.2025));
        assertEquals("3.5%", Charts.percent(0.0351));
        assertEquals("0.001", Charts.logTick(-3.0));
        assertEquals("1e-6", Charts.logTick(-6.0));
        assertEquals("1000", Charts.logTick(3.0));
        assertEquals("3.2", Charts.logTick(0.5));
        assertEquals("-4e-4", Charts.tick(-4e-4));
        assertEquals("0.25", Charts.tick(0.25));
        assertEquals("", Charts.wholeNumber(2.5));
        assertEquals("7", Charts.wholeNumber(7.0));
    }

    @Test
    void scalesGoLogOnlyWhereValuesSpanDecades() {
        assertTrue(Charts.useLog(Scale.AUTO, new double[]{1e-6, 1}));
        assertFalse(Charts.useLog(Scale.AUTO, new double[]{0.1, 1}));
        assertFalse(Charts.useLog(Scale.AUTO, new double[]{-1e-6, 1}), "a log axis cannot show negatives");
        assertTrue(Charts.useLog(Scale.LOG, new double[]{0.1, 1}));
        assertFalse(Charts.useLog(Scale.LOG, new double[]{0, -1}), "nothing to show on a log axis");
        assertFalse(Charts.useLog(Scale.LINEAR, new double[]{1e-6, 1}));
    }

    @Test
    void layersAreColoredAlongViridisAndRunsByTheSharedPalette() {
        assertEquals(new java.awt.Color(0x440154), Style.layer(0, 5));
        assertNotEquals(Style.layer(0, 5), Style.layer(4, 5));
        assertEquals(new java.awt.Color(0xfde725), Style.viridis(1));
        assertEquals(new java.awt.Color(0x1f77b4), Style.categorical(0));
        assertEquals(Style.categorical(0), Style.categorical(10), "the palette cycles");
        XYChart chart = TrainingCurves.loss(runs);
        assertEquals(Style.categorical(1), chart.getSeries("std 0.01").getLineColor());
        assertEquals(Style.categorical(1), chart.getSeries("std 0.01 (test)").getLineColor(), "train and test of a run share its color");
    }

    @Test
    void emptyInputsFailWithAHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> LayerHistograms.activations(List.of()));
        assertTrue(e.getMessage().contains("Probe.every"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.loss(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Grid("t", List.of(), 2));
    }
}

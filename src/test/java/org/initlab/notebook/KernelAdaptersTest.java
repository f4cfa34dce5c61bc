package org.initlab.notebook;

import org.initlab.notebook.ijava.IJavaBridge;
import org.initlab.notebook.jjava.JJavaBridge;
import org.initlab.notebook.jjava.JJavaExtension;
import org.initlab.notebook.rapaio.RapaioDisplayProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each kernel's adapter against that kernel's real API jar (provided-scope dependencies), and the
 * library without any kernel jar at all.
 */
class KernelAdaptersTest {

    private static final String[] KERNEL_JARS = {"rapaio-jupyter-kernel", "jupyter-jvm-basekernel"};

    /** The test class path without the kernels' jars, as plain java or another kernel sees the library. */
    private static URLClassLoader withoutKernels() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            boolean kernel = false;
            for (String k : KERNEL_JARS) kernel |= name.startsWith(k);
            if (!kernel) urls.add(Path.of(entry).toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void theLibraryLoadsAndShowsTextWithoutAnyKernelJar() throws Exception {
        try (URLClassLoader loader = withoutKernels()) {
            for (String kernelClass : new String[]{"org.rapaio.jupyter.kernel.MainApp",
                    "io.github.spencerpark.jupyter.kernel.BaseKernel", "org.dflib.jjava.jupyter.kernel.BaseKernel"})
                assertThrows(ClassNotFoundException.class, () -> Class.forName(kernelClass, false, loader));

            Class<?> kernels = Class.forName("org.initlab.notebook.Kernels", true, loader);
            assertEquals("none", kernels.getMethod("name").invoke(null));

            Method line = Class.forName("org.initlab.notebook.Charts", true, loader).getDeclaredMethod("line", String.class, int.class, int.class);
            line.setAccessible(true);
            Object chart = line.invoke(null, "Loss", 200, 100);
            Method show = Class.forName("org.initlab.notebook.Show", true, loader).getMethod("show", Object[].class);
            PrintStream saved = System.out;
            var out = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                show.invoke(null, (Object) new Object[]{chart, "ok"});
            } finally {
                System.setOut(saved);
            }
            assertEquals("XYChart \"Loss\" (200x100)\nok\n", out.toString(StandardCharsets.UTF_8));

            // The services the kernels look up are declared, yet nothing here loads them: only the kernels do.
            assertNotNull(loader.getResource("META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider"));
            assertNotNull(loader.getResource("META-INF/services/org.dflib.jjava.jupyter.Extension"));
            assertThrows(NoClassDefFoundError.class, () -> Class.forName("org.initlab.notebook.rapaio.RapaioDisplayProvider", true, loader),
                    "the adapter itself needs its kernel, which is why only Kernels loads it, and only in that kernel");
        }
    }

    @Test
    void rapaioFindsTheDisplayProviderAndDrawsChartsAndTables() {
        assertTrue(ServiceLoader.load(org.rapaio.jupyter.kernel.display.spi.DisplayProvider.class).stream()
                .anyMatch(p -> p.type() == RapaioDisplayProvider.class));
        var system = org.rapaio.jupyter.kernel.display.DisplaySystem.inst();
        system.refreshSpiDisplayHandlers();

        var chart = system.render(Charts.line("Loss", 300, 200));
        assertTrue(chart.data().containsKey("image/png"));
        assertEquals("XYChart \"Loss\" (300x200)", chart.data().get("text/plain"));
        assertEquals(Map.of("width", 300, "height", 200), chart.metadata().get("image/png"));

        var table = system.render(tech.tablesaw.api.Table.create("t", tech.tablesaw.api.DoubleColumn.create("x", 1 / 3.0)));
        assertTrue(((String) table.data().get("text/html")).contains(">0.3333</td>"));
    }

    /** IJava's kernel base, with display captured. */
    static final class FakeIJava extends io.github.spencerpark.jupyter.kernel.BaseKernel {
        final List<io.github.spencerpark.jupyter.kernel.display.DisplayData> shown = new ArrayList<>();

        @Override public io.github.spencerpark.jupyter.kernel.display.DisplayData eval(String expr) { return null; }
        @Override public io.github.spencerpark.jupyter.kernel.LanguageInfo getLanguageInfo() { return null; }
        @Override public void display(io.github.spencerpark.jupyter.kernel.display.DisplayData dd) { shown.add(dd); }
    }

    @Test
    void ijavaRendersCellResultsAndShowsBundles() throws Exception {
        FakeIJava kernel = new FakeIJava();
        IJavaBridge bridge = new IJavaBridge(kernel);
        bridge.installRenderers();
        bridge.installRenderers(); // once only

        var png = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("image/png");
        var html = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("text/html");
        var dd = kernel.getRenderer().render(Charts.line("Loss", 300, 200));
        assertNotNull(dd.getData(png));
        assertEquals("XYChart \"Loss\" (300x200)", dd.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("text/plain")));
        var table = kernel.getRenderer().render(tech.tablesaw.api.Table.create("t", tech.tablesaw.api.DoubleColumn.create("x", 2 / 3.0)));
        assertTrue(((String) table.getData(html)).contains(">0.6667</td>"));
        assertNotNull(kernel.getRenderer().render(Show.grid(2, Charts.line("a", 100, 100), Charts.line("b", 100, 100))).getData(png));
        var md = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("text/markdown");
        assertEquals("**x**", kernel.getRenderer().render(Bundle.text("x").with(Bundle.MARKDOWN, "**x**")).getData(md));

        bridge.display(Render.chart(Charts.line("Loss", 300, 200)), null);
        assertEquals(1, kernel.shown.size());
        assertNotNull(kernel.shown.getFirst().getData(png));
        assertFalse(kernel.shown.getFirst().hasDisplayId(), "show() outputs carry no display id");
    }

    /** JJava's kernel base, with display captured. */
    static final class FakeJJava extends org.dflib.jjava.jupyter.kernel.BaseKernel {
        final List<org.dflib.jjava.jupyter.kernel.display.DisplayData> shown = new ArrayList<>();

        @Override public org.dflib.jjava.jupyter.kernel.display.DisplayData eval(String expr) { return null; }
        @Override public org.dflib.jjava.jupyter.kernel.LanguageInfo getLanguageInfo() { return null; }
        @Override public void display(org.dflib.jjava.jupyter.kernel.display.DisplayData dd) { shown.add(dd); }
    }

    @Test
    void jjavaInstallsTheExtensionServiceThatRegistersRenderers() {
        assertTrue(ServiceLoader.load(org.dflib.jjava.jupyter.Extension.class).stream()
                .anyMatch(p -> p.type() == JJavaExtension.class));
        FakeJJava kernel = new FakeJJava();
        new JJavaExtension().install(kernel);
        new JJavaBridge(kernel).installRenderers(); // what Notebook.setup() does after: no second registration

        var png = org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("image/png");
        var dd = kernel.getRenderer().render(Charts.line("Loss", 300, 200));
        assertNotNull(dd.getData(png));
        var svg = kernel.getRenderer().render(Show.svg(Charts.line("Loss", 300, 200)));
        assertTrue(((String) svg.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("image/svg+xml"))).contains("<svg"));

        new JJavaBridge(kernel).display(Bundle.text("hi"), "id-1");
        assertEquals("hi", kernel.shown.getFirst().getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("text/plain")));
        assertEquals("id-1", kernel.shown.getFirst().getDisplayId());
    }

    @Test
    void everyKernelShowsAnExplorableThatEndsACellAsItsHtmlWithThePictureBeside() {
        Explorable e = Show.explore(Show.knob("n", 1, 2), n -> Charts.line("n " + n, 120, 80));
        String html = e.html();

        var rapaio = org.rapaio.jupyter.kernel.display.DisplaySystem.inst();
        rapaio.refreshSpiDisplayHandlers();
        var r = rapaio.render(e);
        assertEquals(html, r.data().get("text/html"));
        assertEquals(e.bundle().data().get(Bundle.PNG), r.data().get("image/png"));

        FakeIJava ijava = new FakeIJava();
        new IJavaBridge(ijava).installRenderers();
        var i = ijava.getRenderer().render(e);
        assertEquals(html, i.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("text/html")));
        assertNotNull(i.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("image/png")));

        FakeJJava jjava = new FakeJJava();
        new JJavaBridge(jjava).installRenderers();
        var j = jjava.getRenderer().render(e);
        assertEquals(html, j.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("text/html")));
        assertTrue(((String) j.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("text/plain")))
                .startsWith("explorable figure: n = 1, 2, 2 frames"));
    }

    @Test
    void theJJavaBridgeCallsNothingWhoseSignatureChangedBetweenReleases() throws Exception {
        // DisplayData.setDisplayId returns void in 1.0-M3/a6 and DisplayData in 1.0-a7: a call compiled against one is a
        // NoSuchMethodError on the other. The bridge's bytecode must not name it (it uses putTransientData, void in both).
        for (Class<?> c : List.of(JJavaBridge.class, JJavaExtension.class)) {
            try (var in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                String bytes = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("setDisplayId"), c.getSimpleName() + " calls setDisplayId");
            }
        }
    }

    @Test
    void registrationHappensOncePerRendererAndClassLoader() {
        Object renderer = new Object();
        assertTrue(RegistrationGuard.firstTime(renderer, String.class));
        assertFalse(RegistrationGuard.firstTime(renderer, String.class));
        assertTrue(RegistrationGuard.firstTime(renderer, Integer.class));
        assertTrue(RegistrationGuard.firstTime(new Object(), String.class));
    }
}

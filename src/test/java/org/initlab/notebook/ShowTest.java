package org.initlab.notebook;

import org.initlab.nn.Trainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** Outside a kernel, show() and progress lines print text. */
class ShowTest {

    private PrintStream saved;
    private ByteArrayOutputStream out;

    @BeforeEach
    void captureStdout() {
        saved = System.out;
        out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(saved);
    }

    private String printed() { return out.toString(StandardCharsets.UTF_8); }

    @Test
    void noKernelIsFoundInATestJvm() {
        assertEquals("none", Kernels.name());
        assertFalse(Kernels.current().inKernel());
        assertFalse(Kernels.runsMain(Kernels.RAPAIO_MAIN));
    }

    @Test
    void showPrintsTheTextFormOfEachObject() {
        Show.show(Charts.line("Loss", 300, 200), Table.create("t", DoubleColumn.create("x", 0.333333)), "hello", 42, null);
        assertEquals("XYChart \"Loss\" (300x200)\nt\n     x\n------\n0.3333\nhello\n42\nnull\n", printed());
    }

    @Test
    void showGridPrintsOneLinePerChart() {
        Show.showGrid(2, Charts.line("a", 100, 100), Charts.line("b", 100, 100));
        assertEquals("grid of 2 charts, 1x2:\n  XYChart \"a\" (100x100)\n  XYChart \"b\" (100x100)\n", printed());
    }

    @Test
    void markdownIsFormattedInTheRootLocale() {
        Show.markdown("loss **%s** after %d epochs, %.2f", "0.1", 3, 0.5);
        Show.markdown("100% as is");
        assertEquals("loss **0.1** after 3 epochs, 0.50\n100% as is\n", printed());
    }

    @Test
    void showReturnsNothing() throws NoSuchMethodException {
        Method show = Show.class.getMethod("show", Object[].class);
        assertEquals(void.class, show.getReturnType());
        assertEquals(void.class, Show.class.getMethod("showGrid", int.class, org.knowm.xchart.internal.chartpart.Chart[].class).getReturnType());
    }

    @Test
    void setupSaysThereIsNoKernel() {
        Notebook.setup();
        assertEquals("Init Lab ready: Java " + Runtime.version().feature() + ", no Jupyter kernel (text output).\n", printed());
    }

    @Test
    void progressOutsideAKernelIsACarriageReturnLine() {
        Progress p = Progress.bar("run");
        p.accept(new Trainer.Progress(1, 2, 1, 4, 0.5));
        p.accept(new Trainer.Progress(2, 2, 4, 4, 0.25));
        p.finish("done");
        String last = "run: epoch 2/2, step 4/4 (100%), loss 0.25";
        assertEquals("\rrun: epoch 1/2, step 1/4 (25%), loss 0.5"
                + "\r" + last
                + "\r" + "run: done" + " ".repeat(last.length() - "run: done".length()) + "\n", printed());
    }
}

package org.initlab.notebook;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * Finds the Jupyter kernel this JVM runs in and the {@link KernelBridge} for it. Each kernel's adapter
 * class (org.initlab.notebook.rapaio, .ijava, .jjava) is loaded by name, and only after that kernel was
 * found running, so a JVM without a kernel's classes never links against them.
 */
public final class Kernels {

    static final String RAPAIO_MAIN = "org.rapaio.jupyter.kernel.MainApp";
    static final String IJAVA_MAIN = "io.github.spencerpark.ijava.IJava";
    /** JJava 1.0-a6 and later keep the kernel here... */
    static final String JJAVA_STATICS = "org.dflib.jjava.kernel.JavaNotebookStatics";
    /** ...JJava up to 1.0-M3 in its main class. */
    static final String JJAVA_MAIN = "org.dflib.jjava.JJava";

    private static volatile KernelBridge current;

    private Kernels() {}

    /** The bridge to the running kernel (detected once), or a text fallback outside Jupyter. */
    public static KernelBridge current() {
        KernelBridge k = current;
        if (k == null) {
            synchronized (Kernels.class) {
                k = current;
                if (k == null) {
                    k = detect();
                    try {
                        k.installRenderers();
                    } catch (RuntimeException | LinkageError e) {
                        System.err.println("Init Lab: could not install " + k.name() + " renderers (" + e + "); charts still show with show(...)");
                    }
                    current = k;
                }
            }
        }
        return k;
    }

    /** Which kernel runs this JVM: "rapaio", "IJava", "JJava" or "none". */
    public static String name() { return current().name(); }

    static KernelBridge detect() {
        ClassLoader loader = Kernels.class.getClassLoader();
        try {
            if (runsMain(RAPAIO_MAIN) && present(RAPAIO_MAIN, loader))
                return bridge("org.initlab.notebook.rapaio.RapaioBridge", null, loader);
            Object kernel = staticCall(IJAVA_MAIN, "getKernelInstance", loader);
            if (kernel != null) return bridge("org.initlab.notebook.ijava.IJavaBridge", kernel, loader);
            kernel = staticCall(JJAVA_STATICS, "kernel", loader);
            if (kernel == null) kernel = staticCall(JJAVA_MAIN, "getKernelInstance", loader);
            if (kernel != null) return bridge("org.initlab.notebook.jjava.JJavaBridge", kernel, loader);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            System.err.println("Init Lab: kernel detection failed (" + e + "); output falls back to text");
        }
        return new TextBridge();
    }

    /** Whether the JVM's main thread was started by {@code className}'s main method. */
    static boolean runsMain(String className) {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            if ("main".equals(e.getKey().getName()) && stack.length > 0)
                return className.equals(stack[stack.length - 1].getClassName());
        }
        // The main thread is gone (or renamed): fall back to the launcher's command line.
        String cmd = System.getProperty("sun.java.command", "");
        return cmd.startsWith(className) || (className.equals(RAPAIO_MAIN) && cmd.contains("rapaio-jupyter-kernel"));
    }

    static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@code className.method()} if the class is there, else null; null also when the call fails (no kernel yet). */
    private static Object staticCall(String className, String method, ClassLoader loader) {
        if (!present(className, loader)) return null;
        try {
            Method m = Class.forName(className, true, loader).getMethod(method);
            return m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static KernelBridge bridge(String adapter, Object kernel, ClassLoader loader) throws ReflectiveOperationException {
        Class<?> c = Class.forName(adapter, true, loader);
        Object b = kernel == null ? c.getConstructor().newInstance() : c.getConstructor(Object.class).newInstance(kernel);
        return (KernelBridge) b;
    }

    /** For tests: forget the detected kernel. */
    static void reset() { current = null; }
}

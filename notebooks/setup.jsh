// Init Lab notebook set-up. The first cell of every notebook is `%load setup.jsh`, which runs this file
// the same way under the rapaio, IJava and JJava kernels. It checks that the kernel runs Java 25 or newer,
// puts the project's jars (../target/lib/*.jar, built by ./initlab lab) on the kernel's class path, and
// lets org.initlab.notebook.Notebook install the chart and table renderers.
// Plain Java 8 syntax, without our classes, so that a kernel on an older JDK gets to the message below.
{
    String spec = System.getProperty("java.specification.version");
    int java = Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec);
    if (java < 25) {
        throw new IllegalStateException("Init Lab needs Java 25 or newer, but this kernel runs Java " + java
                + ". Fix: start Jupyter with ./initlab lab and use the kernel \"Java 25 (Init Lab, rapaio)\","
                + " or make your Java kernel start a JDK 25 (docs/kernels.md).");
    }
}
try {
    // notebooks/ and assignments/ sit next to target/; a learner's copies (./initlab practice) one level deeper.
    java.io.File lib = new java.io.File("../target/lib");
    if (!new java.io.File(lib, "initlab.jar").isFile() && new java.io.File("../../target/lib/initlab.jar").isFile()) lib = new java.io.File("../../target/lib");
    java.io.File[] jars = lib.listFiles(f -> f.getName().endsWith(".jar"));
    if (jars == null || !new java.io.File(lib, "initlab.jar").isFile()) {
        throw new IllegalStateException("../target/lib/initlab.jar is missing: the notebook folder is "
                + new java.io.File("").getAbsolutePath() + ". Fix: build the project with ./initlab lab"
                + " (or mvn package -DskipTests) and open the notebooks in its notebooks/ folder.");
    }
    java.util.Arrays.sort(jars);
    // One class path string with every jar, added in ONE call: JJava installs the extensions of what each call
    // adds, and initlab.jar's extension needs XChart, Tablesaw and Smile already there. All three kernels split
    // the string on the path separator.
    StringBuilder classPath = new StringBuilder();
    for (java.io.File jar : jars) {
        if (classPath.length() > 0) classPath.append(java.io.File.pathSeparator);
        classPath.append(jar.getCanonicalPath());
    }
    String kernel = null;
    try {
        // rapaio: the kernel's own JShell, as its %jar magic does.
        Object k = Class.forName("org.rapaio.jupyter.kernel.MainApp").getField("kernel").get(null);
        Object engine = Class.forName("org.rapaio.jupyter.kernel.core.RapaioKernel").getMethod("javaEngine").invoke(k);
        Object shell = Class.forName("org.rapaio.jupyter.kernel.core.java.JavaEngine").getMethod("getShell").invoke(engine);
        java.lang.reflect.Method add = Class.forName("jdk.jshell.JShell").getMethod("addToClasspath", String.class);
        add.invoke(shell, classPath.toString());
        kernel = "rapaio";
    } catch (ClassNotFoundException notRapaio) {
        // IJava, or JJava (newer, then older): addToClasspath(String) of the kernel instance, as their %jars does.
        String[][] kernels = {{"io.github.spencerpark.ijava.IJava", "getKernelInstance", "IJava"},
                {"org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel", "JJava"},
                {"org.dflib.jjava.kernel.JavaNotebookStatics", "kernel", "JJava"},
                {"org.dflib.jjava.JJava", "getKernelInstance", "JJava"}};
        for (String[] candidate : kernels) {
            Object k;
            try {
                k = Class.forName(candidate[0]).getMethod(candidate[1]).invoke(null);
            } catch (ReflectiveOperationException | RuntimeException absent) {
                continue;
            }
            if (k == null) continue;
            java.lang.reflect.Method add = null;
            for (Class<?> c = k.getClass(); c != null && add == null; c = c.getSuperclass()) {
                if (!java.lang.reflect.Modifier.isPublic(c.getModifiers())) continue;
                try {
                    add = c.getMethod("addToClasspath", String.class);
                } catch (NoSuchMethodException none) {
                }
            }
            if (add == null) continue;
            add.invoke(k, classPath.toString());
            kernel = candidate[2];
            break;
        }
    }
    if (kernel == null) {
        throw new IllegalStateException("Unknown Java kernel: add the jars yourself (%jars ../target/lib/*.jar),"
                + " then call org.initlab.notebook.Notebook.setup().");
    }
} catch (java.lang.reflect.InvocationTargetException e) {
    // The kernel's own error while adding the jars, not reflection's wrapper around it.
    Throwable cause = e.getCause() == null ? e : e.getCause();
    throw new IllegalStateException("Adding ../target/lib/*.jar to the kernel failed: " + cause, cause);
}
org.initlab.notebook.Notebook.setup();

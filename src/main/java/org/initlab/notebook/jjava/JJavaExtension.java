package org.initlab.notebook.jjava;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * JJava's extension point (service {@code org.dflib.jjava.jupyter.Extension}): when {@code %jars} or the
 * set-up adds initlab.jar, JJava installs this, which registers the chart, table and grid renderers.
 * Only JJava looks this service up, so no other JVM loads this class.
 */
public final class JJavaExtension implements Extension {

    public JJavaExtension() {}

    @Override public void install(BaseKernel kernel) {
        JJavaBridge.register(kernel.getRenderer());
    }
}

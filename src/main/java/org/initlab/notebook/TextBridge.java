package org.initlab.notebook;

import java.io.PrintStream;

/** Outside a kernel (plain java, tests): every bundle prints its text form on stdout. */
final class TextBridge implements KernelBridge {

    @Override public String name() { return "none"; }

    @Override public boolean inKernel() { return false; }

    private static PrintStream out() { return System.out; }

    @Override public void display(Bundle bundle, String displayId) {
        String text = bundle.text();
        out().print(text.endsWith("\n") ? text : text + "\n");
        out().flush();
    }

    @Override public void update(String displayId, Bundle bundle) { display(bundle, displayId); }

    @Override public void installRenderers() {}
}

/*
 * Init Lab's replacement for rapaio-jupyter-kernel 3.0.1's org.rapaio.jupyter.kernel.channels.LoopThread,
 * put before the kernel jar on the kernel's class path by tools/install_kernel.py. Same constructor and
 * methods; two start-up races fixed:
 *  - the original sets `running = true` after super.start(), so a loop thread that gets scheduled first
 *    sees false and ends at once: the channel (often the shell) never answers, and the kernel hangs at
 *    start-up (about 1 start in 15 on a 2-core machine);
 *  - an exception in the loop body (for example a message that arrives before the kernel has filled its
 *    handler table) ended the thread; now it is logged and the loop goes on (the client asks again).
 * Remove this file (and its use in install_kernel.py) once a rapaio release fixes LoopThread.
 */
package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

public final class LoopThread extends Thread {
    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());

    private volatile boolean running = false;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, getName() + ": " + e, e);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        super.start();
    }

    public void shutdown() {
        running = false;
    }
}

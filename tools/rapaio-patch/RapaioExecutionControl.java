/*
 * Init Lab's replacement for rapaio-jupyter-kernel 3.0.1's org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl,
 * put before the kernel jar by tools/install_kernel.py. Same constructor, constants and methods; what changes is
 * what the stop button does:
 *
 *  - stop(), which JShell.stop() and the kernel's interrupt both call, interrupts the running snippet. In 3.0.1 it
 *    shut the executor down, so every later cell was rejected and "ran" without output or effect until a restart.
 *  - An interrupted snippet gets up to GRACE_MS to notice its interrupt and end before the cell is answered, so what
 *    it still prints stays in its own cell and the next cell does not start beside it. (Init Lab's trainer stops
 *    within a step; code that never checks its interrupt keeps running in the background, as in 3.0.1.)
 *  - A snippet that times out is interrupted too, instead of being left running.
 *  - close() (JShell.close()) shuts the executor down.
 *
 * Remove this file (with Channels.java and LoopThread.java) once a rapaio release handles interrupts.
 */
package org.rapaio.jupyter.kernel.core.java;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.SPIResolutionException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

public class RapaioExecutionControl extends DirectExecutionControl {

    // The kernel matches these in a switch, so they are its exact strings.
    public static final String TIMEOUT_MARKER = "## Timeout Marker ##";
    public static final String INTERRUPTED_MARKER = "## Interrupted Marker ##";

    /** How long an interrupted snippet may take to end before its cell is answered anyway. */
    static final long GRACE_MS = 3000;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private record Running(Future<Object> task, CountDownLatch ended) {}

    private final long timeoutTime;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "Engine-thread-" + THREADS.getAndIncrement());
        t.setDaemon(true); // a snippet that ignores its interrupt must not keep the kernel alive at shutdown
        return t;
    });
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final Set<Running> running = ConcurrentHashMap.newKeySet();

    public RapaioExecutionControl(long timeoutTime) {
        this.timeoutTime = timeoutTime;
    }

    public long getTimeout() {
        return timeoutTime;
    }

    public Object takeResult(String key) {
        Object result = results.remove(key);
        if (result == null) throw new IllegalStateException("No result with key: " + key);
        return result;
    }

    /**
     * A key to the snippet's value, which the kernel takes with takeResult. A snippet without a value (a statement,
     * or an expression that is null) must reach the kernel as JShell's "no value" (null), which an InternalException
     * gives: 3.0.1 got there through a NullPointerException from its results map, and its JavaEngine relies on it.
     */
    @Override
    protected String invoke(Method methodCall) throws Exception {
        Object value = execute(methodCall);
        if (value == null) throw new InternalException("no value");
        String key = UUID.randomUUID().toString();
        results.put(key, value);
        return key;
    }

    private Object execute(Method methodCall) throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        Future<Object> task = executor.submit(() -> {
            try {
                return methodCall.invoke(null);
            } finally {
                ended.countDown();
            }
        });
        Running r = new Running(task, ended);
        running.add(r);
        try {
            return timeoutTime > 0 ? task.get(timeoutTime, TimeUnit.MILLISECONDS) : task.get();
        } catch (CancellationException e) {
            if (executor.isShutdown()) throw new StoppedException();
            ended.await(GRACE_MS, TimeUnit.MILLISECONDS);
            throw new UserException("Execution interrupted.", INTERRUPTED_MARKER, e.getStackTrace());
        } catch (TimeoutException e) {
            task.cancel(true);
            ended.await(GRACE_MS, TimeUnit.MILLISECONDS);
            throw new UserException("Execution timed out", TIMEOUT_MARKER, e.getStackTrace());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            if (cause == null) throw new UserException("null", "Unknown Invocation Exception", e.getStackTrace());
            if (cause instanceof SPIResolutionException unresolved) throw new ResolutionException(unresolved.id(), cause.getStackTrace());
            throw new UserException(cause.getMessage(), cause.getClass().getName(), cause.getStackTrace());
        } finally {
            running.remove(r);
        }
    }

    /** Interrupts every running snippet. */
    public void interrupt() {
        for (Running r : running) r.task().cancel(true);
    }

    /** JShell's "stop the current evaluation": an interrupt, not a shutdown (the kernel goes on). */
    @Override
    public void stop() {
        interrupt();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        super.close();
    }
}

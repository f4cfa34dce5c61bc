/*
 * Init Lab's replacement for rapaio-jupyter-kernel 3.0.1's org.rapaio.jupyter.kernel.channels.Channels, put before
 * the kernel jar by tools/install_kernel.py. Same public constructor and methods; one defect fixed, the one that
 * broke the stop button:
 *
 * 3.0.1 keeps one "request being handled" and one stack of after-actions for the whole kernel, shared by the
 * shell thread and the control thread. An interrupt_request (control) arrives while an execute_request (shell)
 * runs, so it overwrote the execute's id, was answered on the shell socket instead of the control one, and its
 * after-actions also ran the execute's (restoring System.out, publishing "idle", forgetting the id): the
 * interrupted cell never got its execute_reply, its error went out with an empty parent header.
 *
 * Here a control request (interrupt, shutdown, debug) and its after-actions belong to the thread that handles it,
 * and its replies go out on the control socket; everything else, including output printed by the threads a cell
 * runs on, belongs to the shell's request.
 *
 * And, as the protocol's stop_on_error asks (3.0.1 ignores it): once a cell fails or is interrupted, the cells
 * already queued behind it (Run All) are answered "aborted" instead of run, so the stop button stops the run, not
 * just one cell. A request counts as queued if its header's date is before the failure was answered (the client
 * sent it without knowing). The classic notebook's requests carry no date; one of those counts as queued if the
 * shell loop reads it within QUEUED_MS of the previous request's end (a waiting message is read every 50 ms; a
 * cell run by hand comes later). Remove this file (with LoopThread.java and RapaioExecutionControl.java)
 * once a rapaio release handles interrupts.
 */
package org.rapaio.jupyter.kernel.channels;

import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.RapaioKernel;
import org.rapaio.jupyter.kernel.message.ContentType;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageId;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ErrorReply;
import org.rapaio.jupyter.kernel.message.messages.IOPubStatus;
import org.rapaio.jupyter.kernel.message.messages.IOPubStream;
import org.rapaio.jupyter.kernel.message.messages.ShellExecuteRequest;
import org.rapaio.org.zeromq.ZMQ; // rapaio 3.0.1 ships JeroMQ relocated

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@SuppressWarnings({"unchecked", "rawtypes"})
public final class Channels {

    /** Requests that arrive on the control socket (Jupyter messaging protocol 5.x). */
    private static final Set<String> CONTROL_REQUESTS = Set.of("interrupt_request", "shutdown_request", "debug_request");

    private final ConnectionProperties connProps;
    private final ZMQ.Context ctx;
    private final HeartbeatChannel heartbeat;
    private final ShellChannel shell;
    private final ControlChannel control;
    private final StdinChannel stdin;
    private final IOPubChannel iopub;
    private final List<AbstractChannel> all;

    private volatile Map<MessageType<?>, MessageHandler> handlers = Map.of();
    /** The shell request being handled: the parent of shell replies and of every IOPub message but a control request's. */
    private volatile MessageId<?> shellRequest;
    /** The control request being handled by this thread (only the control thread has one). */
    private final ThreadLocal<MessageId<?>> controlRequest = new ThreadLocal<>();
    /** Each thread's after-actions, run last-in first-out when its request is done. */
    private final ThreadLocal<Deque<Runnable>> afterActions = ThreadLocal.withInitial(ArrayDeque::new);
    private volatile boolean connected;
    private volatile boolean shutdownRequested;

    /** stop_on_error of the execute request being handled. */
    private volatile boolean stopOnError;
    /** When an execute request that asked stop_on_error failed: requests sent before then are aborted. */
    private volatile java.time.Instant failedAt;
    static final long QUEUED_MS = 250;
    /** When the shell thread last finished a request (System.nanoTime). */
    private volatile long shellDone = System.nanoTime();

    public Channels(ConnectionProperties connProps) throws NoSuchAlgorithmException, InvalidKeyException {
        this.connProps = connProps;
        this.ctx = ZMQ.context(1);
        HMACDigest digest = connProps.createHMACDigest();
        heartbeat = new HeartbeatChannel(this, ctx, digest);
        shell = new ShellChannel(this, ctx, digest, this);
        control = new ControlChannel(this, ctx, digest);
        stdin = new StdinChannel(this, ctx, digest);
        iopub = new IOPubChannel(this, ctx, digest);
        all = List.of(heartbeat, shell, control, stdin, iopub);
    }

    public void connect(RapaioKernel kernel) {
        if (connected) return;
        all.forEach(c -> c.bind(connProps));
        iopub.sendMessage(new Message<>(MessageType.IOPUB_STATUS, IOPubStatus.STARTING));
        kernel.registerChannels(this);
        Map<MessageType<?>, MessageHandler> h = new HashMap<>();
        h.put(MessageType.SHELL_EXECUTE_REQUEST, kernel::handleExecuteRequest);
        h.put(MessageType.SHELL_INSPECT_REQUEST, kernel::handleInspectRequest);
        h.put(MessageType.SHELL_COMPLETE_REQUEST, kernel::handleCompleteRequest);
        h.put(MessageType.SHELL_HISTORY_REQUEST, kernel::handleHistoryRequest);
        h.put(MessageType.SHELL_IS_COMPLETE_REQUEST, kernel::handleIsCompleteRequest);
        h.put(MessageType.SHELL_KERNEL_INFO_REQUEST, kernel::handleKernelInfoRequest);
        h.put(MessageType.CONTROL_SHUTDOWN_REQUEST, kernel::handleShutdownRequest);
        h.put(MessageType.CONTROL_INTERRUPT_REQUEST, kernel::handleInterruptRequest);
        h.put(MessageType.CUSTOM_COMM_OPEN, kernel::handleCommOpenCommand);
        h.put(MessageType.CUSTOM_COMM_MSG, kernel::handleCommMsgCommand);
        h.put(MessageType.CUSTOM_COMM_CLOSE, kernel::handleCommCloseCommand);
        h.put(MessageType.SHELL_COMM_INFO_REQUEST, kernel::handleCommInfoRequest);
        handlers = h;
        connected = true;
    }

    public <T> MessageHandler<T> getHandler(MessageType<T> type) {
        MessageHandler<T> handler = handlers.get(type);
        if (handler == null || !MessageType.SHELL_EXECUTE_REQUEST.equals(type)) return handler;
        return message -> {
            java.time.Instant failed = failedAt, sent = sentAt(message);
            boolean queued = sent != null ? failed != null && sent.isBefore(failed) : (System.nanoTime() - shellDone) / 1_000_000 < QUEUED_MS;
            if (failed != null && queued) {
                abort();
                return;
            }
            failedAt = null;
            stopOnError = !(message.content() instanceof ShellExecuteRequest r) || r.stopOnError();
            handler.handle(message);
        };
    }

    /** The date in a request's header (ISO 8601, as clients write it), or null. */
    private static java.time.Instant sentAt(Message<?> message) {
        try {
            return java.time.OffsetDateTime.parse(message.header().timestamp()).toInstant();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** The reply to a request queued behind a failed one: "aborted", with busy and idle around it. */
    private void abort() {
        MessageId<?> request = current();
        iopub.sendMessage(new Message<>(request, IOPubStatus.BUSY.type(), IOPubStatus.BUSY));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "aborted");
        reply.put("user_expressions", Map.of());
        shell.sendMessage(new Message(request, MessageType.SHELL_EXECUTE_REPLY, reply));
        iopub.sendMessage(new Message<>(request, IOPubStatus.IDLE.type(), IOPubStatus.IDLE));
    }

    public void close() {
        all.forEach(AbstractChannel::close);
        ctx.close();
    }

    public void joinUntilClose() {
        all.forEach(AbstractChannel::joinUntilClose);
    }

    /** The request this thread answers: its own control request, else the shell's. */
    private MessageId<?> current() {
        MessageId<?> c = controlRequest.get();
        return c != null ? c : shellRequest;
    }

    private boolean onControl() {
        return controlRequest.get() != null;
    }

    public boolean hasMsgId() {
        return current() != null;
    }

    public void setMsgId(MessageId<?> msgId) {
        if (msgId != null && msgId.header() != null && msgId.header().type() != null && CONTROL_REQUESTS.contains(msgId.header().type().name()))
            controlRequest.set(msgId);
        else
            shellRequest = msgId;
    }

    public void freeMsgId() {
        if (onControl()) controlRequest.remove();
        else shellRequest = null;
    }

    public void markForShutdown() {
        shutdownRequested = true;
    }

    public boolean isMarkedForShutdown() {
        return shutdownRequested;
    }

    public void writeToStdOut(String msg) {
        publish(new IOPubStream(IOPubStream.StreamName.OUT, msg));
    }

    public void writeToStdErr(String msg) {
        publish(new IOPubStream(IOPubStream.StreamName.ERR, msg));
    }

    public String readFromStdIn() {
        return stdin.getInput(shellRequest, "", false);
    }

    public <T extends ContentType<T>> void publish(T content) {
        iopub.sendMessage(new Message<>(current(), content.type(), content));
    }

    public <T extends ContentType<T>> void reply(T content) {
        (onControl() ? control : shell).sendMessage(new Message<>(current(), content.type(), content));
    }

    public void replyError(MessageType<?> type, ErrorReply error) {
        if (MessageType.SHELL_EXECUTE_REPLY.name().equals(type.name()) && !onControl() && stopOnError) failedAt = java.time.Instant.now(); // the kernel sends it as newError(): same name, another class
        (onControl() ? control : shell).sendMessage(new Message(current(), type, error));
    }

    public void scheduleAfter(Runnable action) {
        afterActions.get().push(action);
    }

    /** Runs this thread's after-actions; a control request is done after them. */
    public void runAfterActions() {
        Deque<Runnable> actions = afterActions.get();
        boolean control = onControl();
        try {
            while (!actions.isEmpty()) actions.pop().run();
        } finally {
            controlRequest.remove();
            if (!control) shellDone = System.nanoTime();
        }
    }

    public void busyThenIdle() {
        publish(IOPubStatus.BUSY);
        MessageId<?> request = current();
        // "idle" names the request it ends, even if it runs after the id was freed
        scheduleAfter(() -> iopub.sendMessage(new Message<>(request, IOPubStatus.IDLE.type(), IOPubStatus.IDLE)));
    }
}

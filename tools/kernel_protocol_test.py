#!/usr/bin/env python3
"""The stop button, through the Jupyter protocol: start a Java kernelspec, interrupt it, check it stays usable.

Run by `./initlab test` on the project's kernel (`java`); `--kernel NAME` tries another (IJava, JJava). Exits 1
with the failed checks listed. Each check is what a student sees after pressing stop:
  1. a long training cell interrupted after 2 s answers (execute_reply) within 5 s, as an error that says interrupted;
  2. the next cell runs and its output arrives; a variable defined before the interrupt survives;
  3. the interrupted fit's history, kept in a variable, reports INTERRUPTED with the steps done so far (and, for a fit
     probed at every step, every step's records, though the last step's measurements may run when the stop comes);
  4. interrupting an idle kernel is harmless;
  5. a loop of fits stops as a whole: no fit after the interrupted one trains;
  6. cells queued behind the interrupted one (Run All) are aborted, not run (the protocol's stop_on_error).
"""
import argparse
import os
import queue
import sys
import time

from jupyter_client.manager import start_new_kernel

LONG_FIT = """var data = Digits.load().split(0.2, 1).standardized();
var h = Trainer.of(Optimizer.sgd(0.01)).epochs(100_000).fit(Network.mlp(64, 256, 256, 10).seed(1).build(), data);
System.out.println("after the fit: this line must not run once the cell is interrupted");"""

PROBED_FIT = """var hp = Trainer.of(Optimizer.sgd(0.01)).epochs(100_000).probe(org.initlab.probe.Probe.everyStep()).evaluation(Trainer.Evaluation.NONE)
        .fit(Network.mlp(64, 256, 256, 10).seed(1).build(), data);"""

FIT_LOOP = """var runs = new java.util.ArrayList<History>();
for (int i = 0; i < 4; i++) runs.add(Trainer.of(Optimizer.sgd(0.01)).epochs(2_000).fit(Network.mlp(64, 256, 256, 10).seed(i).build(), data));"""


class Cell:
    def __init__(self, status, seconds, outputs, error):
        self.status, self.seconds, self.outputs, self.error = status, seconds, outputs, error

    @property
    def text(self):
        return "".join(self.outputs)


def execute(km, kc, code, timeout, interrupt_after=None):
    """Runs code; returns its reply status, seconds from the interrupt (or the start) to the reply, stdout, error name."""
    msg_id = kc.execute(code)
    t0 = time.time()
    t_interrupt = None
    reply = t_reply = None
    outputs, error, idle = [], None, False
    while True:
        now = time.time()
        if interrupt_after is not None and t_interrupt is None and now - t0 > interrupt_after:
            km.interrupt_kernel()
            t_interrupt = time.time()
        try:
            m = kc.get_iopub_msg(timeout=0.1)
            if m["parent_header"].get("msg_id") == msg_id:
                if m["msg_type"] == "stream":
                    outputs.append(m["content"]["text"])
                elif m["msg_type"] == "error":
                    error = m["content"]["ename"] + ": " + m["content"]["evalue"]
                elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    idle = True
        except queue.Empty:
            pass
        if reply is None:
            try:
                r = kc.get_shell_msg(timeout=0.05)
                if r["parent_header"].get("msg_id") == msg_id:
                    reply, t_reply = r, time.time()
            except queue.Empty:
                pass
        elif idle or time.time() - t_reply > 3:
            break
        if time.time() - t0 > timeout:
            break
    status = reply["content"]["status"] if reply else None
    if reply and status == "error" and error is None:
        error = reply["content"].get("ename", "") + ": " + reply["content"].get("evalue", "")
    since = t_interrupt if t_interrupt is not None else t0
    return Cell(status, (t_reply or time.time()) - since, outputs, error)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernel", default="java", help="kernelspec name (default java)")
    ap.add_argument("--notebooks", default="notebooks", help="folder the kernel starts in (setup.jsh is there)")
    args = ap.parse_args()

    failures = []

    def check(ok, what):
        print("  %s %s" % ("ok  " if ok else "FAIL", what), flush=True)
        if not ok:
            failures.append(what)

    print("kernel_protocol_test: kernel '%s'" % args.kernel, flush=True)
    km, kc = start_new_kernel(kernel_name=args.kernel, cwd=os.path.abspath(args.notebooks), startup_timeout=90)
    try:
        while True:  # replies to start_new_kernel's kernel_info requests
            try:
                kc.get_shell_msg(timeout=0.5)
            except queue.Empty:
                break
        setup = execute(km, kc, "%load setup.jsh", 120)
        check(setup.status == "ok", "the set-up cell runs (%s)" % (setup.error or setup.status))
        execute(km, kc, "import org.initlab.nn.*; import org.initlab.init.*; import org.initlab.data.*;", 60)
        execute(km, kc, "int before = 42;", 30)

        cell = execute(km, kc, LONG_FIT, 90, interrupt_after=2)
        check(cell.status is not None and cell.seconds < 5, "an interrupted training cell answers within 5 s (%.1f s)" % cell.seconds)
        check(cell.status == "error" and "nterrupt" in (cell.error or ""), "and says it was interrupted (%s)" % (cell.error or cell.status))
        check("must not run" not in cell.text, "the rest of the interrupted cell does not run")

        nxt = execute(km, kc, 'System.out.println("before is " + before);', 30)
        check(nxt.status == "ok" and "before is 42" in nxt.text, "the next cell runs and shows its output, with the variables from before (%r)" % nxt.text.strip())
        hist = execute(km, kc, 'System.out.println(h.status() + " after " + h.stepLosses().length + " steps");', 30)
        check(hist.text.startswith("INTERRUPTED after ") and not hist.text.startswith("INTERRUPTED after 0 "),
              "the interrupted fit's history is kept: %r" % hist.text.strip())

        probed = execute(km, kc, PROBED_FIT, 90, interrupt_after=2)
        check(probed.status is not None and probed.seconds < 5, "an interrupted probed fit answers within 5 s (%.1f s)" % probed.seconds)
        kept = execute(km, kc, 'System.out.println(hp.status() + " " + hp.stepLosses().length + " " + hp.probes().size());', 30)
        words = kept.text.split()
        check(len(words) == 3 and words[0] == "INTERRUPTED" and words[1] != "0" and int(words[2]) == 3 * int(words[1]),
              "its history keeps every step's records, the last step's measurements included: %r (status, steps, records)" % kept.text.strip())

        km.interrupt_kernel()
        time.sleep(1)
        idle = execute(km, kc, 'System.out.println("still here");', 30)
        check(idle.status == "ok" and "still here" in idle.text, "interrupting an idle kernel is harmless")

        loop = execute(km, kc, FIT_LOOP, 120, interrupt_after=2)
        check(loop.status is not None and loop.seconds < 5, "an interrupted loop of fits answers within 5 s (%.1f s)" % loop.seconds)
        time.sleep(2)  # anything still training in the background would add runs now
        after = execute(km, kc, 'System.out.println(runs.size() + " " + runs.stream().map(r -> r.status() + "/" + r.stepLosses().length).toList());', 30)
        words = after.text.split(" ", 1)
        trained_after = [s for s in words[1].strip(" []\n").split(", ")[1:] if not s.endswith("/0")] if len(words) == 2 else ["?"]
        check(after.status == "ok" and not trained_after, "no fit after the interrupted one trains: %r" % after.text.strip())

        queued = [kc.execute(LONG_FIT), kc.execute('System.out.println("queued 1");'), kc.execute('System.out.println("queued 2");')]
        time.sleep(2)
        km.interrupt_kernel()
        statuses, t0 = {}, time.time()
        while len(statuses) < len(queued) and time.time() - t0 < 30:
            try:
                r = kc.get_shell_msg(timeout=0.5)
                if r["parent_header"].get("msg_id") in queued:
                    statuses[r["parent_header"]["msg_id"]] = r["content"]["status"]
            except queue.Empty:
                pass
        got = [statuses.get(m) for m in queued]
        check(got == ["error", "aborted", "aborted"], "cells queued behind an interrupted one are aborted, not run: %s" % got)
        alive = execute(km, kc, 'System.out.println("after the queue");', 30)
        check(alive.status == "ok" and "after the queue" in alive.text, "and a cell run after that runs")
    finally:
        km.shutdown_kernel(now=True)
    if failures:
        print("kernel_protocol_test: %d check(s) failed" % len(failures))
        return 1
    print("kernel_protocol_test: the stop button works")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Grades a folder of submissions the way nbgrader's autograde does, with Init Lab's own tools, and trusts nothing a
submission says about itself.

DIR holds one folder per student, each with one folder per assignment (nbgrader's submitted/ layout):
DIR/STUDENT/NAME/NAME.ipynb. For every student and every assignment in assignments/:
- the notebook graded is the instructor version with the student's answers put in: each answer cell (by the
  instructor's grade_id) takes the source of the submission's cell of that grade_id; every other cell, check cells
  with their hidden tests and points included, comes from the instructor version. Cells the student added are not
  run and their nbgrader metadata counts for nothing (a note says how many there were);
- the answers are read before anything runs (org.initlab.grading.AnswerGate, compiled, never run): an answer that
  declares more or other than the handed-out cell, uses a kernel command, or whose bytecode names anything beyond
  computation, printing and the course's library (reflection, threads, processes, files, the network, System.exit)
  is graded as not done, with a note saying what it used. A cell whose metadata lists initlab.answer_uses_only may
  use only those members of the library (a "derive it" answer cannot return the library's own initializer);
- the notebook runs in a sandbox (tools/sandbox.py: bubblewrap; no network, no project files, no other student, its
  own processes), its kernel reached through Unix sockets, with a time limit per cell and per notebook and a cap on
  what it may print; what stops a notebook (time, output, a kernel that dies) scores the checks not yet run 0 with a
  note, and grading goes on;
- an autograded check scores its points if it ran without an error; a manually graded answer is left for a person,
  and the feedback shows it beside its rubric (from the instructor version: criteria, points, and what a full, a
  partial and a missing answer look like). A hidden test's failure shows its check's own FAIL message and hint,
  never its code.
Writes OUT/grades.csv (student, assignment, check, points, max_points, note; written whole at the end, no field a
spreadsheet would take for a formula), OUT/feedback/STUDENT.html (the checks' messages, and each written answer
beside its rubric) and the executed notebooks
OUT/notebooks/STUDENT/NAME.ipynb. The same submissions give the same grades.csv. Exits 1 and names them if some
students could not be graded (the others are).
"""
import argparse
import base64
import csv
import html
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

sys.path.insert(0, str(Path(__file__).parent))
import assign  # noqa: E402
import sandbox  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")
MAX_NOTEBOOK_BYTES = 20 << 20     # a submission larger than this is not read
MAX_NOTE = 300                    # characters of a message kept in grades.csv and the feedback
MAX_ANSWER = 5000                 # characters of a written answer shown in the feedback
SPREADSHEET_FORMULA = ("=", "+", "-", "@", "\t", "\r")


class OutputLimit(Exception):
    pass


class KernelStartFailed(Exception):
    pass


def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def uses_only(cell):
    """The library members a "derive it" answer may use (instructor metadata initlab.answer_uses_only), or None."""
    return cell.get("metadata", {}).get("initlab", {}).get("answer_uses_only")


def merged(instructor, submission):
    """The notebook to grade, the answers to put before the gate {grade_id: (stub, student source, policy)}, notes."""
    notes = []
    theirs = {}
    added = 0
    wanted = {meta(c).get("grade_id") for c in instructor["cells"] if meta(c).get("solution")}
    checks = {meta(c).get("grade_id") for c in instructor["cells"] if meta(c).get("grade_id") and not meta(c).get("solution")}
    plain = {assign.source(c).strip() for c in instructor["cells"] if not meta(c).get("grade_id")}
    for c in (submission or {}).get("cells", []):
        if not isinstance(c, dict):
            continue
        gid = meta(c).get("grade_id")
        if gid in wanted and gid not in theirs:
            theirs[gid] = assign.source(c) if isinstance(assign.source(c), str) else ""
        elif gid not in checks and not (gid is None and assign.source(c).strip() in plain):
            added += 1
    if added:
        notes.append("%d cell(s) you added or duplicated were not run (only the handed-out cells count)" % added)
    cells, answers = [], {}
    for c in instructor["cells"]:
        m, gid = meta(c), meta(c).get("grade_id")
        cell = dict(c)
        if gid and m.get("solution"):
            stub = assign.source(assign.release({"cells": [c]}, "stub")[0]["cells"][0])
            if gid in theirs:
                cell["source"] = theirs[gid]
                if c["cell_type"] == "code":
                    answers[gid] = (stub, theirs[gid], uses_only(c))
            else:
                cell["source"] = stub
                if submission:
                    notes.append("answer cell %s is missing from the submission: graded as not done" % gid)
        elif gid and (m.get("grade") or m.get("locked")) and submission:
            released = assign.source(assign.release({"cells": [c]}, "check")[0]["cells"][0])
            mine = [assign.source(s) for s in submission.get("cells", []) if isinstance(s, dict) and meta(s).get("grade_id") == gid]
            if not mine:
                notes.append("cell %s was deleted: the original was put back" % gid)
            elif mine[0] != released:
                notes.append("cell %s was edited: the original was graded" % gid)
        cells.append(cell)
    nb = dict(instructor, cells=[dict(c) for c in cells])
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            c["outputs"], c["execution_count"] = [], None
    return nb, answers, notes


# ---- reading what students handed in: nothing followed out of DIR, nothing trusted -------------------------------

def open_inside(root_fd, parts):
    """Opens DIR/parts... for reading without following a symlink anywhere on the way; None if it is not there."""
    fd = root_fd
    try:
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            flags = os.O_RDONLY | os.O_NOFOLLOW | (0 if last else os.O_DIRECTORY)
            nfd = os.open(part, flags, dir_fd=fd)
            if fd != root_fd:
                os.close(fd)
            fd = nfd
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        return fd
    except FileNotFoundError:
        if fd != root_fd:
            os.close(fd)
        return None
    except OSError:
        if fd != root_fd:
            os.close(fd)
        raise


def read_submission(root_fd, student, name):
    """(notebook dict or None, note or None)."""
    try:
        fd = open_inside(root_fd, [student, name, name + ".ipynb"])
    except OSError as e:
        return None, "the submission was not read: %s/%s.ipynb is a link or not a plain file (%s)" % (
            name, name, e.strerror or e)
    if fd is None:
        return None, None
    with os.fdopen(fd, "rb") as f:
        data = f.read(MAX_NOTEBOOK_BYTES + 1)
    if len(data) > MAX_NOTEBOOK_BYTES:
        return None, "the submission was not read: larger than %d MB" % (MAX_NOTEBOOK_BYTES >> 20)
    try:
        nb = json.loads(data.decode("utf-8"))
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            raise ValueError("no list of cells")
    except (ValueError, UnicodeDecodeError) as e:
        return None, "the submission is not a readable notebook (%s)" % str(e)[:100]
    return nb, None


# ---- the gate: every answer compiled (not run) and read before the notebooks run ----------------------------------

def b64(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def gate(jobs, work, java, lib, use_sandbox):
    """{job index: {grade_id: reason}} for the answers the gate refuses. jobs: request lines (gate_request), or None
    for a notebook with no answers to judge."""
    folder = Path(work) / "gate"
    folder.mkdir()
    requests = []
    for i, lines in enumerate(jobs):
        if lines is None:
            continue
        (folder / ("%d.request" % i)).write_text("\n".join(lines) + "\n", encoding="utf-8")
        requests.append(i)
    if not requests:
        return {}
    jars = sorted(str(p) for p in Path(lib).glob("*.jar"))
    if use_sandbox:
        inside = [j.replace(str(lib), sandbox.INSIDE_ROOT + "/target/lib") for j in jars]
        command = sandbox.argv([java, "-cp", os.pathsep.join(inside), "org.initlab.grading.AnswerGate", "--class-path",
                                os.pathsep.join(inside)] + ["/run/gate/%d.request" % i for i in requests],
                               ro=[os.path.dirname(os.path.dirname(os.path.realpath(java)))], rw=[(str(folder), "/run/gate")],
                               project_lib=str(lib))
    else:
        command = [java, "-cp", os.pathsep.join(jars), "org.initlab.grading.AnswerGate", "--class-path",
                   os.pathsep.join(jars)] + [str(folder / ("%d.request" % i)) for i in requests]
    r = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError("the answer gate failed (exit %d): %s" % (r.returncode, r.stderr[-1500:]))
    refused = {}
    for i in requests:
        for line in (folder / ("%d.request.verdicts" % i)).read_text(encoding="utf-8").splitlines():
            f = line.split(" ")
            if f[0] == "refuse":
                refused.setdefault(i, {})[base64.b64decode(f[1]).decode("utf-8")] = base64.b64decode(f[2]).decode("utf-8")
    return refused


def gate_request(nb, answers):
    """The notebook's code cells in order for the gate: the instructor's as context (kernel commands left out), the
    student's answers to judge."""
    out = []
    for c in nb["cells"]:
        gid = meta(c).get("grade_id")
        if c["cell_type"] != "code":
            continue
        if gid in answers:
            stub, student, policy = answers[gid]
            out.append("answer %s %s %s %s" % (b64(gid), b64(",".join(policy) if policy else "standard"), b64(stub), b64(student)))
        else:
            out.append("context " + b64("\n".join(l for l in assign.source(c).split("\n") if not l.lstrip().startswith("%"))))
    return out


# ---- running one notebook ------------------------------------------------------------------------------------------

class CappedClient(NotebookClient):
    """nbclient, with a cap on what a notebook may print (counted as the kernel sends it)."""

    def __init__(self, *a, max_output=0, **kw):
        super().__init__(*a, **kw)
        self.max_output, self.printed = max_output, 0

    def process_message(self, msg, cell, cell_index):
        if msg.get("msg_type") in ("stream", "display_data", "execute_result", "error", "update_display_data"):
            self.printed += len(json.dumps(msg.get("content", {})))
            if self.printed > self.max_output:
                raise OutputLimit("the notebook printed more than %d MB and was stopped" % (self.max_output >> 20))
        return super().process_message(msg, cell, cell_index)


def run(nb, limits, kernel):
    """Executes nb (errors allowed); returns (executed notebook, index of the cell that stopped it or None, why)."""
    node = nbformat.reads(json.dumps(nb), as_version=4)  # cell sources as strings, as nbclient expects
    for attempt in (1, 2):
        km = kernel["manager"]()
        try:
            return run_with(node, km, limits, kernel)
        except KernelStartFailed:
            if attempt == 2:
                raise
            # A kernel that never answered ran no student code: start another (seen once in 30 starts).
            print("grade: the kernel did not start; trying once more", file=sys.stderr)
            node = nbformat.reads(json.dumps(nb), as_version=4)
        finally:   # a client given its kernel manager leaves the kernel to its owner: it and its sandbox end here
            if km.has_kernel:
                km.shutdown_kernel(now=True)
            km.cleanup_resources()


def run_with(node, km, limits, kernel):
    client = CappedClient(node, km=km, timeout=limits.cell, allow_errors=True, record_timing=False,
                          shutdown_kernel="immediate", resources={"metadata": {"path": kernel["cwd"]}},
                          max_output=limits.output, startup_timeout=60)
    stopped, why = None, ""
    try:
        client.start_new_kernel(cwd=kernel["cwd"])
        client.start_new_kernel_client()
    except RuntimeError as e:
        raise KernelStartFailed(str(e)) from e
    started = time.monotonic()
    with client.setup_kernel():
        index = 0
        try:
            for index, cell in enumerate(node.cells):
                left = limits.notebook - (time.monotonic() - started)
                if left <= 0:
                    raise CellTimeoutError("notebook")
                client.timeout = max(1, int(min(limits.cell, left)))
                client.execute_cell(cell, index)
        except CellTimeoutError:
            spent = time.monotonic() - started
            stopped, why = index, ("cell %d ran longer than %d s and was stopped" % (index + 1, limits.cell)
                                   if spent < limits.notebook else
                                   "the notebook ran longer than %d s in all and was stopped at cell %d" % (limits.notebook, index + 1))
        except DeadKernelError:
            stopped, why = index, "the kernel died in cell %d (System.exit, or out of memory?)" % (index + 1)
        except OutputLimit as e:
            stopped, why = index, "%s (cell %d)" % (e, index + 1)
        except RuntimeError as e:   # the kernel stopped answering
            stopped, why = index, "the kernel stopped answering in cell %d (%s)" % (index + 1, str(e)[:100])
        finally:
            client.kc.stop_channels()
    for c in node.cells:   # what is kept of the output: bounded too
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream" and len(o.get("text", "")) > 20000:
                o["text"] = o["text"][:20000] + "\n[... cut by the grader]\n"
    return node, stopped, why


def error_of(cell, hidden):
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            text = ANSI.sub("", o.get("evalue", "") or o.get("ename", "error"))
            if hidden:   # a hidden test's own words (its FAIL line and hint), never its code or a compiler's echo of it
                lines = [l.strip() for l in text.splitlines() if re.match(r"\s*(FAIL |hint: )", l)]
                first = ANSI.sub("", (o.get("traceback") or [""])[0]).strip()
                kind = re.match(r"[A-Za-z_$][\w.$]*", first)
                return " ".join(lines) if lines else (
                    "the check did not pass (%s): in a cell with hidden tests only the checks' own messages are shown"
                    % (kind.group(0)[:80] if kind else "an error"))
            return " ".join(l.strip() for l in text.strip().splitlines()) or o.get("ename", "error")
    return None


def grade_one(instructor, submission, refused, answers, limits, kernel):
    nb, _, notes = merged(instructor, submission)
    for gid, reason in refused.items():
        for c in nb["cells"]:
            if meta(c).get("grade_id") == gid:
                c["source"] = answers[gid][0]
        notes.append("answer %s was not run: %s" % (gid, reason))
    rows = []
    by_hand = [(meta(c)["grade_id"], meta(c).get("points", 0), assign.source(mine), assign.rubric(c))
               for c, mine in zip(instructor["cells"], nb["cells"]) if meta(c).get("grade") and meta(c).get("solution")]
    if submission is None:
        notes.append("no submission")
        executed, stopped, why = nb, -1, "no submission"
    else:
        executed, stopped, why = run(nb, limits, kernel)
        if stopped is not None:
            notes.append(why)
    for i, c in enumerate(executed["cells"]):
        m = meta(c)
        if not m.get("grade"):
            continue
        gid, points = m["grade_id"], m.get("points", 0)
        if m.get("solution"):
            rows.append((gid, "", points, "graded by hand"))
        elif stopped is not None and (stopped < 0 or i >= stopped):
            rows.append((gid, 0, points, "not run: " + why))
        else:
            hidden = "BEGIN HIDDEN TESTS" in assign.source(instructor["cells"][i])
            err = error_of(c, hidden)
            rows.append((gid, 0 if err else points, points, err or ""))
    return executed, [(g, p, mx, cut(n)) for g, p, mx, n in rows], [cut(n) for n in notes], by_hand


def cut(text):
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_NOTE else text[:MAX_NOTE - 1] + "…"


def cell_for_spreadsheet(value):
    """A CSV field no spreadsheet evaluates: text starting like a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(SPREADSHEET_FORMULA):
        return "'" + value
    return value


def written_answer(gid, points, answer, rubric):
    """A written answer as the student gave it (escaped, cut), beside the rubric it is graded by."""
    shown = answer.strip()
    if shown == assign.TEXT_STUB or not shown:
        shown = "(no answer)"
    elif len(shown) > MAX_ANSWER:
        shown = shown[:MAX_ANSWER] + "\n[... %d more characters, cut in this page]" % (len(shown) - MAX_ANSWER)
    parts = ["<h3>Graded by hand: %s (%s points)</h3><p>Your answer:</p><div class='answer'>%s</div>"
             % (html.escape(gid), points, html.escape(shown))]
    if rubric:
        parts.append("<p>The rubric: each row's <i>full</i> earns its points, <i>partial</i> half of them, <i>none</i> 0; "
                     "the grade is the sum of the rows.</p><table class='rubric'><tr>%s</tr>"
                     % "".join("<th>%s</th>" % c for c in assign.RUBRIC_COLUMNS))
        for r in rubric:
            parts.append("<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape("%g" % r[c] if c == "points" else r[c])
                                                 for c in assign.RUBRIC_COLUMNS))
        parts.append("</table>")
    return "".join(parts)


def feedback(student, results):
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Feedback for %s</title>"
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{border-bottom:1px solid #ccc;padding:4px 8px;"
             "text-align:left;vertical-align:top}.fail{color:#b00}.ok{color:#070}.answer{white-space:pre-wrap;"
             "border-left:3px solid #ccc;background:#f6f6f6;padding:4px 8px}</style></head><body><h1>Feedback for %s</h1>"
             % (html.escape(student), html.escape(student))]
    for name, rows, notes, by_hand in results:
        got = sum(r[1] for r in rows if r[1] != "")
        auto = sum(r[2] for r in rows if r[1] != "")
        parts.append("<h2>%s: %s of %s autograded points</h2>" % (html.escape(name), got, auto))
        for n in notes:
            parts.append("<p class='fail'>%s</p>" % html.escape(n))
        parts.append("<table><tr><th>check</th><th>points</th><th>of</th><th>message</th></tr>")
        for gid, pts, mx, note in rows:
            cls = "" if pts == "" else ("ok" if pts == mx else "fail")
            parts.append("<tr class='%s'><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>" % (cls, html.escape(gid), pts, mx, html.escape(note)))
        parts.append("</table>")
        parts += [written_answer(*w) for w in by_hand]
    parts.append("</body></html>")
    return "\n".join(parts)


def write_atomically(path, text):
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Limits:
    def __init__(self, cell, notebook, output_mb):
        self.cell, self.notebook, self.output = cell, notebook, output_mb << 20


def kernels(args, work, use_sandbox):
    """A factory of kernel managers: sandboxed (the kernel reached through Unix sockets) or, unsafe, the plain one."""
    if not use_sandbox:
        return lambda n: {"manager": lambda: KernelManager(kernel_name=args.kernel), "cwd": str(Path(args.source).resolve())}
    spec_dir = KernelSpecManager().find_kernel_specs().get(args.kernel)
    if not spec_dir:
        raise SystemExit("grade: no kernelspec '%s' (./initlab grade installs it)" % args.kernel)
    setup = Path(work) / "setup.jsh"   # a snapshot: what the notebooks %load is the instructor's, as grading began
    shutil.copyfile(Path(args.source).resolve().parent / "notebooks" / "setup.jsh", setup)
    config = sandbox.kernel_config(spec_dir, str(Path(args.lib).resolve()), str(setup), str(Path(work) / "run"))
    specs = Path(work) / "specs"
    sandbox.write_kernelspec(str(specs), "initlab-sandbox", config)
    (Path(work) / "run").mkdir()

    def make(n):
        run_dir = Path(work) / "run" / str(n)
        run_dir.mkdir()

        def manager():
            km = KernelManager(kernel_name="initlab-sandbox", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(specs / "kernels")]),
                               transport="ipc", ip=str(run_dir / "k"))
            km.connection_file = str(Path(work) / ("connection-%d.json" % n))
            return km
        return {"manager": manager, "cwd": str(run_dir)}
    return make


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("submitted", help="one folder per student, each with NAME/NAME.ipynb per assignment")
    ap.add_argument("--source", default="assignments")
    ap.add_argument("--out", default="target/assignments/graded")
    ap.add_argument("--lib", default="target/lib", help="the build's jars (default target/lib)")
    ap.add_argument("--java", default=os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java"))
    ap.add_argument("--kernel", default="java")
    ap.add_argument("--timeout", type=int, default=120, help="seconds one cell may run (default 120)")
    ap.add_argument("--notebook-timeout", type=int, default=600, help="seconds one notebook may run in all (default 600)")
    ap.add_argument("--max-output", type=int, default=8, help="MB of output one notebook may print (default 8)")
    ap.add_argument("--unsafe-no-sandbox", action="store_true",
                    help="run students' code with your rights, your files and your network (only for code you trust)")
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                    help="notebooks graded at once, each in its own sandboxed kernel (default: the cores, at most 4)")
    args = ap.parse_args()
    if args.jobs < 1:
        print("grade: --jobs must be at least 1, got %d" % args.jobs, file=sys.stderr)
        return 2
    limits = Limits(args.timeout, args.notebook_timeout, args.max_output)
    use_sandbox = not args.unsafe_no_sandbox
    if use_sandbox:
        ok, message = sandbox.check()
        if not ok:
            print("grade: the sandbox that keeps students' code away from your files and network does not work here: %s\n"
                  "grade: refusing to run untrusted code without it (--unsafe-no-sandbox runs it with your rights)" % message,
                  file=sys.stderr)
            return 2
    else:
        print("grade: WARNING: --unsafe-no-sandbox: every student's code runs as you, can read the solutions and hidden tests,\n"
              "grade: WARNING: other students' work and your files, can change them and the grades, and can use the network.\n"
              "grade: WARNING: use it only for code you trust (your own solutions); the answer gate still reads each answer.",
              file=sys.stderr)
    source = Path(args.source).resolve()
    assignments = sorted(source.glob("*.ipynb"))
    root = Path(args.submitted)
    if root.is_symlink() or not root.is_dir():
        print("grade: %s is not a folder (a link is not followed)" % root, file=sys.stderr)
        return 2
    root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    failed = {}
    students = []
    for entry in sorted(os.scandir(root_fd), key=lambda e: e.name):
        if not entry.is_dir(follow_symlinks=False):
            if entry.is_symlink():
                failed[entry.name] = "a link, not a folder: not followed"
            continue
        if not STUDENT_ID.match(entry.name):
            failed[entry.name] = "not a valid student id (letters, digits and ._@+- only, at most 64)"
            continue
        students.append(entry.name)
    if not students:
        print("grade: no student folders in %s (expected %s/STUDENT/NAME/NAME.ipynb)" % (root, root), file=sys.stderr)
        return 2
    out = Path(args.out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    instructors = {a: json.loads(a.read_text(encoding="utf-8")) for a in assignments}
    work = tempfile.mkdtemp(prefix="initlab-grade-")
    pool = None
    try:
        # Read everything, then put every answer before the gate (one JVM for the class), then run.
        jobs, plan = [], []
        for student in students:
            for a in assignments:
                submission, bad = read_submission(root_fd, student, a.stem)
                nb, answers, _ = merged(instructors[a], submission)
                plan.append((student, a, submission, bad, answers))
                jobs.append(gate_request(nb, answers) if answers else None)
                if bad:
                    failed[student] = bad
        refused = gate(jobs, work, args.java, args.lib, use_sandbox)
        make_kernel = kernels(args, work, use_sandbox)
        table, results = [], {}

        def graded(n):
            student, a, submission, bad, answers = plan[n]
            try:
                return grade_one(instructors[a], submission, refused.get(n, {}), answers, limits, make_kernel(n)), None
            except Exception as e:  # noqa: BLE001  (grading always goes on to the next student)
                return None, cut("grading failed: %s: %s" % (type(e).__name__, e))

        # Each notebook in its own kernel, sandbox and folder, so several run at once; what they give is taken in the
        # class's order, so the grades, the feedback and what is printed do not depend on --jobs.
        pool = ThreadPoolExecutor(max_workers=args.jobs)
        futures = [pool.submit(graded, n) for n in range(len(plan))]
        for n, (student, a, submission, bad, answers) in enumerate(plan):
            instructor = instructors[a]
            done, failure = futures[n].result()
            if done is not None:
                executed, rows, notes, by_hand = done
            else:
                executed, notes, by_hand = None, [failure], []
                rows = [(meta(c)["grade_id"], 0 if not meta(c).get("solution") else "", meta(c).get("points", 0), notes[0])
                        for c in instructor["cells"] if meta(c).get("grade")]
                failed[student] = notes[0]
            if bad:
                notes.insert(0, bad)
            if executed is not None:
                folder = out / "notebooks" / student
                folder.mkdir(parents=True, exist_ok=True)
                write_atomically(folder / a.name, nbformat.writes(nbformat.reads(json.dumps(executed), as_version=4)))
            results.setdefault(student, []).append((a.stem, rows, notes, by_hand))
            for gid, pts, mx, note in rows:
                table.append([student, a.stem, gid, pts, mx, note])
            got = sum(r[1] for r in rows if r[1] != "")
            print("grade: %-20s %-28s %s of %s autograded points%s" % (student, a.stem, got, sum(r[2] for r in rows if r[1] != ""),
                                                                    ("  (" + "; ".join(notes) + ")") if notes else ""))
        for student, res in results.items():
            write_atomically(out / "feedback" / (student + ".html"), feedback(student, res))
        buffer = io.StringIO()
        w = csv.writer(buffer, lineterminator="\n")
        w.writerow(["student", "assignment", "check", "points", "max_points", "note"])
        w.writerows([[cell_for_spreadsheet(v) for v in row] for row in table])
        write_atomically(out / "grades.csv", buffer.getvalue())
        print("grade: wrote %s and %s" % (out / "grades.csv", out / "feedback"))
    finally:
        if pool is not None:   # no kernel may outlive the folder it runs in
            pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(work, ignore_errors=True)
        os.close(root_fd)
    for who, why in sorted(failed.items()):
        print("grade: could not grade %s: %s" % (who, why), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The chapters as a learner uses them: cells that read aloud, knobs to turn, and edits that never end in an exception.

Three parts, run by `./initlab test` before the notebooks:

1. Style, for every chapter listed in LEARNER_CHAPTERS: a knobs cell (a code cell whose first line is
   "// Knobs" and that holds plain variables), a network built and trained in view (`Network.mlp(` and `.fit(`
   in a code cell), no code line over 100 characters, no java.util.function type, no nested generic type, no var
   holding a lambda, no lookup by a label typed by hand (`.get("`), no require(...) (a chapter states its claims with check(...), which shows measured against
   threshold), and at least two edits in its metadata.
2. The edits: each chapter's metadata lists edits a student would try,
       "initlab": {"edits": [{"edit": "std 0.01 to 0.05", "find": "Init.normal(0, 0.01)",
                              "replace": "Init.normal(0, 0.05)", "through": "## 2."}]}
   `find` must occur exactly once, in a knobs cell. The edited copy runs in a learner's kernel (INITLAB_CHECKS
   unset) from the first cell to the cell that contains `through` (default: to the end): it must finish with no
   error, no exception and no stderr. A check that does not show is fine: it is the finding, and is listed.
   A chapter's edits run one after the other in one kernel, as a learner edits and reruns in the kernel they have
   open (each copy from its first cell).
3. Strict mode still bites: every edit marked "strict_fails": true is run again under INITLAB_CHECKS=strict,
   as ./initlab run does, and must fail with "the evidence does not show".
"""
import argparse
import json
import os
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

sys.path.insert(0, str(Path(__file__).parent))
from run_notebooks import ANSI, problems, start_kernel  # noqa: E402

# The chapters that follow the learner's layout (issue 27). Every chapter 01-07, 09 and 10 in the end.
LEARNER_CHAPTERS = ["01-zero-init", "02-constant-init", "03-too-small-too-large", "04-xavier-glorot", "05-he-kaiming", "06-lecun", "07-showdown", "09-the-first-step", "10-deep-and-modern"]
FINDING = "did not show with your settings"
MAX_LINE = 100


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def is_knobs(cell):
    return cell["cell_type"] == "code" and source(cell).lstrip().startswith("// Knobs")


def style_problems(nb):
    """What keeps a chapter's cells from reading aloud, as a list of sentences."""
    found = []
    code = [(k, source(c)) for k, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    if not any(is_knobs(c) for c in nb["cells"]):
        found.append("no knobs cell (a code cell starting with // Knobs)")
    everything = "\n".join(s for _, s in code)
    if "Network.mlp(" not in everything or ".fit(" not in everything:
        found.append("no network built and trained in view (Network.mlp( and .fit( in a code cell)")
    for k, text in code:
        for n, line in enumerate(text.split("\n"), 1):
            where = "cell %d line %d" % (k + 1, n)
            if len(line) > MAX_LINE:
                found.append("%s has %d characters (at most %d): %s..." % (where, len(line), MAX_LINE, line[:60]))
            if "java.util.function" in line:
                found.append("%s names a java.util.function type: name the operation in the library instead" % where)
            if re.search(r"\w<[^<>;]*<", line):
                found.append("%s has a nested generic type: hold each setting in its own variable" % where)
            if re.search(r"\bvar\s+\w+\s*=\s*(\([^()]*\)|\w+)\s*->", line):
                found.append("%s holds a lambda in a var: name the operation in the library instead" % where)
            if re.search(r'\.get\("', line):
                found.append("%s looks a result up by a label typed by hand: %s" % (where, line.strip()[:80]))
            if re.search(r"\brequire\(", line):
                found.append("%s uses require(...): state the claim with check(...), measured against its threshold" % where)
    edits = nb["metadata"].get("initlab", {}).get("edits", [])
    if len(edits) < 2:
        found.append("%d edits in the metadata (initlab.edits): list at least two a student would try" % len(edits))
    return found


# Characters no notebook source should hold: every C0 control but tab and newline, and DEL. The usual way one gets
# in is a JSON escape: "$\frac53$" written into a notebook's JSON by hand is a form feed followed by "rac53".
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
assert CONTROL.search(json.loads(r'"$\frac53$"')), "in JSON, \\f is a form feed: the check must see it"
assert not CONTROL.search(json.loads(r'"$\\frac53$"')), "an escaped backslash followed by f is not"


def control_characters(paths):
    """Every control character in the sources of the notebooks at `paths`, as sentences naming cell and line."""
    found = []
    for path in paths:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        for k, cell in enumerate(nb.get("cells", []), 1):
            for n, line in enumerate(source(cell).split("\n"), 1):
                m = CONTROL.search(line)
                if m:
                    found.append("%s: cell %d line %d holds the control character U+%04X (a JSON escape such as \\f "
                                 "where \\frac was meant?): %r" % (path, k, n, ord(m.group()), line[max(0, m.start() - 20):m.end() + 20]))
    return found


def course_problems(folder):
    """00's course table must say what each chapter's metadata says: its path (core or deep dive) and its minutes,
    the numbers the landing page shows too."""
    found = []
    welcome = nbformat.read(str(folder / "00-welcome.ipynb"), as_version=4)
    rows = {}
    for cell in welcome.cells:
        for m in re.finditer(r"^\| (\d\d-[\w-]+) \| (core|deep dive) \| (\d+) min \|", source(cell), re.M):
            rows[m.group(1)] = (m.group(2), int(m.group(3)))
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        meta = nbformat.read(str(path), as_version=4).metadata.get("initlab", {})
        mine = (meta.get("path"), meta.get("minutes"))
        if path.stem not in rows:
            found.append("00's course table has no row for %s" % path.stem)
        elif rows[path.stem] != mine:
            found.append("00's course table says %s for %s, its metadata (initlab.path, minutes) %s" % (rows[path.stem], path.stem, mine))
    return found


def apply_edit(nb, edit):
    """A copy of the notebook with the edit made and the cells after `through` dropped; raises ValueError if the edit
    does not name one place in a knobs cell, or `through` names no cell."""
    hits = [(k, c) for k, c in enumerate(nb.cells) if c.cell_type == "code" and edit["find"] in c.source]
    count = sum(c.source.count(edit["find"]) for _, c in hits)
    if count != 1:
        raise ValueError("edit '%s': '%s' occurs %d times in the code cells, not once" % (edit["edit"], edit["find"], count))
    k, cell = hits[0]
    if not is_knobs(cell):
        raise ValueError("edit '%s': '%s' is in cell %d, which is not a knobs cell" % (edit["edit"], edit["find"], k + 1))
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    copy.cells[k].source = cell.source.replace(edit["find"], edit["replace"])
    last = len(copy.cells) - 1
    if edit.get("through"):
        ends = [j for j, c in enumerate(copy.cells) if edit["through"] in c.source]
        if not ends:
            raise ValueError("edit '%s': no cell contains '%s'" % (edit["edit"], edit["through"]))
        last = ends[0]
        if last < k:
            raise ValueError("edit '%s': '%s' comes before the edited cell" % (edit["edit"], edit["through"]))
    copy.cells = copy.cells[:last + 1]
    for c in copy.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    return copy


class Kernel:
    """One kernel session, in which edited copies run one after the other, as a learner edits a knob and runs the
    cells again in the kernel they have open (each copy runs from its first cell: set-up, imports, knobs). The kernel
    inherits INITLAB_CHECKS from here when it starts."""

    STARTING = threading.Lock()   # the environment a kernel inherits is the process's: one start at a time

    def __init__(self, folder, kernel, strict, log_path):
        self.client = NotebookClient(nbformat.v4.new_notebook(), kernel_name=kernel, timeout=600, startup_timeout=60,
                                     allow_errors=False, shutdown_kernel="immediate",
                                     resources={"metadata": {"path": str(folder)}})
        self.log = open(log_path, "a", encoding="utf-8")
        with Kernel.STARTING:
            if strict:
                os.environ["INITLAB_CHECKS"] = "strict"
            else:
                os.environ.pop("INITLAB_CHECKS", None)
            self.why = start_kernel(self.client, self.log, attempts=2)

    def run(self, nb):
        """Runs every cell of nb; returns (error or None, seconds)."""
        start = time.monotonic()
        if self.why is not None:
            return "the kernel did not start: %s" % self.why, 0.0
        self.client.nb = nb
        error = None
        try:
            for index, cell in enumerate(nb.cells):
                self.client.execute_cell(cell, index, execution_count=self.client.code_cells_executed + 1)
        except CellExecutionError as e:
            error = "cell %d raised %s" % (index + 1, ANSI.sub("", "%s: %s" % (e.ename, e.evalue)).strip()[:400])
        except DeadKernelError as e:
            error = "the kernel died in cell %d: %s" % (index + 1, e)
            self.why = "it died in an earlier edit"
        if error is None:
            found = problems(nb)
            if found:
                error = "; ".join("cell %d %s: %s" % f for f in found[:3])
        return error, time.monotonic() - start

    def close(self):
        try:
            self.client._cleanup_kernel()
        except Exception:  # noqa: BLE001
            pass
        self.log.close()


def findings(nb):
    """The checks that did not show, as their text lines."""
    out = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            text = o.get("data", {}).get("text/plain", "") if "data" in o else o.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            out += [line.strip() for line in text.splitlines() if FINDING in line]
    return out


def chapter(path, args, folder):
    """One chapter's style, then its edits in one learner's kernel and its strict ones: (lines, failures, edits, strict)."""
    lines, failures, edits_run, strict_run = [], 0, 0, 0
    say = lines.append
    nb = nbformat.read(str(path), as_version=4)
    for p in style_problems(nb):
        say("FAIL %s: %s" % (path.name, p))
        failures += 1
    edits = [] if args.style_only else nb.metadata.get("initlab", {}).get("edits", [])
    if not edits:
        return lines, failures, edits_run, strict_run
    learner = Kernel(folder, args.kernel, False, args.log)
    try:
        for edit in edits:
            try:
                copy = apply_edit(nb, edit)
            except ValueError as e:
                say("FAIL %s: %s" % (path.name, e))
                failures += 1
                continue
            error, seconds = learner.run(copy)
            edits_run += 1
            shown = findings(copy)
            if error:
                say("FAIL %s, edit '%s' (learner's kernel, %.0f s): %s" % (path.name, edit["edit"], seconds, error))
                failures += 1
            else:
                say("ok   %s, edit '%s': ran to the end in a learner's kernel (%d cells, %.0f s), %s" % (
                    path.name, edit["edit"], len(copy.cells), seconds,
                    "every check showed" if not shown else "%d check(s) did not show: %s" % (len(shown), shown[0][:160])))
    finally:
        learner.close()
    for edit in edits:
        if not edit.get("strict_fails"):
            continue
        strict = Kernel(folder, args.kernel, True, args.log)
        try:
            error, seconds = strict.run(apply_edit(nb, edit))
        finally:
            strict.close()
        strict_run += 1
        if error and "the evidence does not show" in error:
            say("ok   %s, edit '%s' under ./initlab run's strict mode fails, as it must (%.0f s): %s" % (
                path.name, edit["edit"], seconds, error[:200]))
        else:
            say("FAIL %s, edit '%s' under strict mode: expected 'the evidence does not show', got %s" % (
                path.name, edit["edit"], error or "no error"))
            failures += 1
    return lines, failures, edits_run, strict_run


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernel", default="java")
    ap.add_argument("--notebooks", default="notebooks")
    ap.add_argument("--style-only", action="store_true", help="check the cells' style, run no edit")
    ap.add_argument("--log", default="target/learner-test.log")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="chapters run at once (default 2)")
    ap.add_argument("names", nargs="*", help="chapters to check (default: LEARNER_CHAPTERS)")
    args = ap.parse_args()
    folder = Path(args.notebooks)
    names = args.names or LEARNER_CHAPTERS
    Path(args.log).parent.mkdir(parents=True, exist_ok=True)
    Path(args.log).write_text("", encoding="utf-8")
    failures, edits_run, strict_run, total = 0, 0, 0, time.monotonic()
    if not args.names:
        for p in course_problems(folder):
            print("FAIL %s" % p)
            failures += 1
        sources = sorted(folder.glob("*.ipynb")) + sorted(Path("assignments").glob("**/*.ipynb"))
        for p in control_characters(sources):
            print("FAIL %s" % p)
            failures += 1
    # Chapters run side by side (each in kernels of its own); what each found is printed in the chapters' order.
    paths = [folder / (n if n.endswith(".ipynb") else n + ".ipynb") for n in names]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for lines, failed, ran, strict in pool.map(lambda p: chapter(p, args, folder), paths):
            for line in lines:
                print(line, flush=True)
            failures, edits_run, strict_run = failures + failed, edits_run + ran, strict_run + strict
    if not args.style_only and not args.names and strict_run == 0:
        print("FAIL no edit is marked strict_fails: nothing shows that strict mode still fails a notebook")
        failures += 1
    print("learner test: %d chapter(s), %d edit(s) in a learner's kernel, %d under strict mode, %d failure(s), %.0f s" % (
        len(names), edits_run, strict_run, failures, time.monotonic() - total))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Runs the worked answers of the notebooks' exercises, so that an answer cannot rot.

Each exercise in notebooks/NN-*.ipynb has a folded worked answer: a <details><summary>Worked answer</summary> block
with the code in <pre><code class="language-java"> (HTML-escaped, so it renders inside the folded block) and the
conclusion, which the code checks with require(...). For every notebook this runs, in one kernel session from
notebooks/, the notebook's set-up and import cells and then each answer as a cell; an answer that throws, or whose
require fails, fails the test. Two notebooks run at a time (--jobs), each in a kernel of its own. An answer whose code starts with "// Not run by the tests:" (the large showdown,
minutes on 2 cores) is listed as skipped, with its reason.
"""
import argparse
import html
import json
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).parent))
from assign import source  # noqa: E402  (one reader of a cell's source for every tool)

ANSWER = re.compile(r'<details><summary>Worked answer</summary>\s*<pre><code class="language-java">(.*?)</code></pre>', re.S)
SKIP = "// Not run by the tests:"


def answers(nb):
    """The code of every worked answer, in order, unescaped and without the list item's indentation."""
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for m in ANSWER.finditer(source(cell)):
            lines = html.unescape(m.group(1)).split("\n")
            out.append("\n".join(l[3:] if l.startswith("   ") else l for l in lines).strip())
    return out


def seconds(cell):
    """How long the kernel took over the cell, as " (1.2 s)", from nbclient's timing record; "" if it has none."""
    t = cell.metadata.get("execution", {})
    if "iopub.execute_input" not in t or "shell.execute_reply" not in t:
        return ""
    at = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return " (%.1f s)" % (at(t["shell.execute_reply"]) - at(t["iopub.execute_input"])).total_seconds()


def notebook(path, args, folder):
    """One notebook's worked answers in one kernel session: (lines, failures, ran, skipped)."""
    lines, failures, ran, skipped = [], 0, 0, 0
    say = lines.append
    nb = json.loads(path.read_text(encoding="utf-8"))
    codes = answers(nb)
    exercises = len(re.findall(r"^(?:\d+\.|\*\*\d+\.\*\*) ", "".join(source(c) for c in nb["cells"] if "## Exercises" in source(c)), re.M))
    if exercises != len(codes):
        say("FAIL %s: %d exercises but %d worked answers" % (path.name, exercises, len(codes)))
        failures += 1
    if not codes:
        return lines, failures, ran, skipped
    setup = [c for c in nb["cells"] if c["cell_type"] == "code" and source(c).strip().startswith("%load")]
    imports = next(c for c in nb["cells"] if c["cell_type"] == "code" and "import org.initlab" in source(c))
    run = [i for i, c in enumerate(codes) if not c.startswith(SKIP)]
    for i, c in enumerate(codes):
        if c.startswith(SKIP):
            say("skip %s exercise %d: %s" % (path.name, i + 1, c.splitlines()[0][len(SKIP):].strip()))
            skipped += 1
    cells = [nbformat.v4.new_code_cell(source(setup[0])), nbformat.v4.new_code_cell(source(imports))]
    cells += [nbformat.v4.new_code_cell(codes[i]) for i in run]
    scratch = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": args.kernel, "display_name": "Java", "language": "java"}})
    client = NotebookClient(scratch, kernel_name=args.kernel, timeout=900, allow_errors=True, record_timing=True,
                            resources={"metadata": {"path": str(folder)}})
    start = time.time()
    client.execute()
    for k, cell in enumerate(scratch.cells):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if args.verbose and k >= 2:
            say("".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream").rstrip())
        what = "set-up" if k < 2 else "exercise %d" % (run[k - 2] + 1)
        if errors:
            e = errors[0]
            text = re.sub(r"\x1b\[[0-9;]*m", "", (e.get("evalue") or "") + " " + "\n".join(e.get("traceback", [])[:3]))
            say("FAIL %s %s: %s" % (path.name, what, text.strip()[:600]))
            failures += 1
        elif k >= 2:
            ran += 1
            say("ok   %s %s%s" % (path.name, what, seconds(cell)))
    say("     %s: %.1f s in all" % (path.name, time.time() - start))
    return lines, failures, ran, skipped


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernel", default="java")
    ap.add_argument("--notebooks", default="notebooks")
    ap.add_argument("--verbose", action="store_true", help="print what each answer prints")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="notebooks run at once (default 2)")
    ap.add_argument("names", nargs="*", help="notebooks to check (default: every notebooks/NN-*.ipynb with worked answers)")
    args = ap.parse_args()
    os.environ["INITLAB_CHECKS"] = "strict"  # an answer whose check does not show fails
    folder = Path(args.notebooks)
    paths = [folder / n for n in args.names] if args.names else sorted(folder.glob("[0-9][0-9]-*.ipynb"))
    failures, ran, skipped, total = 0, 0, 0, time.time()
    # Two notebooks side by side (each in a kernel of its own: one starts while the other computes); what each
    # found is printed in the notebooks' order.
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for lines, failed, r, s in pool.map(lambda p: notebook(p, args, folder), paths):
            for line in lines:
                print(line, flush=True)
            failures, ran, skipped = failures + failed, ran + r, skipped + s
    print("worked answers: %d ran, %d skipped, %d failed, %.0f s" % (ran, skipped, failures, time.time() - total))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

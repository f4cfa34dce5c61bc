#!/usr/bin/env python3
"""How much the sandbox costs: grades the same class of N honest a2 submissions (the instructor's answers) with
the sandbox and with --unsafe-no-sandbox, one after the other, and prints both times and their ratio.

Usage: python3 tools/grade_bench.py [N] (default 30; after ./initlab assign). Not part of ./initlab test: minutes.
"""
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "a2-derive-and-implement"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    work = ROOT / "target/assignments/grade-bench"
    shutil.rmtree(work, ignore_errors=True)
    # the student version, with the instructor's answers typed into its answer cells
    instructor = json.loads((ROOT / "assignments" / (NAME + ".ipynb")).read_text(encoding="utf-8"))
    answers = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in instructor["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    submission = json.loads((ROOT / "target/assignments/release" / NAME / (NAME + ".ipynb")).read_text(encoding="utf-8"))
    for c in submission["cells"]:
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in answers:
            c["source"] = answers[gid]
    for i in range(n):
        d = work / "submitted" / ("student-%02d" % i) / NAME
        d.mkdir(parents=True)
        (d / (NAME + ".ipynb")).write_text(json.dumps(submission), encoding="utf-8")
    # only a2 is graded: a source folder with the instructor version alone
    source = work / "source"
    source.mkdir()
    shutil.copy(ROOT / "assignments" / (NAME + ".ipynb"), source)
    (work / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "setup.jsh", work / "notebooks")
    (work / "target").mkdir()
    (work / "target" / "lib").symlink_to(ROOT / "target" / "lib")
    seconds = {}
    for mode, extra in (("sandbox", []), ("no sandbox", ["--unsafe-no-sandbox"])):
        started = time.monotonic()
        r = subprocess.run([sys.executable, str(ROOT / "tools/grade.py"), str(work / "submitted"), "--source", str(source),
                            "--out", str(work / mode.replace(" ", "-")), "--lib", str(ROOT / "target/lib")] + extra,
                           cwd=ROOT, capture_output=True, text=True)
        retried = r.stderr.count("trying once more")
        seconds[mode] = time.monotonic() - started
        full = r.stdout.count("7 of 7 autograded points")
        print("grade_bench: %-10s %d submissions in %.1f s (%.2f s each), %d of them 7 of 7, exit %d, %d kernel(s) restarted"
              % (mode, n, seconds[mode], seconds[mode] / n, full, r.returncode, retried))
        if full != n:
            print(r.stdout[-2000:], r.stderr[-2000:])
    print("grade_bench: the sandbox costs %+.1f%% (%.1f s against %.1f s)" % (
        100 * (seconds["sandbox"] / seconds["no sandbox"] - 1), seconds["sandbox"], seconds["no sandbox"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

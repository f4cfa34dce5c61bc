#!/usr/bin/env python3
"""Checks ./initlab assign's student versions against the instructor versions.

1. No solution text and no hidden test reaches a student: every non-blank line inside a solution region or a
   hidden-test region of the instructor version is absent from the release (except lines that also occur outside
   those regions, such as a closing brace).
2. The release runs: executed from the assignments folder with errors allowed, every solution cell still compiles
   (the stubs keep the code valid Java) and every autograded check fails, so an untouched release scores 0.
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).parent))
import assign  # noqa: E402


def secret_lines(nb, name):
    secret, public = set(), set()
    for i, cell in enumerate(nb["cells"]):
        lines = assign.source(cell).split("\n")
        spans = []
        for begin, end in (("BEGIN SOLUTION", "END SOLUTION"), ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")):
            spans += assign.region(lines, begin, end, "%s cell %d" % (name, i + 1))
        for j, line in enumerate(lines):
            (secret if any(a < j < b for a, b in spans) else public).add(line.strip())
    return {l for l in secret - public if l}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", default="assignments")
    ap.add_argument("--release", default="target/assignments/release")
    ap.add_argument("--kernel", default="java")
    ap.add_argument("--notebooks", default="notebooks", help="the course's folder; the practice copies run from a folder inside it")
    args = ap.parse_args()
    failures = 0
    for src in sorted(Path(args.source).glob("*.ipynb")):
        instructor = json.loads(src.read_text(encoding="utf-8"))
        released = Path(args.release) / src.stem / src.name
        text = released.read_text(encoding="utf-8")
        student = json.loads(text)
        leaked = [l for l in secret_lines(instructor, src.name) if any(l in assign.source(c) for c in student["cells"])]
        markers = [m for m in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS") if m in text]
        if leaked or markers:
            print("FAIL %s: the release shows %s" % (src.name, leaked[:3] + markers))
            failures += 1
        else:
            print("ok   %s: no solution line and no hidden test in the release" % src.name)
        # Run as a learner runs it: the ./initlab practice copy, from a folder inside notebooks/.
        practice_dir = Path(args.notebooks) / ".practice-test"
        practice_dir.mkdir(exist_ok=True)
        try:
            nb = nbformat.reads(json.dumps(assign.for_practice(student, src.name)), as_version=4)
            client = NotebookClient(nb, kernel_name=args.kernel, timeout=600, allow_errors=True, record_timing=False,
                                    resources={"metadata": {"path": str(practice_dir)}})
            client.execute()
        finally:
            shutil.rmtree(practice_dir, ignore_errors=True)
        bad = []
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code":
                continue
            errors = [o for o in cell.outputs if o.output_type == "error"]
            if meta.get("solution") and errors:
                bad.append("solution cell %s does not compile as handed out: %s" % (meta.get("grade_id"), errors[0].evalue[:200]))
            if meta.get("grade") and not meta.get("solution") and not errors:
                bad.append("check %s passes on the untouched release" % meta.get("grade_id"))
        if bad:
            print("FAIL %s: %s" % (src.name, "; ".join(bad)))
            failures += 1
        else:
            print("ok   %s: as handed out (run as ./initlab practice places it), every solution cell compiles and every check fails (scores 0)" % src.name)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

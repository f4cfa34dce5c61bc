#!/usr/bin/env python3
"""Checks ./initlab assign's student versions against the instructor versions.

1. No solution text and no hidden test reaches a student: every non-blank line inside a solution region or a
   hidden-test region of the instructor version is absent from the release (except lines that also occur outside
   those regions, such as a closing brace).
2. The release runs: executed from the assignments folder with errors allowed, every solution cell still compiles
   (the stubs keep the code valid Java) and every autograded check fails, so an untouched release scores 0.
3. The course's rules for an assignment (issue 31): no autograded cell is worth more than 2 points (a slip costs a
   cell, not the assignment); the first cell states the chapters it follows, what the student will be able to do,
   what they need, the points and the time, and the time is tools/assignment_time.py's estimate, with its parts in
   docs/instructors.md's table; the last cell says what to remember. (Every answer graded by hand has a rubric: tools/assign.py refuses one without.)
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
import assignment_time  # noqa: E402

MAX_POINTS_PER_CHECK = 2
INTRO_PARTS = ("**After notebooks", "**When you are done, you can**", "**You need**", "**Points**")


def course_rules(nb, name):
    """What an assignment of this course must have beyond nbgrader's format: a list of problems."""
    problems = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and meta.get("points", 0) > MAX_POINTS_PER_CHECK:
            problems.append("check %s is worth %s points (at most %d)" % (meta.get("grade_id"), meta["points"], MAX_POINTS_PER_CHECK))
    intro = assign.source(nb["cells"][0])
    problems += ["its first cell does not state %s" % part for part in INTRO_PARTS if part not in intro]
    minutes, stated = assignment_time.estimate(nb, name), assignment_time.stated(nb)
    if stated != minutes:
        problems.append("it states %s minutes, the estimate is %d (python3 tools/assignment_time.py)" % (stated, minutes))
    row = assignment_time.table_row(nb, name)
    if row not in Path(__file__).resolve().parent.parent.joinpath("docs", "instructors.md").read_text(encoding="utf-8"):
        problems.append("docs/instructors.md's time table lacks its row %s (python3 tools/assignment_time.py --markdown)" % row)
    if not assign.source(nb["cells"][-1]).startswith("## What you should remember"):
        problems.append("its last cell is not '## What you should remember'")
    return problems


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


def refuses_a_written_answer_without_its_rubric(nb, name):
    """assign.release refuses an answer graded by hand whose rubric is missing, does not add up, or would be shown."""
    cell = next(c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade")
                and c["metadata"]["nbgrader"].get("solution"))
    text = assign.source(cell)
    rubric = assign.RUBRIC.search(text).group(0)
    first_row = next(l for l in rubric.splitlines() if l.startswith("| ") and not l.startswith("| criterion"))
    broken = {"no rubric": text.replace(rubric, ""),
              "points that do not add up": text.replace(first_row, first_row.replace(" | 1 | ", " | 7 | ", 1)),
              "a row with an empty column": text.replace(first_row, first_row.replace(" | 1 | ", " |  | ", 1)),
              "the rubric outside the solution": text.replace(rubric, "") + "\n" + rubric}
    missed = []
    for what, source in broken.items():
        if source == text:
            missed.append("%s: could not make the case" % what)
            continue
        try:
            assign.release({"cells": [dict(cell, source=source)]}, name)
            missed.append("%s: released" % what)
        except assign.AssignmentError:
            pass
    return missed


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
        problems = course_rules(instructor, src.name) + refuses_a_written_answer_without_its_rubric(instructor, src.name)
        if problems:
            print("FAIL %s: %s" % (src.name, "; ".join(problems)))
            failures += 1
        else:
            print("ok   %s: checks of at most %d points; objectives, needs, points and time (%d minutes, estimated) at the top; "
                  "what to remember at the end; a written answer without its rubric is refused" % (
                      src.name, MAX_POINTS_PER_CHECK, assignment_time.stated(instructor)))
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

#!/usr/bin/env python3
"""Grades a folder of submissions the way nbgrader's autograde does, with Init Lab's own tools.

DIR holds one folder per student, each with one folder per assignment (nbgrader's submitted/ layout):
DIR/STUDENT/NAME/NAME.ipynb. For every student and every assignment in assignments/:
- the notebook graded is the instructor version with the student's answers put in: each solution cell (by its
  grade_id) comes from the submission, every check and locked cell from the instructor version (a check the
  student edited or deleted is graded as it was handed out, hidden tests included), and cells the student added
  are kept where they were;
- it is executed with errors allowed and a time limit per cell; a cell that runs too long or a kernel that dies
  (System.exit, memory) ends that notebook: the checks not yet run score 0 with a note, and grading goes on;
- an autograded check scores its points if it ran without an error; a manually graded answer is left for a person.
Writes OUT/grades.csv (student, assignment, check, points, max_points, note), OUT/feedback/STUDENT.html and the
executed notebooks OUT/STUDENT/NAME.ipynb. The same submissions give the same grades.csv.
"""
import argparse
import csv
import html
import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

sys.path.insert(0, str(Path(__file__).parent))
import assign  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def merged(instructor, submission):
    """The notebook to grade, and notes on what was restored or missing."""
    notes = []
    theirs = {meta(c).get("grade_id"): c for c in submission["cells"] if meta(c).get("grade_id")} if submission else {}
    extra_before, pending = {}, []
    if submission:
        for c in submission["cells"]:
            gid = meta(c).get("grade_id")
            if gid:
                extra_before[gid], pending = pending, []
            else:
                pending.append(c)
    cells = []
    for c in instructor["cells"]:
        m, gid = meta(c), meta(c).get("grade_id")
        cells += extra_before.get(gid, []) if gid else []
        if gid and m.get("solution"):
            if gid in theirs:
                cells.append(dict(c, source=assign.source(theirs[gid])))
            else:
                stub, _ = assign.release({"cells": [c]}, "stub")
                cells.append(stub["cells"][0])
                if submission:
                    notes.append("answer cell %s is missing from the submission: graded as not done" % gid)
        else:
            if gid and (m.get("grade") or m.get("locked")):
                released, _ = assign.release({"cells": [c]}, "check")
                if submission and gid not in theirs:
                    notes.append("cell %s was deleted: the original was put back" % gid)
                elif submission and assign.source(theirs[gid]) != assign.source(released["cells"][0]):
                    notes.append("cell %s was edited: the original was graded" % gid)
            cells.append(c)
    cells += pending
    nb = dict(instructor, cells=[dict(c) for c in cells])
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            c["outputs"], c["execution_count"] = [], None
    return nb, notes


def run(nb, folder, kernel, timeout):
    """Executes nb (errors allowed); returns (executed notebook, index of the cell that stopped it or None, why)."""
    node = nbformat.reads(json.dumps(nb), as_version=4)  # cell sources as strings, as nbclient expects
    client = NotebookClient(node, kernel_name=kernel, timeout=timeout, allow_errors=True, record_timing=False,
                            shutdown_kernel="immediate", resources={"metadata": {"path": str(folder)}})
    stopped, why = None, ""
    with client.setup_kernel():
        index = 0
        try:
            for index, cell in enumerate(node.cells):
                client.execute_cell(cell, index)
        except CellTimeoutError:
            stopped, why = index, "cell %d ran longer than %d s and was stopped" % (index + 1, timeout)
        except DeadKernelError:
            stopped, why = index, "the kernel died in cell %d (System.exit, or out of memory?)" % (index + 1)
    return node, stopped, why


def error_of(cell):
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            text = ANSI.sub("", o.get("evalue", "") or o.get("ename", "error"))
            return text.strip()[:500] or o.get("ename", "error")
    return None


def grade_one(instructor, submission, folder, kernel, timeout):
    nb, notes = merged(instructor, submission)
    rows = []
    if submission is None:
        notes.append("no submission")
        executed, stopped = nb, -1
    else:
        executed, stopped, why = run(nb, folder, kernel, timeout)
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
            rows.append((gid, 0, points, "not run: " + (notes[-1] if notes else "stopped")))
        else:
            err = error_of(c)
            rows.append((gid, 0 if err else points, points, " ".join(l.strip() for l in err.splitlines()) if err else ""))  # with its hint
    return executed, rows, notes


def feedback(student, results):
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Feedback for %s</title>"
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{border-bottom:1px solid #ccc;padding:4px 8px;"
             "text-align:left}.fail{color:#b00}.ok{color:#070}</style></head><body><h1>Feedback for %s</h1>" % (html.escape(student), html.escape(student))]
    for name, rows, notes in results:
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
    parts.append("</body></html>")
    return "\n".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("submitted", help="one folder per student, each with NAME/NAME.ipynb per assignment")
    ap.add_argument("--source", default="assignments")
    ap.add_argument("--out", default="target/assignments/graded")
    ap.add_argument("--kernel", default="java")
    ap.add_argument("--timeout", type=int, default=300, help="seconds one cell may run (default 300)")
    args = ap.parse_args()
    source = Path(args.source).resolve()
    assignments = sorted(source.glob("*.ipynb"))
    students = sorted(p for p in Path(args.submitted).iterdir() if p.is_dir()) if Path(args.submitted).is_dir() else []
    if not students:
        print("grade: no student folders in %s (expected %s/STUDENT/NAME/NAME.ipynb)" % (args.submitted, args.submitted), file=sys.stderr)
        return 2
    out = Path(args.out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    instructors = {a: json.loads(a.read_text(encoding="utf-8")) for a in assignments}
    table = []
    for student in students:
        results = []
        for a in assignments:
            instructor = instructors[a]
            path = student / a.stem / a.name
            try:
                submission = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
            except ValueError as e:
                submission, bad = None, "the submission is not a readable notebook (%s)" % e
            else:
                bad = None
            try:
                executed, rows, notes = grade_one(instructor, submission, source, args.kernel, args.timeout)
            except Exception as e:  # noqa: BLE001  (grading always goes on to the next student)
                executed, notes = None, ["grading failed: %s: %s" % (type(e).__name__, e)]
                rows = [(meta(c)["grade_id"], 0 if not meta(c).get("solution") else "", meta(c).get("points", 0), notes[0])
                        for c in instructor["cells"] if meta(c).get("grade")]
            if bad:
                notes.insert(0, bad)
            if executed is not None:
                (out / student.name).mkdir(parents=True, exist_ok=True)
                (out / student.name / a.name).write_text(nbformat.writes(nbformat.reads(json.dumps(executed), as_version=4)), encoding="utf-8")
            results.append((a.stem, rows, notes))
            for gid, pts, mx, note in rows:
                table.append([student.name, a.stem, gid, pts, mx, note])
            got = sum(r[1] for r in rows if r[1] != "")
            print("grade: %-20s %-28s %s of %s autograded points%s" % (student.name, a.stem, got, sum(r[2] for r in rows if r[1] != ""),
                                                                    ("  (" + "; ".join(notes) + ")") if notes else ""))
        (out / "feedback" / (student.name + ".html")).write_text(feedback(student.name, results), encoding="utf-8")
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "assignment", "check", "points", "max_points", "note"])
        w.writerows(table)
    print("grade: wrote %s and %s" % (out / "grades.csv", out / "feedback"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

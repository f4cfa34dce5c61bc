#!/usr/bin/env python3
"""Grades a class of test students with tools/grade.py and checks every grade and note.

The students are made from assignment 1's student version: one hands it in untouched (scores 0), one answers part
1 only (exactly its points), one edits a check to pass and answers wrongly (the original check is graded), one
loops for ever and one calls System.exit (both are stopped, noted, and grading goes on). Graded twice: the same
grades.csv both times.
"""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

NAME = "a1-derive-and-implement"
HE_SOLUTION = "    return Math.sqrt(2.0 / fanIn) * rng.nextGaussian();"


def student(release, tmp, who, edit):
    nb = json.loads(release.read_text(encoding="utf-8"))
    for c in nb["cells"]:
        edit(c, c.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
    d = tmp / who / NAME
    d.mkdir(parents=True)
    (d / (NAME + ".ipynb")).write_text(json.dumps(nb), encoding="utf-8")


def answer(body):
    stub = "    // YOUR CODE HERE\n    throw new UnsupportedOperationException(\"not done yet\");"
    def edit(c, gid):
        if gid == "he_normal":
            c["source"] = "".join(c["source"]).replace(stub, body)
    return edit


def main():
    root = Path(__file__).resolve().parent.parent
    release = root / "target/assignments/release" / NAME / (NAME + ".ipynb")
    tmp = root / "target/assignments/grade-test"
    shutil.rmtree(tmp, ignore_errors=True)
    subs = tmp / "submitted"
    student(release, subs, "1-untouched", lambda c, gid: None)
    student(release, subs, "2-part-one", answer(HE_SOLUTION))

    def cheat(c, gid):
        answer("    return 0.0;")(c, gid)
        if gid == "check_he_normal":
            c["source"] = 'check(true, "everything is fine", "");'
    student(release, subs, "3-edits-a-check", cheat)
    student(release, subs, "4-loops", answer("    while (true) { }"))
    student(release, subs, "5-exits", answer("    System.exit(3);\n    return 0;"))
    (subs / "6-no-submission" / NAME).mkdir(parents=True)

    grades = []
    for out in ("graded-1", "graded-2"):
        r = subprocess.run([sys.executable, str(root / "tools/grade.py"), str(subs), "--out", str(tmp / out), "--timeout", "15"],
                           cwd=root, capture_output=True, text=True)
        print(r.stdout.strip())
        if r.returncode != 0:
            print("FAIL grade.py exited %d: %s" % (r.returncode, r.stderr[-2000:]))
            return 1
        with open(tmp / out / "grades.csv", encoding="utf-8") as f:
            grades.append(list(csv.DictReader(f)))
    rows = grades[0]
    total = {}
    notes = {}
    for row in rows:
        if row["points"] != "":
            total[row["student"]] = total.get(row["student"], 0) + float(row["points"])
        notes.setdefault(row["student"], []).append(row["note"])
    expect = {"1-untouched": 0, "2-part-one": 4, "3-edits-a-check": 0, "4-loops": 0, "5-exits": 0, "6-no-submission": 0}
    failures = []
    for who, pts in expect.items():
        if total.get(who) != pts:
            failures.append("%s scored %s, expected %s" % (who, total.get(who), pts))
    feedback3 = (tmp / "graded-1/feedback/3-edits-a-check.html").read_text(encoding="utf-8")
    if "was edited: the original was graded" not in feedback3:
        failures.append("the edited check is not reported")
    if not any("ran longer than 15 s" in n for n in notes.get("4-loops", [])):
        failures.append("the endless loop is not reported: %s" % notes.get("4-loops"))
    if not any("kernel died" in n for n in notes.get("5-exits", [])):
        failures.append("System.exit is not reported: %s" % notes.get("5-exits"))
    if not any("no submission" in n for n in notes.get("6-no-submission", [])):
        failures.append("a missing submission is not reported")
    if not any(r["check"] == "why_two" and r["note"] == "graded by hand" for r in rows):
        failures.append("the written answer is not left for a person")
    if grades[0] != grades[1]:
        failures.append("grading twice gave different grades.csv")
    for f in failures:
        print("FAIL " + f)
    if not failures:
        print("ok   6 students graded as expected (0, 4, 0 with the edit noted, loop and exit stopped and noted, none), twice the same")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""How long an assignment takes a student, estimated from what it asks: no student was timed.

A measured time needs readers with a clock, and none is available to this project. So the time each assignment
states at its top ("About N minutes") is this model's, rounded to 5 minutes, and tools/assign_test.py holds every
assignment to it. The model adds up:
- reading: the words of the student version's text cells and code comments, at 120 words a minute (close reading of
  prose with formulas and tables, about half the speed of plain prose);
- coding: the lines of the worked solution (neither blank nor comments), 3 minutes each: working the line out,
  typing it, running its check and fixing it once;
- writing: the words of the model answers (their rubrics left out), at 8 words a minute: composed, not typed;
- checks: 1 minute per check cell, to run it and read what it says;
- looking: 5 minutes per cell the student runs to look at something (not the set-up, not graded, not an answer).
The checks' own run time (under a minute per assignment on 2 cores; ./initlab test prints it) is left out.

Usage: python3 tools/assignment_time.py [--markdown] [assignments/NAME.ipynb ...] prints the parts and the total of
each; with --markdown, the rows of docs/instructors.md's table (which tools/assign_test.py holds to them).
"""
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import assign  # noqa: E402

READ_WORDS_PER_MINUTE = 120
MINUTES_PER_CODE_LINE = 3
WRITE_WORDS_PER_MINUTE = 8
MINUTES_PER_CHECK = 1
MINUTES_PER_LOOK = 5
STATED = re.compile(r"About (\d+) minutes")


def words(text):
    return len(text.split())


def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def solution_text(cell):
    lines = assign.source(cell).split("\n")
    spans = assign.region(lines, "BEGIN SOLUTION", "END SOLUTION", cell.get("id", "?"))
    return "\n".join("\n".join(lines[a + 1:b]) for a, b in spans)


def is_setup(cell):
    lines = [l.strip() for l in assign.source(cell).splitlines() if l.strip() and not l.strip().startswith("//")]
    return all(l.startswith(("%load", "import ")) for l in lines)


def parts(instructor, name):
    """{part: (amount, minutes)} for one instructor version."""
    student, _ = assign.release(instructor, name)
    read = 0
    for cell in student["cells"]:
        text = assign.source(cell)
        if cell["cell_type"] == "markdown" and not meta(cell).get("solution"):
            read += words(text)
        elif cell["cell_type"] == "code":
            read += sum(words(l.strip()[2:]) for l in text.splitlines() if l.strip().startswith("//"))
    code = written = checks = looks = 0
    for cell in instructor["cells"]:
        m = meta(cell)
        if m.get("solution") and cell["cell_type"] == "code":
            code += sum(1 for l in solution_text(cell).splitlines() if l.strip() and not l.strip().startswith("//"))
        elif m.get("solution"):
            answer = assign.RUBRIC.sub("", solution_text(cell)).replace("**Model answer.**", "")
            written += words(answer)
        elif m.get("grade") and cell["cell_type"] == "code":
            checks += 1
        elif cell["cell_type"] == "code" and not is_setup(cell):
            looks += 1
    return {"reading": (read, read / READ_WORDS_PER_MINUTE), "coding": (code, code * MINUTES_PER_CODE_LINE),
            "writing": (written, written / WRITE_WORDS_PER_MINUTE), "checks": (checks, checks * MINUTES_PER_CHECK),
            "looking": (looks, looks * MINUTES_PER_LOOK)}


def estimate(instructor, name):
    """The model's minutes, rounded to 5 (at least 5)."""
    total = sum(minutes for _, minutes in parts(instructor, name).values())
    return max(5, 5 * round(total / 5))


def table_row(instructor, name):
    """The assignment's row of the table in docs/instructors.md: its parts and its estimate."""
    p = parts(instructor, name)

    def cells(n, minutes):
        return "none" if n == 0 else "%d cell%s, %.0f min" % (n, "" if n == 1 else "s", minutes)
    return "| %s | %s words, %.0f min | %d lines, %.0f min | %s words, %.0f min | %d, %.0f min | %s | %d min |" % (
        Path(name).stem.split("-")[0], format(p["reading"][0], ","), p["reading"][1], p["coding"][0], p["coding"][1],
        format(p["writing"][0], ","), p["writing"][1], p["checks"][0], p["checks"][1], cells(*p["looking"]),
        estimate(instructor, name))


def stated(nb):
    """The minutes the assignment's first cell states ("About N minutes"), or None."""
    m = STATED.search(assign.source(nb["cells"][0]))
    return int(m.group(1)) if m else None


def main():
    markdown = "--markdown" in sys.argv[1:]
    paths = [Path(p) for p in sys.argv[1:] if p != "--markdown"] or sorted(Path("assignments").glob("*.ipynb"))
    units = {"reading": "words", "coding": "lines", "writing": "words", "checks": "cells", "looking": "cells"}
    for p in paths:
        nb = json.loads(p.read_text(encoding="utf-8"))
        if markdown:
            print(table_row(nb, p.name))
            continue
        shown = ", ".join("%s %d %s %.0f min" % (k, n, units[k], m) for k, (n, m) in parts(nb, p.name).items())
        print("%s: about %d minutes (%s; states %s)" % (p.stem, estimate(nb, p.name), shown, stated(nb)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

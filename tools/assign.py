#!/usr/bin/env python3
"""Student versions of the assignments, as nbgrader's generate_assignment makes them.

For every assignments/NAME.ipynb (the instructor version), writes target/assignments/release/NAME/NAME.ipynb:
- code between "BEGIN SOLUTION" and "END SOLUTION" lines becomes "// YOUR CODE HERE" and a
  throw new UnsupportedOperationException("not done yet"); (indented like the region, so a lambda that must
  return a value still compiles); a markdown answer's region becomes "YOUR ANSWER HERE";
- lines between "BEGIN HIDDEN TESTS" and "END HIDDEN TESTS" are removed;
- outputs and execution counts are cleared;
- every graded or locked cell gets an "initlab_checksum" of its instructor source in its nbgrader metadata, and
  target/assignments/checksums.json records them all, so a grader can tell an edited check from the original;
- every answer graded by hand must hold a rubric inside its solution region (so no student sees it): a table between
  "<!-- BEGIN RUBRIC -->" and "<!-- END RUBRIC -->" with the columns criterion | points | full | partial | none,
  one row per criterion, whose points add up to the cell's (tools/grade.py shows it beside the student's answer).
Nothing else changes: cell ids, nbgrader metadata (grade, solution, locked, points, grade_id, schema_version).

With --practice DIR (./initlab practice): the same student versions for a learner, as DIR/NAME.ipynb inside
notebooks/ (so ./initlab lab shows them), loading ../setup.jsh; a copy already there is the learner's work and is
never overwritten.
"""
import argparse
import copy
import hashlib
import json
import re
import sys
from pathlib import Path

CODE_STUB = ["// YOUR CODE HERE", 'throw new UnsupportedOperationException("not done yet");']
TEXT_STUB = "YOUR ANSWER HERE"
RUBRIC = re.compile(r"<!-- BEGIN RUBRIC -->(.*?)<!-- END RUBRIC -->", re.S)
RUBRIC_COLUMNS = ["criterion", "points", "full", "partial", "none"]


class AssignmentError(Exception):
    pass


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def region(lines, begin, end, where):
    """Indices (start, stop) of every begin..end line pair, in order; unbalanced markers are an error."""
    out, start = [], None
    for i, line in enumerate(lines):
        if begin in line:
            if start is not None:
                raise AssignmentError("%s: '%s' at line %d inside another region" % (where, begin, i + 1))
            start = i
        elif end in line:
            if start is None:
                raise AssignmentError("%s: '%s' at line %d without '%s'" % (where, end, i + 1, begin))
            out.append((start, i))
            start = None
    if start is not None:
        raise AssignmentError("%s: '%s' at line %d is never closed by '%s'" % (where, begin, start + 1, end))
    return out


def clear_solutions(text, is_code, where):
    lines = text.split("\n")
    spans = region(lines, "BEGIN SOLUTION", "END SOLUTION", where)
    if not spans:
        return CODE_STUB[0] + "\n" + CODE_STUB[1] if is_code else TEXT_STUB  # nbgrader: the whole cell is the answer
    out, last = [], 0
    for start, stop in spans:
        out += lines[last:start]
        indent = re.match(r"\s*", lines[start]).group(0)
        out += [indent + s for s in (CODE_STUB if is_code else [TEXT_STUB])]
        last = stop + 1
    return "\n".join(out + lines[last:])


def remove_hidden(text, where):
    lines = text.split("\n")
    spans = region(lines, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", where)
    keep = [l for i, l in enumerate(lines) if not any(a <= i <= b for a, b in spans)]
    return "\n".join(keep)


def checksum(cell):
    return hashlib.sha256((cell["cell_type"] + "\0" + source(cell)).encode("utf-8")).hexdigest()


def rubric(cell, where="cell"):
    """The rubric of an answer graded by hand: [{criterion, points, full, partial, none}, ...], or None if it has none."""
    m = RUBRIC.search(source(cell))
    if not m:
        return None
    rows = [l.strip() for l in m.group(1).splitlines() if l.strip().startswith("|")]
    table = [[f.strip() for f in r.strip("|").split("|")] for r in rows]
    if len(table) < 3 or table[0] != RUBRIC_COLUMNS or not all(set(f) <= set("-: ") for f in table[1]):
        raise AssignmentError("%s: a rubric is a table with the header | %s | and a row per criterion"
                              % (where, " | ".join(RUBRIC_COLUMNS)))
    out = []
    for row in table[2:]:
        if len(row) != len(RUBRIC_COLUMNS) or not all(row):
            raise AssignmentError("%s: rubric row '%s' needs all %d columns filled" % (where, " | ".join(row), len(RUBRIC_COLUMNS)))
        try:
            points = float(row[1])
        except ValueError:
            raise AssignmentError("%s: rubric row '%s': points must be a number" % (where, row[0])) from None
        if points <= 0:
            raise AssignmentError("%s: rubric row '%s': points must be above 0" % (where, row[0]))
        out.append(dict(zip(RUBRIC_COLUMNS, [row[0], points] + row[2:])))
    return out


def release(nb, name):
    nb = copy.deepcopy(nb)
    sums = {}
    for i, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {}).get("nbgrader")
        where = "%s, cell %d (%s)" % (name, i + 1, cell.get("id", "?"))
        text = source(cell)
        if meta:
            if meta.get("schema_version") != 3:
                raise AssignmentError("%s: nbgrader metadata needs schema_version 3" % where)
            if not meta.get("grade_id"):
                raise AssignmentError("%s: a graded, solution or locked cell needs a grade_id" % where)
            if meta.get("grade") and not meta.get("solution") and "points" not in meta:
                raise AssignmentError("%s: an autograded check needs points" % where)
            if meta.get("grade") or meta.get("locked"):
                meta["initlab_checksum"] = sums[meta["grade_id"]] = checksum(cell)
            if meta.get("grade") and meta.get("solution"):
                rows = rubric(cell, where)
                if rows is None:
                    raise AssignmentError("%s: an answer graded by hand needs a rubric (<!-- BEGIN RUBRIC --> table)" % where)
                if abs(sum(r["points"] for r in rows) - meta.get("points", 0)) > 1e-9:
                    raise AssignmentError("%s: the rubric's points add up to %g, the cell is worth %g"
                                          % (where, sum(r["points"] for r in rows), meta.get("points", 0)))
            if meta.get("solution"):
                text = clear_solutions(text, cell["cell_type"] == "code", where)
                if "BEGIN RUBRIC" in text:
                    raise AssignmentError("%s: the rubric must be inside the solution region (students would see it)" % where)
            if meta.get("grade") and cell["cell_type"] == "code":
                text = remove_hidden(text, where)
        elif "BEGIN SOLUTION" in text or "BEGIN HIDDEN TESTS" in text:
            raise AssignmentError("%s: solution or hidden-test markers in a cell without nbgrader metadata" % where)
        cell["source"] = text.splitlines(True)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb, sums


SETUP = "%load ../notebooks/setup.jsh"


def for_practice(nb, name):
    """The student version as it runs from a folder inside notebooks/: its set-up cell loads ../setup.jsh."""
    nb = copy.deepcopy(nb)
    setup = [c for c in nb["cells"] if c["cell_type"] == "code" and source(c).strip() == SETUP]
    if len(setup) != 1:
        raise AssignmentError("%s: needs exactly one set-up cell '%s'" % (name, SETUP))
    setup[0]["source"] = ["%load ../setup.jsh"]
    return nb


def practice(paths, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for p in paths:
        target = folder / p.name
        if target.exists():
            print("practice: kept %s, your copy (delete it to start that assignment over)" % target)
            continue
        nb, _ = release(json.loads(p.read_text(encoding="utf-8")), p.name)
        target.write_text(json.dumps(for_practice(nb, p.name), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("practice: wrote %s" % target)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", default="assignments", help="instructor versions (default: assignments)")
    ap.add_argument("--out", default="target/assignments", help="writes OUT/release/NAME/NAME.ipynb and OUT/checksums.json")
    ap.add_argument("--practice", metavar="DIR", help="write a learner's copies to DIR/NAME.ipynb instead (a folder inside notebooks/)")
    args = ap.parse_args()
    paths = sorted(Path(args.source).glob("*.ipynb"))
    if not paths:
        print("assign: no assignments in %s" % args.source, file=sys.stderr)
        return 2
    if args.practice:
        try:
            practice(paths, Path(args.practice))
        except AssignmentError as e:
            print("practice: %s" % e, file=sys.stderr)
            return 1
        return 0
    out = Path(args.out)
    all_sums = {}
    try:
        for p in paths:
            nb, sums = release(json.loads(p.read_text(encoding="utf-8")), p.name)
            target = out / "release" / p.stem / p.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            all_sums[p.stem] = sums
            print("assign: %s -> %s (%d checked cells)" % (p, target, len(sums)))
    except AssignmentError as e:
        print("assign: %s" % e, file=sys.stderr)
        return 1
    (out / "checksums.json").write_text(json.dumps(all_sums, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

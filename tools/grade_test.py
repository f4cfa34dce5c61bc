#!/usr/bin/env python3
"""Grades a class of honest, half-done and cheating students with tools/grade.py, in the sandbox, and checks every
grade, every note, and that nothing outside the output folder changed.

The students are made from assignment 2's student version (derive and implement). Honest work earns: the full answer
7, He alone 4 (check_he_normal 2 + check_he_shapes 1 + check_deep 1), nothing 0; partly right work earns part of the
points: He with the example's fan_in written in 5 (its 784 -> 256 check, not the shapes' nor the deep one), Xavier with
the example's fans written in 6 (its 784 -> 256 check, not its shape's). The honest student's written answer must
appear, escaped, in the feedback beside its rubric. Each cheat hands in the honest He answer plus an attack, so it must
score 4 (or what its attack leaves of its honest work, said beside it), with a note naming what was refused:
shadowing check(), the notebook's helper moments() or the library's HeExperiments; the library's own initializer
under another name; reading the instructor version; reading a classmate; %load of the solutions; reflection on the
kernel; a detached process rewriting grades.csv; a vandal writing into notebooks/ and a classmate's submission; a
markdown cell added with 100 points; a formula in an error message; 80 MB of output; answers that busy-wait to hold
the grader; a symlinked notebook; a student folder named grades.csv. Before and after, the SHA-256 of every file of
the project's assignments/ and notebooks/ and of the submissions: the same.

Then the sandbox alone (what the gate would have stopped, run in the sandboxed kernel anyway): no project files, no
writing outside its working folder, no network to a listener on the grader's loopback, no process left behind.
"""
import csv
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAME = "a2-derive-and-implement"
STUB = "    // YOUR CODE HERE\n    throw new UnsupportedOperationException(\"not done yet\");"
HE = "    return Math.sqrt(2.0 / fanIn) * rng.nextGaussian();"
XAVIER = "    double a = Math.sqrt(6.0 / (fanIn + fanOut));\n    return -a + 2 * a * rng.nextDouble();"
WHY = "ReLU keeps half of the second moment: E[relu(z)^2] = Var(z)/2, so <b>twice</b> the variance keeps Var(z)."
WHY_SHOWN = "ReLU keeps half of the second moment: E[relu(z)^2] = Var(z)/2, so &lt;b&gt;twice&lt;/b&gt; the variance keeps Var(z)."
ROOT = Path(__file__).resolve().parent.parent


def student(release, subs, who, he=None, xavier=None, edit=None, why=None):
    nb = json.loads(release.read_text(encoding="utf-8"))
    for c in nb["cells"]:
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        body = {"he_normal": he, "xavier_uniform": xavier}.get(gid)
        if body is not None:
            c["source"] = "".join(c["source"]).replace(STUB, body)
        if gid == "why_two" and why is not None:
            c["source"] = why
        if edit:
            edit(nb, c, gid)
    d = subs / who / NAME
    d.mkdir(parents=True)
    (d / (NAME + ".ipynb")).write_text(json.dumps(nb), encoding="utf-8")


def after_xavier_cell(extra):
    """An attack appended to the Xavier answer cell (beside an honest He answer)."""
    def edit(nb, c, gid):
        if gid == "xavier_uniform":
            c["source"] = "".join(c["source"]) + "\n" + extra
    return edit


def hashes(*folders):
    out = {}
    for folder in folders:
        for p in sorted(Path(folder).rglob("*")):
            if p.is_file() and not p.is_symlink():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
            elif p.is_symlink():
                out[str(p)] = "link to " + os.readlink(p)
    return out


def lambda_body(statements):
    """A Xavier answer whose lambda does `statements` first (the attack runs when the check draws weights)."""
    return "    " + statements + "\n" + XAVIER


def make_class(release, subs):
    classmate = subs / "01-honest" / NAME / (NAME + ".ipynb")
    student(release, subs, "01-honest", HE, XAVIER, why=WHY)
    student(release, subs, "02-honest-again", HE, XAVIER, why=WHY)
    student(release, subs, "03-he-only", HE)
    student(release, subs, "04-untouched")
    student(release, subs, "05-edits-a-check", "    return 0.0;", edit=lambda nb, c, gid: c.update(
        source='check(true, "everything is fine", "");') if gid == "check_he_normal" else None)
    (subs / "06-no-submission" / NAME).mkdir(parents=True)
    student(release, subs, "07-he-fixed-fan-in", "    return Math.sqrt(2.0 / 784) * rng.nextGaussian();", XAVIER)
    student(release, subs, "08-xavier-fixed-fans", HE, "    double a = Math.sqrt(6.0 / (784 + 256));\n"
                                                        "    return -a + 2 * a * rng.nextDouble();")
    expect = {"01-honest": (7, None), "02-honest-again": (7, None), "03-he-only": (4, None), "04-untouched": (0, None),
              "05-edits-a-check": (0, "was edited: the original was graded"), "06-no-submission": (0, "no submission"),
              "07-he-fixed-fan-in": (5, "follows fan_in"), "08-xavier-fixed-fans": (6, "both fans on 300 -> 300")}

    cheats = {
        "10-own-check": ("void check(boolean ok, String what, String hint) { System.out.println(\"PASS \" + what); }",
                         "must declare exactly"),
        "11-own-moments": ("double[] moments(double[][] w) { return new double[]{0, 2.0 / (784 + 256), 0.0769}; }",
                           "must declare exactly"),
        "12-own-class": ("class HeExperiments { static Object forwardTrend(Object i, int s) { return null; } }",
                         "must declare exactly"),
    }
    for who, (extra, note) in cheats.items():
        student(release, subs, who, HE, XAVIER, edit=after_xavier_cell(extra))
        expect[who] = (4, note)
    gated = {
        "13-library-initializer": ("Initializer myXavierUniform = Init.xavierUniform();", "Init.xavierUniform"),
        "14-reads-instructor": (lambda_body('try { java.nio.file.Files.readString(java.nio.file.Path.of('
                                            '"../assignments/%s.ipynb")); } catch (Exception e) { }' % NAME), "java.nio"),
        "15-reads-classmate": (lambda_body('try { java.nio.file.Files.readString(java.nio.file.Path.of("%s")); }'
                                           ' catch (Exception e) { }' % classmate), "java.nio"),
        "16-loads-solution": ("%%load ../assignments/%s.ipynb\n" % NAME, "kernel command"),
        "17-reflection": (lambda_body('try { Class.forName("org.rapaio.jupyter.kernel.MainApp").getField("kernel")'
                                      '.setAccessible(true); } catch (Exception e) { }'), "java.lang.Class"),
        "18-detached-process": (lambda_body('try { new ProcessBuilder("setsid", "sh", "-c", "sleep 2; echo 0 > '
                                            '%s/grades.csv").start(); } catch (Exception e) { }' % "OUT"),
                                "java.lang.ProcessBuilder"),
        "19-vandal": (lambda_body('try { java.nio.file.Files.writeString(java.nio.file.Path.of("../notebooks/setup.jsh"), '
                                  '"void check(boolean a, String b, String c) { }"); java.nio.file.Files.writeString('
                                  'java.nio.file.Path.of("%s"), "{}"); } catch (Exception e) { }' % classmate), "java.nio"),
    }
    for who, (xavier, named) in gated.items():
        if xavier.startswith("%") or xavier.startswith("Initializer"):
            student(release, subs, who, HE, edit=(lambda src: lambda nb, c, gid: c.update(source=src)
                                                  if gid == "xavier_uniform" else None)(xavier))
        else:
            student(release, subs, who, HE, xavier)
        expect[who] = (4, named)

    def hundred(nb, c, gid):
        if gid == "why_two":
            nb["cells"].append({"cell_type": "markdown", "metadata": {"nbgrader": {
                "grade": True, "solution": False, "grade_id": "bonus", "points": 100, "schema_version": 3}},
                "source": "I deserve it"})
    student(release, subs, "20-adds-100-points", HE, edit=hundred)
    expect["20-adds-100-points"] = (4, "were not run")
    student(release, subs, "21-formula", '    if (fanIn > 0) throw new IllegalStateException('
                                         '"=HYPERLINK(\\"http://127.0.0.1/\\", \\"click\\")");\n' + HE)
    expect["21-formula"] = (0, None)
    student(release, subs, "22-floods-output", HE, '    for (int i = 0; i < 800000; i++) System.out.println('
                                                   '"0123456789012345678901234567890123456789012345678901234567890123456'
                                                   '78901234567890123456789012345");\n' + XAVIER)
    expect["22-floods-output"] = (3, "was stopped")   # check_he_normal ran; the flood (its size or its time) stops it
    busy = "    long until = System.nanoTime() + 14_000_000_000L;\n    while (System.nanoTime() < until) { }\n"
    student(release, subs, "23-holds-the-grader", busy + HE, busy + XAVIER)
    expect["23-holds-the-grader"] = (0, "ran longer than")
    link = subs / "24-symlink" / NAME
    link.mkdir(parents=True)
    (link / (NAME + ".ipynb")).symlink_to(ROOT / "assignments" / (NAME + ".ipynb"))
    expect["24-symlink"] = (0, "is a link")
    student(release, subs, "grades.csv", HE)
    expect["grades.csv"] = (4, None)
    return expect


def sandbox_alone(failures):
    """Attacks the gate would refuse, run in the sandboxed kernel all the same: the sandbox must hold by itself."""
    sys.path.insert(0, str(ROOT / "tools"))
    import nbformat
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient
    import sandbox
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    work = Path(tempfile.mkdtemp(prefix="initlab-sandbox-test-"))
    try:
        spec = KernelSpecManager().find_kernel_specs()["java"]
        config = sandbox.kernel_config(spec, str(ROOT / "target/lib"), str(ROOT / "notebooks/setup.jsh"), str(work / "run"))
        sandbox.write_kernelspec(str(work / "specs"), "initlab-sandbox", config)
        (work / "run" / "0").mkdir(parents=True)
        km = KernelManager(kernel_name="initlab-sandbox", kernel_spec_manager=KernelSpecManager(
            kernel_dirs=[str(work / "specs" / "kernels")]), transport="ipc", ip=str(work / "run" / "0" / "k"))
        km.connection_file = str(work / "connection.json")
        probes = {
            "sees the project": 'new java.io.File("%s").exists() || new java.io.File("../assignments").exists()' % ROOT,
            "writes outside its folders": 'new java.io.File("../notebooks/x").createNewFile()'
                                          ' || new java.io.File("/x").createNewFile()',
            "reaches the grader's loopback": 'new java.net.Socket("127.0.0.1", %d).isConnected()' % port,
            "is root": '"root".equals(System.getProperty("user.name")) || new java.io.File("/root").canWrite()',
            "fills the disk": 'java.nio.file.Files.write(java.nio.file.Path.of("/tmp/big"), new byte[300 << 20]) != null',
        }
        cells = [nbformat.v4.new_code_cell("%load ../notebooks/setup.jsh"),
                 nbformat.v4.new_code_cell('new ProcessBuilder("setsid", "sh", "-c", "sleep 300; : initlab-left-behind")'
                                           '.start().isAlive()')]
        for what, expr in probes.items():
            cells.append(nbformat.v4.new_code_cell('boolean b; try { b = %s; } catch (Throwable e) { b = false; }\n'
                                                   'System.out.println("%s " + b);' % (expr, what)))
        nb = nbformat.v4.new_notebook(cells=cells)
        try:
            NotebookClient(nb, km=km, timeout=60, allow_errors=True).execute(cwd=str(work / "run" / "0"))
        finally:
            km.shutdown_kernel(now=True)
        printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
        for what in probes:
            if (what + " false") not in printed:
                failures.append("the sandboxed kernel %s: %s" % (what, printed[-500:]))
        try:
            listener.accept()
            failures.append("a connection from the sandbox reached the grader's loopback")
        except socket.timeout:
            pass
        for _ in range(50):   # the PID namespace goes with the kernel: its processes are killed, not at once
            left = subprocess.run(["pgrep", "-f", "initlab-left-behind"], capture_output=True, text=True).stdout.split()
            if not left:
                break
            time.sleep(0.1)
        if left:
            failures.append("a process the sandboxed kernel started outlived it: %s" % left)
            subprocess.run(["pkill", "-f", "initlab-left-behind"])
        if not failures:
            print("ok   the sandbox alone: %s: all false; a detached process died with the kernel" % ", ".join(probes))
    finally:
        listener.close()
        shutil.rmtree(work, ignore_errors=True)


def solutions_pass_the_gate(failures):
    """Every instructor solution of every assignment, handed in as a student's answer, is admitted (and the stubs)."""
    sys.path.insert(0, str(ROOT / "tools"))
    import grade
    names = sorted((ROOT / "assignments").glob("*.ipynb"))
    jobs, count = [], 0
    for path in names:
        instructor = json.loads(path.read_text(encoding="utf-8"))
        release = json.loads((ROOT / "target/assignments/release" / path.stem / path.name).read_text(encoding="utf-8"))
        for submission in (instructor, release):
            nb, answers, _ = grade.merged(instructor, submission)
            jobs.append(grade.gate_request(nb, answers))
            count += len(answers)
    work = Path(tempfile.mkdtemp(prefix="initlab-gate-test-"))
    try:
        java = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java")
        refused = grade.gate(jobs, str(work), java, str(ROOT / "target/lib"), True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for i, reasons in refused.items():
        for gid, why in reasons.items():
            failures.append("the gate refused %s's %s %s: %s" % (names[i // 2].stem, "solution" if i % 2 == 0 else "stub", gid, why))
    if not refused:
        print("ok   the gate admits every instructor solution and every stub of %d assignments (%d answers)" % (len(names), count))


def main():
    release = ROOT / "target/assignments/release" / NAME / (NAME + ".ipynb")
    tmp = ROOT / "target/assignments/grade-test"
    shutil.rmtree(tmp, ignore_errors=True)
    subs, out = tmp / "submitted", tmp / "graded"
    expect = make_class(release, subs)
    for p in subs.rglob("*.ipynb"):   # the detached process aims at the real output folder
        if not p.is_symlink():
            p.write_text(p.read_text(encoding="utf-8").replace("OUT/grades.csv", str(out) + "/grades.csv"), encoding="utf-8")
    before = hashes(ROOT / "assignments", ROOT / "notebooks", subs)
    started = time.monotonic()
    r = subprocess.run([sys.executable, str(ROOT / "tools/grade.py"), str(subs), "--out", str(out), "--timeout", "20",
                        "--notebook-timeout", "25", "--max-output", "4"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - started
    print(r.stdout.strip())
    failures = []
    if r.returncode != 1 or "could not grade 24-symlink" not in r.stderr:
        failures.append("grade.py must exit 1 naming the student it could not grade (exit %d): %s" % (r.returncode, r.stderr[-1500:]))
    time.sleep(3)   # long enough for a detached process to have rewritten grades.csv
    with open(out / "grades.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    total, notes = {}, {}
    for row in rows:
        if row["assignment"] == NAME:
            if row["points"] != "":
                total[row["student"]] = total.get(row["student"], 0) + float(row["points"])
            notes.setdefault(row["student"], []).append(row["note"])
    feedback_notes = {}
    for who in expect:
        page = out / "feedback" / (who + ".html")
        feedback_notes[who] = page.read_text(encoding="utf-8") if page.is_file() else ""
    for who, (points, note) in expect.items():
        if total.get(who) != points:
            failures.append("%s scored %s, expected %s (%s)" % (who, total.get(who), points, notes.get(who)))
        if note and note not in feedback_notes[who] and not any(note in n for n in notes.get(who, [])):
            failures.append("%s: the feedback does not say '%s'" % (who, note))
    page = feedback_notes["01-honest"]
    if not (WHY_SHOWN in page and WHY not in page and page.find(WHY_SHOWN) < page.find("The quantity the 2 makes up for")):
        failures.append("the feedback does not show the written answer, escaped, before its rubric: %s" % page[-1500:])
    if "(no answer)" not in feedback_notes["03-he-only"] or "The quantity the 2 makes up for" not in feedback_notes["03-he-only"]:
        failures.append("the feedback of a student without a written answer does not say so beside the rubric")
    if any(row["check"] == "bonus" for row in rows):
        failures.append("a graded cell the student added became a row of grades.csv")
    formula = [row["note"] for row in rows if row["student"] == "21-formula" and "HYPERLINK" in row["note"]]
    if not formula or not all(n.startswith("'") for n in formula):
        failures.append("the formula in an error message is not neutralised: %s" % formula)
    honest = [(row["check"], row["points"]) for row in rows if row["student"] == "01-honest"]
    if honest != [(row["check"], row["points"]) for row in rows if row["student"] == "02-honest-again"]:
        failures.append("two identical honest submissions graded differently")
    if any(len(row["note"]) > 300 for row in rows):
        failures.append("a note longer than 300 characters")
    if (out / "notebooks" / "22-floods-output" / (NAME + ".ipynb")).stat().st_size > 8 << 20:
        failures.append("the flood of output was written to the executed notebook")
    after = hashes(ROOT / "assignments", ROOT / "notebooks", subs)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        failures.append("files outside the output folder changed: %s" % changed[:5])
    cheats = sum(1 for who in expect if who[:2].isdigit() and int(who[:2]) >= 10) + 1
    if not failures:
        print("ok   %d students graded in %.0f s: honest 7, 7, 4, 0, 0 (edited check noted), 0 (none); partly right 5 and 6; "
              "%d cheats each scored its honest work with a note; the written answer shown escaped beside its rubric; "
              "nothing outside the output folder changed" % (len(expect), seconds, cheats))
    sandbox_alone(failures)
    solutions_pass_the_gate(failures)
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

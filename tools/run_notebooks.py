#!/usr/bin/env python3
"""Execute notebooks headless through Jupyter and write the executed notebooks and HTML write-ups.

Used by `./initlab run` (and so by `./initlab test`); run it with the Python that runs Jupyter
(it needs nbclient, nbconvert and nbformat). For each notebook, in name order: start the kernel
(a bounded wait, one retry), run every cell, and save OUT/NAME.ipynb and OUT/NAME.html; then write
OUT/index.html with each notebook's status and wall time. A notebook fails when a cell raises, shows
an error output, or writes to stderr (except known-benign JVM warnings). Exit status 1 if any failed.

Outputs are made reproducible: no timing metadata, and the project's absolute path is replaced by
"<project>" in text outputs. The HTML reads offline: images are embedded as data URIs, no CDN
scripts; MathJax is copied next to the pages when this machine has it, else TeX stays as source.
"""
import argparse
import html
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

# stderr lines that are not the notebook's fault: JVM notices about native access and sun.misc.Unsafe.
BENIGN_STDERR = [re.compile(p) for p in (
    r"^\s*$",
    r"^WARNING: A restricted method in .* has been called",
    r"^WARNING: .* has been called by .* in an unnamed module",
    r"^WARNING: Use --enable-native-access=ALL-UNNAMED to avoid a warning",
    r"^WARNING: Restricted methods will be blocked in a future release",
    r"^WARNING: A terminally deprecated method in sun\.misc\.Unsafe has been called",
    r"^WARNING: sun\.misc\.Unsafe::\w+ has been called by ",
    r"^WARNING: Please consider reporting this to the maintainers of ",
    r"^WARNING: sun\.misc\.Unsafe::\w+ will be removed in a future release",
    r"^WARNING: Using incubator modules: jdk\.incubator\.vector",
)]

MATHJAX_DIRS = ["/usr/share/javascript/mathjax", "/usr/share/mathjax"]
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions", "jax/input/TeX",
                 "jax/output/CommonHTML", "jax/element", "fonts/HTML-CSS/TeX/woff"]
MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def find_mathjax():
    dirs = list(MATHJAX_DIRS)
    prefix = os.environ.get("CONDA_PREFIX") or sys.prefix
    dirs += [os.path.join(prefix, "share", "javascript", "mathjax"), os.path.join(prefix, "lib", "mathjax")]
    try:
        import notebook  # classic notebook ships MathJax 2
        dirs.append(os.path.join(os.path.dirname(notebook.__file__), "static", "components", "MathJax"))
    except ImportError:
        pass
    for d in dirs:
        if os.path.isfile(os.path.join(d, "MathJax.js")) and os.path.isfile(os.path.join(d, "config", "TeX-AMS_CHTML-full.js")):
            return d
    return None


def copy_mathjax(src, site):
    dest = site / "mathjax"
    if dest.exists():
        shutil.rmtree(dest)
    for part in MATHJAX_PARTS:
        s, d = Path(src) / part, dest / part
        if not s.exists():
            continue
        d.parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir():
            shutil.copytree(s, d, symlinks=False)
        else:
            shutil.copyfile(s, d)


def benign(text):
    return all(any(p.search(line) for p in BENIGN_STDERR) for line in text.splitlines())


def scrub(text, project):
    return text.replace(project + os.sep, "<project>/").replace(project, "<project>")


def clean_outputs(nb, project):
    """Make saved outputs reproducible: no absolute project path, no timing metadata."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                out["text"] = scrub(out["text"], project)
            elif out.get("output_type") == "error":
                out["evalue"] = scrub(out.get("evalue", ""), project)
                out["traceback"] = [scrub(t, project) for t in out.get("traceback", [])]
            for mime, value in out.get("data", {}).items():
                if isinstance(value, str) and (mime.startswith("text/") or mime.endswith("+json")):
                    out["data"][mime] = scrub(value, project)


def problems(nb):
    """Error outputs and stderr output, cell by cell: [(cell number, kind, first line)]."""
    found = []
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        n += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append((n, "error", ANSI.sub("", "%s: %s" % (out.get("ename", ""), out.get("evalue", ""))).strip()))
            elif out.get("output_type") == "stream" and out.get("name") == "stderr" and not benign(out["text"]):
                first = next(l for l in out["text"].splitlines() if l.strip())
                found.append((n, "stderr", ANSI.sub("", first).strip()))
    return found


def tail(path, lines=8):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:]).rstrip()
    except OSError:
        return ""


def start_kernel(client, log, attempts):
    """Start the kernel with a bounded wait; retry once. Returns None, or why it failed."""
    why = None
    for attempt in range(1, attempts + 1):
        try:
            client.km = client.create_kernel_manager()
            client.start_new_kernel(stdout=log, stderr=log)
            client.start_new_kernel_client()
            return None
        except Exception as e:  # noqa: BLE001 - any start-up failure gets the retry
            why = "%s: %s" % (type(e).__name__, e)
            log.write("\n[run_notebooks] kernel start attempt %d failed: %s\n" % (attempt, why))
            log.flush()
            try:
                if client.km is not None:
                    client._cleanup_kernel()
            except Exception:  # noqa: BLE001
                pass
            client.km = None
            client.kc = None
    return why


# What a notebook should take on a 2-core machine (warned about, not enforced: a loaded machine is slower).
BUDGET_SECONDS = 60


def run_one(path, args, site, logs, project):
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    client = NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout, startup_timeout=args.startup_timeout,
                            allow_errors=False, record_timing=False, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(path.parent)}})
    client.reset_execution_trackers()
    log_path = logs / (path.stem + ".kernel.log")
    status, reason = "ok", ""
    start = time.monotonic()
    cell_seconds = []  # (cell number, seconds) of every code cell run
    with open(log_path, "w", encoding="utf-8") as log:
        why = start_kernel(client, log, attempts=2)
        if why is not None:
            last = tail(log_path)
            return nb, "failed", "kernel '%s' did not start (waited %d s, tried twice): %s%s" % (
                args.kernel, args.startup_timeout, why, ("\n    kernel log:\n      " + last.replace("\n", "\n      ")) if last else ""), time.monotonic() - start, []
        try:
            reply = client.wait_for_reply(client.kc.kernel_info())
            if reply and "language_info" in reply["content"]:
                nb.metadata["language_info"] = reply["content"]["language_info"]
            index = 0
            for index, cell in enumerate(nb.cells):
                t0 = time.monotonic()
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                if cell.cell_type == "code":
                    cell_seconds.append((index + 1, round(time.monotonic() - t0, 1)))
        except CellTimeoutError as e:
            status, reason = "failed", "cell %d timed out after %d s: %s" % (index + 1, args.timeout, str(e).splitlines()[0] if str(e) else "")
        except CellExecutionError as e:
            status, reason = "failed", "cell %d raised: %s" % (index + 1, ANSI.sub("", "%s: %s" % (e.ename, e.evalue)).strip())
        except DeadKernelError as e:
            status, reason = "failed", "the kernel died in cell %d: %s (kernel log: %s)" % (index + 1, e, log_path)
        except Exception as e:  # noqa: BLE001
            status, reason = "failed", "cell %d: %s: %s" % (index + 1, type(e).__name__, e)
        finally:
            try:
                client._cleanup_kernel()
            except Exception:  # noqa: BLE001
                pass
    elapsed = time.monotonic() - start
    found = problems(nb)
    if status == "ok" and found:
        status = "failed"
        reason = "; ".join("cell %d %s: %s" % f for f in found[:3]) + (" (and %d more)" % (len(found) - 3) if len(found) > 3 else "")
    return nb, status, reason, elapsed, cell_seconds


def export_html(nb, name, resources_path, mathjax):
    exporter = HTMLExporter(template_name="lab")
    exporter.embed_images = True
    exporter.require_js_url = ""
    exporter.jquery_url = ""
    exporter.mathjax_url = ("mathjax/MathJax.js?config=" + MATHJAX_CONFIG) if mathjax else ""
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name, "path": resources_path}})
    # No script or stylesheet from the network, no empty script tags from the URLs cleared above.
    body = re.sub(r'<script[^>]*\bsrc="(?:https?:)?//[^"]*"[^>]*>\s*</script>', "", body)
    body = re.sub(r'<script[^>]*\bsrc=""[^>]*>\s*</script>', "", body)
    body = re.sub(r'<link[^>]*\bhref="(?:https?:)?//[^"]*"[^>]*>', "", body)
    # Links between notebooks point to their write-ups.
    body = re.sub(r'href="(\d\d-[\w.-]+)\.ipynb"', r'href="\1.html"', body)
    # Long code lines wrap in the write-up instead of being cut off at the cell's edge.
    # A folded worked answer's code reads as code: shaded, wrapped like the cells'.
    body = body.replace("</head>", "<style>.jp-InputArea-editor pre, .highlight pre { white-space: pre-wrap; word-break: break-word; }\n"
                        ".jp-RenderedHTMLCommon details pre { background: #f3f3f3 !important; padding: 6px 10px !important; white-space: pre-wrap; word-break: break-word; }\n"
                        "details { margin: 0.4em 0; }</style>\n</head>", 1)
    if not mathjax:
        body = re.sub(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", "", body, flags=re.S)
    return body


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Init Lab notebooks</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4em .8em; border-bottom: 1px solid #ddd; vertical-align: top; }}
td.time {{ text-align: right; white-space: nowrap; }}
.ok {{ color: #1a7f37; font-weight: bold; }} .failed {{ color: #cf222e; font-weight: bold; }}
.reason {{ font-family: monospace; font-size: smaller; white-space: pre-wrap; }}
</style>
</head>
<body>
<h1>Init Lab notebooks</h1>
<p>Why neural-network weight initialization matters, shown by experiment. Each notebook was run
top to bottom by <code>./initlab run</code> with the Jupyter kernel <code>{kernel}</code>.</p>
<table>
<thead><tr><th>Notebook</th><th>Status</th><th>Wall time</th><th>Files</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p>{summary}</p>
<h2>What this run was made on</h2>
<p>The same OpenBLAS kernel and version give the same bits on any number of cores; another kernel, CPU or
precision gives other numbers, but the same verdicts (<code>./initlab test</code> checks the claims catalog
under two OpenBLAS kernels).</p>
<table class="manifest">
{manifest}
</table>
</body>
</html>
"""


def run_manifest(args, project):
    """What this run's bits depend on: the project commit (and whether the tree was dirty), the CPU, and
    the Java side's facts (JDK, Smile, OpenBLAS version, kernel and threads, precision, seeds)."""
    m = {}
    try:
        commit = subprocess.run(["git", "-C", project, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", project, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
        m["commit"] = commit + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        m["commit"] = "unknown (not a git checkout)"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    m["cpu"] = cpu
    if args.manifest:
        try:
            m.update(json.loads(Path(args.manifest).read_text(encoding="utf-8")))
        except (OSError, ValueError) as e:
            m["java_facts"] = "unreadable: %s" % e
    return m


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebooks", nargs="*", help="notebooks to run (default: NOTEBOOK_DIR/*.ipynb, in name order)")
    ap.add_argument("--notebook-dir", default="notebooks")
    ap.add_argument("--out", default="target/site", help="where executed notebooks and HTML go")
    ap.add_argument("--kernel", default="java", help="kernelspec name (default: java, the one ./initlab lab installs)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds one cell may run")
    ap.add_argument("--startup-timeout", type=int, default=60, help="seconds to wait for the kernel to answer")
    ap.add_argument("--project", default=os.getcwd(), help="project folder, hidden from saved outputs")
    ap.add_argument("--manifest", help="JSON file with what the run's bits depend on (JDK, Smile, OpenBLAS...), from org.initlab.notebook.Manifest")
    args = ap.parse_args()

    project = os.path.realpath(args.project)
    paths = [Path(p) for p in args.notebooks] or sorted(Path(args.notebook_dir).glob("*.ipynb"))
    paths = sorted(paths, key=lambda p: p.name)
    if not paths:
        print("run_notebooks: no notebooks in %s" % args.notebook_dir, file=sys.stderr)
        return 2
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print("run_notebooks: no such notebook: %s" % ", ".join(missing), file=sys.stderr)
        return 2

    site = Path(args.out)
    logs = site / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # The index covers every notebook run so far: earlier results stay for notebooks not re-run now,
    # as long as their notebook still exists; a run of the whole folder starts afresh.
    previous = []
    if args.notebooks and (site / "results.json").is_file():
        try:
            previous = json.loads((site / "results.json").read_text(encoding="utf-8"))
            if isinstance(previous, dict):
                previous = previous.get("notebooks", [])
        except ValueError:
            previous = []
    if not args.notebooks:
        for old in list(site.glob("*.ipynb")) + list(site.glob("*.html")) + list(logs.glob("*.kernel.log")):
            old.unlink()
    mj = find_mathjax()
    if mj:
        copy_mathjax(mj, site)
    results = []
    width = max(len(p.name) for p in paths)
    print("run_notebooks: %d notebook(s), kernel '%s', output in %s%s" % (
        len(paths), args.kernel, site, "" if mj else " (no MathJax on this machine: TeX shows as source)"))
    for path in paths:
        path = path.resolve()
        if sys.stdout.isatty():
            print("  %-*s  running..." % (width, path.name), end="\r", flush=True)
        nb, status, reason, elapsed, cell_seconds = run_one(path, args, site, logs, project)
        clean_outputs(nb, project)
        nbformat.write(nb, str(site / path.name))
        page = export_html(nb, path.stem, str(path.parent), mj)
        online = re.findall(r'<(?:script|link|img)[^>]*\b(?:src|href)="(?:https?:)?//[^"]*"', page)
        if online and status == "ok":
            status, reason = "failed", "the HTML write-up loads from the network: %s" % online[0]
        (site / (path.stem + ".html")).write_text(page, encoding="utf-8")
        results.append({"notebook": path.name, "title": title_of(nb, path.stem), "status": status,
                        "seconds": round(elapsed, 1), "reason": reason,
                        "cells": [{"cell": n, "seconds": sec} for n, sec in cell_seconds]})
        slowest = sorted(cell_seconds, key=lambda c: -c[1])[:3]
        print("  %-*s  %-6s %7.1f s  (slowest: %s)%s" % (width, path.name, status, elapsed,
              ", ".join("cell %d %.1f s" % c for c in slowest) or "-", ("\n    " + reason) if reason else ""), flush=True)
        if status == "ok" and elapsed > BUDGET_SECONDS:
            print("    over the %d s a notebook should take on 2 cores" % BUDGET_SECONDS, flush=True)

    ran = {r["notebook"] for r in results}
    kept = [r for r in previous if r.get("notebook") not in ran and (Path(args.notebook_dir) / r["notebook"]).is_file()
            and (site / r["notebook"]).is_file()]
    results = sorted(kept + results, key=lambda r: r["notebook"])
    rows = []
    for r in results:
        stem = r["notebook"][:-len(".ipynb")]
        rows.append('<tr><td><a href="{h}">{t}</a><br><small>{n}</small>{why}</td><td class="{s}">{s}</td>'
                    '<td class="time">{sec:.1f} s</td><td><a href="{h}">HTML</a> &middot; <a href="{n}">ipynb</a></td></tr>'.format(
                        h=html.escape(stem + ".html"), t=html.escape(r["title"]), n=html.escape(r["notebook"]), s=r["status"],
                        sec=r["seconds"], why=('<div class="reason">%s</div>' % html.escape(r["reason"])) if r["reason"] else ""))
    passed = sum(r["status"] == "ok" for r in results if r["notebook"] in ran)
    failed = len(ran) - passed
    summary = "%d passed, %d failed; total wall time %.1f s." % (
        sum(r["status"] == "ok" for r in results), sum(r["status"] != "ok" for r in results), sum(r["seconds"] for r in results))
    manifest = run_manifest(args, project)
    facts = "".join("<tr><th>%s</th><td>%s</td></tr>" % (html.escape(k), html.escape(str(v))) for k, v in manifest.items())
    (site / "index.html").write_text(INDEX.format(kernel=html.escape(args.kernel), rows="\n".join(rows), summary=summary, manifest=facts),
                                     encoding="utf-8")
    with open(site / "results.json", "w", encoding="utf-8") as f:
        json.dump({"manifest": manifest, "notebooks": results}, f, indent=1)
        f.write("\n")
    print("run_notebooks: wrote %s" % (site / "index.html"))
    print("notebooks: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

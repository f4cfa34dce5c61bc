#!/usr/bin/env python3
"""Execute notebooks headless through Jupyter and write the executed notebooks and HTML write-ups.

Used by `./initlab run` (and so by `./initlab test`); run it with the Python that runs Jupyter
(it needs nbclient, nbconvert and nbformat). For each notebook, in name order: start the kernel
(a bounded wait, one retry), run every cell, and save OUT/NAME.ipynb and OUT/NAME.html; then write
OUT/index.html with each notebook's status and wall time, and render the guides (README.md, CONTRIBUTING.md,
docs/*.md) into OUT/docs/ (site_guides.py; --guides-only does just that and the index, from the last run's
results.json). A notebook fails when a cell raises, shows an error output, or writes to stderr (except
known-benign JVM warnings). Exit status 1 if any failed.

Outputs are made reproducible: no timing metadata, and the project's absolute path is replaced by
"<project>" in text outputs. The HTML reads offline: images are embedded as data URIs, no CDN
scripts; MathJax is copied next to the pages when this machine has it, else TeX stays as source.
"""
import argparse
import base64
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

import site_guides

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
<title>Init Lab: why weight initialization matters, by experiment</title>
<style>
body {{ font-family: sans-serif; max-width: 64em; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4em .8em; border-bottom: 1px solid #ddd; vertical-align: top; }}
td.time {{ text-align: right; white-space: nowrap; }}
.ok {{ color: #1a7f37; font-weight: bold; }} .failed {{ color: #cf222e; font-weight: bold; }}
.reason {{ font-family: monospace; font-size: smaller; white-space: pre-wrap; }}
.chapters {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(19em, 1fr)); gap: 1em; }}
.chapter {{ border: 1px solid #ddd; border-radius: 6px; padding: .8em; }}
.chapter img {{ width: 100%; height: 11em; object-fit: contain; background: #fafafa; }}
.chapter h3 {{ margin: .2em 0 .4em; font-size: 1.05em; }}
.meta {{ color: #555; font-size: .9em; }}
code {{ background: #f3f3f3; padding: 0 .2em; }}
@media print {{ .chapter {{ break-inside: avoid; }} }}
</style>
</head>
<body>
<h1>Init Lab</h1>
<p><b>Why neural-network weight initialization matters, shown by experiment.</b> Each chapter takes one failure mode
(all zeros, one constant, too small, too large) or one fix (Xavier/Glorot, He/Kaiming, LeCun, and beyond), runs it on
a small MLP library in Java, and checks every claim it makes as it runs: if a phenomenon does not show, the chapter fails.</p>
<h2>What you will be able to do</h2>
<ul>
<li>Predict, before training, how the size of the signal and of the gradients changes through a deep network from
its widths, activation and the weights' variance, and check the prediction with probes.</li>
<li>Diagnose a bad start (all zeros, one constant, too small, too large) from what the probes measure.</li>
<li>Derive Xavier's, He's and LeCun's variances, implement them, and choose the right one for an activation and a
depth, over several seeds rather than one.</li>
<li>Tell which statements about initialization hold, hold only partly, or are wrong, and on what evidence.</li>
<li>Check a start before training: the loss at step 0, the last layer's scale, the output bias on imbalanced data,
and what the optimizer will and will not forgive.</li>
</ul>
<h2>Before you start</h2>
<p>Prerequisites: the chain rule and back-propagation; mean, variance and independence; reading Java (the notebooks
use records, lambdas and streams). Running it: JDK 25, Maven and Jupyter, then</p>
<pre>./initlab lab     # builds, installs the Java kernel, opens Jupyter on notebooks/
./initlab test    # every test, every notebook executed, this site checked in a browser</pre>
<p>Every experiment starts from a <b>knobs cell</b>: plain variables you change before running the cells below
again. Every claim is a check that shows what it measured against the threshold the claim needs. In your own Jupyter a
claim that does not show with your settings is highlighted as a finding and the notebook goes on; under
<code>./initlab run</code> and <code>./initlab test</code>, which built this site, it fails the chapter.</p>
<p>{binder} On any JupyterHub, <code>environment.yml</code> and <code>postBuild</code> set up the same environment.
For self-study, <code>./initlab practice</code> puts the assignments next to the chapters (see {practice}).</p>
{guides}
{chapters}
{assignments}
<h2>Run status</h2>
<p>Each notebook was run top to bottom by <code>./initlab run</code> with the Jupyter kernel <code>{kernel}</code>.</p>
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

CHAPTER = """<div class="chapter"><a href="{h}">{img}</a><h3><a href="{h}">{t}</a></h3><p>{summary}</p>
<p class="meta">{verdicts}{minutes}Runs in {sec:.0f} s{status}.</p></div>"""

PATHS = (("core", "The core path", "one sitting of about {minutes} minutes: the failure modes, the classic fixes and the "
          "first step, in order."),
         ("deep dive", "Deep dives", "any order, after the core path: {minutes} minutes in all."),
         ("own", "Your own notebooks", "notebooks from outside the course's folder, run with ./initlab run PATH (the guide for researchers says how)."))


def chapters_section(results, site, claims):
    """The chapters on the landing page, the core path first, then the deep dives (metadata initlab.path), each with
    its time to read and run (initlab.minutes) and its measured run time."""
    out = []
    for key, heading, blurb in PATHS:
        mine = [r for r in results if r.get("path", "core") == key]
        if not mine:
            continue
        minutes = sum(r.get("minutes") or 0 for r in mine)
        out.append('<h2>%s</h2>\n<p>%s</p>\n<div class="chapters">\n%s\n</div>' % (
            heading, html.escape(blurb.format(minutes=minutes)), "\n".join(chapter_card(r, site, claims) for r in mine)))
    return "\n".join(out)


def chapter_card(r, site, claims):
    """One chapter on the landing page: title, summary, key figure (see save_thumbnail), run time, verdict counts."""
    stem = r["notebook"][:-len(".ipynb")]
    thumb = site / "thumbs" / (stem + ".png")
    img = '<img src="thumbs/%s.png" alt="the key figure of %s">' % (html.escape(stem), html.escape(r["title"])) if thumb.is_file() else ""
    # Notebook 08 (all_claims) sums up the notes' claims; chapters beyond the notes test common advice, not the notes.
    mine = [c for c in claims if c["kind"] == "notes"] if r.get("all_claims") else [c for c in claims if c["notebook"] == stem]
    colour = {c["verdict"]: c["colour"] for c in claims}  # the library's own (Verdict.colour), as tables show them
    counts = []
    for label, one, many in (("holds", "holds", "hold"), ("holds only partly", "holds only partly", "hold only partly"), ("wrong", "is wrong", "are wrong")):
        n = sum(c["verdict"] == label for c in mine)
        if n:
            counts.append('<span style="color:%s">%d %s</span>' % (html.escape(colour[label]), n, one if n == 1 else many))
    notes = all(c["kind"] == "notes" for c in mine)
    plural = "" if len(mine) == 1 else "s"
    what = ("Of its %d claim%s of the notes, " if notes else "Of the %d piece%s of advice it tests, ") % (len(mine), plural)
    verdicts = (what + ", ".join(counts) + ". ") if counts else ""
    return CHAPTER.format(h=html.escape(stem + ".html"), img=img, t=html.escape(r["title"]), summary=html.escape(r.get("summary", "")),
                          verdicts=verdicts, sec=r["seconds"],
                          minutes=("About %d min to read and run. " % r["minutes"]) if r.get("minutes") else "", status="" if r["status"] == "ok" else " (<span class=\"failed\">failed</span>)")


def save_thumbnail(nb, stem, site):
    """The notebook's key figure, saved as thumbs/STEM.png: its n-th chart (image/png output), n from the notebook's
    metadata initlab.key_figure (default 1, the first)."""
    n = int(nb.metadata.get("initlab", {}).get("key_figure", 1))
    charts = [o["data"]["image/png"] for cell in nb.cells if cell.cell_type == "code"
              for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    if charts:
        (site / "thumbs").mkdir(exist_ok=True)
        (site / "thumbs" / (stem + ".png")).write_bytes(base64.b64decode(charts[min(n, len(charts)) - 1]))


def read_claims(path):
    """The course's stated verdicts (id, notebook, verdict, colour, kind: "notes" for the source notes' claims, "advice" for
    the common advice chapters 09-10 test), as ClaimsCommand --list writes them; empty if absent."""
    out = []
    if path and Path(path).is_file():
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 5:
                out.append({"id": parts[0], "notebook": parts[1], "verdict": parts[2], "colour": parts[3], "kind": parts[4]})
    return out


NAV_BEGIN, NAV_END = "<!-- initlab-nav -->", "<!-- /initlab-nav -->"
NAV_STYLE = """<style>
nav.initlab {{ font-family: sans-serif; display: flex; gap: 1.2em; align-items: center; flex-wrap: wrap; max-width: 1100px;
  margin: .6em auto; padding: .4em 1em; border-bottom: 1px solid #ddd; font-size: .95em; }}
nav.initlab.bottom {{ border-top: 1px solid #ddd; border-bottom: none; }}
nav.initlab .spacer {{ flex: 1; }}
nav.initlab button {{ font: inherit; cursor: pointer; }}
nav.toc {{ font-family: sans-serif; max-width: 1100px; margin: .4em auto 1em; padding: 0 1em; font-size: .92em; }}
nav.toc ul {{ margin: .2em 0; padding-left: 0; list-style: none; columns: 2; }}
body.hide-code .jp-CodeCell .jp-Cell-inputWrapper, body.hide-code .jp-CodeCell .jp-InputPrompt {{ display: none; }}
@media print {{
  nav.initlab, nav.toc {{ display: none; }}
  .jp-Cell {{ break-inside: avoid; }}
  .jp-OutputArea-output img {{ max-width: 100%; }}
  a {{ color: inherit; text-decoration: none; }}
}}
</style>"""


def nav_bar(prev, nxt, where):
    left = '<a href="%s">&larr; %s</a>' % (html.escape(prev[0]), html.escape(prev[1])) if prev else "<span></span>"
    right = '<a href="%s">%s &rarr;</a>' % (html.escape(nxt[0]), html.escape(nxt[1])) if nxt else "<span></span>"
    toggle = ('<button type="button" onclick="document.body.classList.toggle(\'hide-code\');'
              'this.textContent=document.body.classList.contains(\'hide-code\')?\'Show code\':\'Hide code\'">Hide code</button>') if where == "top" else ""
    return '<nav class="initlab %s">%s<a href="index.html">Contents</a><span class="spacer"></span>%s%s</nav>' % (where, left, toggle, right)


def add_navigation(site, results):
    """Every write-up gets its real title, previous/next links at the top and the bottom, a table of contents from its
    section headings, a switch that hides the code cells, and a print stylesheet. Idempotent: a page's old navigation
    is replaced, so a partial run leaves every page's links right."""
    pages = [(r["notebook"][:-len(".ipynb")] + ".html", r["title"]) for r in results]
    for k, (page, title) in enumerate(pages):
        f = site / page
        if not f.is_file():
            continue
        body = f.read_text(encoding="utf-8")
        body = re.sub(re.escape(NAV_BEGIN) + ".*?" + re.escape(NAV_END), "", body, flags=re.S)
        body = re.sub(r"<title>.*?</title>", "<title>%s · Init Lab</title>" % html.escape(title), body, count=1, flags=re.S)
        prev = pages[k - 1] if k > 0 else None
        nxt = pages[k + 1] if k + 1 < len(pages) else None
        toc = []
        for m in re.finditer(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"|</h2>)', body, flags=re.S):
            toc.append('<li><a href="#%s">%s</a></li>' % (m.group(1), re.sub(r"<[^>]+>", "", m.group(2)).strip()))
        toc_html = ('<nav class="toc"><b>On this page</b><ul>%s</ul></nav>' % "".join(toc)) if toc else ""
        body = body.replace("</head>", NAV_BEGIN + NAV_STYLE.format() + NAV_END + "\n</head>", 1)
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + NAV_BEGIN + nav_bar(prev, nxt, "top") + toc_html + NAV_END, body, count=1)
        body = body.replace("</body>", NAV_BEGIN + nav_bar(prev, nxt, "bottom") + NAV_END + "</body>", 1)
        f.write_text(body, encoding="utf-8")


def github_repo(project):
    """owner/name of the project on GitHub: $INITLAB_REPO, else the origin remote's, else None."""
    repo = os.environ.get("INITLAB_REPO", "").strip()
    if not repo:
        try:
            url = subprocess.run(["git", "-C", project, "remote", "get-url", "origin"], capture_output=True, text=True).stdout.strip()
        except OSError:
            url = ""
        m = re.match(r"(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?$", url)
        repo = m.group(1) if m else ""
    return repo if re.fullmatch(r"[\w.-]+/[\w.-]+", repo) else None


def binder_paragraph(project):
    """A launch link on mybinder.org (it builds the repository from environment.yml and postBuild), or why there is none."""
    repo = github_repo(project)
    if repo is None:
        return ("Binder: this copy has no GitHub remote, so there is no launch link; once the project is on GitHub, "
                "<code>INITLAB_REPO=owner/name</code> (or its origin remote) puts one here.")
    url = "https://mybinder.org/v2/gh/{}/HEAD?urlpath=tree/notebooks".format(repo)
    return ('<a href="{u}">Run it on Binder</a> (mybinder.org builds <code>{r}</code> from <code>environment.yml</code> and '
            '<code>postBuild</code>; the first start takes several minutes).').format(u=html.escape(url), r=html.escape(repo))


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


def assignments_section(project):
    """The assignments, with the chapters each follows (from their first line), for the landing page."""
    items = []
    for p in sorted((project / "assignments").glob("*.ipynb")):
        try:
            nb = nbformat.read(str(p), as_version=4)
        except Exception:  # noqa: BLE001  (a broken assignment is reported by its own test, not here)
            continue
        intro = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
        title = title_of(nb, p.stem)
        after = re.search(r"\*\*(After [^*]+)\*\*", intro)
        items.append("<li><b>%s</b>%s</li>" % (html.escape(title), (" &mdash; " + html.escape(after.group(1).rstrip("."))) if after else ""))
    if not items:
        return ""
    return ("<h2>Assignments</h2><p>Graded exercises in nbgrader's format (instructor versions in <code>assignments/</code>; "
            "<code>./initlab assign</code> writes the student versions, <code>./initlab grade</code> grades them).</p><ul>%s</ul>" % "".join(items))


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def read_results(site):
    """The last run's results.json as (manifest, notebooks); empty if there is none."""
    try:
        data = json.loads((site / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, []
    return (data.get("manifest", {}), data.get("notebooks", [])) if isinstance(data, dict) else ({}, data)


def source_of(r, notebook_dir):
    """The notebook a result was run from (results before "source" was recorded: the course's folder)."""
    return Path(r.get("source") or Path(notebook_dir) / r["notebook"])


def write_site(args, site, results, manifest, mathjax):
    """The guides (SITE/docs/), every write-up's navigation, the landing page and results.json."""
    rows = []
    for r in results:
        stem = r["notebook"][:-len(".ipynb")]
        rows.append('<tr><td><a href="{h}">{t}</a><br><small>{n}</small>{why}</td><td class="{s}">{s}</td>'
                    '<td class="time">{sec:.1f} s</td><td><a href="{h}">HTML</a> &middot; <a href="{n}">ipynb</a></td></tr>'.format(
                        h=html.escape(stem + ".html"), t=html.escape(r["title"]), n=html.escape(r["notebook"]), s=r["status"],
                        sec=r["seconds"], why=('<div class="reason">%s</div>' % html.escape(r["reason"])) if r["reason"] else ""))
    summary = "%d passed, %d failed; total wall time %.1f s." % (
        sum(r["status"] == "ok" for r in results), sum(r["status"] != "ok" for r in results), sum(r["seconds"] for r in results))
    facts = "".join("<tr><th>%s</th><td>%s</td></tr>" % (html.escape(k), html.escape(str(v))) for k, v in manifest.items())
    add_navigation(site, results)
    # After the write-ups: a guide links a chapter's page only if the site has it.
    guides = [] if args.no_guides else site_guides.render(args.project, site, lambda nb: export_html(nb, "guide", args.project, mathjax))
    claims = read_claims(args.claims)
    chapters = chapters_section(results, site, claims)
    (site / "index.html").write_text(INDEX.format(kernel=html.escape(args.kernel), rows="\n".join(rows), summary=summary, manifest=facts,
                                                  chapters=chapters, assignments=assignments_section(Path(args.project)),
                                                  binder=binder_paragraph(args.project), guides=site_guides.section(guides),
                                                  practice=site_guides.practice_link(guides)),
                                     encoding="utf-8")
    with open(site / "results.json", "w", encoding="utf-8") as f:
        json.dump({"manifest": manifest, "notebooks": results}, f, indent=1)
        f.write("\n")
    print("run_notebooks: wrote %s%s" % (site / "index.html", (" and %d guides in %s" % (len(guides), site / "docs")) if guides else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebooks", nargs="*", help="notebooks to run (default: NOTEBOOK_DIR/*.ipynb, in name order)")
    ap.add_argument("--notebook-dir", default="notebooks")
    ap.add_argument("--out", default="target/site", help="where executed notebooks and HTML go")
    ap.add_argument("--kernel", default="java", help="kernelspec name (default: java, the one ./initlab lab installs)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds one cell may run")
    ap.add_argument("--startup-timeout", type=int, default=60, help="seconds to wait for the kernel to answer")
    ap.add_argument("--project", default=os.getcwd(), help="project folder, hidden from saved outputs")
    ap.add_argument("--claims", help="the course's stated verdicts, id TAB notebook TAB verdict (ClaimsCommand --list), for the landing page")
    ap.add_argument("--manifest", help="JSON file with what the run's bits depend on (JDK, Smile, OpenBLAS...), from org.initlab.notebook.Manifest")
    ap.add_argument("--no-guides", action="store_true", help="do not render README.md, CONTRIBUTING.md and docs/*.md into OUT/docs/")
    ap.add_argument("--guides-only", action="store_true", help="run no notebook: render the guides and rewrite the index from OUT/results.json")
    args = ap.parse_args()
    # Strict: a check that does not show fails the notebook (a learner's own kernel shows it and goes on).
    os.environ["INITLAB_CHECKS"] = "strict"

    project = os.path.realpath(args.project)
    args.project = project
    site = Path(args.out)
    course = Path(args.notebook_dir).resolve()
    if args.guides_only:
        if args.notebooks:
            print("run_notebooks: --guides-only runs no notebook, but %d were given" % len(args.notebooks), file=sys.stderr)
            return 2
        manifest, results = read_results(site)
        if not results:
            print("run_notebooks: no %s yet: run notebooks first (./initlab run)" % (site / "results.json"), file=sys.stderr)
            return 2
        results = [r for r in results if source_of(r, args.notebook_dir).is_file() and (site / r["notebook"]).is_file()]
        write_site(args, site, results, manifest, find_mathjax() is not None and (site / "mathjax").is_dir())
        return 0
    paths = [Path(p) for p in args.notebooks] or sorted(Path(args.notebook_dir).glob("*.ipynb"))
    paths = sorted(paths, key=lambda p: p.name)
    if not paths:
        print("run_notebooks: no notebooks in %s" % args.notebook_dir, file=sys.stderr)
        return 2
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print("run_notebooks: no such notebook: %s" % ", ".join(missing), file=sys.stderr)
        return 2

    logs = site / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # The index covers every notebook run so far: earlier results stay for notebooks not re-run now,
    # as long as their notebook still exists; a run of the whole folder starts afresh.
    previous = read_results(site)[1] if args.notebooks else []
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
        save_thumbnail(nb, path.stem, site)
        meta = nb.metadata.get("initlab", {})
        results.append({"notebook": path.name, "source": os.path.relpath(path, project), "title": title_of(nb, path.stem), "status": status,
                        "summary": meta.get("summary", ""),
                        "all_claims": bool(meta.get("all_claims", False)),
                        # A notebook from outside the course's folder is the reader's own, whatever its metadata says.
                        "path": meta.get("path", "core") if path.parent == course else "own",
                        "minutes": meta.get("minutes"),
                        "seconds": round(elapsed, 1), "reason": reason,
                        "cells": [{"cell": n, "seconds": sec} for n, sec in cell_seconds]})
        slowest = sorted(cell_seconds, key=lambda c: -c[1])[:3]
        print("  %-*s  %-6s %7.1f s  (slowest: %s)%s" % (width, path.name, status, elapsed,
              ", ".join("cell %d %.1f s" % c for c in slowest) or "-", ("\n    " + reason) if reason else ""), flush=True)
        if status == "ok" and elapsed > BUDGET_SECONDS:
            print("    over the %d s a notebook should take on 2 cores" % BUDGET_SECONDS, flush=True)

    ran = {r["notebook"] for r in results}
    kept = [r for r in previous if r.get("notebook") not in ran and source_of(r, args.notebook_dir).is_file()
            and (site / r["notebook"]).is_file()]
    results = sorted(kept + results, key=lambda r: r["notebook"])
    passed = sum(r["status"] == "ok" for r in results if r["notebook"] in ran)
    failed = len(ran) - passed
    write_site(args, site, results, run_manifest(args, project), mj)
    print("notebooks: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

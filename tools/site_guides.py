"""The guides as pages of the site: README.md, CONTRIBUTING.md and docs/*.md rendered into SITE/docs/NAME.html.

Used by run_notebooks.py on every run, whatever notebooks it runs (a few hundred milliseconds in all). The Markdown
is rendered by the renderer nbconvert renders notebooks' Markdown cells with (markdown2html_mistune), into the page
skeleton of a chapter's write-up, so a guide has the chapters' look (the same stylesheet, shared in
SITE/docs/jupyter.css), MathJax when the site has it, a bar with the contents and the other guides, and a table of
contents. Heading ids are GitHub's (lower case, hyphens), so "#a-section" links work on GitHub and here alike.

Links are made to work in the site: a guide's link to another guide (docs/x.md, ../README.md, ../CONTRIBUTING.md)
goes to that guide's page; a link to a chapter (notebooks/03-....ipynb) to the chapter's write-up, or to nothing while
that chapter has not been run yet; a link to any other file of the project (a script, a folder) keeps its text
without a link, as the site does not hold those files. A link to something the project does not have is left as
written, so that ./initlab check-site (tools/site_check.js) reports it as a link to a missing file.
"""
import base64
import html
import mimetypes
import os
import re
from pathlib import Path

import nbformat
from nbconvert.filters.markdown_mistune import markdown2html_mistune

# The guides in the order the landing page lists them, each with the reader it is for. Other docs/*.md follow, by name.
READERS = (
    ("docs/learners.md", "Learners", "Learners"),
    ("docs/instructors.md", "Instructors", "Instructors"),
    ("docs/library.md", "Researchers", "Researchers"),
    ("CONTRIBUTING.md", "Contributors", "Contributors"),
)
MORE = ("docs/kernels.md", "docs/reproducibility.md", "docs/performance.md", "docs/sweeps.md", "docs/reliability.md")
# What a guide is called in the bars and lists when its own title would not say (README's title is the project's name).
LABELS = {"README.md": "README"}
PLACEHOLDER = "INITLABGUIDEBODY"

STYLE = """<style>
nav.guide { font-family: sans-serif; display: flex; gap: .9em; align-items: baseline; flex-wrap: wrap; max-width: 1100px;
  margin: .6em auto; padding: .4em 1em; border-bottom: 1px solid #ddd; font-size: .95em; }
nav.guide.bottom { border-top: 1px solid #ddd; border-bottom: none; }
nav.guide .here { font-weight: bold; }
nav.guide .label { color: #555; }
nav.toc { font-family: sans-serif; max-width: 1100px; margin: .4em auto 1em; padding: 0 1em; font-size: .92em; }
nav.toc ul { margin: .2em 0; padding-left: 0; list-style: none; columns: 2; }
.jp-RenderedHTMLCommon .highlight { background: #f7f7f7; border: 1px solid #e0e0e0; border-radius: 2px; padding: .3em .7em; margin: .6em 0; }
.jp-RenderedHTMLCommon .highlight pre { white-space: pre-wrap; word-break: break-word; background: none; margin: 0; }
@media print { nav.guide, nav.toc { display: none; } a { color: inherit; text-decoration: none; } }
</style>"""


def sources(project):
    """The Markdown files that become pages, as project-relative POSIX paths: the readers' guides, the others, README.md."""
    project = Path(project)
    found = [p for p, _, _ in READERS if (project / p).is_file()]
    found += [p for p in MORE if (project / p).is_file()]
    docs = project / "docs"
    if docs.is_dir():
        found += sorted("docs/" + f.name for f in docs.glob("*.md") if "docs/" + f.name not in found)
    if (project / "README.md").is_file():
        found.append("README.md")
    return found


def page_of(source):
    """docs/library.md -> library.html, CONTRIBUTING.md -> contributing.html, README.md -> readme.html."""
    return Path(source).stem.lower() + ".html"


def slug(text, seen):
    """GitHub's id for a heading: lower case, punctuation dropped, spaces as hyphens, -1, -2... for repeats."""
    s = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    base, n = s, 0
    while s in seen:
        n += 1
        s = "%s-%d" % (base, n)
    seen.add(s)
    return s


def github_ids(body):
    """nbconvert's heading ids (case kept, punctuation kept) replaced by GitHub's, in the heading and its anchor link."""
    seen = set()

    def one(m):
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group(4)))
        new = slug(text, seen)
        return '<h%s id="%s"%s>%s<a class="anchor-link" href="#%s">&#182;</a></h%s>' % (m.group(1), new, m.group(3), m.group(4), new, m.group(1))
    return re.sub(r'<h([1-6]) id="([^"]*)"([^>]*)>(.*?)<a class="anchor-link" href="#[^"]*">&#182;</a></h\1>', one, body, flags=re.S)


def title_of(markdown, fallback):
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def first_sentence(markdown):
    """The first sentence of the first paragraph after the title, as plain text: the guide's line on the landing page."""
    para = []
    for line in markdown.splitlines():
        if line.startswith("#") and not para:
            continue
        if not line.strip():
            if para:
                break
            continue
        para.append(line.strip())
    text = " ".join(para)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their text
    text = re.sub(r"[`*_]", "", text)
    m = re.match(r"(.+?\.)(\s|$)", text)
    text = m.group(1) if m else text
    if len(text) > 200:
        text = text[:200].rsplit(" ", 1)[0].rstrip(",;:") + " ..."
    return text


class Links:
    """Rewrites a guide's relative links and images for the site (see the module's doc)."""

    def __init__(self, project, site, pages):
        self.project, self.site, self.pages = Path(project), Path(site), pages  # pages: source -> page name

    def target(self, source, url):
        """Where a link of `source` (a project-relative .md) to `url` goes in the site: a URL, None for "no link", or url as is."""
        if re.match(r"^([a-z][a-z0-9+.-]*:|#|//)", url, flags=re.I):
            return url
        path, _, fragment = url.partition("#")
        frag = "#" + fragment if fragment else ""
        rel = os.path.normpath(os.path.join(os.path.dirname(source), path.replace("%20", " ")))
        rel = Path(rel).as_posix()
        if rel in self.pages:
            return self.pages[rel] + frag
        m = re.fullmatch(r"notebooks/([^/]+)\.ipynb", rel)
        if m and (self.project / rel).is_file():
            page = m.group(1) + ".html"
            return ("../" + page + frag) if (self.site / page).is_file() else None
        if not rel.startswith("..") and (self.project / rel).exists():
            return None  # a file of the project the site does not hold
        return url  # nothing there: left for the site check to report

    def rewrite(self, source, body):
        def link(m):
            url = html.unescape(m.group(1))
            new = self.target(source, url)
            if new is None:
                why = "a file of the project, not part of this site" if not url.endswith(".ipynb") else "a chapter not run into this site yet"
                return '<span class="project-link" title="%s: %s">%s</span>' % (html.escape(url), why, m.group(3))
            return '<a href="%s"%s>%s</a>' % (html.escape(new), m.group(2), m.group(3))

        def image(m):
            url = html.unescape(m.group(2))
            if re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, flags=re.I):
                return m.group(0)
            f = self.project / os.path.dirname(source) / url
            if not f.is_file():
                return m.group(0)  # a broken image: the site check reports it
            mime = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
            data = "data:%s;base64,%s" % (mime, base64.b64encode(f.read_bytes()).decode("ascii"))
            return m.group(1) + html.escape(data) + m.group(3)

        body = re.sub(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', link, body, flags=re.S)
        return re.sub(r'(<img[^>]*\bsrc=")([^"]*)(")', image, body)


def skeleton(export):
    """A chapter's page around one Markdown cell holding PLACEHOLDER, its stylesheets moved to one shared file: (page, css)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(PLACEHOLDER)]
    page = export(nb)
    css = []

    def keep(m):
        css.append(m.group(1))
        return ""
    head, sep, rest = page.partition("</head>")
    head = re.sub(r'<style type="text/css">(.*?)</style>', keep, head, flags=re.S)
    head = head.replace('src="mathjax/MathJax.js', 'src="../mathjax/MathJax.js')
    head = head.replace("<title>", '<link rel="stylesheet" href="jupyter.css">\n<title>', 1)
    return head + sep + rest, "\n".join(css)


def nav(guides, here, where):
    items = []
    for g in guides:
        label = html.escape(g["reader"] or g["title"].split(":")[0])  # "Sweeps: a grid in a spec file..." -> "Sweeps"
        items.append('<span class="here">%s</span>' % label if g["page"] == here else '<a href="%s">%s</a>' % (html.escape(g["page"]), label))
    return ('<nav class="guide %s"><a href="../index.html">Contents</a><span class="label">Guides:</span>%s</nav>'
            % (where, " &middot; ".join(items)))


def render(project, site, export):
    """Writes SITE/docs/*.html from the project's guides; `export(nb)` is the chapters' HTML export. Returns the guides
    rendered, in landing-page order: [{source, page, title, reader, line}]."""
    project, site = Path(project), Path(site)
    out = site / "docs"
    out.mkdir(parents=True, exist_ok=True)
    found = sources(project)
    readers = {p: (short, long) for p, short, long in READERS}
    guides = []
    for src in found:
        text = (project / src).read_text(encoding="utf-8")
        short, long = readers.get(src, (None, None))
        guides.append({"source": src, "page": page_of(src), "title": LABELS.get(src) or title_of(text, Path(src).stem), "reader": short,
                       "for": long, "line": first_sentence(text), "text": text})
    page, css = skeleton(export)
    (out / "jupyter.css").write_text(css, encoding="utf-8")
    links = Links(project, site, {g["source"]: g["page"] for g in guides})
    for g in guides:
        body = github_ids(markdown2html_mistune(g["text"]))
        body = links.rewrite(g["source"], body)
        toc = ['<li><a href="#%s">%s</a></li>' % (m.group(1), re.sub(r"<[^>]+>", "", m.group(2)).strip())
               for m in re.finditer(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', body, flags=re.S)]
        toc_html = ('<nav class="toc"><b>On this page</b><ul>%s</ul></nav>' % "".join(toc)) if toc else ""
        doc = page.replace("<p>%s</p>" % PLACEHOLDER, body, 1)
        prose = re.sub(r"<(pre|code)\b.*?</\1>", "", body, flags=re.S)
        if not re.search(r"\$|\\\(|\\\[", prose):  # no TeX to typeset: a page without MathJax opens at once
            doc = re.sub(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", "", doc, flags=re.S)
        doc = re.sub(r"<title>.*?</title>", lambda _: "<title>%s · Init Lab</title>" % html.escape(g["title"]), doc, count=1, flags=re.S)
        doc = doc.replace("</head>", STYLE + "\n</head>", 1)
        doc = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav(guides, g["page"], "top") + toc_html, doc, count=1)
        doc = doc.replace("</body>", nav(guides, g["page"], "bottom") + "</body>", 1)
        (out / g["page"]).write_text(doc, encoding="utf-8")
    keep = {g["page"] for g in guides} | {"jupyter.css"}
    for old in out.iterdir():
        if old.name not in keep and old.suffix in (".html", ".css"):
            old.unlink()
    for g in guides:
        del g["text"]
    return guides


def section(guides):
    """The landing page's "Guides": one line per reader's guide, then the others."""
    if not guides:
        return ""
    mine = [g for g in guides if g["reader"]]
    rest = [g for g in guides if not g["reader"]]
    rows = ['<li><b>%s</b>: <a href="docs/%s">%s</a> &mdash; %s</li>' % (html.escape(g["for"]), html.escape(g["page"]), html.escape(g["title"]),
                                                                          html.escape(g["line"])) for g in mine]
    more = " &middot; ".join('<a href="docs/%s">%s</a>' % (html.escape(g["page"]), html.escape(g["title"])) for g in rest)
    return ('<h2 id="guides">Guides</h2>\n<p>One guide per reader, and the project\'s other documents.</p>\n<ul class="guides">%s%s</ul>'
            % ("".join(rows), ('<li><b>More</b>: %s</li>' % more) if more else ""))


def practice_link(guides):
    """Where the landing page sends a self-studying learner: the learners' guide, else the README."""
    for source, text in (("docs/learners.md", "the guide for learners"), ("README.md", "the README")):
        page = next((g["page"] for g in guides if g["source"] == source), None)
        if page:
            return '<a href="docs/%s">%s</a>' % (page, text)
    return "the README"


def self_test():
    """A made-up project whose guides link every kind of target: each link must come out as the site needs it."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        project, site = Path(tmp) / "p", Path(tmp) / "site"
        for f, text in {
            "README.md": "# Proj\n\nSee [the library](docs/library.md#networks) and [a script](tools/x.py).\n",
            "CONTRIBUTING.md": "# Contributing\n\nThe [README](README.md).\n",
            "docs/library.md": ("# The library\n\nFirst sentence here. Second.\n\n## Networks: the `mlp` builder\n\n## Networks: the `mlp` builder\n\n"
                                "[a](learners.md#start) [b](../README.md) [c](../CONTRIBUTING.md) [d](../notebooks/01-run.ipynb#Top) "
                                "[e](../notebooks/02-not-run.ipynb) [f](../notebooks/99-none.ipynb) [g](../notebooks/setup.jsh) "
                                "[h](missing.md) [i](https://example.org/x.md) [j](#networks-the-mlp-builder-1) ![pic](pic.png) ![gone](gone.png)\n"),
            "docs/learners.md": "# For learners\n\nStart here.\n",
            "docs/pic.png": "not really a png",
            "notebooks/01-run.ipynb": "{}", "notebooks/02-not-run.ipynb": "{}", "notebooks/setup.jsh": "", "tools/x.py": "",
        }.items():
            (project / f).parent.mkdir(parents=True, exist_ok=True)
            (project / f).write_text(text, encoding="utf-8")
        site.mkdir()
        (site / "01-run.html").write_text("<html></html>", encoding="utf-8")
        page = ('<html><head><title>t</title><style type="text/css">.jp-X{}</style></head><body class="jp-Notebook">'
                '<div class="jp-RenderedHTMLCommon"><p>%s</p></div></body></html>' % PLACEHOLDER)
        guides = render(project, site, lambda nb: page)
        got = (site / "docs" / "library.html").read_text(encoding="utf-8")
        want = ['href="learners.html#start"', 'href="readme.html"', 'href="contributing.html"', 'href="../01-run.html#Top"',
                'title="../notebooks/02-not-run.ipynb: a chapter not run into this site yet">e</span>',
                'href="../notebooks/99-none.ipynb"', 'title="../notebooks/setup.jsh: a file of the project, not part of this site">g</span>',
                'href="missing.md"', 'href="https://example.org/x.md"', 'href="#networks-the-mlp-builder-1"',
                '<h2 id="networks-the-mlp-builder">', '<h2 id="networks-the-mlp-builder-1">', 'src="data:image/png;base64,',
                'src="gone.png"', '<link rel="stylesheet" href="jupyter.css">', '<title>The library · Init Lab</title>',
                '<a href="../index.html">Contents</a>']
        missing = [w for w in want if w not in got]
        readme = (site / "docs" / "readme.html").read_text(encoding="utf-8")
        missing += [w for w in ['href="library.html#networks"', 'title="tools/x.py: a file of the project'] if w not in readme]
        order = [g["source"] for g in guides]
        if order != ["docs/learners.md", "docs/library.md", "CONTRIBUTING.md", "README.md"]:
            missing.append("the landing page's order, got %s" % order)
        if "First sentence here." not in section(guides) or ".jp-X{}" not in (site / "docs" / "jupyter.css").read_text():
            missing.append("the guide's first sentence on the landing page, or the shared stylesheet")
        if missing:
            print("site_guides self-test FAILED; missing:\n  " + "\n  ".join(missing))
            return 1
    print("site_guides self-test: links to guides, README, CONTRIBUTING, a chapter run or not, a project file, nothing, "
          "a heading, an image: each as the site needs it")
    return 0


if __name__ == "__main__":
    import sys
    if sys.argv[1:] != ["--self-test"]:
        print("usage: python3 tools/site_guides.py --self-test   (run_notebooks.py renders the guides)", file=sys.stderr)
        sys.exit(2)
    sys.exit(self_test())

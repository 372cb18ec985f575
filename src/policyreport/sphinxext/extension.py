"""Sphinx extension for the report's site: fixes to the stock Jupyter Book 1 theme set-up.

- sphinx-thebe adds its inline configuration script twice per page, so browsers log
  "Identifier 'THEBE_JS_URL' has already been declared". The report has no live code
  (thebe is off), so its scripts are dropped from every page; this also removes the only
  reference to a CDN (unpkg.com), keeping the site fully offline.
- pydata-sphinx-theme logs "Got invalid theme mode" when no default mode is configured.
- The sidebar of every page renders the whole table of contents unless it is collapsed: with
  hundreds of documents that is quadratic, so it is collapsed to the current branch.
- Sphinx's Chinese search (sphinx.search.zh) keeps every Latin word of the whole site in one
  list and tests membership in it for every word it indexes: quadratic in the size of the site
  (60 of 160 s for 100 pages). A set gives the same answers in constant time.
- sphinx-book-theme puts the page title, as plain text, unescaped into the print-only header
  (`<h1>{{ pagetitle }}</h1>`), the report's title into the sidebar's home link
  (`{{ root_title }}`) and the navbar (`{{ docstitle }}`), the author into every footer
  (`{{ author }}`): a title "<script>…" would inject markup. All four are escaped here, once.
- LaTeX cannot break a long Latin word or URL (no hyphenation patterns for zh): it runs off the
  page. In the LaTeX output only, such words get a break point every 10 characters; very long
  paragraphs are split over source lines (TeX reads a line into a buffer of limited size).
- The PDF (LaTeX builder): a title page from the report's parameters and corpus, the landing
  page as 摘要 before the contents, downloads as links to the published files, SHA-256 strings
  that may break anywhere (see `policyreport.sphinxext.latex`).
- What a changed document costs Sphinx: the notebooks' tables are HTML in the site
  (`raw_tables`), references are formatted once (`bib_cache`), and no page depends on the files it
  offers for download (`downloads`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markupsafe
from docutils import nodes

from policyreport.report.i18n import tr

LONG_WORD = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]{31,}")
WORD_PIECE = 10
LINE_PIECE = 1000  # characters per source line of a long paragraph
PARA_PIECE = 3000  # a longer paragraph is set as several in the PDF
SENTENCE_END = re.compile(r"[。！？；!?;]")
UNESCAPED = ("pagetitle", "root_title", "docstitle", "author")  # plain text printed raw by the themes
_KEEP = (nodes.literal_block, nodes.raw, nodes.math, nodes.math_block, nodes.title, nodes.caption, nodes.target)


def _is_thebe(script) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "") or ""
    return "thebe" in str(filename) or "THEBE_JS_URL" in body


def _page_context(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [s for s in scripts if not _is_thebe(s)]
    for key in UNESCAPED:
        if isinstance(context.get(key), str):
            context[key] = markupsafe.escape(context[key])  # Markup: escaped once, also where a template adds |e
    title = context.get("title") if isinstance(context.get("title"), str) else ""
    context["metatags"] = context.get("metatags", "") + _citation_tags(app, pagename, html.unescape(title))


def _latex_pieces(text: str, may_end_paragraph: bool) -> list[nodes.Node]:
    """The text as Text nodes with LaTeX break points in long words, line ends in long runs and,
    in a body paragraph, a paragraph end after the first sentence past every PARA_PIECE
    characters (TeX breaks a huge paragraph into lines in time quadratic in its length)."""
    marks = {i: "\\allowbreak{}" for m in LONG_WORD.finditer(text) for i in range(m.start() + WORD_PIECE, m.end(), WORD_PIECE)}
    for i in range(LINE_PIECE, len(text), LINE_PIECE):
        marks.setdefault(i, "%\n")
    if may_end_paragraph:
        start = 0
        while start + PARA_PIECE < len(text):
            end = SENTENCE_END.search(text, start + PARA_PIECE, start + PARA_PIECE + 500)
            cut = end.end() if end else start + PARA_PIECE
            if cut >= len(text):
                break
            marks[cut] = "\\par\n"
            start = cut
    out, start = [], 0
    for i in sorted(marks):
        out += [nodes.Text(text[start:i]), nodes.raw("", marks[i], format="latex")]
        start = i
    out.append(nodes.Text(text[start:]))
    return out


def _latex_breaks(app, doctree, docname) -> None:
    if app.builder.format != "latex":
        return
    for text in list(doctree.findall(nodes.Text)):
        s = str(text)
        if len(s) <= LINE_PIECE and not LONG_WORD.search(s):
            continue
        ancestors = list(_ancestors(text))
        if any(isinstance(a, _KEEP) for a in ancestors):
            continue
        in_body = isinstance(text.parent, nodes.paragraph) and not any(
            isinstance(a, (nodes.table, nodes.footnote)) for a in ancestors
        )
        parent = text.parent
        i = parent.index(text)
        parent[i : i + 1] = _latex_pieces(s, in_body)


def _citation_tags(app, pagename: str, title: str) -> str:
    """Google Scholar `citation_*` and Open Graph tags: the report is what every page cites."""
    from policyreport.report import citation

    meta = getattr(app, "env_meta", None) or {}
    report, params = meta.get("report") or {}, meta.get("params") or {}
    if not report:
        return ""
    item = citation.report_item(report, params)
    base = (item.get("URL") or "").rstrip("/")  # only an http(s) base URL reaches the item
    page_url = f"{base}/{pagename}.html" if base else None
    pdf_url = f"{base}/report.pdf" if base else None
    tags = citation.meta_tags(item, report, params, title or item["title"], page_url, pdf_url)
    return "".join(f'\n<meta {attr}="{html.escape(name)}" content="{html.escape(content)}" />' for attr, name, content in tags)


def _alt_text(app, doctree, docname) -> None:
    """Figures get their Chinese caption as alt text (myst-nb puts the image's file name there)."""
    from docutils import nodes

    for image in doctree.findall(nodes.image):
        alt = image.get("alt", "")
        if alt and not alt.endswith((".png", ".svg", ".jpg")):
            continue
        figure = (
            image.parent
            if isinstance(image.parent, nodes.figure)
            else next((a for a in _ancestors(image) if isinstance(a, nodes.figure)), None)
        )
        caption = next(iter(figure.findall(nodes.caption)), None) if figure is not None else None
        title = app.env.titles.get(docname)
        image["alt"] = (
            caption.astext() if caption is not None else tr("图表：{title}", title=title.astext() if title else docname)
        )


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _write_citation_files(app, exception) -> None:
    """CITATION.cff, .zenodo.json and the report's reference in BibTeX, RIS and CSL-JSON, with the site."""
    if exception is not None or app.builder.name != "html":
        return
    from policyreport.report import citation
    from policyreport.report.summary import corpus_phrase

    meta = getattr(app, "env_meta", None) or {}
    report, params = meta.get("report") or {}, meta.get("params") or {}
    if not report:
        return
    out = Path(app.outdir)
    item = citation.report_item(report, params)
    abstract = tr("{title}：对 {corpus}的计算文本分析。", title=item["title"], corpus=corpus_phrase(meta.get("documents") or []))
    files = {
        "CITATION.cff": citation.citation_cff(item, report, params, abstract),
        ".zenodo.json": citation.zenodo_json(item, report, params, abstract),
        "citation.bib": citation.bibtex(item) + "\n",
        "citation.ris": citation.ris(item) + "\n",
        "citation.json": citation.csl_json(item) + "\n",
    }
    for name, text in files.items():
        if text is not None:  # CITATION.cff and .zenodo.json need an author
            (out / name).write_text(text, encoding="utf-8")


def _theme_defaults(app, config) -> None:
    static = Path(app.srcdir) / "static"
    if static.is_dir():  # the skeleton's static/: tablesort, the report's CSS and JS
        config.html_static_path = [*config.html_static_path, str(static)]
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "light")
    config.html_context = context
    options = dict(config.html_theme_options or {})
    options.setdefault("collapse_navbar", True)  # the sidebar expands the current branch only:
    config.html_theme_options = options  # rendering it stays cheap with hundreds of pages


class _TermSet(set):
    """A set with list's `extend`, standing in for SearchChinese.latin_terms."""

    def extend(self, items) -> None:
        self.update(items)


def _fast_chinese_search() -> None:
    from sphinx.search import zh

    if not isinstance(zh.SearchChinese.latin_terms, _TermSet):
        zh.SearchChinese.latin_terms = _TermSet(zh.SearchChinese.latin_terms)


def _register_bib_style() -> None:
    """sphinxcontrib-bibtex formats the references in GB/T 7714-2015 (`bibtex_default_style: gbt7714`)."""
    from pybtex.plugin import register_plugin

    from policyreport.report.bib import bib_style

    try:
        register_plugin("pybtex.style.formatting", "gbt7714", bib_style())
    except Exception:  # already registered in this process (a second Sphinx run)
        pass


def setup(app):
    from policyreport.sphinxext import bib_cache, downloads, latex, raw_tables, site_search, speed

    _fast_chinese_search()
    site_search.install()
    speed.install()
    speed.setup(app)
    _register_bib_style()
    app.add_config_value("policyreport_head", "", "html")
    latex.setup(app)
    raw_tables.setup(app)
    downloads.setup(app)
    bib_cache.setup(app)
    app.connect("config-inited", _theme_defaults)
    app.connect("html-page-context", _page_context, priority=900)  # after the themes' handlers
    app.connect("doctree-resolved", _latex_breaks)
    app.connect("build-finished", _write_citation_files)
    app.connect("doctree-resolved", _alt_text)
    app.add_css_file("policyreport.css")
    app.add_js_file("vendor/tablesort/tablesort.min.js")
    app.add_js_file("vendor/tablesort/tablesort.number.min.js")
    app.add_js_file("policyreport.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

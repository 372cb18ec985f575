"""The PDF's front matter and LaTeX-only rewrites, as Sphinx event handlers (see sphinx_ext).

- A title page (title, authors with affiliations and ORCID, version, date, corpus summary, DOI
  or address) built from the staged `corpus.json` and `params.used.yaml`.
- The landing page becomes the 摘要, followed by the contents, then the chapters.
- A `{download}` link is dead text in a PDF: it becomes a link to the published file when
  `base_url` is set, else plain text (the title page says where the files are).
- SHA-256 strings may break anywhere (`\\policyreporthash`, seqsplit): they never pass the margin.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes

from policyreport.report import citation, i18n
from policyreport.report.i18n import tr
from policyreport.report.summary import corpus_phrase
from policyreport.sphinxext import glyphs
from policyreport.urls import DOI, http_url

_HASH = re.compile(r"\b[0-9a-f]{40,64}\b")
_TEX_SPECIAL = {c: "\\" + c for c in "#$%&_{}"} | {
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}


def tex(text) -> str:
    """Plain text safe in LaTeX."""
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in str(text or ""))


def report_meta(srcdir: Path) -> dict:
    """The report's title, authors, version, date and documents, as staged for this build."""
    data = Path(srcdir) / "chapters" / "data"
    corpus = json.loads((data / "corpus.json").read_text(encoding="utf-8")) if (data / "corpus.json").is_file() else {}
    params_file = data / "params.used.yaml"
    params = yaml.safe_load(params_file.read_text(encoding="utf-8")) if params_file.is_file() else {}
    return {
        "report": corpus.get("report", {}),
        "documents": corpus.get("documents", []),
        "params": params or {},
        "language": corpus.get("language", "zh"),
    }


def title_page(meta: dict) -> str:
    """The LaTeX of the title page."""
    report, params = meta["report"], meta["params"]
    people = citation.report_authors(report, params)
    affiliations = list(dict.fromkeys(a["affiliation"] for a in people if a.get("affiliation")))
    names = []
    for a in people:
        mark = (
            f"\\textsuperscript{{{affiliations.index(a['affiliation']) + 1}}}"
            if a.get("affiliation") and len(affiliations) > 1
            else ""
        )
        names.append(tex(a["name"]) + mark)
    lines = [
        "\\begin{titlepage}\\centering",
        "\\vspace*{3cm}",
        f"{{\\sffamily\\bfseries\\Huge {tex(report.get('title') or params.get('title', ''))}\\par}}",
        "\\vspace{2cm}",
        f"{{\\Large {tr('，').join(names)}\\par}}\\vspace{{0.6em}}",
    ]
    for i, aff in enumerate(affiliations, 1):
        mark = f"\\textsuperscript{{{i}}}" if len(affiliations) > 1 else ""
        lines.append(f"{{\\normalsize {mark}{tex(aff)}\\par}}")
    orcids = [f"{tex(a['name'])}{tr('：')}\\url{{https://orcid.org/{tex(a['orcid'])}}}" for a in people if a.get("orcid")]
    if orcids:
        lines.append("\\vspace{0.6em}{\\small ORCID " + tr("；").join(orcids) + "\\par}")
    version = params.get("version_label") or report.get("version", "")
    lines += [
        "\\vfill",
        f"{{\\large {tr('版本')} {tex(version)}\\quad {tr('生成日期')} {tex(i18n.date(report.get('build_date', '')))}\\par}}\\vspace{{1em}}",
        f"{{\\normalsize {tr('语料：')}{tex(corpus_phrase(meta['documents'], characters=True))}\\par}}\\vspace{{1em}}",
    ]
    if DOI.fullmatch(str(params.get("doi") or "")):
        lines.append(f"{{\\normalsize DOI：\\href{{https://doi.org/{tex(params['doi'])}}}{{{tex(params['doi'])}}}\\par}}")
    if http_url(params.get("base_url")):
        lines.append(f"{{\\normalsize {tr('在线版本与数据下载：')}\\url{{{tex(params['base_url'])}}}\\par}}")
    else:
        lines.append("{\\small " + tr("各表数据（CSV）随网站版本发布。") + "\\par}")
    lines.append("\\end{titlepage}")
    return "\n".join(lines)


def trailer_id(report: dict) -> str:
    """The PDF's file identifier (its trailer /ID), which xdvipdfmx otherwise draws from the clock:
    the report's version and build date, so that two builds of one report write the same bytes."""
    digest = hashlib.sha256(f"{report.get('version', '')}|{report.get('build_date', '')}".encode()).hexdigest()[:32]
    return f"\n\\AddToHook{{shipout/firstpage}}{{\\special{{pdf:trailerid [<{digest}> <{digest}>]}}}}\n"


def _config_inited(app, config) -> None:
    meta = report_meta(Path(app.srcdir))
    i18n.use(meta["language"])  # the staged report's language: title page, abstract heading, citation files
    elements = dict(config.latex_elements or {})
    if meta["report"]:
        elements["maketitle"] = title_page(meta)
        elements["preamble"] = elements.get("preamble", "") + trailer_id(meta["report"])
    fontpkg = elements.get("fontpkg", "")
    if getattr(app, "buildername", "latex") == "latex" and glyphs.CJK_CLASS_DONE not in fontpkg:
        elements["fontpkg"] = fontpkg + glyphs.cjk_class()  # the build stages it (book/stage.py): seconds of font reading
    config.latex_elements = elements
    app.env_meta = meta
    config.policyreport_head = head_key(meta)


def head_key(meta: dict) -> str:
    """What every page's head shows of the report (its citation and Open Graph tags: title,
    authors, build date, DOI, URLs), as a config value of rebuild "html": when it changes, Sphinx
    rewrites every page without re-reading it, so a kept working copy never serves pages with an
    earlier head. Only what the tags show: the report's version is not among them, so a changed
    document rewrites its own pages, not the whole site (1,000 documents: 2,009 pages were rewritten)."""
    report, params = meta.get("report") or {}, meta.get("params") or {}
    if not report:
        return ""
    item = citation.report_item(report, params)
    shared = citation.meta_tags(item, report, params, "", None, None)
    return hashlib.sha256(json.dumps([shared, item.get("URL")], sort_keys=True, ensure_ascii=False).encode()).hexdigest()


APPENDIX_SIZE = {"chapters/sources": "\\small", "chapters/bibliography": "\\normalsize"}


def _after_title(section, raw: str) -> None:
    title = next(iter(section.findall(nodes.title)), None)
    section.insert(section.index(title) + 1 if title is not None else 0, nodes.raw("", raw, format="latex"))


def _front_matter(app, doctree) -> None:
    """For the PDF: on the root page the 摘要 heading first and the contents before the chapters;
    the full texts of the appendix in a smaller size."""
    if app.builder.name != "latex":
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    if app.env.docname in APPENDIX_SIZE:
        _after_title(section, APPENDIX_SIZE[app.env.docname])
    if app.env.docname != app.config.root_doc:
        return
    abstract = tr("摘要")
    _after_title(
        section,
        f"\\pagenumbering{{roman}}\\chapter*{{{abstract}}}\\addcontentsline{{toc}}{{chapter}}{{{abstract}}}\\markboth{{{abstract}}}{{}}",
    )
    wrapper = next((n for n in section.findall(nodes.compound) if "toctree-wrapper" in n.get("classes", [])), None)
    contents = nodes.raw("", "\\clearpage\\sphinxtableofcontents", format="latex")
    if wrapper is not None:
        wrapper.parent.insert(wrapper.parent.index(wrapper), contents)
    else:
        section.append(contents)


def _latex_rewrites(app, doctree, docname) -> None:
    if app.builder.name != "latex":
        return
    base = (http_url((app.env_meta.get("params") or {}).get("base_url")) or "").rstrip("/")
    for ref in list(doctree.findall(addnodes.download_reference)):
        text = ref.astext()
        if base and ref.get("filename"):
            new = nodes.reference("", text, refuri=f"{base}/_downloads/{ref['filename']}")
        else:
            new = nodes.inline("", text)
        ref.replace_self(new)
    for text in list(doctree.findall(nodes.Text)):
        if isinstance(text.parent, (nodes.literal_block, nodes.raw)) or not _HASH.search(text):
            continue
        parts, last = [], 0
        for m in _HASH.finditer(text):
            parts += [nodes.Text(text[last : m.start()]), nodes.raw("", f"\\policyreporthash{{{m.group()}}}", format="latex")]
            last = m.end()
        parts.append(nodes.Text(text[last:]))
        text.parent.replace(text, [p for p in parts if not isinstance(p, nodes.Text) or str(p)])


def setup(app) -> None:
    app.env_meta = {}
    app.connect("config-inited", _config_inited)
    app.connect("doctree-read", _front_matter)
    app.connect("doctree-resolved", _latex_rewrites)

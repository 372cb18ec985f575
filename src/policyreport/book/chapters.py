"""The chapter table: the one list of the report's chapters that the table of contents, the
notebook jobs and their count are all made from. Adding a chapter = a template + one row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from policyreport import project
from policyreport.execute.notebooks import NotebookJob
from policyreport.params import Params
from policyreport.project import OwnPage


@dataclass(frozen=True)
class Chapter:
    """One chapter: its page `chapters/<name>`, the TOC part it sits in, and how it is made.

    `template`: a notebook template executed once (a corpus chapter), or once per document when
    `per_document` (the page itself is then a static page of the skeleton and the pages go
    under `chapters/<name>/`); None: a static page of the skeleton. `sections`: a glob of the
    generated pages listed under the chapter; when the documents are too many to list one by one
    (more than `max_document_chapters`), `index_sections` is listed instead (None: nothing) and
    the per-document pages stay out of the sidebar and the PDF. `tokens`: placeholders filled
    in the template.
    """

    name: str
    part: str
    template: str | None = None
    per_document: bool = False
    sections: str | None = None
    index_sections: str | None = None
    tokens: tuple[str, ...] = ()


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("index", "", "index.md", tokens=("@REPORT_TITLE@",)),
    Chapter("overview", "报告", "overview.md"),
    Chapter(
        "documents",
        "报告",
        "document.md",
        per_document=True,
        sections="chapters/documents/*",
        index_sections="chapters/documents/index*",
        tokens=("@DOC_ID@", "@TITLE@", "@SHORT_TITLE@"),
    ),
    Chapter("comparison", "报告", "comparison.md"),
    Chapter("policy", "报告", "policy.md"),
    Chapter("methods", "报告", "methods.md"),
    Chapter("sources", "附录", sections="chapters/sources/*"),
    Chapter("bibliography", "附录"),
)


UNLISTED_CONTENTS = "各文件的原文页面从{ref}`document-index`进入。"


def contents_block(chapter: Chapter, listed_documents: bool) -> str:
    """What ends a part's static page: the list of its generated pages, or, when they are not
    listed (too many documents), where to find them."""
    from policyreport.report.i18n import tr

    if chapter.sections is None:
        return ""
    if listed_documents or chapter.index_sections:
        return "```{tableofcontents}\n```\n"
    return tr(UNLISTED_CONTENTS) + "\n"


def _title(meta: dict) -> str:
    return meta.get("title") or meta["file"]


def _escape(text: str) -> str:
    from policyreport.report.render import escape

    return escape(text)


def shown_text(params: Params):
    """The project's own text (title, author, part captions) as the report shows it: in an
    English report its English from the parameter `translations` or the package's catalogue,
    else as written."""
    from policyreport.report import i18n

    extra = i18n.read_pairs(Path(params.translations)) if params.translations else {}

    def shown(text: str) -> str:
        i18n.use(params.language)
        return i18n.own(text, extra)

    return shown


TOKENS = {
    "@REPORT_TITLE@": lambda params, meta: _escape(shown_text(params)(params.title)),
    "@DOC_ID@": lambda params, meta: meta["doc_id"],
    "@TITLE@": lambda params, meta: _escape(_title(meta)),
    "@SHORT_TITLE@": lambda params, meta: _escape(_title(meta)[:40]),
}


def listed(n_documents: int, params: Params) -> bool:
    """Whether per-document pages are listed in the sidebar and the PDF, and made by papermill;
    above `max_document_chapters` they are rendered without a kernel and reached through index
    pages (by year, issuer and genre)."""
    return n_documents <= params.max_document_chapters


def notebook_count(n_documents: int, params: Params) -> int:
    """Papermill runs that need a kernel (pages rendered inline do not)."""
    per_doc = n_documents if listed(n_documents, params) else 0
    return sum(per_doc if c.per_document else 1 for c in CHAPTERS if c.template)


def notebook_jobs(chapters_dir: Path, documents: list[dict], params: Params) -> list[NotebookJob]:
    """One page per corpus chapter, and per document for per-document chapters."""
    jobs = []
    inline = not listed(len(documents), params)
    root = Path(params.project)
    for c in CHAPTERS:
        if not c.template:
            continue
        if not c.per_document:
            jobs.append(
                NotebookJob(
                    c.name,
                    str(project.own_template(root, c.template) or c.template),
                    chapters_dir / f"{c.name}.ipynb",
                    {"data_dir": "data"},
                    {t: TOKENS[t](params, {}) for t in c.tokens},
                    language=params.language,
                )
            )
            continue
        for meta in documents:
            jobs.append(
                NotebookJob(
                    f"document {meta['file']}",
                    str(project.own_template(root, c.template) or c.template),
                    chapters_dir / c.name / f"{meta['doc_id']}{'.md' if inline else '.ipynb'}",
                    {"doc_id": meta["doc_id"], "data_dir": "../data"},
                    {t: TOKENS[t](params, meta) for t in c.tokens},
                    inline=inline,
                    language=params.language,
                )
            )
    return jobs + own_jobs(chapters_dir, params, not inline)


def generated(listed_documents: bool = True) -> dict[str, str | None]:
    """The pages the build makes, each with the glob of the pages listed under it (or None)."""
    return {
        f"chapters/{c.name}": (c.sections if listed_documents else c.index_sections) if c is not CHAPTERS[0] else None
        for c in CHAPTERS
    }


def book_toc(params: Params, listed_documents: bool = True) -> tuple[str, list[OwnPage]]:
    """The book's `_toc.yml`: the project's own when it has one (with the generated pages under
    their chapters), else the chapter table's; and the user's own pages it lists."""
    caption = shown_text(params)
    return project.toc(Path(params.project), generated(listed_documents), toc(listed_documents, caption), caption)


def own_jobs(chapters_dir: Path, params: Params, listed_documents: bool) -> list[NotebookJob]:
    """A papermill run for each notebook of the user's own in the project's TOC, with the data
    folder as the report's chapters have it."""
    jobs = []
    for page in book_toc(params, listed_documents)[1]:
        if page.notebook:
            up = "../" * page.name.count("/")
            out = chapters_dir / f"{page.name}.ipynb"
            jobs.append(
                NotebookJob(
                    f"own chapter {page.name}", str(page.source), out, {"data_dir": f"{up}data"}, {}, language=params.language
                )
            )
    return jobs


def toc(listed_documents: bool = True, caption=lambda text: text) -> str:
    """`_toc.yml`: the root page, then one part per caption, chapters in table order."""
    root, *rest = CHAPTERS
    parts: dict[str, list] = {}
    for c in rest:
        entry = {"file": f"chapters/{c.name}"}
        glob = c.sections if listed_documents else c.index_sections
        if glob:
            entry["sections"] = [{"glob": glob}]
        parts.setdefault(c.part, []).append(entry)
    data = {
        "format": "jb-book",
        "root": f"chapters/{root.name}",
        "parts": [{"caption": caption(name), "chapters": entries} for name, entries in parts.items()],
    }
    return "# Generated from policyreport.book.chapters.CHAPTERS; per-document pages are picked up by glob.\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False
    )

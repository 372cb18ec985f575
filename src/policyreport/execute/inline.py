"""Pages from a notebook template without a kernel, for corpora with many documents.

A per-document chapter is a papermill notebook while the corpus is small. Above
`max_document_chapters` documents every document still gets its page, made from the same
template by running its code cells in this process: what a cell shows (`show`) becomes
Markdown in the page, a glued value is written where the text asks for it, a glued figure is
saved as PNG (`_figures/<page>/`) and placed with a `{figure}` directive. Same template, same look and links; no
kernel, no notebook file, the stored tables read once per process instead of once per page.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import matplotlib

from policyreport.execute import html_tables
from policyreport.execute.templates import load_template
from policyreport.report import png
from policyreport.report.views import common

FIGURES = "_figures"
SOURCES = "sources"  # the folder of the source pages, beside the folder of the document pages
_GLUE_ROLE = re.compile(r"\{glue(?::text|:md|:any)?\}`([^`:]+)(?::([^`]+))?`")
_GLUE_FIGURE = re.compile(r"^(:{3,}|`{3,})\{glue:figure\}\s+(\S+)", re.M)
_LATEX_ONLY = re.compile(r"^(:{3,})\{only\} latex\n.*?^\1\n?|^(`{3,})\{(?:tabularcolumns|raw\} latex)\b.*?^\2\n?", re.M | re.S)
_HTML_ONLY = re.compile(r"^(:{3,})\{only\} html\n(.*?)^\1\n?", re.M | re.S)


class Sink:
    """What the template's cells show, glue and draw while one page is rendered."""

    def __init__(self, figure_dir: Path, stem: str):
        self.figure_dir, self.stem = figure_dir, stem
        self.outputs: list[str] = []
        self.values: dict[str, object] = {}
        self.figures: dict[str, str] = {}

    def show(self, markdown: str) -> None:
        self.outputs.append(markdown)

    def glue(self, name: str, value) -> None:
        self.values[name] = value

    def figure(self, name: str, fig) -> None:
        folder = self.figure_dir / self.stem
        folder.mkdir(parents=True, exist_ok=True)
        # The figure as laid out (the charts call tight_layout), without the inline backend's
        # tight bounding box: that draws each figure twice, a fifth of a page's time at 5,000 pages.
        (folder / f"{name}.png").write_bytes(png.figure_png(fig, matplotlib.rcParams["savefig.dpi"]))
        self.figures[name] = f"{FIGURES}/{self.stem}/{name}.png"


def figure_folder(page: Path) -> Path:
    return page.parent / FIGURES / page.stem


def page_files(page: Path) -> dict[str, bytes]:
    """A rendered page and its figures (`_figures/<page>/`), by path relative to the page's folder:
    what the cache keeps of it."""
    files = [page, *sorted(f for f in figure_folder(page).glob("*") if f.is_file())]
    return {f.relative_to(page.parent).as_posix(): f.read_bytes() for f in files}


def _only_figures(page: Path, kept: set[str]) -> None:
    """Remove what else the page's figure folder holds (the staging folder is kept between builds:
    a figure the page no longer draws would be kept with it), and the folder when it is empty."""
    folder = figure_folder(page)
    if not folder.is_dir():
        return
    for f in folder.iterdir():
        if f.relative_to(page.parent).as_posix() not in kept:
            if f.is_dir() and not f.is_symlink():
                shutil.rmtree(f)
            else:
                f.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()


def _kept_path(rel, page: Path) -> bool:
    """Whether `rel` is a path `page_files` makes: the page, or a figure in its own folder."""
    if not isinstance(rel, str):
        return False
    folder, _, name = rel.rpartition("/")
    return rel == page.name or (folder == f"{FIGURES}/{page.stem}" and re.fullmatch(r"\w[\w.-]*", name) is not None)


def restore(files, page: Path) -> bool:
    """Write a page and its figures kept by `page_files` back beside `page`. False, writing
    nothing, when `files` is not what `page_files` makes of this page: an entry planted in the
    cache can write no other file."""
    if not isinstance(files, dict) or page.name not in files:
        return False
    if not all(_kept_path(rel, page) and isinstance(data, bytes) for rel, data in files.items()):
        return False
    for rel, data in files.items():
        target = page.parent / rel
        if not (
            target.is_file() and not target.is_symlink() and target.stat().st_size == len(data) and target.read_bytes() == data
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_symlink():
                target.unlink()
            target.write_bytes(data)
    _only_figures(page, set(files))
    return True


def _text(value, fmt: str | None) -> str:
    """A glued value as `{glue:text}` prints it: formatted, or its plain-text representation."""
    from IPython.lib.pretty import pretty

    return format(value, fmt) if fmt else pretty(value)


def _markdown(source: str, sink: Sink) -> str:
    """A Markdown cell with its glued values and figures in place; figures of a page outside the
    table of contents get no number, so `{numref}` becomes `{ref}` (the caption as link text)."""
    source = _GLUE_ROLE.sub(lambda m: f"**{_text(sink.values[m.group(1)], m.group(2))}**", source).replace("{numref}`", "{ref}`")
    return _GLUE_FIGURE.sub(lambda m: f"{m.group(1)}{{figure}} {sink.figures[m.group(2)]}", source)


def html_only(markdown: str) -> str:
    """A page that only the site shows (it is outside the PDF) without what only the PDF reads
    (`{only} latex` blocks, column specifications, raw LaTeX), and with its `{only} html` blocks
    unwrapped: the same HTML, with less for Sphinx to parse and keep."""
    return _HTML_ONLY.sub(lambda m: m.group(2), _LATEX_ONLY.sub("", markdown))


def site_page(markdown: str, output: Path, parameters: dict) -> str:
    """A page outside the PDF as the site shows it (`html_only`); on a document's page the tables
    that link only to its own text are HTML already (`html_tables`)."""
    page = html_only(markdown)
    doc_id = parameters.get("doc_id")
    if not doc_id:
        return page
    sources = os.path.relpath(output.parent.parent / SOURCES / f"{doc_id}.html", output.parent).replace(os.sep, "/")
    return html_tables.convert(page, html_tables.document_links(doc_id, sources))


def render(template: str, tokens: dict, parameters: dict, output: Path, orphan: bool = True, language: str = "zh") -> None:
    """Write the page `output` (.md) from `template` in `language`; its figures go to `_figures/` beside it."""
    nb = load_template(template, tokens, language)
    sink = Sink(output.parent / FIGURES, output.stem)
    namespace: dict = {}
    parts = ["---\norphan: true\n---\n"] if orphan else []
    previous, common.SINK = common.SINK, sink
    try:
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                parts.append(_markdown(cell.source, sink))
                continue
            tags = cell.metadata.get("tags", [])
            exec(compile(cell.source, f"{template}:{cell.get('id', '')}", "exec"), namespace)
            if "parameters" in tags:
                namespace.update(parameters)
            shown, sink.outputs = sink.outputs, []
            if "remove-cell" not in tags and "remove-output" not in tags:
                parts.extend(_markdown(s, sink) for s in shown if s and s.strip())  # a figure a cell shows
    finally:
        common.SINK = previous
        import matplotlib.pyplot as plt

        plt.close("all")
    output.parent.mkdir(parents=True, exist_ok=True)
    _only_figures(output, set(sink.figures.values()))
    page = "\n\n".join(p.strip("\n") for p in parts) + "\n"
    output.write_text(site_page(page, output, parameters) if orphan else page, encoding="utf-8")

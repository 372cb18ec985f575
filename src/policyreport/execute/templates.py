"""Notebook templates read once per process and filled with their title tokens; shared by papermill
execution (`notebooks`) and pages rendered without a kernel (`inline`)."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from policyreport.paths import TEMPLATES


def path(template: str) -> Path:
    """A template's file: a package template by name, a project's own by its absolute path."""
    return TEMPLATES / template


def is_package(template: str) -> bool:
    return path(template).parent == TEMPLATES


def _parsed(file: Path):
    """A template's notebook, parsed once per process for each text it has (jupytext takes 30-50 ms,
    once per page otherwise): a warm build's server parses the package's templates before it
    forks (`runtime.server`), and a template edited since is parsed again."""
    return _parse(file.read_text(encoding="utf-8"), file.suffix)


@lru_cache(maxsize=16)
def _parse(text: str, suffix: str):
    import jupytext

    return jupytext.reads(text, fmt={"extension": suffix})  # what jupytext.read(file) does


def parse_package_templates() -> None:
    """Parse the package's templates now (`_parsed`)."""
    for file in sorted(TEMPLATES.glob("*.md")):
        _parsed(file)


def load_template(template: str, tokens: dict, language: str = "zh"):
    """The template as a notebook, with stable cell ids, its Markdown cells in the report's
    language (looked up whole in the catalogue, see report.i18n) and the title tokens filled in.
    A package template's cell without an English entry fails; a project's own template keeps
    such a cell as written (it is the user's text)."""
    from policyreport.report import i18n

    nb = copy.deepcopy(_parsed(path(template)))
    i18n.use(language)
    package = is_package(template)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # nbformat would draw random ids: the same template must give the same file
        if cell.cell_type == "markdown":
            try:
                cell.source = i18n.markdown(cell.source)
            except i18n.MissingTranslation:
                if package:
                    raise
            for token, value in tokens.items():
                cell.source = cell.source.replace(token, value)
    nb.metadata.pop("jupytext", None)
    return nb

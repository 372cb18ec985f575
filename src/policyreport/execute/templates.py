"""Notebook templates read once per process and filled with their title tokens; shared by papermill
execution (`notebooks`) and pages rendered without a kernel (`inline`)."""

from __future__ import annotations

import copy
from functools import lru_cache

from policyreport.paths import TEMPLATES


@lru_cache(maxsize=16)
def _parsed(template: str):
    """A template read once per process (jupytext takes about 50 ms, once per page otherwise)."""
    import jupytext

    return jupytext.read(TEMPLATES / template)


def load_template(template: str, tokens: dict):
    """The template as a notebook, with stable cell ids and the title tokens filled in."""
    nb = copy.deepcopy(_parsed(template))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # nbformat would draw random ids: the same template must give the same file
        if cell.cell_type == "markdown":
            for token, value in tokens.items():
                cell.source = cell.source.replace(token, value)
    nb.metadata.pop("jupytext", None)
    return nb

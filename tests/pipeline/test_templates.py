"""Notebook templates are parsed once per process and text: a warm build's server parses the
package's before it forks (`runtime.server`), and a template edited since is parsed again."""

import jupytext

from policyreport.execute import templates
from policyreport.paths import TEMPLATES


def _without_ids(nb):
    """The notebook without its cells' ids, which jupytext draws at random (`load_template` sets them)."""
    return {**nb, "cells": [{k: v for k, v in cell.items() if k != "id"} for cell in nb["cells"]]}


HEADER = "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n---\n\n"


def test_a_template_parses_as_jupytext_reads_its_file():
    files = sorted(TEMPLATES.glob("*.md"))
    assert [f.name for f in files][:2] == ["comparison.md", "document.md"]
    for file in files:
        assert _without_ids(templates._parsed(file)) == _without_ids(jupytext.read(file))


def test_an_edited_template_is_parsed_again(tmp_path):
    own = tmp_path / "own.md"
    own.write_text(HEADER + "# 一\n\n```{code-cell} ipython3\nx = 1\n```\n", encoding="utf-8")
    assert templates._parsed(own).cells[0].source == "# 一"
    own.write_text(HEADER + "# 二\n\n```{code-cell} ipython3\nx = 2\n```\n", encoding="utf-8")
    parsed = templates._parsed(own)
    assert parsed.cells[0].source == "# 二" and parsed.cells[1].source == "x = 2"
    assert _without_ids(parsed) == _without_ids(jupytext.read(own))

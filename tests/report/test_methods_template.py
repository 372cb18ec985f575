"""The methods chapter's numbers are glued from code, not typed into the template."""

from __future__ import annotations

import re

from policyreport.paths import TEMPLATES

TEXT = (TEMPLATES / "methods.md").read_text(encoding="utf-8")
CELLS = "\n".join(re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", TEXT, re.S))
PROSE = re.sub(r"```\{code-cell\}.*?```", "", TEXT, flags=re.S)


def test_every_glued_name_in_the_prose_is_glued_by_a_cell():
    used = set(re.findall(r"\{glue:text\}`([A-Za-z_]\w*)", PROSE))
    glued = set(re.findall(r'glue\("(\w+)"', CELLS))
    assert used and used <= glued, used - glued


def test_commitment_check_statement_comes_from_the_shipped_file():
    line = next(x for x in PROSE.splitlines() if "已完成事项与承诺" in x)
    for name in ("commit_check_rows", "commit_check_share", "commit_check_docs"):
        assert f"{{glue:text}}`{name}" in line
    assert "hand_check()" in CELLS
    typed = re.sub(r"\{glue:text\}`[^`]*`", "", line)
    assert not re.search(r"\d", typed)  # no number typed in


def test_target_years_read_back_as_floats_print_as_years():
    from policyreport.report.views.policy import _years

    assert [_years(v) for v in (2025.0, "2025、2030", float("nan"), None, 2030)] == ["2025", "2025、2030", "", "", "2030"]

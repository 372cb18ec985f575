"""Source pages of long documents are capped by a stated rule; links past the cap are plain text."""

from __future__ import annotations

import pandas as pd
import pytest

from policyreport.report import pages, render

PARAS = pd.DataFrame({"paragraph": [1, 2, 3, 4], "line": [1, 3, 5, 7], "text": ["甲" * 40, "乙" * 40, "丙" * 40, "丁" * 40]})
META = {"doc_id": "d1", "file": "d1.txt", "title": "关于长文件的通知", "sha256": "0" * 64}


@pytest.mark.parametrize(("limit", "shown"), [(1000, 4), (160, 4), (159, 3), (80, 2), (79, 1), (10, 1)])
def test_whole_paragraphs_within_the_cap_at_least_one(limit, shown):
    assert pages.shown_paragraphs(PARAS, limit) == shown


def test_capped_page_states_the_rule_and_keeps_anchors_of_shown_paragraphs_only():
    page = pages.source_page(META, PARAS, listed=True, shown=2)
    assert "(src-d1-p2)=" in page and "(src-d1-p3)=" not in page and "丙" not in page
    assert "本文件共 4 段、160 字" in page and "本页只收前 2 段" in page
    assert not page.startswith("---")
    assert pages.source_page(META, PARAS, listed=False).startswith("---\norphan: true\n---")


def test_links_past_the_cap_are_plain_text(monkeypatch):
    monkeypatch.setattr(render, "PARAGRAPH_LIMITS", {"d1": 2})
    assert render.para_ref("d1", 2) == "{ref}`第2段 <src-d1-p2>`"
    assert render.para_ref("d1", 3) == "第3段"
    assert render.para_ref("d2", 30) == "{ref}`第30段 <src-d2-p30>`"


def test_long_tables_show_their_first_rows_and_say_so(monkeypatch):
    monkeypatch.setattr(render, "MAX_TABLE_ROWS", 3)
    out = render.table(pd.DataFrame({"n": range(5)}), {"n": "序号"})
    assert out.count("\n| ") == 4  # header and 3 rows (the separator line starts with "|-")
    assert out.endswith("表中显示前 3 行，共 5 行；全部见本页的 CSV 下载。")

"""Findings for the abstract, on small tables worked out by hand; ties are never called "the most"."""

from __future__ import annotations

import pandas as pd
import pytest

from policyreport.compare import findings as F
from policyreport.execute import reads
from policyreport.report.store import write_corpus


def q(rows):
    return pd.DataFrame(rows, columns=["value", "unit", "text", "paragraph", "sentence"])


def test_largest_amount_converts_units_and_counts_ties():
    quantities = {
        "A": q([(3.0, "亿元", "3亿元", 2, "s1"), (1.0, "万亿元", "1万亿元", 5, "s2")]),
        "B": q([(10000.0, "亿元", "10000亿元", 1, "s3"), (9.0, "万元", "9万元", 1, "s4")]),
    }
    f = F.largest_amount(quantities)
    assert (f["text"], f["value"], f["doc_a"], f["paragraph"], f["ties"]) == ("1万亿元", 10000.0, "A", 5, 2)


def test_most_similar_pair_and_tie():
    """B and C share 医院 and 医保 with A and each other in equal measure: three pairs tie at the top."""
    from policyreport.compare import terms

    _, _, summary = terms.similarity({"A": ["医院", "医保"], "B": ["医院", "医保"], "C": ["医院", "医保"], "D": ["税收"]})
    f = F.most_similar_pair(summary)
    assert (f["doc_a"], f["doc_b"], f["value"], f["ties"]) == ("A", "B", 1.0, 3)
    assert F.most_similar_pair({"pairs": 0}) is None


def test_strongest_type_gaps_and_top_cell():
    dist = pd.DataFrame(
        [("供给型", "人才", 4, 0.3), ("供给型", "资金", 1, 0.1), ("环境型", "税收", 3, 0.4), ("需求型", "采购", 0, 0.0)],
        columns=["type", "instrument", "count", "mean_share"],
    )
    counts = pd.DataFrame([("A", "人才"), ("B", "人才"), ("A", "资金"), ("A", "税收")], columns=["doc_id", "instrument"])
    f = F.strongest_instrument_type(dist)
    assert (f["text"], f["value"], f["ties"]) == ("供给型、环境型", 0.4, 2)  # 0.3 + 0.1 = 0.4 = 0.4: a tie
    g = F.instrument_gaps(dist, counts)
    assert (g["text"], g["value"]) == ("采购", 0)
    cells = pd.DataFrame(
        [("人才", "产业", 0.2), ("税收", "创新", 0.3), ("税收", "未归类目标", 0.9)], columns=["instrument", "goal", "mean_share"]
    )
    ev = pd.DataFrame(
        [("B", 7, "税收", "创新", "免税以鼓励创新")], columns=["doc_id", "paragraph", "instrument", "goal", "clause"]
    )
    t = F.top_instrument_goal(cells, ev, "未归类目标")
    assert (t["text"], t["value"], t["doc_a"], t["paragraph"], t["ties"]) == ("税收 × 创新", 0.3, "B", 7, 1)


def test_target_years():
    com = pd.DataFrame(
        [
            ("A", 3, "承诺", 2025.0, "到2025年"),
            ("B", 1, "承诺", 2030.0, "到2030年"),
            ("B", 2, "已完成", None, "已建成"),
            ("A", 4, "承诺", None, "将"),
        ],
        columns=["doc_id", "paragraph", "status", "target_year", "clause"],
    )
    f = F.target_years(com)
    assert (f["text"], f["value"], f["doc_a"], f["paragraph"], f["ties"]) == ("2025—2030", 2, "B", 1, 1)


@pytest.fixture
def landing(tmp_path, monkeypatch):
    """A data folder with two documents and a findings table in which the similar pair is a tie."""
    from policyreport.report.views.landing import LandingView

    docs = [
        {"doc_id": d, "file": f"{d}.txt", "title": t, "genre": "意见", "year": 2024}
        for d, t in (("A", "甲文件"), ("B", "乙文件"))
    ]
    rows = [
        F._row("most_similar_pair", value=0.3, doc_a="A", doc_b="B", ties=2),
        F._row("strongest_instrument_type", text="供给型", value=0.5, ties=1),
        F._row("most_cited", text="《某规划》", value=1, ties=7),
    ]
    write_corpus(tmp_path, {"documents": docs}, {"findings": pd.DataFrame(rows, columns=F.COLUMNS)})
    monkeypatch.chdir(tmp_path)
    return LandingView(tmp_path)


def test_abstract_states_distinct_findings_only(landing):
    text = landing.abstract()
    assert "供给型工具占比最高" in text and "50.0%" in text
    assert "用词最接近" not in text  # a tie is not "the closest"
    assert "被最多文件引用" not in text  # every document cited once: trivia, dropped


def test_pmc_top_and_tie():
    pmc = pd.DataFrame([("A", 6.5), ("B", 7.25), ("C", 5.0)], columns=["doc_id", "pmc"])
    f = F.pmc_top(pmc)
    assert (f["text"], f["value"], f["doc_a"], f["ties"]) == ("5.00—7.25", 7.25, "B", 1)
    tie = F.pmc_top(pd.DataFrame([("A", 7.0), ("B", 7.0)], columns=["doc_id", "pmc"]))
    assert tie["ties"] == 2


PAIR_COLUMNS = ["doc_from", "doc_to", "direction", "lag_days", "lag_years", "sentences", "later_sentences", "share_of_later"]


def pairs(*rows):
    return pd.DataFrame(list(rows), columns=PAIR_COLUMNS)


# (pairs, rule (min sentences, min share), expected (doc_a, doc_b, n, m, lag, ties) or None)
REUSE_CASES = [
    # corpus-dev 26 → 33: one sentence of 192 is shared; no finding
    ([("26", "33", "先→后", 7.0, 0.0, 1, 192, 0.0052)], (3, 0.1), None),
    # enough sentences, too small a share of a long document (5 of 200 = 2.5 %)
    ([("A", "B", "先→后", 7.0, 0.0, 5, 200, 0.025)], (3, 0.1), None),
    # a large share of a short document, but only two sentences
    ([("A", "B", "先→后", 7.0, 0.0, 2, 4, 0.5)], (3, 0.1), None),
    # exactly at both thresholds (3 of 30 = 10 %): stated
    ([("A", "B", "先→后", 425.0, 1.0, 3, 30, 0.1)], (3, 0.1), ("A", "B", 3, 30, "425 天", 1)),
    # the larger pair falls short of the share; the substantial one is stated, its own numbers
    (
        [("A", "B", "先→后", 1.0, 0.0, 9, 400, 0.0225), ("A", "C", "未知", None, None, 4, 20, 0.2)],
        (3, 0.1),
        ("A", "C", 4, 20, "", 1),
    ),
    # two substantial pairs with the same count: a tie
    (
        [("A", "B", "先→后", None, 2.0, 6, 40, 0.15), ("A", "C", "先→后", 3.0, 0.0, 6, 30, 0.2)],
        (3, 0.1),
        ("A", "B", 6, 40, "约 2 年", 2),
    ),
    # the rule comes from the parameters: with 1 sentence and no share, the one-sentence pair qualifies
    ([("26", "33", "先→后", 7.0, 0.0, 1, 192, 0.0052)], (1, 0.0), ("26", "33", 1, 192, "7 天", 1)),
]


@pytest.mark.parametrize("rows,rule,expected", REUSE_CASES)
def test_most_reuse_needs_a_substantial_pair(rows, rule, expected):
    f = F.most_reuse(pairs(*rows), *rule)
    if expected is None:
        assert f is None
    else:
        assert (f["doc_a"], f["doc_b"], f["value"], f["base"], f["text"], f["ties"]) == expected


def test_no_reuse_finding_without_the_rule():
    assert F.most_reuse(pairs(), 3, 0.1) is None
    p = {"reuse_pairs": pairs(("A", "B", "先→后", 7.0, 0.0, 5, 10, 0.5))}
    assert "most_reuse" in set(F.findings({}, {}, {}, pd.DataFrame(), p, reuse_rule=(3, 0.1))["finding"])
    assert "most_reuse" not in set(F.findings({}, {}, {}, pd.DataFrame(), p, reuse_rule=(6, 0.1))["finding"])


def test_shares_equal_as_printed_are_a_tie():
    """Review of the seeds: 3.41 % and 3.37 % both print as 3.4 %, so neither is "the most"."""
    cells = pd.DataFrame(
        [("信息支持", "数字化转型", 0.0341), ("信息支持", "医疗服务可及与质量", 0.0337), ("人才", "产业", 0.02)],
        columns=["instrument", "goal", "mean_share"],
    )
    ev = pd.DataFrame(
        [("A", 3, "信息支持", "医疗服务可及与质量", "甲"), ("B", 5, "信息支持", "数字化转型", "乙")],
        columns=["doc_id", "paragraph", "instrument", "goal", "clause"],
    )
    t = F.top_instrument_goal(cells, ev, "未归类目标")
    assert t["ties"] == 2 and t["value"] == 0.0341


def reuse_lines(tmp_path, monkeypatch, row) -> str:
    from policyreport.report.views.landing import LandingView

    docs = [
        {"doc_id": d, "file": f"{d}.txt", "title": t, "genre": "办法", "year": 2021}
        for d, t in (("A", "甲办法"), ("B", "乙办法"))
    ]
    write_corpus(tmp_path, {"documents": docs}, {"findings": pd.DataFrame([row], columns=F.COLUMNS)})
    monkeypatch.chdir(tmp_path)
    return " ".join(LandingView(tmp_path).finding_lines())


def test_reuse_finding_states_the_measure_and_its_base(tmp_path, monkeypatch):
    """Reuse is containment of 5-character shingles ≥ 60 %, so the landing says that, not “nearly
    identical”, with the count and its base: n sentences of the later document's m."""
    f = F.most_reuse(pairs(("A", "B", "先→后", 7.0, 0.0, 4, 25, 0.16)), 3, 0.1)
    text = reuse_lines(tmp_path, monkeypatch, f)
    assert "乙办法" in text and "正文 25 句中有 4 句（16%）的 5 字片段至少 60% 见于" in text and "间隔 7 天" in text
    assert "近乎相同" not in text and "大量" not in text


def test_reuse_finding_in_english(tmp_path, monkeypatch):
    from policyreport.report import i18n

    f = F.most_reuse(pairs(("A", "B", "先→后", 7.0, 0.0, 4, 25, 0.16)), 3, 0.1)
    i18n.use("en")
    try:
        text = reuse_lines(tmp_path, monkeypatch, f)
    finally:
        i18n.use("zh")
    assert "in 4 of the 25 body sentences" in text and "(16%)" in text


def test_comparison_lists_a_one_sentence_pair_with_the_rule(tmp_path, monkeypatch):
    """The corpus-dev pair (1 sentence of 192) is no landing finding but stays in the comparison chapter,
    which says the landing rule with the build's parameters."""
    from policyreport.report.views.comparison import ComparisonView

    docs = [
        {"doc_id": d, "file": f"{d}.txt", "title": t, "genre": "办法", "year": 2021}
        for d, t in (("A", "甲办法"), ("B", "乙办法"))
    ]
    info = {
        "documents": docs,
        "reuse_rule": {"reuse_min_sentences": 3, "reuse_min_share": 0.1},
        "report": {"title": "报告"},
        "params_shown": {"title": "报告", "reuse_min_sentences": 3, "reuse_min_share": 0.1},
    }
    write_corpus(tmp_path, info, {"reuse_pairs": pairs(("A", "B", "先→后", 7.0, 0.0, 1, 192, 0.0052))})
    monkeypatch.chdir(tmp_path)
    reads.start(str(tmp_path))
    try:
        text = ComparisonView(tmp_path).reuse_pairs()
        # the rule comes from the corpus's own file: a new title (in pages/report.json) does not re-run the chapter
        assert "pages/report.json" not in reads.recorded()
    finally:
        reads._STATE["root"] = None
    assert "至少有 3 句复用、且占其正文句子至少 10% 时陈述复用" in text
    assert r"| 7 天 | 1 | 192 | 0\.5\% |" in text

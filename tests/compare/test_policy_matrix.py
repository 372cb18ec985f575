"""Instrument × goal matrix on a small example worked out by hand, and goal coding on short texts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policyreport.compare import policy_matrix as M
from policyreport.errors import UserError
from policyreport.extract import goals as G
from policyreport.extract import instruments as I
from policyreport.ingest.text import normalize

DICTS = Path(__file__).resolve().parents[2] / "src" / "policyreport" / "dictionaries"


@pytest.fixture(scope="module")
def example():
    """Document A (1,000 characters): clause 0 人才培养 → 产业发展; clause 1 人才培养 and 税收优惠 →
    产业发展 and 科技创新; clause 2 税收优惠, no goal. Document B (500 characters): clause 0 税收优惠 → 科技创新."""
    coded = pd.DataFrame(
        [
            ("A", 0, 1, "供给型", "人才培养", "培养", None, "c0", ""),
            ("A", 1, 2, "供给型", "人才培养", "培养", None, "c1", ""),
            ("A", 1, 2, "环境型", "税收优惠", "免税", None, "c1", ""),
            ("A", 2, 3, "环境型", "税收优惠", "免税", None, "c2", ""),
            ("B", 0, 1, "环境型", "税收优惠", "免税", None, "b0", ""),
        ],
        columns=["doc_id", *I.COLUMNS],
    )
    goals = pd.DataFrame(
        [
            ("A", 0, 1, "产业发展", "产值", "c0"),
            ("A", 1, 2, "产业发展", "产值", "c1"),
            ("A", 1, 2, "科技创新", "新药", "c1"),
            ("B", 0, 1, "科技创新", "新药", "b0"),
        ],
        columns=["doc_id", *G.COLUMNS],
    )
    ev = M.evidence(coded, goals)
    return ev, {"A": 1000, "B": 500}


def test_evidence_has_one_row_per_clause_instrument_goal(example):
    ev, _ = example
    assert len(ev) == 7  # A0: 1; A1: 2 instruments × 2 goals; A2: 1 (no goal); B0: 1
    assert (ev["goal"] == M.NO_GOAL).sum() == 1


def test_per_document_shares_and_rates(example):
    ev, chars = example
    doc = M.per_document(ev, chars).set_index(["doc_id", "instrument", "goal"])
    # document A has 6 cell entries: 人才培养×产业发展 2, four others 1 each
    assert doc.loc[("A", "人才培养", "产业发展"), "count"] == 2
    assert doc.loc[("A", "人才培养", "产业发展"), "share"] == pytest.approx(2 / 6, abs=1e-4)
    assert doc.loc[("A", "人才培养", "产业发展"), "per_1000"] == pytest.approx(2.0)
    assert doc.loc[("B", "税收优惠", "科技创新"), "share"] == 1.0
    assert doc.loc[("B", "税收优惠", "科技创新"), "per_1000"] == pytest.approx(2.0)  # 1 × 1000 / 500


def test_corpus_cells_weigh_documents_equally(example):
    ev, chars = example
    cells = M.cells(ev, chars).set_index(["instrument", "goal"])
    a = cells.loc[("人才培养", "产业发展")]
    assert (a["count"], a["documents"]) == (2, 1)
    assert a["mean_share"] == pytest.approx((2 / 6 + 0) / 2, abs=1e-4)
    assert a["per_1000"] == pytest.approx((2.0 + 0) / 2)
    b = cells.loc[("税收优惠", "科技创新")]
    assert (b["count"], b["documents"]) == (2, 2)
    assert b["mean_share"] == pytest.approx((1 / 6 + 1) / 2, abs=1e-4)
    assert b["per_1000"] == pytest.approx((1.0 + 2.0) / 2)
    assert cells["count"].sum() == len(ev)


def test_lead_department_joins_on_paragraph(example):
    ev, chars = example
    deps = pd.DataFrame(
        [("A", 2, "措施", "市科委", 1), ("A", 2, "措施", "市财政局", 2)],
        columns=["doc_id", "paragraph", "measure", "department", "position"],
    )
    by = M.with_lead_department(ev.drop_duplicates(["doc_id", "clause_no", "instrument"]), deps)
    cells = M.cells(by, chars, "department").set_index(["instrument", "department"])
    assert cells.loc[("人才培养", "市科委"), "count"] == 1  # clause 1 (paragraph 2)
    assert cells.loc[("税收优惠", M.NO_DEPARTMENT), "count"] == 2  # clause 2 of A and B's clause


@pytest.fixture(scope="module")
def books():
    return G.load_goals(DICTS / "packs" / "health" / "goals.yaml"), I.load_codebook(DICTS / "instruments.yaml")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("做大做强生物医药产业,提升国际竞争力", {"产业发展": ["做大做强生物医药产业"], "开放与区域协同": ["国际竞争力"]}),
        # 人才培养 is the instrument; the goal is the state it aims at (人才高地)
        ("加大人才培养力度,打造人才高地", {"人才集聚": ["人才高地"]}),
        ("减轻群众就医负担", {"费用负担": ["减轻", "负担"], "医疗服务可及与质量": ["就医"]}),
        # a word the instrument codebook took (智慧医疗 → 信息支持) is not also a goal
        ("发展智慧医疗", {}),
        ("尚未形成集聚", {}),
    ],
)
def test_goal_coding_by_hand(books, text, expected):
    goals, codebook = books
    assert G.clause_goals(normalize(text), goals, codebook) == expected


def test_broken_goals_name_the_file(tmp_path):
    bad = tmp_path / "my_goals.yaml"
    bad.write_text("产业: [产值]\n创新: [产值]\n", encoding="utf-8")
    with pytest.raises(UserError, match="my_goals.yaml.*already listed"):
        G.load_goals(bad)

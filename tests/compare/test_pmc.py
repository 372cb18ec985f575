"""PMC index on a three-paragraph document scored by hand, overrides, grades and the default model."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policyreport.compare import pmc as P
from policyreport.errors import UserError
from policyreport.params import Params

DEFAULT = Path(__file__).resolve().parents[2] / "src" / "policyreport" / "dictionaries" / "pmc.yaml"
GRADES = [[9, "完美"], [7, "优秀"], [5, "可接受"], [0, "不良"]]
MODEL = P.parse_model(
    {
        "grades": GRADES,
        "variables": {
            "X1": {
                "name": "性质",
                "items": {"X1:1": {"name": "监管", "cues": ["监管"]}, "X1:2": {"name": "建议", "cues": ["倡导"]}},
            },
            "X2": {
                "name": "时效",
                "items": {"X2:1": {"name": "长期", "horizon": [6, 100]}, "X2:2": {"name": "中期", "horizon": [3, 5]}},
            },
            "X3": {"name": "机构", "items": {"X3:1": {"name": "市级", "field": "level", "cues": ["市级"]}}},
            "X4": {
                "name": "工具",
                "items": {
                    "X4:1": {"name": "管制", "instruments": ["法规管制"]},
                    "X4:2": {"name": "需求", "instruments": ["需求型"]},
                },
            },
            "X10": {"name": "公开", "items": {"X10:1": {"name": "公开", "constant": 1, "note": "公开文本"}}},
        },
    }
)
META = {"doc_id": "a", "file": "a.txt", "year": 2020, "level": "市级", "issuer": "某市卫生健康委员会"}
TABLES = {
    "paragraphs": pd.DataFrame(
        [(1, 1, "为贯彻落实有关要求，制定本方案。"), (2, 2, "到2025年，培育10家企业。"), (3, 3, "加强监管。")],
        columns=["paragraph", "line", "text"],
    ),
    "instruments": pd.DataFrame([(3, "环境型", "法规管制", "加强监管。")], columns=["paragraph", "type", "instrument", "clause"]),
    "commitments": pd.DataFrame(
        [("承诺", 2025.0, 2, "到2025年，培育10家企业。")], columns=["status", "target_year", "paragraph", "clause"]
    ),
}


def test_scores_and_evidence_by_hand():
    s = P.score_document(META, TABLES, MODEL).set_index("code")
    assert s["score"].to_dict() == {"X1:1": 1, "X1:2": 0, "X2:1": 0, "X2:2": 1, "X3:1": 1, "X4:1": 1, "X4:2": 0, "X10:1": 1}
    assert (s.loc["X1:1", "paragraph"], s.loc["X1:1", "evidence"]) == (3, "加强监管。")
    assert (s.loc["X2:2", "paragraph"], s.loc["X2:2", "evidence"]) == (2, "“到2025年”：目标年份 2025 年，距发文 2020 年 5 年")
    assert s.loc["X3:1", "evidence"] == "元数据“行政层级”：市级"  # Chinese field names in a Chinese report
    summary = P.summary(s.reset_index(), MODEL).iloc[0]
    # X1 = 1/2, X2 = 1/2, X3 = 1, X4 = 1/2, X10 = 1 → 3.5
    assert (summary["X1"], summary["X2"], summary["X3"], summary["X4"], summary["X10"]) == (0.5, 0.5, 1.0, 0.5, 1.0)
    assert (summary["pmc"], summary["grade"], summary["rank"]) == (3.5, "不良", 1)


def test_undated_document_counts_its_horizon_from_the_number_or_its_first_target():
    by_number = P.score_document(META | {"year": None, "doc_number": "某府发〔2021〕3号"}, TABLES, MODEL).set_index("code")
    assert by_number.loc["X2:2", "score"] == 1 and "发文字号所载年份 2021 年" in by_number.loc["X2:2", "evidence"]
    bare = P.score_document(META | {"year": None}, TABLES, MODEL).set_index("code")
    assert bare.loc["X2:2", "score"] == 0 and "成文年份不详" in bare.loc["X2:2", "evidence"]


@pytest.mark.parametrize(
    "text,base,years",
    [
        ("到2020年，规模不断提升；到2030年，成为支柱产业；到2035年，建成体系。", 2018, [2020, 2030, 2035]),
        ("安徽省工业互联网创新发展行动计划（2021—2023年）", 2021, [2023]),
        ("本办法自2022年1月1日起施行，有效期5年。", 2022, [2027]),
        ("本办法有效期至2025年12月31日。", 2022, [2025]),
        ("2020年底前完成改造。", 2019, [2020]),
        ("截至2019年底，累计建成12个。2019年前三季度增长5%。", 2020, []),  # past, not targets
    ],
)
def test_target_years_and_validity(text, base, years):
    assert [y for y, _, _ in P.target_years([(1, text)], base)] == years


def test_reviewer_override(tmp_path):
    path = tmp_path / "review.yaml"
    path.write_text("a.txt:\n  X1:2: {score: 1, note: 通篇倡导社会参与}\n", encoding="utf-8")
    s = P.score_document(META, TABLES, MODEL, P.load_overrides(path)).set_index("code")
    assert (s.loc["X1:2", "score"], s.loc["X1:2", "source"], s.loc["X1:2", "evidence"]) == (1, "人工改写", "通篇倡导社会参与")
    assert P.summary(s.reset_index(), MODEL).iloc[0]["pmc"] == 4.0


def test_bad_override_names_the_file(tmp_path):
    path = tmp_path / "review.yaml"
    path.write_text("a.txt:\n  X1:2: 2\n", encoding="utf-8")
    with pytest.raises(UserError, match="review.yaml.*0 or 1"):
        P.load_overrides(path)


@pytest.mark.parametrize(
    "pmc,expected", [(10, "完美"), (9.0, "完美"), (8.99, "优秀"), (7, "优秀"), (5, "可接受"), (4.99, "不良"), (0, "不良")]
)
def test_grades(pmc, expected):
    assert P.grade(pmc, MODEL) == expected


def test_equal_indices_share_a_rank():
    scores = pd.concat([P.score_document(META | {"doc_id": d}, TABLES, MODEL) for d in ("a", "b")])
    assert P.summary(scores, MODEL)["rank"].tolist() == [1, 1]


def test_default_model_size():
    model = P.load_model(DEFAULT)
    assert len(model.level1) == 10 and 35 <= len(model.variables) <= 50


@pytest.mark.parametrize(
    ("sentence", "code", "score"),
    [
        ("关于市六届人大八次会议第20200186号建议答复的函。", "X1:3", 0),  # the deputy's suggestion, not advice
        ("您提出的建议收悉。", "X1:3", 0),
        ("建议各区加大投入。", "X1:3", 1),
        ("可在3年内保留原有人事关系。", "X2:4", 0),  # a span of years, not this year
        ("年内完成改造。", "X2:4", 1),
    ],
)
def test_cues_of_the_default_model(sentence, code, score):
    model = P.load_model(Params().pmc)
    tables = {"paragraphs": pd.DataFrame({"paragraph": [1], "text": [sentence]})}
    s = P.score_document({"doc_id": "x", "file": "x.txt", "year": 2020, "body": [1, 1]}, tables, model).set_index("code")
    assert s.loc[code, "score"] == score


def test_only_the_body_is_read():
    """Review of seed 003: the reprint page's headline and 核心提示 gave PMC evidence."""
    model = P.load_model(Params().pmc)
    tables = {"paragraphs": pd.DataFrame({"paragraph": [1, 2], "text": ["核心提示：鼓励社会办医。", "加强监管。"]})}
    s = P.score_document({"doc_id": "x", "file": "x.txt", "year": 2020, "body": [2, 2]}, tables, model).set_index("code")
    assert s.loc["X1:3", "score"] == 0


@pytest.mark.parametrize(
    "issuer,central",
    [
        ("国务院办公厅", 1),
        ("國務院辦公廳", 1),
        ("教育部", 1),
        ("国家教育委员会、卫生部", 1),
        ("长子县人民政府森林防火指挥部", 0),
        ("中共深圳市委组织部", 0),
    ],
)
def test_central_issuer_is_a_national_body_not_any_name_ending_in_bu(issuer, central):
    """X3:1 中央 of the shipped model: a county's 森林防火指挥部 ends in 部 but is not a ministry."""
    from policyreport.compare.pmc import _cue, load_model
    from policyreport.paths import DICTIONARIES

    spec = next(v.spec for v in load_model(DICTIONARIES / "pmc.yaml").variables if v.code == "X3:1")
    assert _cue(spec, {"issuer": issuer}, [])[0] == central

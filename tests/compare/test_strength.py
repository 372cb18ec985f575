"""Policy strength on metadata scored by hand with the scale of 彭纪生 et al. (2008)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyreport.compare import strength as S
from policyreport.errors import UserError

SCALE = S.load_scale(Path(__file__).resolve().parents[2] / "src" / "policyreport" / "dictionaries" / "strength.yaml")


@pytest.mark.parametrize(
    "issuer,title,genre,expected",
    [
        ("全国人民代表大会常务委员会", "中华人民共和国基本医疗卫生与健康促进法", None, (5, "全国人大", "法律")),
        ("国务院", "医疗器械监督管理条例", None, (4, "国务院", "条例")),
        ("国务院", "某某暂行条例", None, (3, "国务院", "暂行条例")),
        ("国家卫生健康委员会", "医疗机构管理办法", None, (2, "部委", "规定办法")),
        ("国家药品监督管理局", "关于发布某指导原则的通告", None, (1, "部委", "通知公告")),
        ("上海市人民政府", "上海市人民政府关于推进本市健康服务业高质量发展的若干意见", "政府意见", (2, "地方政府", "意见")),
        ("深圳市卫生健康委员会", "市卫生健康委关于第20200186号建议答复的函", "人大代表建议答复", (1, "地方部门", "答复")),
        ("上海市卫生健康委员会", "关于开展某项工作的通知", None, (1, "地方部门", "通知公告")),
    ],
)
def test_scores_by_hand(issuer, title, genre, expected):
    row = S.score({"doc_id": "x", "issuer": issuer, "title": title, "genre": genre}, SCALE)
    assert (row["score"], row["issuer_class"], row["genre_class"]) == expected
    assert row["reason"] is None


def test_no_score_is_invented():
    no_issuer = S.score({"doc_id": "a", "issuer": None, "title": "某某办法"}, SCALE)
    assert no_issuer["score"] is None and no_issuer["reason"] == "文中未载明发文机关"
    odd = S.score({"doc_id": "b", "issuer": "某市某局", "title": "2024年工作要点"}, SCALE)
    assert odd["score"] is None and "不属于量表" in odd["reason"]
    uncovered = S.score({"doc_id": "c", "issuer": "某市某局", "title": "某某条例"}, SCALE)
    assert uncovered["score"] is None and "地方部门" in uncovered["reason"]


def test_by_year_and_level():
    metas = [
        {"doc_id": "a", "issuer": "上海市人民政府", "title": "若干意见", "year": 2024, "level": "省级"},
        {"doc_id": "b", "issuer": "某区卫生健康委员会", "title": "答复的函", "year": 2024, "level": "区县级"},
        {"doc_id": "c", "issuer": None, "title": "办法", "year": 2023, "level": "区县级"},
    ]
    t = S.strength(metas, SCALE)
    year = S.by_group(t, "year").set_index("year")
    assert year.loc[2024].to_dict() == {"documents": 2, "scored": 2, "mean": 1.5, "total": 3.0}
    assert year.loc[2023, "scored"] == 0
    level = S.by_group(t, "level").set_index("level")
    assert (level.loc["区县级", "documents"], level.loc["区县级", "mean"]) == (2, 1.0)


def test_broken_scale_names_the_file(tmp_path):
    bad = tmp_path / "my_scale.yaml"
    bad.write_text("issuers: {甲: '.'}\ngenres: {法律: '法$'}\nscores: [[乙, 法律, 5, x]]\n", encoding="utf-8")
    with pytest.raises(UserError, match="my_scale.yaml.*scores row"):
        S.load_scale(bad)

"""Policy strength with the scale of 彭纪生 et al. (2008): metadata scored by hand, and short
realistic texts (a 国务院令, a 条例, a joint 国务院、中央军委 document, a 批复, a 复函, a 通报) read by
the metadata reader and scored."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyreport.compare import designs as D
from policyreport.compare import strength as S
from policyreport.errors import UserError
from policyreport.extract import metadata
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.text import paragraphs

DICTS = Path(__file__).resolve().parents[2] / "src" / "policyreport" / "dictionaries"
SCALE = S.load_scale(DICTS / "strength.yaml")
DESIGNS = D.load_designs(DICTS / "designs.yaml")
GAZ = Gazetteer.from_yaml(DICTS / "places.yaml")


@pytest.mark.parametrize(
    "issuer,title,genre,expected",
    [
        ("全国人民代表大会常务委员会", "中华人民共和国基本医疗卫生与健康促进法", None, (5, "全国人大", "法律")),
        ("国务院", "医疗器械监督管理条例", None, (4, "党中央、国务院", "条例")),
        ("中华人民共和国国务院", "医疗保障基金使用监督管理条例", "条例", (4, "党中央、国务院", "条例")),
        ("国务院", "某某暂行条例", None, (3, "党中央、国务院", "暂行条例")),
        ("国家卫生健康委员会", "医疗机构管理办法", None, (2, "部委", "暂行规定办法")),
        ("国家卫生健康委员会", "医疗机构临床用血管理规定", None, (3, "部委", "规定")),
        ("国家教育委员会、卫生部", "学校卫生工作条例", "条例", (3, "部委", "条例")),
        ("国家药品监督管理局", "处方药与非处方药分类管理办法（试行）", "办法", (2, "部委", "暂行规定办法")),
        ("国家药品监督管理局", "关于发布某指导原则的通告", None, (1, "部委", "通知公告")),
        ("上海市人民政府", "上海市人民政府关于推进本市健康服务业高质量发展的若干意见", "政府意见", (2, "地方政府", "意见")),
        ("上海市卫生健康委员会", "关于开展某项工作的通知", None, (1, "地方部门", "通知公告")),
    ],
)
def test_scores_by_hand(issuer, title, genre, expected):
    row = S.score({"doc_id": "x", "issuer": issuer, "title": title, "genre": genre}, SCALE)
    assert (row["score"], row["issuer_class"], row["genre_class"]) == expected
    assert row["reason"] is None


@pytest.mark.parametrize(
    "issuer,title,genre,genre_class",
    [
        ("深圳市卫生健康委员会", "市卫生健康委关于第20200186号建议答复的函", "人大代表建议答复", "答复"),
        ("福建省人民政府", "福建省人民政府关于大田县吴山乡和华兴乡撤乡设镇的批复", "批复", "答复"),
        ("国务院办公厅", "国务院办公厅关于河南郑州经济技术开发区的复函", "函", "答复"),
        ("国务院办公厅", "国务院办公厅关于商请支持某项工作的函", "函", "函"),
        ("国务院办公厅", "国务院办公厅关于某项督查情况的通报", "通报", "通报纪要"),
    ],
)
def test_replies_approvals_letters_and_circulars_are_not_scored(issuer, title, genre, genre_class):
    """Not 1 point each: the scale does not apply to them, and the row says why."""
    row = S.score({"doc_id": "x", "issuer": issuer, "title": title, "genre": genre}, SCALE)
    assert (row["score"], row["genre_class"]) == (None, genre_class)
    assert "量表" in row["reason"]


def test_an_approval_written_as_a_notice_follows_its_design():
    meta = {"doc_id": "x", "issuer": "国家教育委员会", "title": "关于同意建立泰州职业技术学院的通知", "genre": "通知"}
    design, _ = D.classify(meta, DESIGNS)
    row = S.score(meta, SCALE, design)
    assert design == D.RESPONSE and row["score"] is None and "答复类" in row["reason"]


LING = """中华人民共和国国务院令

第735号

《医疗保障基金使用监督管理条例》已经2020年12月9日国务院第117次常务会议通过，现予公布，自2021年5月1日起施行。

总理　李克强

2021年1月15日
"""
JOINT = """国务院　中央军委关于进一步加强军人军属法律援助工作的意见

国发〔2023〕7号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构，各战区、各军兵种：

为维护军人军属合法权益，现提出如下意见。

一、扩大法律援助覆盖面。到2025年，县级以上地方全部设立军人军属法律援助工作站。

国务院　　中央军委

2023年3月1日
"""
PIFU = """国务院关于同意设立中国（海南）自由贸易试验区的批复

国函〔2018〕119号

海南省人民政府、商务部：

你们关于设立中国（海南）自由贸易试验区的请示收悉。现批复如下：

一、同意设立中国（海南）自由贸易试验区。

国务院

2018年9月24日
"""
TONGBAO = """国务院办公厅关于对国务院第九次大督查发现的典型经验做法给予表扬的通报

国办发〔2022〕41号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

根据国务院部署，对典型经验做法给予表扬。

国务院办公厅

2022年11月30日
"""


@pytest.mark.parametrize(
    "text,design,score,issuer_class",
    [
        (LING, D.NORMATIVE, 4, "党中央、国务院"),  # 国务院令: promulgates an administrative regulation
        (JOINT, D.NORMATIVE, 3, "党中央、国务院"),  # joint 国务院、中央军委 意见: not "地方部门"
        (PIFU, D.RESPONSE, None, "党中央、国务院"),  # 批复: not scored, not 1
        (TONGBAO, D.OTHER, None, "党中央、国务院"),
    ],
)
def test_short_realistic_texts(text, design, score, issuer_class):
    md = metadata.extract(paragraphs(text), GAZ).as_dict()
    meta = md | {"doc_id": "x"}
    group, _ = D.classify(meta, DESIGNS)
    row = S.score(meta, SCALE, group)
    assert (group, row["score"], row["issuer_class"]) == (design, score, issuer_class)
    assert row["basis"] if score else row["reason"]


def test_no_score_is_invented():
    no_issuer = S.score({"doc_id": "a", "issuer": None, "title": "某某办法"}, SCALE)
    assert no_issuer["score"] is None and no_issuer["reason"] == "文中未载明发文机关"
    odd = S.score({"doc_id": "b", "issuer": "某市某局", "title": "2024年工作要点"}, SCALE)
    assert odd["score"] is None and "不属于量表" in odd["reason"]
    uncovered = S.score({"doc_id": "c", "issuer": "某市某局", "title": "某某条例"}, SCALE)
    assert uncovered["score"] is None and "地方部门" in uncovered["reason"]
    unknown = S.score({"doc_id": "d", "issuer": "某某协会", "title": "某某办法"}, SCALE)
    assert unknown["score"] is None and "不属于量表中的任何机关类别" in unknown["reason"]


def test_by_year_and_level():
    metas = [
        {"doc_id": "a", "issuer": "上海市人民政府", "title": "若干意见", "year": 2024, "level": "省级"},
        {"doc_id": "b", "issuer": "某区卫生健康委员会", "title": "关于某区某项工作的通知", "year": 2024, "level": "区县级"},
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


def test_joint_basis_names_the_class_not_the_highest_body():
    """A county's bureaus signing with a town government are classed 地方政府 because of the town: the
    basis says the class decided, and the English report translates the note."""
    from policyreport.report import i18n
    from policyreport.report.views.strength import _basis

    basis = "彭纪生等 2008" + S.JOINT.format(by="江口镇人民政府")
    assert "级别最高" not in basis and "最高的机关类别" in basis
    i18n.use("en")
    try:
        assert _basis(basis).endswith("classed by the highest issuer class of the scale among its signatories (“江口镇人民政府”)")
    finally:
        i18n.use("zh")

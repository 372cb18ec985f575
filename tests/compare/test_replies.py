"""Replies point by point, checked by hand against the seed replies and short texts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policyreport.compare import replies as R
from policyreport.errors import UserError

MARKERS = R.load_markers(Path(__file__).resolve().parents[2] / "src" / "policyreport" / "dictionaries" / "replies.yaml")


@pytest.mark.parametrize(
    "acted,explained,stated,expected",
    [
        (True, False, None, R.ADOPTED),
        (True, True, None, R.PARTLY),
        (False, True, None, R.EXPLAINED),
        (False, False, None, R.UNDECIDED),
        (True, True, "adopted", R.PARTLY),  # 采纳 with its limits explained is not a contradiction
        (False, True, "adopted", R.UNDECIDED),  # says 采纳, shows only reasons it cannot
        (True, False, "reference", R.UNDECIDED),  # says 留作参考, shows work done or promised
        (False, True, "reference", R.EXPLAINED),
    ],
)
def test_verdict(acted, explained, stated, expected):
    assert R.verdict(acted, explained, stated) == expected


def _tables(paras, outline=(), commitments=()):
    return {
        "paragraphs": pd.DataFrame([(n, n, t) for n, t in paras], columns=["paragraph", "line", "text"]),
        "outline": pd.DataFrame(list(outline), columns=["paragraph", "depth", "marker", "title"]),
        "commitments": pd.DataFrame(list(commitments), columns=["paragraph", "status", "target_year", "clause"]),
    }


def test_points_follow_the_about_headings_and_cite_their_paragraphs():
    paras = [
        (1, "您提出的建议收悉。"),
        (2, "一、关于增设公交线路的建议"),
        (3, "已开通 305 路公交。"),
        (4, "二、关于修建停车场的建议"),
        (5, "受用地指标限制，暂不具备建设条件。"),
    ]
    outline = [(2, 1, "一、", "关于增设公交线路的建议"), (4, 1, "二、", "关于修建停车场的建议")]
    t = R.reply_points({"doc_id": "a", "body": [1, 5], "title": "答复"}, _tables(paras, outline), MARKERS)
    assert t[["asked", "verdict", "paragraph", "last_paragraph"]].values.tolist() == [
        ["关于增设公交线路的建议", R.ADOPTED, 2, 3],
        ["关于修建停车场的建议", R.EXPLAINED, 4, 5],
    ]
    assert t.loc[0, "evidence"] == "已办：第3段“已开通305路公交。”"
    assert t.loc[1, "evidence"] == "解释说明：第5段“受用地指标限制，暂不具备建设条件。”"


def test_a_stated_result_is_kept_apart_from_the_evidence():
    """The heading's own 采纳吸收建议 is neither the asked text nor evidence of what the reply does."""
    paras = [(1, "一、关于“建设研究平台”的建议 采纳吸收建议。"), (2, "因本市高校均未设置医学专业，暂无法建设。")]
    outline = [(1, 1, "一、", "关于“建设研究平台”的建议采纳吸收建议。")]
    t = R.reply_points({"doc_id": "a", "body": [1, 2]}, _tables(paras, outline), MARKERS)
    assert t.loc[0, ["asked", "stated", "verdict"]].tolist() == ["关于“建设研究平台”的建议", "采纳吸收", R.UNDECIDED]
    assert "答复自述“采纳吸收”与分句证据不一致" in t.loc[0, "evidence"]


def test_commitments_count_with_their_target_years():
    paras = [(1, "一、落实情况"), (2, "已完成改造。"), (3, "二、下一步工作计划"), (4, "到2025年建成。该路段暂未纳入计划。")]
    outline = [(1, 1, "一、", "落实情况"), (3, 1, "二、", "下一步工作计划")]
    com = [(2, "已完成", None, "已完成改造。"), (4, "承诺", 2025, "到2025年建成。")]
    meta = {"doc_id": "b", "body": [1, 4], "title": "关于第7号建议的答复", "answers": [{"citation": "关于改造老旧小区的建议"}]}
    t = R.reply_points(meta, _tables(paras, outline, com), MARKERS)
    assert t[["asked", "verdict", "done", "promised", "promised_dated", "explained", "target_years"]].values.tolist() == [
        ["关于改造老旧小区的建议", R.PARTLY, 1, 1, 1, 1, "2025"]
    ]


@pytest.mark.parametrize(
    "clause, explains",
    [
        ("受用地指标限制，暂不具备建设条件。", True),
        ("钱粮湖镇不属于中心城区，不在政策范围内，未纳入改造范围。", True),  # corpus-dev 16, paragraph 8
        ("由于该项目未列入规划项目，故上级水利部门没有专项建设资金支持。", True),  # corpus-dev 23, paragraph 16
        ("目前我市已培育和引进了一批高等院校，但缺乏医学院校的布局。", True),  # seed 004, paragraph 16
        ("我局会在建成后随时进行观测，如果建设成果不能满足供水要求，秋季将协同镇政府解决。", False),  # a condition
        ("不断提升医疗服务质量。", False),
    ],
)
def test_explanations(clause, explains):
    assert R.explains(clause, MARKERS) is explains


@pytest.mark.parametrize(
    "opening, asked",
    [
        ("你们提出的《关于打造龙岗医疗品牌的建议》（第20240052号）收悉。", "关于打造龙岗医疗品牌的建议"),  # seed 002
        (
            "您提出的关于科技赋能区域基层医疗高质量发展促进数字医疗产业发展的代表建议收悉，经研究，",
            "关于科技赋能区域基层医疗高质量发展促进数字医疗产业发展的代表建议",
        ),  # seed 001
        (
            "“关于对临临高速西河段沿线村庄道路与河道进行整修”的建议收悉,现答复如下:",
            "“关于对临临高速西河段沿线村庄道路与河道进行整修”的建议",
        ),  # corpus-dev 12
        (
            "您提出的关于《关于补助鱼龙坝村委会西纳村卫生室缺口资金的建议》收悉。",
            "关于补助鱼龙坝村委会西纳村卫生室缺口资金的建议",
        ),  # corpus-dev 02
        (
            "你们提出《关于解决红土门小河河道清淤项目的议案》,经大会主席团审议,已转为建议",
            "关于解决红土门小河河道清淤项目的议案",
        ),  # corpus-dev 23
    ],
)
def test_asked_from_the_opening(opening, asked):
    paras = [(1, "某代表："), (2, opening), (3, "已完成改造。")]
    t = R.reply_points({"doc_id": "c", "body": [1, 3], "title": "答复的标题"}, _tables(paras), MARKERS)
    assert t.loc[0, "asked"] == asked


# Read by hand in the seed texts; paragraph numbers are those of the report's paragraph table.
SEED_POINTS = [
    # 000: para 7 heading; para 8 “该医院已成立了干细胞临床研究管理委员会” (done), “计划引进…” (promised); no reason given against
    ("000_aefacb9a8e91e029", 1, 7, "关于“先行先试，把蛇口人民医院打造成深圳市前海自贸区医院", "", R.ADOPTED, True, True, False),
    # 000: para 9 heading; para 10 “拟制定医疗机构开展特需医疗服务指导政策” (promised), nothing reported as done
    ("000_aefacb9a8e91e029", 2, 9, "关于“同步启动多项国际前沿技术项目", "", R.ADOPTED, False, True, False),
    # 001: no 关于 headings; the opening names the suggestion; “完成…场景建设” done, “将加快推进…（GPO）” promised
    (
        "001_4d260a6c99f69cce",
        1,
        7,
        "关于科技赋能区域基层医疗高质量发展促进数字医疗产业发展的代表建议",
        "",
        R.ADOPTED,
        True,
        True,
        False,
    ),
    # 002: 一、落实情况 / 二、下一步工作计划; the opening names 《关于打造龙岗医疗品牌的建议》
    ("002_ce116f843137b983", 1, 3, "关于打造龙岗医疗品牌的建议", "", R.ADOPTED, True, True, False),
    # 004: para 7 “…的建议 采纳吸收建议。”; para 8 “已累计投入超35亿元” done, “未来还将推动…” promised,
    #      “因我市现有高校…均未设置医学相关专业” explains
    ("004_108dd3ca0faad3cd", 1, 7, "关于“建立医工信交叉研究实体机构或平台”的建议", "采纳吸收", R.PARTLY, True, True, True),
    # 004: para 9 heading, para 10 “采纳吸收建议。”; paras 11-13 list work done (优质产品推荐目录, 首台（套） …)
    ("004_108dd3ca0faad3cd", 2, 9, "关于“推进医疗机构与医药企业合作。”的建议", "采纳吸收", R.ADOPTED, True, False, False),
    # 004: para 14 heading, para 15 “采纳吸收建议。”; para 16 “缺乏医学院校的布局”, “需在该校区增设临床医学专业方有基础”
    #      explain, “市教育和体育局将积极动员…” promises
    (
        "004_108dd3ca0faad3cd",
        3,
        14,
        "关于“推进医科院校工科专业“医工结合”实验教学的。”的建议",
        "采纳吸收",
        R.PARTLY,
        True,
        True,
        True,
    ),
]


@pytest.fixture(scope="module")
def seed_points(seed_results):
    rows = {r.meta["doc_id"]: R.reply_points(r.meta, r.tables, MARKERS) for r in seed_results.values() if R.is_reply(r.meta)}
    return pd.concat(rows.values(), ignore_index=True)


def test_seed_replies_and_their_points(seed_points):
    assert sorted(seed_points["doc_id"].unique()) == [
        "000_aefacb9a8e91e029",
        "001_4d260a6c99f69cce",
        "002_ce116f843137b983",
        "004_108dd3ca0faad3cd",
    ]
    assert seed_points.groupby("doc_id").size().tolist() == [2, 1, 1, 3]


@pytest.mark.parametrize("doc, point, paragraph, asked, stated, expected, done, promised, explained", SEED_POINTS)
def test_seed_point(seed_points, doc, point, paragraph, asked, stated, expected, done, promised, explained):
    row = seed_points[(seed_points["doc_id"] == doc) & (seed_points["point"] == point)].iloc[0]
    assert (row["paragraph"], row["stated"], row["verdict"]) == (paragraph, stated, expected)
    assert row["asked"].startswith(asked)
    assert (row["done"] > 0, row["promised"] > 0, row["explained"] > 0) == (done, promised, explained)
    for label, present in (("已完成：第", done), ("承诺：第", promised), ("解释说明：第", explained)):
        assert (label in row["evidence"]) is present


def test_seed_evidence_paragraphs(seed_points):
    """004 point 1 explains in paragraph 8, point 3 in paragraph 16 (read in the seed text)."""
    ev = seed_points.set_index(["doc_id", "point"])["evidence"]
    assert "解释说明：第8段“因我市现有高校如广东药科大学" in ev[("004_108dd3ca0faad3cd", 1)]
    assert (
        "解释说明：第16段“目前我市已培育和引进了一批学科实力较强的高等院校，但缺乏医学院校的布局。”"
        in ev[("004_108dd3ca0faad3cd", 3)]
    )
    assert "承诺：第16段“接下来，市教育和体育局将积极动员" in ev[("004_108dd3ca0faad3cd", 3)]


def test_seed_summary_copies_the_stated_class_and_knows_no_rule_for_it(seed_points, seed_results):
    """000 is marked [A] (a Shenzhen 市人大 suggestion), 004 (A类) a Zhongshan 市政协 proposal: no checked
    scheme covers either, so no meaning is given; 001 states 办理结果：全部采纳 in its first line."""
    summ = R.summary(seed_points, [r.meta for r in seed_results.values()], MARKERS.schemes).set_index("doc_id")
    assert summ.loc["004_108dd3ca0faad3cd", ["handling_class", "handling_result", "stated_points"]].tolist() == [
        "A",
        "采纳吸收",
        "采纳吸收",
    ]
    assert summ.loc["000_aefacb9a8e91e029", "handling_class"] == "A"
    assert summ.loc["001_4d260a6c99f69cce", "handling_result"] == "全部采纳"
    assert (summ["class_meaning"] == "").all() and (summ["class_source"] == "").all()


@pytest.mark.parametrize(
    "meta, meaning",
    [
        (
            {"issuer": "深圳市卫生健康委员会", "title": "关于市政协七届一次会议第20210001号提案答复的函", "handling_class": "B"},
            "所提问题正在解决或已列入计划解决",
        ),
        (
            {"issuer": "深圳市卫生健康委员会", "title": "关于市政协七届一次会议第20210001号提案答复的函", "handling_class": "d"},
            "所提建议留作参考",
        ),
        # a suggestion, a district, another city: the Shenzhen proposals scheme does not apply
        (
            {"issuer": "深圳市卫生健康委员会", "title": "关于市六届人大八次会议第20200186号建议答复的函", "handling_class": "A"},
            "",
        ),
        ({"issuer": "深圳市龙岗区卫生健康局", "title": "关于区政协第1号提案答复的函", "handling_class": "A"}, ""),
        (
            {"issuer": "中山市工业和信息化局", "title": "关于市政协十三届二次会议第132043号提案答复的函", "handling_class": "A"},
            "",
        ),
        ({"issuer": "深圳市卫生健康委员会", "title": "关于市政协第1号提案答复的函", "handling_class": "E"}, ""),
    ],
)
def test_class_meaning_only_under_a_scheme_of_the_replys_jurisdiction(meta, meaning):
    got = R.class_meaning(meta, MARKERS.schemes)
    assert got[0] == meaning
    assert got[1] == ("szgov2022proposals" if meaning else "")


def test_every_scheme_cites_a_method_source():
    from pybtex.database import parse_file

    from policyreport.report import bibsources

    keys = set(parse_file(str(bibsources.METHODS_BIB)).entries)
    assert MARKERS.schemes and all(s.source in keys and s.classes and s.jurisdiction for s in MARKERS.schemes)


@pytest.mark.parametrize(
    "data",
    [
        {"adopted": ["已"], "explained": ["暂不"], "class_schemes": [{"id": "x"}]},
        {
            "adopted": ["已"],
            "explained": ["暂不"],
            "class_schemes": [{"id": "x", "jurisdiction": "y", "match": "z", "source": "s", "classes": {"A": "a"}}],
        },
        {"adopted": ["已"], "explained": ["("]},
        {"adopted": ["已"], "explained": ["暂不"], "stated_result": ["采纳"]},
    ],
)
def test_bad_marker_files_are_refused(data):
    with pytest.raises(UserError):
        R.parse_markers(data, "replies.yaml")


def test_synthesis_counts_with_their_bases():
    from policyreport.report.views.policy import reply_synthesis

    pts = pd.DataFrame(
        [
            ("a", R.ADOPTED, 2, 1, 0),
            ("a", R.ADOPTED, 0, 0, 0),
            ("a", R.PARTLY, 1, 0, 1),
            ("b", R.UNDECIDED, 0, 0, 0),
        ],
        columns=["doc_id", "verdict", "promised", "promised_dated", "explained"],
    )
    assert R.synthesis(pts) == {
        "replies": 2,
        "points": 4,
        "verdicts": {R.ADOPTED: 2, R.PARTLY: 1, R.EXPLAINED: 0, R.UNDECIDED: 1},
        "points_promising": 2,
        "promises": 3,
        "promises_dated": 1,
        "points_explaining": 1,
    }
    text = reply_synthesis(pts, {"a": "甲答复", "b": "乙答复"})
    assert f"{R.ADOPTED} 2 点；{R.PARTLY} 1 点；{R.UNDECIDED} 1 点（n = 4 点）" in text
    assert "2 点含承诺，共 3 个承诺分句，其中 1 个写明了目标年份（n = 3 个承诺分句）" in text
    assert "甲答复 一份占 3 点，超过全部的一半" in text
    assert "最" not in text


def test_reply_finding_has_its_base_and_dominant_reply():
    from policyreport.compare import findings as F

    pts = pd.DataFrame(
        [("a", R.ADOPTED), ("a", R.ADOPTED), ("a", R.EXPLAINED), ("b", R.PARTLY)],
        columns=["doc_id", "verdict"],
    )
    f = F.reply_handling(pts)
    assert (f["value"], f["base"], f["dominant"], f["dominant_share"]) == (4, 2, "a", 0.75)
    assert f["text"] == f"{R.ADOPTED} 2 点；{R.PARTLY} 1 点；{R.EXPLAINED} 1 点"
    assert F.reply_handling(pts.iloc[:0]) is None

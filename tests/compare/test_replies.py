"""Replies point by point, checked by hand against the seed replies and short texts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policyreport.compare import replies as R

MARKERS = R.load_markers(Path(__file__).resolve().parents[2] / "src" / "policyreport" / "dictionaries" / "replies.yaml")


@pytest.mark.parametrize(
    "adopted,promised,explained,expected",
    [
        (True, False, False, R.ADOPTED),
        (False, True, True, R.PARTLY),
        (False, False, True, R.EXPLAINED),
        (False, False, False, R.UNDECIDED),
    ],
)
def test_verdict(adopted, promised, explained, expected):
    assert R.verdict(adopted, promised, explained) == expected


def _tables(paras, outline=()):
    return {
        "paragraphs": pd.DataFrame([(n, n, t) for n, t in paras], columns=["paragraph", "line", "text"]),
        "outline": pd.DataFrame(list(outline), columns=["paragraph", "depth", "marker", "title"]),
        "commitments": pd.DataFrame(columns=["status", "target_year", "paragraph", "clause"]),
    }


def test_points_follow_the_about_headings():
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
    assert "第5段" in t.loc[1, "evidence"]


def test_a_reply_without_about_headings_is_one_point_asking_what_it_answers():
    paras = [(1, "一、落实情况"), (2, "已完成改造。"), (3, "二、下一步工作计划"), (4, "该路段暂未纳入计划，留作参考。")]
    outline = [(1, 1, "一、", "落实情况"), (3, 1, "二、", "下一步工作计划")]
    meta = {"doc_id": "b", "body": [1, 4], "title": "关于第7号建议的答复", "answers": [{"citation": "关于改造老旧小区的建议"}]}
    t = R.reply_points(meta, _tables(paras, outline), MARKERS)
    assert t[["asked", "verdict"]].values.tolist() == [["关于改造老旧小区的建议", R.PARTLY]]


def test_seed_replies(seed_results):
    """000 answers two points (关于“先行先试…” and 关于“同步启动…”), 004 three; the handling class is copied as written."""
    rows = {r.meta["doc_id"]: R.reply_points(r.meta, r.tables, MARKERS) for r in seed_results.values() if R.is_reply(r.meta)}
    assert sorted(rows) == ["000_aefacb9a8e91e029", "001_4d260a6c99f69cce", "002_ce116f843137b983", "004_108dd3ca0faad3cd"]
    assert [len(rows[d]) for d in sorted(rows)] == [2, 1, 1, 3]
    assert rows["004_108dd3ca0faad3cd"]["asked"].str.startswith("关于").all()
    assert rows["000_aefacb9a8e91e029"].loc[1, "promised"] > 0  # the second point promises work
    summ = R.summary(pd.concat(rows.values()), [r.meta for r in seed_results.values()]).set_index("doc_id")
    assert summ.loc["004_108dd3ca0faad3cd", ["handling_class", "handling_result"]].tolist() == ["A", "采纳吸收"]


def test_reply_finding_has_its_base_and_dominant_reply():
    from policyreport.compare import findings as F

    pts = pd.DataFrame(
        [("a", R.ADOPTED), ("a", R.ADOPTED), ("a", R.EXPLAINED), ("b", R.PARTLY)],
        columns=["doc_id", "verdict"],
    )
    f = F.reply_handling(pts)
    assert (f["value"], f["base"], f["dominant"], f["dominant_share"]) == (4, 2, "a", 0.75)
    assert f["text"] == f"{R.ADOPTED} 2 点、{R.PARTLY} 1 点、{R.EXPLAINED} 1 点"
    assert F.reply_handling(pts.iloc[:0]) is None

"""Comparison of measures on three clauses worked out by hand."""

from __future__ import annotations

import pandas as pd

from policyreport.compare import measures as M


def test_measures_by_topic_with_lead_department():
    com = pd.DataFrame(
        [
            ("A", 1, "承诺", 2025.0, "30家", "加强临床试验机构建设"),
            ("B", 2, "已完成", None, None, "开展临床试验项目"),
            ("A", 3, "承诺", None, None, "完善医保支付"),
            ("B", 4, "已完成", None, None, "召开会议"),
        ],
        columns=["doc_id", "paragraph", "status", "target_year", "quantities", "clause"],
    )
    deps = pd.DataFrame(
        [("A", 1, "措施", "市科委", 1), ("A", 1, "措施", "市卫健委", 2)],
        columns=["doc_id", "paragraph", "measure", "department", "position"],
    )
    m = M.measures(com, deps, {"临床试验": ["临床试验"], "医保": ["医保"]})
    # 医保 is in one document only and 召开会议 has no topic: both left out
    assert m["topic"].tolist() == ["临床试验", "临床试验"]
    assert m["doc_id"].tolist() == ["A", "B"]
    assert m["department"].tolist() == ["市科委", M.NO_DEPARTMENT]
    assert m["target_year"].iloc[0] == 2025 and pd.isna(m["target_year"].iloc[1])


def test_no_commitments():
    assert M.measures(pd.DataFrame(), pd.DataFrame(), {"a": ["b"]}).empty

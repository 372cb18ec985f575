"""The outside-citation summary states ties as ties and never calls a single citation "most"."""

import pandas as pd
import pytest

from policyreport.report.views.outside_citations import OutsideCitationView


class Stub:
    def __init__(self, tables):
        self.tables = tables

    def table(self, name):
        return self.tables[name]


def view(cited_rows, edge_docs):
    v = OutsideCitationView.__new__(OutsideCitationView)
    v.docs = [{"doc_id": d} for d in "ABC"]
    cited = pd.DataFrame(cited_rows, columns=["rank", "key", "title", "doc_number", "citing_docs", "citing"])
    edges = pd.DataFrame({"doc_id": edge_docs, "key": ["k"] * len(edge_docs)})
    v.corpus = Stub({"outside_cited": cited, "outside_citations": edges})
    return v


@pytest.mark.parametrize(
    "rows, expected",
    [
        (
            [(1, "乙", "乙", None, 2, "B、C"), (1, "甲", "甲", "国发〔2015〕1号", 2, "A、B"), (3, "丙", "丙", None, 1, "C")],
            "并列的 2 份：《乙》、《甲》，各被 2 份",
        ),
        ([(1, "乙", "乙", None, 3, "A、B、C"), (2, "丙", "丙", None, 1, "C")], "被引最多的是《乙》，被 3 份"),
        ([(1, "乙", "乙", None, 1, "A"), (1, "丙", "丙", None, 1, "C")], "都只被一份语料文件引用，没有哪份被引最多"),
    ],
)
def test_summary_states_ties(rows, expected):
    assert expected in view(rows, ["A", "B", "C"]).outside_summary()


def test_no_outside_citations_says_so():
    assert "没有引用语料以外的文件" in view([], []).outside_summary()

"""Outside citations: three corpus documents, hand-made citation tables.

A cites 《甲》（国发〔2015〕1号）and the corpus document C by its title; B cites 国发〔2015〕1号 bare
(the same document as 《甲》, since A gives them together) and 《乙》 twice; C cites 《乙》 and 《丙》.
Outside documents: 甲 (A, B), 乙 (B, C), 丙 (C). 甲 and 乙 are tied at two citing documents:
both rank 1, and 丙 ranks 3.
"""

import pandas as pd

from policyreport.compare import citation_graph
from policyreport.extract.citations import CITED, NUMBER, citation_key


def table(rows):
    cols = ["kind", "citation", "key", "doc_number", "number_key", "paragraph", "sentence"]
    return pd.DataFrame(
        [(k, c, citation_key(c), n, citation_key(n) if n else None, p, f"句{p}") for k, c, n, p in rows], columns=cols
    )


CITATIONS = {
    "A": table([(CITED, "甲", "国发〔2015〕1号", 3), (CITED, "丁办法", None, 4)]),
    "B": table([(NUMBER, "国发〔2015〕1号", None, 2), (CITED, "乙", None, 5), (CITED, "乙", None, 7)]),
    "C": table([(CITED, "乙", None, 1), (CITED, "丙", None, 6)]),
}
METAS = {"A": {"title": "某通知"}, "B": {"title": "某意见"}, "C": {"title": "丁办法", "doc_number": "某发〔2020〕2号"}}


def test_edges_leave_out_corpus_documents_and_count_each_pair_once():
    e = citation_graph.edges(CITATIONS, METAS)
    got = sorted(zip(e["doc_id"], e["title"], e["paragraph"]))
    assert got == [("A", "甲", 3), ("B", "乙", 5), ("B", "甲", 2), ("C", "丙", 6), ("C", "乙", 1)]
    assert set(e.loc[e["title"] == "甲", "doc_number"]) == {"国发〔2015〕1号"}


def test_most_cited_counts_distinct_documents_and_ties_share_a_rank():
    m = citation_graph.most_cited(citation_graph.edges(CITATIONS, METAS))
    assert list(zip(m["title"], m["citing_docs"], m["rank"])) == [("乙", 2, 1), ("甲", 2, 1), ("丙", 1, 3)]
    assert m.loc[m["title"] == "甲", "citing"].item() == "A、B"


def test_names_do_not_depend_on_the_order_the_analyses_arrive_in():
    """Two documents write the same cited 文号 differently: the name shown is the first document's
    (by id), whether the analyses came from the cache or from workers in another order."""
    a = pd.DataFrame(
        {
            "kind": [citation_graph.NUMBER],
            "key": ["k"],
            "number_key": ["k"],
            "doc_number": ["国发〔2020〕41号"],
            "citation": ["国发〔2020〕41号"],
            "paragraph": [1],
            "sentence": [1],
        }
    )
    b = a.assign(doc_number=["国发[2020]41号"], citation=["国发[2020]41号"])
    metas = {"a": {}, "b": {}}
    forward = citation_graph.edges({"a": a, "b": b}, metas)
    backward = citation_graph.edges({"b": b, "a": a}, metas)
    pd.testing.assert_frame_equal(forward, backward)
    assert set(forward["doc_number"]) == {"国发〔2020〕41号"}

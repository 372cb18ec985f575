"""Ochiai, centrality, generic words, co-issuers and the network files, on examples worked out by hand."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from policyreport.compare import network
from policyreport.compare import network_export as X

# The example of test_network.py: sentences containing a 4, b 4, c 2, d 1; ab = 3, bc = 2.
HAND = {
    "d1": [["a", "b", "c"], ["a", "b"], ["a", "d"]],
    "d2": [["b", "c"], ["a", "b", "b"]],
}


@pytest.fixture(scope="module")
def hand():
    return network.cooccurrence(HAND, top_n=40, min_weight=2)


def test_ochiai(hand):
    _, edges = hand
    assert edges["ochiai"].tolist() == pytest.approx([3 / math.sqrt(4 * 4), 2 / math.sqrt(4 * 2)])  # 0.75, 0.7071


def test_centrality_of_the_path_a_b_c(hand):
    nodes, _ = hand
    n = nodes.set_index("term")
    # 4 nodes: degree / 3
    assert n["degree_centrality"].to_dict() == pytest.approx({"b": 2 / 3, "a": 1 / 3, "c": 1 / 3, "d": 0}, abs=1e-4)
    # b is on the only shortest path a–c; normalised by (n-1)(n-2)/2 = 3 pairs
    assert n["betweenness"].to_dict() == pytest.approx({"b": 1 / 3, "a": 0, "c": 0, "d": 0}, abs=1e-4)
    # path a–b–c with weights 0.75 and 0.7071: eigenvector (a, b, c) ∝ (0.75/λ, 1, 0.7071/λ),
    # λ = sqrt(0.75² + 0.7071²) = 1.0308; unit length → (0.5145, 0.7071, 0.4851); d is isolated → 0
    assert n["eigenvector"].to_dict() == pytest.approx({"a": 0.5145, "b": 0.7071, "c": 0.4851, "d": 0}, abs=1e-3)


def test_generic_words_are_left_out():
    nodes, _ = network.cooccurrence(HAND, min_weight=1, generic=frozenset({"b"}))
    assert "b" not in set(nodes["term"])


def test_document_frequency_rule_needs_ten_documents():
    docs = {f"d{i}": [["共同", f"词{i % 2}"]] for i in range(10)}
    nodes, _ = network.cooccurrence(docs, min_weight=1)
    assert set(nodes["term"]) == {"词0", "词1"}  # 共同 is in all ten documents
    nodes9, _ = network.cooccurrence({k: v for k, v in list(docs.items())[:9]}, min_weight=1)
    assert "共同" in set(nodes9["term"])


def test_co_issuers():
    nodes, edges = network.co_issuers({"x": "甲局、乙局", "y": "甲局、乙局、丙委", "z": "甲局", "w": None})
    assert dict(zip(nodes["issuer"], nodes["documents"])) == {"甲局": 3, "乙局": 2, "丙委": 1}
    assert {(r.source, r.target): r.weight for r in edges.itertuples()} == {
        ("乙局", "甲局"): 2,
        ("丙委", "甲局"): 1,
        ("丙委", "乙局"): 1,
    }


def test_exports_read_back(hand, tmp_path):
    nodes, edges = hand
    (tmp_path / "n.gexf").write_text(X.gexf(nodes, edges), encoding="utf-8")
    g = nx.read_gexf(tmp_path / "n.gexf")
    assert set(g.nodes) == {"a", "b", "c", "d"} and g.edges["a", "b"]["weight"] == 3
    (tmp_path / "n.net").write_text(X.pajek(nodes, edges), encoding="utf-8")
    p = nx.Graph(nx.read_pajek(tmp_path / "n.net"))
    assert set(p.nodes) == {"a", "b", "c", "d"} and p.edges["b", "c"]["weight"] == 2
    dl = X.ucinet_dl(nodes, edges).splitlines()
    # nodes in table order b, a, c, d → a–b is 2 1, b–c is 1 3
    assert dl == ["DL n=4", "format = edgelist1", "labels:", "b,a,c,d", "data:", "2 1 3", "1 3 2"]


def test_network_figure_draws_the_main_component_only(hand):
    import matplotlib.pyplot as plt

    from policyreport.report import charts

    nodes, edges = hand
    fig = charts.network_figure(nodes, edges)
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {"a", "b", "c"} <= labels and "d" not in labels
    assert "孤立词 1 个" in fig.axes[0].get_title()
    plt.close(fig)


def test_empty_co_issuers():
    nodes, edges = network.co_issuers({})
    assert nodes.empty and edges.empty and list(edges.columns) == ["source", "target", "weight"]
    assert isinstance(nodes, pd.DataFrame)

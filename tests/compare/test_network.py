"""Co-word network and document graph: a hand-made corpus with known answers, then the seeds."""

from __future__ import annotations

import os

os.environ["MPLBACKEND"] = "Agg"  # before matplotlib is imported by the module under test

import io
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import outputs_under_hash_seeds

from policyreport.compare import network
from policyreport.compare.links import links as document_links
from policyreport.ingest import corpus, segment
from policyreport.ingest.text import paragraphs, sentences
from policyreport.report import charts

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Five sentences in two documents. Per sentence the pairs are:
#   d1: {a,b,c} -> ab ac bc;  {a,b} -> ab;  {a,d} -> ad
#   d2: {b,c} -> bc;  {a,b,b} -> ab (b twice, the sentence still counts once)
# so ab = 3, bc = 2, ac = 1, ad = 1.
# Frequencies: a 4, b 5, c 2, d 1; documents: a 2, b 2, c 2, d 1 -> rank b, a, c, d.
# Sentences containing: a 4, b 4, c 2, d 1 -> Jaccard ab = 3 / (4 + 4 - 3) = 0.6, bc = 2 / (4 + 2 - 2) = 0.5.
HAND = {
    "d1": [["a", "b", "c"], ["a", "b"], ["a", "d"]],
    "d2": [["b", "c"], ["a", "b", "b"]],
}


def _edge_weights(edges: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(r.source, r.target): r.weight for r in edges.itertuples()}


def test_hand_made_weights_and_min_weight():
    nodes, edges = network.cooccurrence(HAND, top_n=40, min_weight=2)
    assert list(nodes.columns) == network.NODE_COLUMNS
    assert list(edges.columns) == network.EDGE_COLUMNS
    assert list(nodes["term"]) == ["b", "a", "c", "d"]
    assert list(nodes["frequency"]) == [5, 4, 2, 1]
    assert list(nodes["documents"]) == [2, 2, 2, 1]
    assert _edge_weights(edges) == {("a", "b"): 3, ("b", "c"): 2}
    assert edges["strength"].tolist() == pytest.approx([0.6, 0.5])
    assert list(nodes["degree"]) == [2, 1, 1, 0]
    assert list(nodes["weighted_degree"]) == [5, 3, 2, 0]

    _, all_edges = network.cooccurrence(HAND, min_weight=1)
    assert _edge_weights(all_edges) == {("a", "b"): 3, ("b", "c"): 2, ("a", "c"): 1, ("a", "d"): 1}
    assert (all_edges["source"] < all_edges["target"]).all()
    assert list(all_edges["weight"]) == sorted(all_edges["weight"], reverse=True)

    _, none = network.cooccurrence(HAND, min_weight=4)
    assert none.empty and list(none.columns) == network.EDGE_COLUMNS


def test_top_n_keeps_the_highest_ranked_terms():
    nodes, edges = network.cooccurrence(HAND, top_n=3, min_weight=1)
    assert list(nodes["term"]) == ["b", "a", "c"]
    assert _edge_weights(edges) == {("a", "b"): 3, ("b", "c"): 2, ("a", "c"): 1}


def test_deterministic_and_independent_of_input_order():
    first = network.cooccurrence(HAND, min_weight=1)
    second = network.cooccurrence(HAND, min_weight=1)
    reordered = network.cooccurrence(dict(reversed(list(HAND.items()))), min_weight=1)
    for a, b, c in zip(first, second, reordered):
        pd.testing.assert_frame_equal(a, b)
        pd.testing.assert_frame_equal(a, c)


def test_communities_numbered_by_size_then_first_term():
    # a 4-term clique, then two 3-term cliques (one starting with "d", one with "h"); no bridges
    big, left, right = ["丁", "甲", "乙", "丙"], ["h", "i", "j"], ["d", "e", "f"]
    data = {"x": [big, big, left, left, right, right]}
    nodes, edges = network.cooccurrence(data, min_weight=2)
    comm = dict(zip(nodes["term"], nodes["community"]))
    assert {comm[t] for t in big} == {0}
    assert {comm[t] for t in right} == {1}  # same size as `left`, but "d" < "h"
    assert {comm[t] for t in left} == {2}
    assert len(edges) == 6 + 3 + 3


def test_empty_input():
    nodes, edges = network.cooccurrence({})
    assert nodes.empty and list(nodes.columns) == network.NODE_COLUMNS
    assert edges.empty and list(edges.columns) == network.EDGE_COLUMNS
    plt.close(charts.network_figure(nodes, edges))
    plt.close(charts.document_graph_figure(network.document_pairs(pd.DataFrame(columns=["kind", "item", "doc_a", "doc_b"])), {}))


def test_document_pairs_counts_distinct_items_either_order():
    links = pd.DataFrame(
        [
            ("地名", "上海市", "A", "B"),
            ("机构", "市政府", "B", "A"),
            ("地名", "嘉定区", "A", "B"),
            ("地名", "上海市", "A", "B"),
            ("地名", "上海市", "A", "C"),
        ],
        columns=["kind", "item", "doc_a", "doc_b"],
    )
    pairs = network.document_pairs(links)
    assert pairs.to_dict("records") == [
        {"doc_a": "A", "doc_b": "B", "shared": 3, "kinds": "地名 2、机构 1"},
        {"doc_a": "A", "doc_b": "C", "shared": 1, "kinds": "地名 1"},
    ]
    fig = charts.document_graph_figure(pairs, {"A": "甲文件", "B": "乙文件", "C": "丙文件", "D": "丁文件"})
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {"甲文件", "丁文件", "3（地名 2、机构 1）"} <= labels
    plt.close(fig)


# --- the seeds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_terms(params):
    docs, skipped = corpus.read_corpus(SEEDS, "*.txt")
    assert not skipped and len(docs) == 5
    stop = segment.read_stopwords(params.stopwords)
    return {
        d.doc_id: segment.sentence_terms(sentences(paragraphs(d.text)), params.user_dict, stop, params.min_term_length)
        for d in docs
    }


@pytest.fixture(scope="module")
def seed_network(seed_terms):
    return network.cooccurrence(seed_terms, top_n=40, min_weight=2)


def test_seeds_edge_weights_checked_by_hand(seed_network):
    """Counted by reading every seed sentence that contains both words.

    临床试验 + 医疗器械, 6 sentences: 000 ¶8 (通过国家药品监督管理局医疗器械临床试验机构备案…),
    001 ¶21 (…10个新药研发项目进入临床试验阶段), 002 ¶11 (…国家药物/医疗器械临床试验机构认证…),
    002 ¶22 (…药品和医疗器械临床试验承接能力), 003 ¶33 (…药物及医疗器械临床试验责任险…),
    004 ¶14 (…体外诊断试剂和医疗器械试验项目4项).
    医疗器械 + 药品, 7 sentences: 000 ¶10, 002 ¶22, 003 ¶5, ¶33, ¶39 and two in ¶67. 000 ¶8 also
    contains the characters 药品, but only inside the organisation name 国家药品监督管理局, which
    is one token, so it does not count.
    """
    nodes, edges = seed_network
    weights = _edge_weights(edges)
    assert weights[("临床试验", "医疗器械")] == 6
    assert weights[("医疗器械", "药品")] == 7
    assert len(nodes) == 40 and nodes["term"].is_unique
    assert (edges["source"] < edges["target"]).all()
    assert (edges["weight"] >= 2).all()
    assert edges["strength"].between(0, 1).all()
    # degrees agree with the edge list
    deg = pd.concat([edges["source"], edges["target"]]).value_counts()
    assert dict(zip(nodes["term"], nodes["degree"])) == {t: int(deg.get(t, 0)) for t in nodes["term"]}


def test_seeds_deterministic(seed_terms, seed_network):
    again = network.cooccurrence(seed_terms, top_n=40, min_weight=2)
    for a, b in zip(seed_network, again):
        pd.testing.assert_frame_equal(a, b)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def test_seeds_network_figure(seed_network):
    nodes, edges = seed_network
    fig = charts.network_figure(nodes, edges)
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert set(nodes["term"]) <= labels
    assert _png(fig) == _png(charts.network_figure(nodes, edges))  # same layout every time


def test_remove_crossings_swaps_what_adjusttext_swaps():
    """The numpy `remove_crossings` against adjustText's own loop, on label boxes whose segments to
    their points cross often, touch at an end, lie on one line or are parallel."""
    import adjustText

    original = adjustText.remove_crossings
    assert original is not charts.remove_crossings  # adjustText's own, outside a network figure
    rng = np.random.default_rng(3)
    cases = []
    for n in (0, 1, 2, 5, 40):
        for _ in range(20):
            coords = rng.uniform(0, 100, (n, 4))
            cases.append((coords, rng.uniform(0, 100, (n, 2))))
    grid = np.array([[0, 2, 0, 2], [2, 4, 2, 4], [0, 2, 2, 4], [4, 6, 0, 2], [1, 3, 1, 3]], dtype=float)
    cases.append((grid, np.array([[5.0, 5.0], [1.0, 1.0], [3.0, 1.0], [1.0, 3.0], [2.0, 2.0]])))  # touching, collinear, parallel
    swapped = 0
    for coords, targets in cases:
        want = original(coords.copy(), targets, 0)
        got = charts.remove_crossings(coords.copy(), targets, 0)
        assert np.array_equal(got, want)
        swapped += not np.array_equal(want, coords)
    assert swapped > 30  # the cases do cross (41 of the 101)


def test_seeds_document_graph(seed_results):
    results = {r.meta["doc_id"]: r for r in seed_results.values()}
    links = document_links(results)
    labels = {d: r.meta.get("title") or d for d, r in results.items()}
    pairs = network.document_pairs(links)
    assert (pairs["doc_a"] < pairs["doc_b"]).all()
    assert pairs["shared"].sum() == len(links[["kind", "item", "doc_a", "doc_b"]].drop_duplicates())
    fig = charts.document_graph_figure(pairs, labels)
    assert len(fig.axes[0].collections) >= 1
    plt.close(fig)


class _Doc:
    """Just what `links` reads of an analysed document."""

    def __init__(self, citations, entities):
        self.tables = {
            "citations": pd.DataFrame(citations, columns=["kind", "citation", "key", "number_key", "paragraph", "sentence"]),
            "entities": pd.DataFrame(
                [(t, x, c, b, a, p, s) for t, x, c, b, a, p, s in entities],
                columns=["type", "text", "canonical", "body", "addressee", "paragraph", "sentence"],
            ),
        }


def _org(text, canonical, paragraph=1, body=None, addressee=False):
    return ("ORG", text, canonical, body if body is not None else canonical, addressee, paragraph, "s")


def _pairs(docs):
    return sorted(zip(*(document_links(docs)[c] for c in ("kind", "item", "doc_a", "doc_b"))))


def test_links_only_through_the_same_document_or_body():
    docs = {
        # title + 文号 in one document, the 文号 alone in the other: the same cited document
        "A": _Doc(
            [("文件名称", "关于促进健康服务业发展的若干意见", "T", "N", 1, "s")],
            [_org("市政府", "深圳市人民政府", 2), ("PLACE", "广东", "广东省", None, False, 3, "s"), _org("区政府", None, 4)],
        ),
        "B": _Doc(
            [("文号", "国发〔2013〕40号", "N", None, 1, "s")],
            [_org("市政府", "上海市人民政府", 2), ("PLACE", "广东", "广东省", None, False, 3, "s"), _org("区政府", None, 4)],
        ),
        "C": _Doc([], [_org("深圳市人民政府", "深圳市人民政府", 5)]),
    }
    assert _pairs(docs) == [("引用文件", "关于促进健康服务业发展的若干意见", "A", "B"), ("机构", "深圳市人民政府", "A", "C")]


def test_links_through_the_body_not_the_written_form():
    """国家卫健委 (2019) and 国家卫生计生委 (2016) are one body (org_aliases.yaml): a link, under the body's name."""
    docs = {
        "A": _Doc([], [_org("国家卫健委", "国家卫健委", body="国家卫生健康委员会")]),
        "B": _Doc([], [_org("国家卫生计生委", "国家卫生计生委", body="国家卫生健康委员会")]),
    }
    assert _pairs(docs) == [("机构", "国家卫生健康委员会", "A", "B")]


def test_no_link_from_addressee_lines():
    """A body named only in the 主送 line of two State Council documents links nothing; named in
    the text of both, it links them."""
    addressee = [_org("国务院", "国务院", 1, addressee=True), _org("财政部", "财政部", 1, addressee=True)]
    docs = {"A": _Doc([], addressee), "B": _Doc([], addressee)}
    assert _pairs(docs) == []
    docs["B"] = _Doc([], addressee + [_org("财政部", "财政部", 5)])
    docs["A"] = _Doc([], addressee + [_org("财政部", "财政部", 7)])
    assert _pairs(docs) == [("机构", "财政部", "A", "B")]


def test_no_link_through_a_body_most_documents_name():
    """With SHARE_MIN_DOCS or more documents, a body named by more than MAX_LINK_SHARE of them links
    no pair; one named by exactly that share still does."""
    from policyreport.compare.links import MAX_LINK_SHARE, SHARE_MIN_DOCS

    n = max(SHARE_MIN_DOCS, 4) // 2 * 2  # an even number of documents
    half = int(n * MAX_LINK_SHARE)
    docs = {f"D{i}": _Doc([], [_org("国务院", "国务院")] + ([_org("水利部", "水利部")] if i < half else [])) for i in range(n)}
    got = _pairs(docs)
    assert not [x for x in got if x[1] == "国务院"]
    assert len([x for x in got if x[1] == "水利部"]) == half * (half - 1) // 2


def test_seed_links_never_through_a_relative_name(seed_results):
    results = {r.meta["doc_id"]: r for r in seed_results.values()}
    links = document_links(results)
    assert set(links["kind"]) <= {"引用文件", "机构"}
    relative = {"市政府", "区政府", "市委", "市财政局", "区卫生健康委"}
    assert not set(links["item"]) & relative
    # Shenzhen (000) and Shanghai (003) both write 市政府: different bodies, no link between them
    pair = links[(links["doc_a"] == "000_aefacb9a8e91e029") & (links["doc_b"] == "003_68f055e16da9604c")]
    assert "深圳市人民政府" not in set(pair["item"]) and "上海市人民政府" not in set(pair["item"])


def test_network_figure_is_the_same_in_every_process():
    """The layout starts from the node order: a small main component among many isolated words
    must be drawn the same whatever the process's string hashing."""
    code = (
        "import hashlib, io, pandas as pd\n"
        "from policyreport.report import charts\n"
        "terms = ['产业', '上海', '研发', '精准医疗'] + [f'词{i}' for i in range(36)]\n"
        "nodes = pd.DataFrame({'term': terms, 'frequency': range(40, 0, -1), 'community': [0] * 40})\n"
        "edges = pd.DataFrame({'source': ['产业'] * 3, 'target': ['上海', '研发', '精准医疗'], 'weight': [5, 4, 3],\n"
        "                      'ochiai': [0.9, 0.6, 0.5]})\n"
        "buf = io.BytesIO(); charts.network_figure(nodes, edges).savefig(buf, format='png')\n"
        "print(hashlib.sha256(buf.getvalue()).hexdigest())\n"
    )
    assert len(outputs_under_hash_seeds(code)) == 1

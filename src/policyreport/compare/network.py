"""Networks: a co-word network of the corpus's key terms, and a graph of linked documents.

Co-word network: the `top_n` terms by document frequency (then total frequency, then the term
itself) are the nodes; two nodes are joined when they occur in the same sentence, with
weight = the number of sentences in which both occur (a sentence counts once per pair, however
often the terms repeat in it). `strength` is the Jaccard index of the two terms' sets of
sentences, weight / (s_a + s_b - weight), and `ochiai` the Ochiai (cosine) index
weight / sqrt(s_a × s_b), where s_x = number of sentences containing x; Ochiai is the usual
normalisation of co-word studies (it does not favour frequent terms the way raw counts do).
Generic words are left out before ranking: those of a data list (dictionaries/generic_terms.txt)
and, when the corpus has at least DF_RULE_MIN_DOCS documents, those used by every document.
Centrality (networkx): degree centrality, betweenness with distance 1 / ochiai (a strong tie is a
short path), eigenvector centrality weighted by ochiai, computed on the largest connected
component (it is not defined consistently across components; other nodes get 0).
Communities come from networkx's greedy modularity maximisation (Clauset-Newman-Moore,
weighted), which has no random element; the graph is built in sorted order so the result is
the same on every run.

Document graph: one node per document, one edge per pair of documents that share at least one
item (cited document, organisation, place) in the `links` table of `analysis._links`.
The drawings of both are in `charts`.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import networkx as nx
import pandas as pd

NODE_COLUMNS = [
    "term",
    "frequency",
    "documents",
    "degree",
    "weighted_degree",
    "community",
    "degree_centrality",
    "betweenness",
    "eigenvector",
]
EDGE_COLUMNS = ["source", "target", "weight", "strength", "ochiai"]
DF_RULE_MIN_DOCS = 10  # with fewer documents a word in all of them may be the corpus's subject, not generic


def graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
    """An undirected graph with nodes and edges added in table order (sorted, so deterministic)."""
    g = nx.Graph()
    for row in nodes.itertuples(index=False):
        g.add_node(row.term, frequency=int(row.frequency))
    for row in edges.itertuples(index=False):
        ochiai = float(getattr(row, "ochiai", 1.0))
        g.add_edge(row.source, row.target, weight=int(row.weight), ochiai=ochiai, distance=1 / ochiai if ochiai else math.inf)
    return g


def main_component(g: nx.Graph) -> set:
    """The largest connected component (ties: the one holding the smallest node name)."""
    return min(nx.connected_components(g), key=lambda c: (-len(c), min(c)))


def main_subgraph(g: nx.Graph) -> nx.Graph:
    """The largest connected component as a graph of its own, nodes and edges in `g`'s order: a
    subgraph view of a small component iterates a set, in an order that changes from process to
    process, and the layout and the eigenvectors depend on the order."""
    keep = main_component(g)
    main = nx.Graph()
    main.add_nodes_from((n, d) for n, d in g.nodes(data=True) if n in keep)
    main.add_edges_from((a, b, d) for a, b, d in g.edges(data=True) if a in keep)
    return main


def centrality(g: nx.Graph) -> dict[str, dict[str, float]]:
    """term -> degree centrality, betweenness (distance 1/ochiai, normalised) and eigenvector (ochiai)."""
    if g.number_of_nodes() == 0:
        return {}
    degree = nx.degree_centrality(g) if g.number_of_nodes() > 1 else {n: 0.0 for n in g}
    between = nx.betweenness_centrality(g, weight="distance", normalized=True)
    eigen = {n: 0.0 for n in g}
    if g.number_of_edges():
        eigen |= nx.eigenvector_centrality_numpy(main_subgraph(g), weight="ochiai")
    return {n: {"degree_centrality": degree[n], "betweenness": between[n], "eigenvector": abs(eigen[n])} for n in g}


def _communities(g: nx.Graph) -> dict[str, int]:
    """term -> community id; 0 is the largest community, ties broken by the community's first term."""
    if g.number_of_nodes() == 0:
        return {}
    if g.number_of_edges() == 0:
        groups = [{n} for n in g.nodes]
    else:
        groups = nx.community.greedy_modularity_communities(g, weight="weight")
    ordered = sorted((sorted(c) for c in groups), key=lambda c: (-len(c), c[0]))
    return {term: i for i, members in enumerate(ordered) for term in members}


def generic_terms(documents: Counter, n_docs: int, listed: frozenset[str] = frozenset()) -> set[str]:
    """The listed generic words, and (with at least DF_RULE_MIN_DOCS documents) words used by every document."""
    by_df = {t for t, n in documents.items() if n >= n_docs} if n_docs >= DF_RULE_MIN_DOCS else set()
    return set(listed) | by_df


def cooccurrence(
    doc_sentence_terms: dict[str, list[list[str]]], top_n: int = 40, min_weight: int = 2, generic: frozenset[str] = frozenset()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges of the sentence-level co-word network of the corpus's `top_n` terms.

    `doc_sentence_terms` maps each document id to its sentences, each a list of content terms
    (see `sentence_terms`). Nodes (columns NODE_COLUMNS): `frequency` = occurrences in the corpus,
    `documents` = number of documents using the term, `degree` / `weighted_degree` over the kept
    edges, `community` = integer id. Edges (columns EDGE_COLUMNS, source < target): `weight` =
    sentences containing both terms, kept when >= `min_weight`; `strength` = Jaccard index of the
    two terms' sentence sets. Nodes are sorted by rank (documents, frequency desc, term), edges by
    weight desc, then source, target.
    """
    frequency: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for sents in doc_sentence_terms.values():
        doc_counts = Counter(t for s in sents for t in s)
        frequency.update(doc_counts)
        documents.update(doc_counts.keys())
    dropped = generic_terms(documents, len(doc_sentence_terms), generic)
    ranked = sorted((t for t in frequency if t not in dropped), key=lambda t: (-documents[t], -frequency[t], t))[:top_n]
    keep = set(ranked)

    sentence_freq: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for _, sents in sorted(doc_sentence_terms.items()):
        for s in sents:
            present = sorted(keep.intersection(s))
            sentence_freq.update(present)
            pairs.update(combinations(present, 2))

    edge_rows = [
        (a, b, w, w / (sentence_freq[a] + sentence_freq[b] - w), w / math.sqrt(sentence_freq[a] * sentence_freq[b]))
        for (a, b), w in pairs.items()
        if w >= min_weight
    ]
    edges = pd.DataFrame(edge_rows, columns=EDGE_COLUMNS)
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="mergesort")
    edges = edges.reset_index(drop=True).astype({"weight": "int64", "strength": "float64", "ochiai": "float64"})

    nodes = pd.DataFrame(
        {
            "term": ranked,
            "frequency": [frequency[t] for t in ranked],
            "documents": [documents[t] for t in ranked],
        }
    )
    g = graph(nodes, edges)
    community = _communities(g)
    nodes["degree"] = [g.degree(t) for t in ranked]
    nodes["weighted_degree"] = [g.degree(t, weight="weight") for t in ranked]
    nodes["community"] = [community[t] for t in ranked]
    cent = centrality(g)
    for c in NODE_COLUMNS[6:]:
        nodes[c] = [round(cent[t][c], 4) for t in ranked]
    nodes = nodes.astype({c: "int64" for c in NODE_COLUMNS[1:6]}) if len(nodes) else nodes.astype({"term": object})
    return nodes[NODE_COLUMNS], edges


def document_pairs(links: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of documents sharing something in `links`: doc_a, doc_b, shared (number of
    distinct shared items), kinds ("机构 5、地名 2", most frequent kind first)."""
    cols = ["doc_a", "doc_b", "shared", "kinds"]
    if links is None or len(links) == 0:
        return pd.DataFrame(columns=cols)
    d = links[["kind", "item", "doc_a", "doc_b"]].copy()
    swap = d["doc_a"] > d["doc_b"]
    d.loc[swap, ["doc_a", "doc_b"]] = d.loc[swap, ["doc_b", "doc_a"]].to_numpy()
    d = d.drop_duplicates()
    rows = []
    for (a, b), grp in d.groupby(["doc_a", "doc_b"], sort=True):
        kinds = sorted(Counter(grp["kind"]).items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append((a, b, len(grp), "、".join(f"{k} {n}" for k, n in kinds)))
    return pd.DataFrame(rows, columns=cols)


ISSUER_SEPARATORS = "、，,；;"  # not spaces: a web page's breadcrumb in a badly extracted issuer would make false pairs


def co_issuers(issuers: dict[str, str | None]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The co-issuer network: one node per issuing body (documents = how many it issued or co-issued),
    one edge per pair of bodies that issued documents jointly (weight = number of such documents).
    `issuers` maps doc_id to the issuer as written; joint issuers are listed with 、 (GB/T 9704)."""
    documents: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for _, who in sorted(issuers.items()):
        names = sorted({n.strip() for n in _split(who or "") if n.strip()})
        documents.update(names)
        pairs.update(combinations(names, 2))
    nodes = pd.DataFrame(sorted(documents.items(), key=lambda kv: (-kv[1], kv[0])), columns=["issuer", "documents"])
    edges = pd.DataFrame([(a, b, w) for (a, b), w in sorted(pairs.items())], columns=["source", "target", "weight"])
    return nodes, edges


def _split(text: str) -> list[str]:
    for sep in ISSUER_SEPARATORS[1:]:
        text = text.replace(sep, ISSUER_SEPARATORS[0])
    return text.split(ISSUER_SEPARATORS[0])

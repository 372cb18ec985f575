"""Networks: a co-word network of the corpus's key terms, and a graph of linked documents.

Co-word network: the `top_n` terms by document frequency (then total frequency, then the term
itself) are the nodes; two nodes are joined when they occur in the same sentence, with
weight = the number of sentences in which both occur (a sentence counts once per pair, however
often the terms repeat in it). `strength` is the Jaccard index of the two terms' sets of
sentences, weight / (s_a + s_b - weight), where s_x = number of sentences containing x.
Communities come from networkx's greedy modularity maximisation (Clauset-Newman-Moore,
weighted), which has no random element; the graph is built in sorted order so the result is
the same on every run.

Document graph: one node per document, one edge per pair of documents that share at least one
item (cited document, organisation, place) in the `links` table of `analysis._links`.
The drawings of both are in `charts`.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx
import pandas as pd

NODE_COLUMNS = ["term", "frequency", "documents", "degree", "weighted_degree", "community"]
EDGE_COLUMNS = ["source", "target", "weight", "strength"]


def graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
    """An undirected graph with nodes and edges added in table order (sorted, so deterministic)."""
    g = nx.Graph()
    for row in nodes.itertuples(index=False):
        g.add_node(row.term, frequency=int(row.frequency))
    for row in edges.itertuples(index=False):
        g.add_edge(row.source, row.target, weight=int(row.weight))
    return g


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


def cooccurrence(
    doc_sentence_terms: dict[str, list[list[str]]], top_n: int = 40, min_weight: int = 2
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
    ranked = sorted(frequency, key=lambda t: (-documents[t], -frequency[t], t))[:top_n]
    keep = set(ranked)

    sentence_freq: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for _, sents in sorted(doc_sentence_terms.items()):
        for s in sents:
            present = sorted(keep.intersection(s))
            sentence_freq.update(present)
            pairs.update(combinations(present, 2))

    edge_rows = [(a, b, w, w / (sentence_freq[a] + sentence_freq[b] - w)) for (a, b), w in pairs.items() if w >= min_weight]
    edges = pd.DataFrame(edge_rows, columns=EDGE_COLUMNS)
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="mergesort")
    edges = edges.reset_index(drop=True).astype({"weight": "int64", "strength": "float64"})

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
    nodes = nodes.astype({c: "int64" for c in NODE_COLUMNS[1:]}) if len(nodes) else nodes.astype({"term": object})
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

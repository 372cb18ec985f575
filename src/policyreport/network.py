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
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from itertools import combinations

import matplotlib.pyplot as plt
from matplotlib import patheffects
import networkx as nx
import pandas as pd

from . import segment
from .fonts import setup

NODE_COLUMNS = ["term", "frequency", "documents", "degree", "weighted_degree", "community"]
EDGE_COLUMNS = ["source", "target", "weight", "strength"]
LAYOUT_SEED = 42
PALETTE = plt.get_cmap("tab10").colors
OTHER_COLOUR = "#b0b0b0"


def sentence_terms(sentences, user_dict: str, stopwords: frozenset[str], min_length: int = 2) -> list[list[str]]:
    """The content terms of each sentence (segmented from its `norm` form), in sentence order."""
    return [segment.content_terms(segment.tag(s.norm, user_dict), stopwords, min_length) for s in sentences]


def _graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
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

    edge_rows = [
        (a, b, w, w / (sentence_freq[a] + sentence_freq[b] - w))
        for (a, b), w in pairs.items() if w >= min_weight
    ]
    edges = pd.DataFrame(edge_rows, columns=EDGE_COLUMNS)
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="mergesort")
    edges = edges.reset_index(drop=True).astype({"weight": "int64", "strength": "float64"})

    nodes = pd.DataFrame({
        "term": ranked,
        "frequency": [frequency[t] for t in ranked],
        "documents": [documents[t] for t in ranked],
    })
    g = _graph(nodes, edges)
    community = _communities(g)
    nodes["degree"] = [g.degree(t) for t in ranked]
    nodes["weighted_degree"] = [g.degree(t, weight="weight") for t in ranked]
    nodes["community"] = [community[t] for t in ranked]
    nodes = nodes.astype({c: "int64" for c in NODE_COLUMNS[1:]}) if len(nodes) else nodes.astype({"term": object})
    return nodes[NODE_COLUMNS], edges


def _colour(community: int):
    return PALETTE[community] if community < len(PALETTE) else OTHER_COLOUR


def _proportional(values, lo: float, hi: float) -> list[float]:
    """lo + (hi - lo) * value / max: proportional to the value, so 2 is drawn twice as big as 1."""
    values = [max(float(v), 0.0) for v in values]
    top = max(values, default=0.0) or 1.0
    return [lo + (hi - lo) * v / top for v in values]


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, seed: int = LAYOUT_SEED) -> plt.Figure:
    """The co-word network: spring layout (fixed seed, pulled by weight), node area ~ frequency,
    colour = community (communities beyond the tenth in grey), edge width ~ weight."""
    setup()
    g = _graph(nodes, edges)
    fig, ax = plt.subplots(figsize=(9, 7.5))
    ax.set_axis_off()
    if g.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "没有可绘制的词语", ha="center", va="center", transform=ax.transAxes)
        return fig
    k = 2.2 / math.sqrt(g.number_of_nodes())
    pos = nx.spring_layout(g, k=k, weight="weight", seed=seed, iterations=200)
    order = list(nodes["term"])
    by_term = nodes.set_index("term")
    if len(edges):
        nx.draw_networkx_edges(
            g, pos, ax=ax, edgelist=list(zip(edges["source"], edges["target"])),
            width=_proportional(edges["weight"], 0.0, 6.0), edge_color="#8a8a8a", alpha=0.35,
        )
    nx.draw_networkx_nodes(
        g, pos, ax=ax, nodelist=order, node_size=_proportional(by_term.loc[order, "frequency"], 60, 1800),
        node_color=[_colour(int(c)) for c in by_term.loc[order, "community"]],
        alpha=0.85, linewidths=0.8, edgecolors="white",
    )
    texts = nx.draw_networkx_labels(g, pos, ax=ax, labels={t: t for t in order}, font_size=9,
                                    font_family=plt.rcParams["font.family"][0])
    for t in texts.values():
        t.set_path_effects([patheffects.withStroke(linewidth=2.5, foreground="white")])
    xs, ys = zip(*pos.values())
    pad_x, pad_y = 0.08 * (max(xs) - min(xs) or 1), 0.06 * (max(ys) - min(ys) or 1)
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    n_comm = int(nodes["community"].max()) + 1
    ax.set_title(f"共词网络：{len(nodes)} 个词，{len(edges)} 条边，{n_comm} 个社群（颜色）", fontsize=11)
    fig.tight_layout()
    return fig


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


def document_graph_figure(links: pd.DataFrame, labels: dict[str, str]) -> plt.Figure:
    """Documents on a circle (sorted by id, so the layout is fixed); an edge joins two documents
    that share cited documents, organisations or places, width ~ number of shared items, labelled
    with that number and the kinds."""
    setup()
    pairs = document_pairs(links)
    docs = sorted(set(labels) | set(pairs["doc_a"]) | set(pairs["doc_b"]))
    g = nx.Graph()
    g.add_nodes_from(docs)
    for row in pairs.itertuples(index=False):
        g.add_edge(row.doc_a, row.doc_b, shared=int(row.shared), kinds=row.kinds)
    fig, ax = plt.subplots(figsize=(9, 7.5))
    ax.set_axis_off()
    if not docs:
        ax.text(0.5, 0.5, "没有文件", ha="center", va="center", transform=ax.transAxes)
        return fig
    pos = nx.circular_layout(docs) if len(docs) > 1 else {docs[0]: (0.0, 0.0)}
    family = plt.rcParams["font.family"][0]
    if len(pairs):
        edgelist = list(zip(pairs["doc_a"], pairs["doc_b"]))
        nx.draw_networkx_edges(g, pos, ax=ax, edgelist=edgelist, width=_proportional(pairs["shared"], 0.0, 8.0),
                               edge_color="#3b6ea5", alpha=0.5)
        nx.draw_networkx_edge_labels(
            g, pos, ax=ax, font_size=8, font_family=family,
            edge_labels={(r.doc_a, r.doc_b): f"{r.shared}（{r.kinds}）" for r in pairs.itertuples(index=False)},
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    nx.draw_networkx_nodes(g, pos, ax=ax, nodelist=docs, node_size=500, node_color="#c77c2e", edgecolors="white")
    for doc in docs:
        x, y = pos[doc]
        lines = textwrap.wrap(labels.get(doc, doc), 16) or [doc]
        text = "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")
        ax.annotate(text, (x, y), xytext=(0, 14 if y >= 0 else -14), textcoords="offset points",
                    ha="center", va="bottom" if y >= 0 else "top", fontsize=8.5, family=family,
                    path_effects=[patheffects.withStroke(linewidth=3, foreground="white")])
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.35, 1.35)
    ax.set_title("文件之间的关联（边：共同引用的文件、机构、地名的个数）", fontsize=11)
    fig.tight_layout()
    return fig

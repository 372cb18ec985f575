"""Network files for Gephi, Pajek and UCINET, written from the stored node and edge tables.

GEXF and Pajek come from networkx's writers; UCINET's DL format (edgelist1 with a labels list,
as UCINET 6's DL import reads it) is short enough to write here. All are UTF-8 text.
"""

from __future__ import annotations

import pandas as pd


def _graph(nodes: pd.DataFrame, edges: pd.DataFrame, node: str = "term"):
    import networkx as nx

    g = nx.Graph()
    for row in nodes.to_dict("records"):
        name = row.pop(node)
        g.add_node(name, **{k: v for k, v in row.items() if pd.notna(v)})
    for row in edges.to_dict("records"):
        a, b = row.pop("source"), row.pop("target")
        g.add_edge(a, b, **{k: v for k, v in row.items() if pd.notna(v)})
    return g


def gexf(nodes: pd.DataFrame, edges: pd.DataFrame, node: str = "term") -> str:
    """GEXF 1.2 (Gephi), node and edge attributes included."""
    import networkx as nx

    return "\n".join(nx.generate_gexf(_graph(nodes, edges, node))) + "\n"


def pajek(nodes: pd.DataFrame, edges: pd.DataFrame, node: str = "term") -> str:
    """Pajek .net: *vertices with quoted labels, *edges with the co-occurrence weight."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(nodes[node])
    g.add_weighted_edges_from((r.source, r.target, int(r.weight)) for r in edges.itertuples(index=False))
    return "\n".join(nx.generate_pajek(g)) + "\n"


def ucinet_dl(nodes: pd.DataFrame, edges: pd.DataFrame, node: str = "term") -> str:
    """UCINET DL, edgelist1 format: the labels listed once, then `i j weight` lines (1-based)."""
    names = [str(n).replace(",", "，").replace('"', "'") for n in nodes[node]]
    index = {n: i for i, n in enumerate(nodes[node], start=1)}
    lines = [f"DL n={len(names)}", "format = edgelist1", "labels:", ",".join(names), "data:"]
    lines += [f"{index[r.source]} {index[r.target]} {int(r.weight)}" for r in edges.itertuples(index=False)]
    return "\n".join(lines) + "\n"

"""Which corpus documents cite which documents outside the corpus.

A cited document is identified by its 《》 title or its 文号; the two are one document when any
text of the corpus gives them together (as in `compare.links`). A cited document is inside the
corpus when its title or 文号 is a corpus document's own; every other one is outside. Each
(citing document, outside document) pair is counted once, at its first mention, and the outside
documents are ranked by the number of distinct corpus documents that cite them (competition
ranking: documents cited equally often share a rank).
"""

from __future__ import annotations

import pandas as pd

from policyreport.extract.citations import CITED, NUMBER, citation_key

EDGE_COLUMNS = ["doc_id", "key", "title", "doc_number", "paragraph", "sentence"]
CITED_COLUMNS = ["rank", "key", "title", "doc_number", "citing_docs", "citing"]


def _names(citations: dict[str, pd.DataFrame]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """文号 key → title key (from every title given with its 文号), and each document key's title
    and 文号 as first written in the corpus, documents taken in the order of their ids: the same
    names however the analyses were gathered (from the cache, from workers finishing in any order)."""
    alias, titles, numbers = {}, {}, {}
    citations = {d: citations[d] for d in sorted(citations)}
    for c in citations.values():
        for key, nkey, written in zip(c["key"], c["number_key"], c["doc_number"]):
            if isinstance(nkey, str) and nkey:
                alias.setdefault(nkey, key)
                numbers.setdefault(key, written)
    for c in citations.values():
        for kind, key, written in zip(c["kind"], c["key"], c["citation"]):
            key = alias.get(key, key)
            if kind == CITED:
                titles.setdefault(key, written)
            elif kind == NUMBER:
                numbers.setdefault(key, written)
    return alias, titles, numbers


def edges(citations: dict[str, pd.DataFrame], metas: dict[str, dict]) -> pd.DataFrame:
    """One row per corpus document and outside document it cites: the outside document's title
    (None when only its 文号 is known) and 文号, and where the citing document first mentions it."""
    alias, titles, numbers = _names(citations)
    own = {citation_key(m[f]) for m in metas.values() for f in ("title", "doc_number") if m.get(f)}
    own |= {alias.get(k, k) for k in own}
    rows, seen = [], set()
    for doc_id in sorted(citations):
        c = citations[doc_id]
        for kind, key, paragraph, sentence in zip(c["kind"], c["key"], c["paragraph"], c["sentence"]):
            key = alias.get(key, key)
            if kind not in (CITED, NUMBER) or key in own or (doc_id, key) in seen:
                continue
            seen.add((doc_id, key))
            rows.append((doc_id, key, titles.get(key), numbers.get(key), paragraph, sentence))
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def most_cited(edge_table: pd.DataFrame) -> pd.DataFrame:
    """Outside documents by the number of distinct corpus documents citing them; equal counts
    share a rank (1, 2, 2, 4)."""
    if edge_table.empty:
        return pd.DataFrame(columns=CITED_COLUMNS)
    g = edge_table.groupby("key").agg(
        title=("title", "first"),
        doc_number=("doc_number", "first"),
        citing_docs=("doc_id", "nunique"),
        citing=("doc_id", lambda s: "、".join(sorted(set(s)))),
    )
    g = g.reset_index().sort_values(["citing_docs", "key"], ascending=[False, True])
    g["rank"] = g["citing_docs"].rank(method="min", ascending=False).astype(int)
    return g[CITED_COLUMNS].reset_index(drop=True)

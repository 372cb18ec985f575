"""Links between documents: pairs that cite the same document or name the same body or place."""

from __future__ import annotations

import pandas as pd

from policyreport.extract.document import DocumentResult

MAX_LINK_DOCS = 8  # an item named by more documents is common ground, not a specific link


def links(results: dict[str, DocumentResult]) -> pd.DataFrame:
    """Pairs of documents that cite the same document or name the same organisation or place,
    with the first sentence of each side.

    Items named by more than MAX_LINK_DOCS documents (a province, 国务院) are left out: they
    say little about a pair, and listing all their pairs would grow with the square of the corpus.
    """
    items: dict[tuple[str, str], dict[str, tuple[int, str, str]]] = {}
    for doc_id, r in sorted(results.items()):
        for row in r.tables["citations"].itertuples():
            items.setdefault(("引用文件", row.key), {}).setdefault(doc_id, (row.paragraph, row.sentence, row.citation))
        for row in r.tables["entities"].itertuples():
            if row.type in ("ORG", "PLACE"):
                kind = "机构" if row.type == "ORG" else "地名"
                items.setdefault((kind, row.canonical), {}).setdefault(doc_id, (row.paragraph, row.sentence, row.canonical))
    rows = []
    for (kind, _), by_doc in sorted(items.items()):
        docs = sorted(by_doc)
        if len(docs) > MAX_LINK_DOCS:
            continue
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                pa, sa, label = by_doc[a]
                pb, sb, _ = by_doc[b]
                rows.append((kind, label, a, pa, sa, b, pb, sb))
    return pd.DataFrame(
        rows, columns=["kind", "item", "doc_a", "paragraph_a", "sentence_a", "doc_b", "paragraph_b", "sentence_b"]
    )

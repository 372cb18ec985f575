"""Corpus findings computed once at analysis time (not when a page is shown), one row each.

Each finding names what it is, its value, and where its evidence is (documents, paragraph,
sentence). `ties` is how many candidates share the top value (1 = distinct), so a page can
refuse to call a tie "the most".
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["finding", "text", "value", "doc_a", "doc_b", "paragraph", "sentence", "ties"]
YI_PER_UNIT = {"亿元": 1.0, "万亿元": 10_000.0}  # amounts compared in 亿元


def _row(finding: str, **kw) -> dict:
    return {c: kw.get(c) for c in COLUMNS} | {"finding": finding}


def largest_amount(quantities: dict[str, pd.DataFrame]) -> dict | None:
    """The largest amount in 亿元 or 万亿元 (converted to 亿元); the first in document order wins a tie."""
    best, ties = None, 0
    for doc_id, q in sorted(quantities.items()):
        if q.empty:
            continue
        q = q[q["unit"].isin(list(YI_PER_UNIT))]
        for row in q.itertuples():
            v = float(row.value) * YI_PER_UNIT[row.unit]
            if best is None or v > best["value"]:
                best, ties = (
                    _row(
                        "largest_amount",
                        text=row.text,
                        value=v,
                        doc_a=doc_id,
                        paragraph=int(row.paragraph),
                        sentence=row.sentence,
                    ),
                    1,
                )
            elif v == best["value"]:
                ties += 1
    return best and best | {"ties": ties}


def most_cited(cited: dict[str, pd.DataFrame]) -> dict | None:
    """The document cited by the most corpus documents (key order breaks ties)."""
    counts: dict[str, set] = {}
    shown = {}
    for doc_id, c in sorted(cited.items()):
        for row in c.itertuples():
            counts.setdefault(row.key, set()).add(doc_id)
            shown.setdefault(row.key, f"《{row.citation}》" if row.kind == "文件名称" else row.citation)
    if not counts:
        return None
    key = sorted(counts, key=lambda k: (-len(counts[k]), k))[0]
    n = len(counts[key])
    return _row("most_cited", text=shown[key], value=n, ties=sum(len(v) == n for v in counts.values()))


def most_similar_pair(sim: pd.DataFrame) -> dict | None:
    """The pair of documents with the highest cosine similarity (first in matrix order wins a tie)."""
    best, ties = None, 0
    ids = list(sim.index)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            v = float(sim.loc[a, b])
            if best is None or v > best["value"]:
                best, ties = _row("most_similar_pair", value=v, doc_a=a, doc_b=b), 1
            elif v == best["value"]:
                ties += 1
    return best and best | {"ties": ties}


def top_topic(topics: pd.DataFrame) -> dict | None:
    """The topic with the highest mean coverage (hits per 10,000 characters) over the documents."""
    if topics.empty or not len(topics.columns):
        return None
    mean = topics.mean(axis=0).sort_values(ascending=False)
    return _row("top_topic", text=str(mean.index[0]), value=float(mean.iloc[0]), ties=int((mean == mean.iloc[0]).sum()))


def findings(
    quantities: dict[str, pd.DataFrame], cited: dict[str, pd.DataFrame], sim: pd.DataFrame, topics: pd.DataFrame
) -> pd.DataFrame:
    """The findings table (columns COLUMNS); a finding with no candidate has no row."""
    rows = [
        largest_amount(quantities),
        most_cited(cited),
        most_similar_pair(sim) if len(sim) > 1 else None,
        top_topic(topics),
    ]
    return pd.DataFrame([r for r in rows if r], columns=COLUMNS)

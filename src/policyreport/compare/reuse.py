"""Text reuse between documents: sentences of a later document that repeat a sentence of an earlier one.

Sentences of the body (`text.sentences`) are compared by character shingles (SHINGLE characters,
punctuation and spaces removed, so a changed comma does not hide a copy). A later sentence reuses an
earlier one when at least THRESHOLD of its shingles occur in it (containment, Broder 1997); candidate
pairs come from an inverted index of shingles, so the comparison stays fast on large corpora.
Direction: from the document issued earlier (date, else year) to the later one; when the order is
unknown or the dates are equal the pair is kept with `direction` = 未知. Sentences shorter than
MIN_CHARS are left out: closing formulas (特此函复) are shared by every reply and say nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import pandas as pd

from policyreport.ingest.text import CJK, Paragraph, normalize, sentences

SHINGLE = 5
THRESHOLD = 0.6
MIN_CHARS = 20
_KEEP = re.compile(f"[{CJK}0-9A-Za-z]")
COLUMNS = [
    "doc_from",
    "doc_to",
    "direction",
    "lag_days",
    "lag_years",
    "paragraph_from",
    "paragraph_to",
    "containment",
    "sentence_from",
    "sentence_to",
]
PAIR_COLUMNS = ["doc_from", "doc_to", "direction", "lag_days", "lag_years", "sentences", "share_of_later"]


def body_sentences(paragraphs: pd.DataFrame, body: tuple[int, int] | list | None) -> list[tuple[int, str]]:
    """(paragraph, sentence) of the body paragraphs of a stored paragraphs table."""
    first, last = body if body else (1, 10**9)
    paras = [
        Paragraph(int(n), str(t), normalize(str(t)), int(line))
        for n, line, t in zip(paragraphs["paragraph"], paragraphs["line"], paragraphs["text"])
    ]
    return [(s.paragraph, s.text) for s in sentences([p for p in paras if first <= p.n <= last])]


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    chars = "".join(_KEEP.findall(normalize(text)))
    return frozenset(chars[i : i + k] for i in range(max(len(chars) - k + 1, 0)))


def when(meta: dict) -> tuple[date | None, int | None]:
    d = meta.get("date")
    return (date.fromisoformat(d) if isinstance(d, str) and d else None), (int(meta["year"]) if meta.get("year") else None)


def _order(a: dict, b: dict) -> tuple[dict, dict, str, int | None, int | None]:
    (da, ya), (db, yb) = when(a), when(b)
    if da and db and da != db:
        first, second = (a, b) if da < db else (b, a)
        lag = abs((db - da).days)
        return first, second, "先→后", lag, abs(yb - ya) if ya and yb else None
    if ya and yb and ya != yb:
        first, second = (a, b) if ya < yb else (b, a)
        return first, second, "先→后", None, abs(yb - ya)
    return a, b, "未知", None, None


def reuse(docs: dict[str, tuple[dict, list[tuple[int, str]]]], threshold: float = THRESHOLD) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reused sentences (COLUMNS) and one row per directed document pair (PAIR_COLUMNS).

    `docs` maps doc_id to (metadata with doc_id/date/year, body sentences as (paragraph, text))."""
    index: dict[str, set[tuple[str, int]]] = defaultdict(set)
    sh: dict[tuple[str, int], frozenset[str]] = {}
    for d, (_, sents) in sorted(docs.items()):
        for i, (_, text) in enumerate(sents):
            if len("".join(_KEEP.findall(text))) >= MIN_CHARS:
                sh[(d, i)] = shingles(text)
                for s in sh[(d, i)]:
                    index[s].add((d, i))
    rows = []
    for key, own in sorted(sh.items()):
        shared: dict[tuple[str, int], int] = defaultdict(int)
        for s in own:
            for other in index[s]:
                if other[0] != key[0]:
                    shared[other] += 1
        for other, n in sorted(shared.items()):
            if key >= other:
                continue
            smaller = min(len(own), len(sh[other]))
            if not smaller or n / smaller < threshold:
                continue
            first, second, direction, lag_days, lag_years = _order(docs[key[0]][0], docs[other[0]][0])
            src, dst = (key, other) if first["doc_id"] == key[0] else (other, key)
            (p_from, s_from), (p_to, s_to) = docs[src[0]][1][src[1]], docs[dst[0]][1][dst[1]]
            rows.append((src[0], dst[0], direction, lag_days, lag_years, p_from, p_to, round(n / smaller, 3), s_from, s_to))
    found = (
        pd.DataFrame(rows, columns=COLUMNS)
        .sort_values(["doc_from", "doc_to", "paragraph_to"], kind="stable")
        .reset_index(drop=True)
    )
    return found, pairs(found, docs)


def pairs(found: pd.DataFrame, docs: dict) -> pd.DataFrame:
    """Per directed pair: reused sentences of the later document, and their share of its sentences."""
    if found.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    g = found.groupby(["doc_from", "doc_to", "direction"], sort=True, dropna=False)
    out = g.agg(
        lag_days=("lag_days", "first"), lag_years=("lag_years", "first"), sentences=("sentence_to", "nunique")
    ).reset_index()
    out["share_of_later"] = [round(n / max(len(docs[d][1]), 1), 4) for d, n in zip(out["doc_to"], out["sentences"])]
    return out[PAIR_COLUMNS]

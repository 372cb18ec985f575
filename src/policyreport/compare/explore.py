"""Corpus exploration as Voyant users expect it, precomputed: collocates of chosen terms, repeated
phrases (n-grams) and term trends by year.

- Collocates: within the sentence (terms of `DocumentResult.sentence_terms`). For keyword k and word
  c with a = sentences holding both, b = k without c, c_ = c without k, d = neither, the score is
  Dunning's (1993) log-likelihood G² = 2 Σ O ln(O / E) over the 2×2 table; pairs seen in fewer
  than MIN_TOGETHER sentences are left out. Keywords are the parameter `kwic_keywords`; those that
  occur in no sentence are replaced by the corpus's most frequent content terms (and `derived` says so).
- Repeated phrases: runs of N_MIN…N_MAX consecutive content terms found in at least two documents.
- Term trends: occurrences per 10,000 terms by year, for the TREND_TERMS most frequent terms.
"""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

MIN_TOGETHER = 2
N_MIN, N_MAX = 3, 5
TREND_TERMS = 8
FALLBACK_KEYWORDS = 5


def g2(a: int, b: int, c: int, d: int) -> float:
    """Dunning's log-likelihood of a 2×2 contingency table [[a, b], [c, d]]."""
    n = a + b + c + d
    rows, cols = (a + b, c + d), (a + c, b + d)
    total = 0.0
    for o, r, k in ((a, 0, 0), (b, 0, 1), (c, 1, 0), (d, 1, 1)):
        e = rows[r] * cols[k] / n if n else 0
        if o and e:
            total += o * math.log(o / e)
    return round(2 * total, 4)


def keywords(chosen: list[str], sentences: list[set[str]]) -> tuple[list[str], bool]:
    """The chosen keywords that occur, or (when none does) the most frequent terms, and whether derived."""
    present = [k for k in chosen if any(k in s for s in sentences)]
    if present:
        return present, False
    freq = Counter(t for s in sentences for t in s)
    return [t for t, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:FALLBACK_KEYWORDS]], True


def collocates(doc_sentence_terms: dict[str, list[list[str]]], chosen: list[str], top: int = 10) -> tuple[pd.DataFrame, bool]:
    """Per keyword, its `top` collocates by G² (columns keyword, collocate, together, g2), and whether derived."""
    sents = [set(s) for _, ss in sorted(doc_sentence_terms.items()) for s in ss]
    keys, derived = keywords(chosen, sents)
    df = Counter(t for s in sents for t in s)
    n = len(sents)
    rows = []
    for k in keys:
        with_k = [s for s in sents if k in s]
        together = Counter(t for s in with_k for t in s if t != k)
        scored = [
            (c, a, g2(a, len(with_k) - a, df[c] - a, n - len(with_k) - df[c] + a))
            for c, a in together.items()
            if a >= MIN_TOGETHER
        ]
        for c, a, g in sorted(scored, key=lambda x: (-x[2], x[0]))[:top]:
            rows.append((k, c, a, g))
    return pd.DataFrame(rows, columns=["keyword", "collocate", "together", "g2"]), derived


def ngrams(doc_sentence_terms: dict[str, list[list[str]]], top: int = 30) -> pd.DataFrame:
    """Repeated phrases of N_MIN…N_MAX terms used by at least two documents (columns phrase, n, frequency, documents)."""
    freq: Counter[tuple] = Counter()
    docs: dict[tuple, set] = {}
    for d, ss in sorted(doc_sentence_terms.items()):
        for s in ss:
            for n in range(N_MIN, N_MAX + 1):
                for i in range(len(s) - n + 1):
                    g = tuple(s[i : i + n])
                    freq[g] += 1
                    docs.setdefault(g, set()).add(d)
    keep = [g for g in freq if len(docs[g]) >= 2]
    # a phrase that only ever occurs inside a longer one (same documents, same count) adds nothing
    longer = {sub for h in keep if len(h) > N_MIN for sub in (h[1:], h[:-1]) if docs.get(sub) == docs[h] and freq[sub] == freq[h]}
    rows = [("".join(g), len(g), freq[g], len(docs[g])) for g in keep if g not in longer]
    out = pd.DataFrame(rows, columns=["phrase", "n", "frequency", "documents"])
    return (
        out.sort_values(["documents", "frequency", "n", "phrase"], ascending=[False, False, False, True])
        .head(top)
        .reset_index(drop=True)
    )


def trends(doc_terms: dict[str, list[str]], years: dict[str, int | None]) -> pd.DataFrame:
    """Occurrences per 10,000 terms by year of the TREND_TERMS most frequent terms (columns term, year, per_10k)."""
    total = Counter(t for ts in doc_terms.values() for t in ts)
    terms = [t for t, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:TREND_TERMS]]
    by_year: dict[int, Counter] = {}
    size: Counter[int] = Counter()
    for d, ts in doc_terms.items():
        y = years.get(d)
        if y:
            by_year.setdefault(int(y), Counter()).update(ts)
            size[int(y)] += len(ts)
    rows = [(t, y, round(by_year[y][t] * 10_000 / size[y], 2)) for t in terms for y in sorted(by_year) if size[y]]
    return pd.DataFrame(rows, columns=["term", "year", "per_10k"])

"""Burst terms: terms whose share of documents rises sharply in some years of issue.

Kleinberg's (2002) two-state automaton for batched arrivals, on yearly document frequencies:
in year t, d_t documents were issued and r_t of them use the term. The base state emits the
term with the corpus-wide rate p0 = Σr / Σd, the burst state with p1 = s·p0. The cost of a year
in a state is the negative log binomial likelihood of r_t out of d_t; entering the burst state
costs γ·ln(n), leaving it costs nothing. The batches are the years in which documents were
issued (n of them): a year without documents carries no evidence either way, and counting it
would only raise the entry cost. The cheapest state sequence (Viterbi) marks the burst years; a
burst's weight is the cost it saves, Σ(cost0 − cost1) over its years.

Only meaningful with enough years and documents: MIN_YEARS distinct years of issue and
MIN_DATED_DOCUMENTS documents with a year; otherwise `bursts` returns no rows and the reason.
"""

from __future__ import annotations

import math

import pandas as pd

MIN_YEARS = 5
MIN_DATED_DOCUMENTS = 20
MIN_TERM_DOCUMENTS = 3  # a term in one or two documents "bursts" in whatever year they were issued
S, GAMMA = 2.0, 1.0
TOP = 30
COLUMNS = ["term", "start", "end", "weight", "burst_docs", "burst_year_docs", "term_docs", "docs"]


def _cost(r: int, d: int, p: float) -> float:
    """−ln of the binomial likelihood without the binomial coefficient (the same in both states)."""
    if d == 0:
        return 0.0
    return -(r * math.log(p) + (d - r) * math.log(1 - p))


def burst_years(r: list[int], d: list[int], s: float = S, gamma: float = GAMMA) -> list[tuple[int, int, float]]:
    """(first index, last index, weight) of each burst in the series; [] when p1 = s·p0 ≥ 1 (a
    term in most documents every year cannot rise sharply)."""
    total_r, total_d = sum(r), sum(d)
    if total_r == 0 or total_d == 0:
        return []
    p0 = total_r / total_d
    p1 = s * p0
    if p1 >= 1:
        return []
    n = len(r)
    up = gamma * math.log(n)
    costs = [(_cost(ri, di, p0), _cost(ri, di, p1)) for ri, di in zip(r, d)]
    best = [0.0, math.inf]  # cost of the cheapest sequence ending in each state (starts in the base state)
    back: list[tuple[int, int]] = []
    for c0, c1 in costs:
        from0 = (best[0], 0) if best[0] <= best[1] else (best[1], 1)
        from1 = (best[1], 1) if best[1] <= best[0] + up else (best[0] + up, 0)
        best = [from0[0] + c0, from1[0] + c1]
        back.append((from0[1], from1[1]))
    state = 0 if best[0] <= best[1] else 1
    states = []
    for prev in reversed(back):
        states.append(state)
        state = prev[state]
    states.reverse()
    out, t = [], 0
    while t < n:
        if states[t] == 1:
            start = t
            while t + 1 < n and states[t + 1] == 1:
                t += 1
            out.append((start, t, sum(costs[i][0] - costs[i][1] for i in range(start, t + 1))))
        t += 1
    return out


def bursts(doc_terms: dict[str, list[str]], years: dict[str, int | None]) -> tuple[pd.DataFrame, str]:
    """Burst terms of the corpus (top TOP by weight) and, when there are none to compute, why."""
    dated = {d: int(y) for d, y in years.items() if y and d in doc_terms}
    n_years = len(set(dated.values()))
    if len(dated) < MIN_DATED_DOCUMENTS or n_years < MIN_YEARS:
        return pd.DataFrame(columns=COLUMNS), (
            f"有年份的文件 {len(dated)} 份、跨 {n_years} 个年份；突发词检测要求至少 {MIN_DATED_DOCUMENTS} 份有年份的文件、"
            f"至少 {MIN_YEARS} 个不同年份，否则某一年的一两份文件就会造成“突发”，因此不做检测。"
        )
    span = sorted(set(dated.values()))
    d = [sum(1 for y in dated.values() if y == year) for year in span]
    by_term: dict[str, dict[int, list[str]]] = {}
    for doc, year in sorted(dated.items()):
        for term in set(doc_terms[doc]):
            by_term.setdefault(term, {}).setdefault(year, []).append(doc)
    rows = []
    for term, users in sorted(by_term.items()):
        r = [len(users.get(year, [])) for year in span]
        if sum(r) < MIN_TERM_DOCUMENTS:
            continue
        for a, b, w in burst_years(r, d):
            docs = "、".join(doc for year in span[a : b + 1] for doc in users.get(year, []))
            rows.append((term, span[a], span[b], round(w, 3), sum(r[a : b + 1]), sum(d[a : b + 1]), sum(r), docs))
    df = pd.DataFrame(rows, columns=COLUMNS)
    df = df.sort_values(["weight", "term", "start"], ascending=[False, True, True]).head(TOP).reset_index(drop=True)
    reason = "" if not df.empty else f"{len(dated)} 份有年份的文件（{span[0]}—{span[-1]} 年）中没有词语的文件频率出现突发。"
    return df, reason

"""Corpus findings computed once at analysis time (not when a page is shown), one row each.

Each finding names what it is, its value, and where its evidence is (documents, paragraph,
sentence). `ties` is how many candidates share the top value (1 = distinct), so a page can
refuse to call a tie "the most". `base` is the number of documents the finding is computed over,
and `dominant` / `dominant_share` name a document that contributes more than half of what it
counts. Findings on instruments, goals and PMC are computed over the normative documents only
(the corpus tables are), and a finding that rests on a codebook is left out when the codebook does
not fit the corpus (`compare.fit`). Text reuse is a finding only when it is substantial
(`most_reuse`); its `base` is the reusing document's body sentences, not documents.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["finding", "text", "value", "doc_a", "doc_b", "paragraph", "sentence", "ties", "base", "dominant", "dominant_share"]
DOMINANT = 0.5  # a document contributing more than this share of what a finding counts is named
MIN_BASE = 2  # a comparison over documents (strongest type, gaps, instrument × goal) needs at least this many
YI_PER_UNIT = {"亿元": 1.0, "万亿元": 10_000.0}  # amounts compared in 亿元


def _row(finding: str, **kw) -> dict:
    return {c: kw.get(c) for c in COLUMNS} | {"finding": finding}


def dominant(contributions: pd.Series) -> dict:
    """{dominant, dominant_share} when one document (the index) contributes more than DOMINANT of the total."""
    c = contributions[contributions > 0]
    total = float(c.sum())
    if c.empty or total <= 0 or contributions.size < 2:  # one document: the base (n = 1) says it
        return {}
    doc = c.sort_values(ascending=False, kind="stable").index[0]
    share = float(c[doc]) / total
    return {"dominant": doc, "dominant_share": round(share, 4)} if share > DOMINANT else {}


def largest_amount(quantities: dict[str, pd.DataFrame]) -> dict | None:
    """The largest amount in 亿元 or 万亿元 (converted to 亿元); the first in document order wins a tie."""
    best, ties = None, 0
    for doc_id, q in sorted(quantities.items()):
        if q.empty:
            continue
        for unit, value, text, paragraph, sentence in zip(q["unit"], q["value"], q["text"], q["paragraph"], q["sentence"]):
            if unit not in YI_PER_UNIT:
                continue
            v = float(value) * YI_PER_UNIT[unit]
            if best is None or v > best["value"]:
                best, ties = (
                    _row("largest_amount", text=text, value=v, doc_a=doc_id, paragraph=int(paragraph), sentence=sentence),
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
        if c.empty:
            continue
        for key, kind, citation in zip(c["key"], c["kind"], c["citation"]):
            counts.setdefault(key, set()).add(doc_id)
            shown.setdefault(key, f"《{citation}》" if kind == "文件名称" else citation)
    if not counts:
        return None
    key = sorted(counts, key=lambda k: (-len(counts[k]), k))[0]
    n = len(counts[key])
    return _row("most_cited", text=shown[key], value=n, ties=sum(len(v) == n for v in counts.values()))


def most_similar_pair(summary: dict) -> dict | None:
    """The pair of documents with the highest cosine similarity (first in matrix order wins a tie),
    from `terms.similarity`'s summary over all pairs."""
    if not summary.get("pairs"):
        return None
    return _row("most_similar_pair", value=summary["value"], doc_a=summary["doc_a"], doc_b=summary["doc_b"]) | {
        "ties": int(summary["ties"])
    }


def top_topic(topics: pd.DataFrame) -> dict | None:
    """The topic with the highest mean coverage (hits per 10,000 characters) over the documents."""
    if topics.empty or not len(topics.columns):
        return None
    mean = topics.mean(axis=0).sort_values(ascending=False, kind="stable")
    top = str(mean.index[0])
    return _row(
        "top_topic",
        text=top,
        value=float(mean.iloc[0]),
        ties=int((mean.round(1) == round(float(mean.iloc[0]), 1)).sum()),
        base=len(topics),
        **dominant(topics[top]),
    )


def _top(values: pd.Series, digits: int | None = None) -> tuple[list, float]:
    """The labels sharing the largest value, and that value. With `digits`, values equal at the
    precision the report prints them (a share as 3.4 %: digits=3) are a tie, not a lead."""
    shown = values.round(digits) if digits is not None else values
    top = float(shown.max())
    return sorted(values.index[shown == top]), float(values[shown == top].max())


def _type_shares(counts: pd.DataFrame) -> pd.DataFrame:
    """Documents × instrument types: each document's shares (rows sum to 1)."""
    t = counts.groupby(["doc_id", "type"])["count"].sum().unstack(fill_value=0)
    return t.div(t.sum(axis=1), axis=0)


def strongest_instrument_type(distribution: pd.DataFrame, counts: pd.DataFrame | None = None) -> dict | None:
    """The instrument type with the largest document-weighted mean share (see `policy_matrix`)."""
    if distribution is None or distribution.empty:
        return None
    names, top = _top(distribution.groupby("type")["mean_share"].sum(), digits=3)
    shares = _type_shares(counts) if counts is not None and len(counts) else pd.DataFrame()
    extra = {"base": len(shares)} | (dominant(shares[names[0]]) if len(names) == 1 and names[0] in shares else {})
    return _row("strongest_instrument_type", text="、".join(names), value=round(top, 4), ties=len(names), **extra)


def instrument_gaps(distribution: pd.DataFrame, counts: pd.DataFrame) -> dict | None:
    """Sub-instruments of the codebook coded in no document, or else in the fewest documents."""
    if distribution is None or distribution.empty:
        return None
    docs = counts.groupby("instrument")["doc_id"].nunique() if len(counts) else pd.Series(dtype=int)
    per = pd.Series({i: int(docs.get(i, 0)) for i in distribution["instrument"]})
    least = int(per.min())
    names = [i for i in distribution["instrument"] if per[i] == least]
    base = int(counts["doc_id"].nunique()) if len(counts) else 0
    return _row("instrument_gaps", text="、".join(names), value=least, ties=len(names), base=base)


def top_instrument_goal(
    cells: pd.DataFrame, evidence: pd.DataFrame, no_goal: str, per_document: pd.DataFrame | None = None
) -> dict | None:
    """The instrument × goal cell with the largest mean share, with its first clause as evidence."""
    if cells is None or cells.empty:
        return None
    c = cells[cells["goal"] != no_goal].set_index(["instrument", "goal"])["mean_share"]
    if c.empty:
        return None
    names, top = _top(c, digits=3)
    i, g = names[0]
    first = evidence[(evidence["instrument"] == i) & (evidence["goal"] == g)].iloc[0]
    extra = {"base": int(evidence["doc_id"].nunique())}
    if per_document is not None and len(per_document) and len(names) == 1:
        cell = per_document[(per_document["instrument"] == i) & (per_document["goal"] == g)]
        extra |= dominant(cell.groupby("doc_id")["share"].sum())
    return _row(
        "top_instrument_goal",
        **extra,
        text=f"{i} × {g}",
        value=round(top, 4),
        doc_a=first["doc_id"],
        paragraph=int(first["paragraph"]),
        sentence=first["clause"],
        ties=len(names),
    )


def target_years(commitments: pd.DataFrame) -> dict | None:
    """Promises with a target year: how many, and the furthest target (first such clause as evidence).
    A target year is one the clause writes; a deadline without a year (6月底前) has none and is not
    counted (`extract.commitments`)."""
    if commitments is None or commitments.empty or "target_year" not in commitments:
        return None
    p = commitments[(commitments["status"] == "承诺") & commitments["target_year"].notna()]
    if p.empty:
        return None
    last = p["target_year"].max()
    far = p[p["target_year"] == last].sort_values(["doc_id", "paragraph"]).iloc[0]
    return _row(
        "target_years",
        text=f"{int(p['target_year'].min())}—{int(last)}",
        value=len(p),
        doc_a=far["doc_id"],
        paragraph=int(far["paragraph"]),
        sentence=far["clause"],
        ties=int((p["target_year"] == last).sum()),
        base=int(p["doc_id"].nunique()),
        **dominant(p.groupby("doc_id").size()),
    )


def pmc_top(pmc: pd.DataFrame) -> dict | None:
    """The document with the highest PMC index (ties counted) and the range of the index."""
    if pmc is None or len(pmc) < 2:
        return None
    names, top = _top(pmc.set_index("doc_id")["pmc"], digits=2)
    low = float(pmc["pmc"].min())
    return _row("pmc_top", text=f"{low:.2f}—{top:.2f}", value=top, doc_a=names[0], ties=len(names), base=len(pmc))


def reply_handling(points: pd.DataFrame | None) -> dict | None:
    """Replies to suggestions and proposals: their points and how each is handled (compare.replies)."""
    if points is None or points.empty:
        return None
    from policyreport.compare.replies import ADOPTED, EXPLAINED, PARTLY, UNDECIDED

    counts = points["verdict"].value_counts()
    return _row(
        "reply_handling",
        text="；".join(f"{v} {int(counts[v])} 点" for v in (ADOPTED, PARTLY, EXPLAINED, UNDECIDED) if v in counts),
        value=len(points),
        ties=1,
        base=int(points["doc_id"].nunique()),
        **dominant(points.groupby("doc_id").size()),
    )


def most_reuse(pairs: pd.DataFrame, min_sentences: int, min_share: float) -> dict | None:
    """The directed document pair with the most reused sentences (ties counted), among the pairs
    whose reuse is substantial: at least `min_sentences` reused sentences that are at least
    `min_share` of the later document's body sentences (parameters `reuse_min_sentences`,
    `reuse_min_share`). One or two shared sentences are mostly a quotation of the same higher-level
    text or a set phrase, and a few sentences of a long document are an aside: neither says that
    one document builds on the other. `value` is the count n, `base` the later document's body
    sentences m (the finding says n of m); no row when no pair is substantial."""
    if pairs is None or pairs.empty:
        return None
    share = pairs["sentences"] / pairs["later_sentences"].clip(lower=1)
    p = pairs[(pairs["sentences"] >= min_sentences) & (share >= min_share)]
    if p.empty:
        return None
    p = p.sort_values(["sentences", "doc_from", "doc_to"], ascending=[False, True, True])
    top = p.iloc[0]
    lag = (
        f"{int(top['lag_days'])} 天"
        if pd.notna(top["lag_days"])
        else (f"约 {int(top['lag_years'])} 年" if pd.notna(top["lag_years"]) else "")
    )
    return _row(
        "most_reuse",
        text=lag,
        value=int(top["sentences"]),
        doc_a=top["doc_from"],
        doc_b=top["doc_to"],
        sentence=top["direction"],
        ties=int((p["sentences"] == top["sentences"]).sum()),
        base=int(top["later_sentences"]),
    )


def findings(
    quantities: dict[str, pd.DataFrame],
    cited: dict[str, pd.DataFrame],
    similarity: dict,
    topics: pd.DataFrame,
    policy: dict[str, pd.DataFrame] | None = None,
    no_goal: str = "",
    reuse_rule: tuple[int, float] | None = None,
) -> pd.DataFrame:
    """The findings table (columns COLUMNS); a finding with no candidate has no row.

    `policy` holds the corpus tables instrument_distribution, instrument_counts, instrument_goal,
    instrument_goal_evidence, instrument_goal_documents, commitments, pmc, reuse_pairs and
    codebook_fit (without codebook_fit every codebook counts as fitting). `reuse_rule` is
    (reuse_min_sentences, reuse_min_share) of the parameters; without it no reuse finding is made."""
    p = policy or {}
    fit_table = p.get("codebook_fit")

    def fits(codebook: str) -> bool:
        if fit_table is None or fit_table.empty or codebook not in set(fit_table["codebook"]):
            return fit_table is None or fit_table.empty
        return bool(fit_table.loc[fit_table["codebook"] == codebook, "fits"].iloc[0])

    instruments_fit, counts = fits("instruments"), p.get("instrument_counts", pd.DataFrame())
    rows = [
        largest_amount(quantities),
        most_cited(cited),
        most_similar_pair(similarity),
        top_topic(topics) if fits("topics") else None,
        strongest_instrument_type(p.get("instrument_distribution"), counts) if instruments_fit else None,
        instrument_gaps(p.get("instrument_distribution"), counts) if instruments_fit else None,
        top_instrument_goal(
            p.get("instrument_goal"), p.get("instrument_goal_evidence"), no_goal, p.get("instrument_goal_documents")
        )
        if instruments_fit and fits("goals")
        else None,
        target_years(p.get("commitments")),
        pmc_top(p.get("pmc")),
        reply_handling(p.get("reply_points")),
        most_reuse(p.get("reuse_pairs"), *reuse_rule) if reuse_rule else None,
    ]
    base = {"largest_amount": sum(not q.empty for q in quantities.values()), "most_cited": len(cited)}
    rows = [r | ({"base": base[r["finding"]]} if r["finding"] in base else {}) for r in rows if r]
    comparisons = {"strongest_instrument_type", "instrument_gaps", "top_instrument_goal"}
    rows = [r for r in rows if r["finding"] not in comparisons or (r["base"] or 0) >= MIN_BASE]
    return pd.DataFrame(rows, columns=COLUMNS)

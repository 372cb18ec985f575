"""How well each codebook fits the corpus: the share of units (sentences or clauses) and of documents
it reaches, the documents it misses and the corpus's frequent terms it does not cover.

A codebook fits when it reaches at least `min_documents` of the documents in its scope and at least
`min_units` of their units (parameters `fit_min_documents`, `fit_min_units`). No landing finding is
stated from a codebook that does not fit; the report gives the table either way.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = [
    "codebook",
    "name",
    "unit",
    "scope",
    "documents",
    "documents_reached",
    "document_share",
    "units",
    "units_reached",
    "unit_share",
    "fits",
    "missed_documents",
    "uncovered_terms",
]
UNCOVERED_TERMS = 12


def fit_row(
    codebook: str,
    name: str,
    unit: str,
    scope: str,
    reached: dict[str, tuple[int, int]],
    min_documents: float,
    min_units: float,
    uncovered: list[str] | None = None,
) -> dict:
    """One codebook's row from {doc_id: (units reached, units)} over the documents of its scope."""
    docs = len(reached)
    docs_hit = sum(hit > 0 for hit, _ in reached.values())
    units = sum(n for _, n in reached.values())
    units_hit = sum(hit for hit, _ in reached.values())
    doc_share = docs_hit / docs if docs else 0.0
    unit_share = units_hit / units if units else 0.0
    return {
        "codebook": codebook,
        "name": name,
        "unit": unit,
        "scope": scope,
        "documents": docs,
        "documents_reached": docs_hit,
        "document_share": round(doc_share, 4),
        "units": units,
        "units_reached": units_hit,
        "unit_share": round(unit_share, 4),
        "fits": bool(docs and doc_share >= min_documents and unit_share >= min_units),
        "missed_documents": [d for d, (hit, _) in sorted(reached.items()) if hit == 0],
        "uncovered_terms": list(uncovered or []),
    }


def topic_reach(sentences: dict[str, list[str]], topics: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    """{doc_id: (sentences holding a topic keyword, sentences)} from normalised sentence texts."""
    words = [w for ws in topics.values() for w in ws]
    return {d: (sum(any(w in s for w in words) for s in ss), len(ss)) for d, ss in sentences.items()}


def clause_reach(units: dict[str, int], coded: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """{doc_id: (clauses with a code, clauses)}; `coded` has doc_id and clause_no."""
    hit = coded.groupby("doc_id")["clause_no"].nunique() if not coded.empty else pd.Series(dtype=int)
    return {d: (int(hit.get(d, 0)), n) for d, n in units.items()}


def goal_reach(evidence: pd.DataFrame, no_goal: str) -> dict[str, tuple[int, int]]:
    """{doc_id: (instrument clauses with a goal, instrument clauses)} from the instrument × goal evidence."""
    if evidence.empty:
        return {}
    per = evidence.drop_duplicates(["doc_id", "clause_no", "goal"]).assign(has=lambda e: e["goal"] != no_goal)
    g = per.groupby(["doc_id", "clause_no"])["has"].any().groupby("doc_id")
    return {d: (int(s.sum()), int(s.size)) for d, s in g}


def uncovered_terms(
    key_terms: pd.DataFrame, words: list[str], names: set[str] = frozenset(), n: int = UNCOVERED_TERMS
) -> list[str]:
    """The key terms found in the most documents (then by weight) that no keyword contains or is contained
    in, leaving out `names` (organisations, places, people: not topics)."""
    if key_terms.empty:
        return []
    ranked = key_terms.groupby("term").agg(docs=("doc_id", "nunique"), weight=("tfidf", "sum")).reset_index()
    ranked = ranked[[t not in names and not any(w in t or t in w for w in words) for t in ranked["term"]]]
    ranked = ranked[ranked["docs"] >= 2] if (ranked["docs"] >= 2).any() else ranked
    return ranked.sort_values(["docs", "weight", "term"], ascending=[False, False, True])["term"].head(n).tolist()


def fits(table: pd.DataFrame, codebook: str) -> bool:
    """Whether a codebook's row says it fits (False when it has no row)."""
    row = table[table["codebook"] == codebook] if not table.empty else table
    return bool(len(row) and row["fits"].iloc[0])

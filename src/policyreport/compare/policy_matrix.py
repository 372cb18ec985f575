"""Instrument × goal matrix (optionally × lead department), with raw counts and normalised shares.

The unit is the clause (`clause_no` of `instruments.coding_units`): a clause coded with instrument i
and goal g counts once in cell (i, g); a clause with an instrument and no goal counts under NO_GOAL.
Because one long document can supply most clauses, every cell also has two normalised values that
weigh the documents equally:
- `mean_share`: the mean over documents with any coded clause of (cell count / the document's cells),
- `per_1000`: the mean over all documents of (cell count × 1000 / the document's characters).
"""

from __future__ import annotations

import pandas as pd

NO_GOAL = "未归类目标"
NO_DEPARTMENT = "未标注"
EVIDENCE_COLUMNS = [
    "doc_id",
    "clause_no",
    "paragraph",
    "type",
    "instrument",
    "goal",
    "instrument_keyword",
    "goal_keyword",
    "clause",
]
CELL_COLUMNS = ["type", "instrument", "goal", "count", "documents", "mean_share", "per_1000"]
DOC_COLUMNS = ["doc_id", "type", "instrument", "goal", "count", "share", "per_1000"]


def evidence(coded: pd.DataFrame, goals: pd.DataFrame) -> pd.DataFrame:
    """One row per (document, clause, instrument, goal): the clauses behind every cell."""
    if coded.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    g = goals[["doc_id", "clause_no", "goal", "keyword"]].rename(columns={"keyword": "goal_keyword"}) if len(goals) else None
    df = coded.rename(columns={"keyword": "instrument_keyword"})
    df = df.merge(g, on=["doc_id", "clause_no"], how="left") if g is not None else df.assign(goal=None, goal_keyword=None)
    df["goal"] = df["goal"].fillna(NO_GOAL)
    return df[EVIDENCE_COLUMNS].sort_values(["doc_id", "clause_no"], kind="stable").reset_index(drop=True)


def per_document(ev: pd.DataFrame, characters: dict[str, int], column: str = "goal") -> pd.DataFrame:
    """Counts per (document, instrument, `column`) with the document's share and rate per 1,000 characters."""
    if ev.empty:
        return pd.DataFrame(columns=[c if c != "goal" else column for c in DOC_COLUMNS])
    t = ev.groupby(["doc_id", "type", "instrument", column], sort=False).size().rename("count").reset_index()
    totals = t.groupby("doc_id")["count"].transform("sum")
    t["share"] = (t["count"] / totals).round(4)
    t["per_1000"] = [round(n * 1000 / max(characters.get(d, 0), 1), 4) for d, n in zip(t["doc_id"], t["count"])]
    return t


def cells(ev: pd.DataFrame, characters: dict[str, int], column: str = "goal") -> pd.DataFrame:
    """One row per (instrument, `column`) cell of the corpus (see the module docstring)."""
    doc = per_document(ev, characters, column)
    if doc.empty:
        return pd.DataFrame(columns=[c if c != "goal" else column for c in CELL_COLUMNS])
    coded_docs = doc["doc_id"].nunique()
    all_docs = max(len(characters), 1)
    out = doc.groupby(["type", "instrument", column], sort=False).agg(
        count=("count", "sum"), documents=("doc_id", "nunique"), share=("share", "sum"), per_1000=("per_1000", "sum")
    )
    out["mean_share"] = (out.pop("share") / coded_docs).round(4)
    out["per_1000"] = (out["per_1000"] / all_docs).round(4)
    return out.reset_index()[[c if c != "goal" else column for c in CELL_COLUMNS]]


def matrix(cell_table: pd.DataFrame, value: str, rows: list[str], columns: list[str], column: str = "goal") -> pd.DataFrame:
    """The cells as an instrument × `column` matrix of `value`, in the given order (zeros filled)."""
    if cell_table.empty:
        return pd.DataFrame()
    m = cell_table.pivot_table(index="instrument", columns=column, values=value, aggfunc="sum", fill_value=0)
    present_rows = [r for r in rows if r in m.index]
    present_cols = [c for c in columns if c in m.columns]
    return m.reindex(index=present_rows, columns=present_cols, fill_value=0)


def with_lead_department(ev: pd.DataFrame, departments: pd.DataFrame) -> pd.DataFrame:
    """The evidence rows with the lead department of their paragraph's measure (first listed), or NO_DEPARTMENT."""
    if ev.empty:
        return ev.assign(department=[])
    if departments.empty:
        return ev.assign(department=NO_DEPARTMENT)
    lead = departments[departments["position"] == 1][["doc_id", "paragraph", "department"]].drop_duplicates(
        ["doc_id", "paragraph"]
    )
    out = ev.merge(lead, on=["doc_id", "paragraph"], how="left")
    out["department"] = out["department"].fillna(NO_DEPARTMENT)
    return out

"""Comparison of measures: per topic, what each document has done or promises (the clause, its
figures, its target year, its lead department), so that documents can be read side by side.

A clause of the commitments table gets the topic whose keywords it contains most often
(`instruments.clause_topic`, the topic dictionary); clauses with no topic keyword are left out.
A topic is compared when at least MIN_DOCUMENTS documents have a measure on it.
"""

from __future__ import annotations

import pandas as pd

from policyreport.compare.policy_matrix import NO_DEPARTMENT
from policyreport.extract.instruments import clause_topic
from policyreport.ingest.text import normalize

MIN_DOCUMENTS = 2
COLUMNS = ["topic", "doc_id", "paragraph", "status", "target_year", "quantities", "department", "clause"]


def clause_topics(clauses, topics: dict[str, list[str]]) -> list[str | None]:
    """The topic of each commitment clause (`instruments.clause_topic`), None where it has none."""
    return [clause_topic(normalize(str(c)), topics) for c in clauses]


def measures(
    commitments: pd.DataFrame, departments: pd.DataFrame, topics: dict[str, list[str]], topic_of: list | None = None
) -> pd.DataFrame:
    """One row per commitment clause with a topic, for topics covered by at least MIN_DOCUMENTS
    documents; `topic_of`, the clauses' `clause_topics` where already known (`compare.parts`)."""
    if commitments is None or commitments.empty or not topics:
        return pd.DataFrame(columns=COLUMNS)
    topic_of = clause_topics(commitments["clause"], topics) if topic_of is None else topic_of
    if len(topic_of) != len(commitments):
        raise ValueError(f"{len(topic_of)} clause topics for {len(commitments)} commitments")
    df = commitments.assign(topic=topic_of).dropna(subset=["topic"])
    if departments is not None and len(departments):
        lead = departments[departments["position"] == 1][["doc_id", "paragraph", "department"]].drop_duplicates(
            ["doc_id", "paragraph"]
        )
        df = df.merge(lead, on=["doc_id", "paragraph"], how="left")
    else:
        df = df.assign(department=None)
    df["department"] = df["department"].fillna(NO_DEPARTMENT)
    spread = df.groupby("topic")["doc_id"].nunique()
    df = df[df["topic"].isin(spread[spread >= MIN_DOCUMENTS].index)]
    order = {t: i for i, t in enumerate(topics)}
    df = df.assign(_o=df["topic"].map(order)).sort_values(["_o", "doc_id", "paragraph"], kind="stable")
    return df[COLUMNS].reset_index(drop=True)

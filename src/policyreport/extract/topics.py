"""Topic coverage: how often each topic's keywords occur in each document."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.text import normalize


def read_topics(path: str | Path) -> dict[str, list[str]]:
    """A topic dictionary: YAML mapping of topic name to a list of keywords (optionally under `topics:`)."""
    data = read_yaml(path, "the topic dictionary")
    if isinstance(data, dict) and isinstance(data.get("topics"), dict):
        data = data["topics"]
    if not isinstance(data, dict) or not data:
        raise UserError(f"{path}: the topic dictionary must map topic names to keyword lists")
    for topic, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise UserError(f"{path}: topic '{topic}' must have a list of keywords")
    return {str(t): [normalize(w) for w in ws] for t, ws in data.items()}


def coverage(texts: dict[str, str], topics: dict[str, list[str]]) -> pd.DataFrame:
    """Keyword hits per 10,000 characters, documents × topics (normalised texts in, same order out).

    Keywords are counted as substrings so that multi-word keywords count whatever the segmentation.
    """
    return coverage_of({d: topic_counts(t, topics) for d, t in texts.items()}, topics)


def topic_counts(text: str, topics: dict[str, list[str]]) -> tuple[dict[str, int], int]:
    """One document's share of `coverage`: its keyword hits per topic and its length, which a
    build keeps with the document (`compare.parts`) instead of counting every text again."""
    return {t: sum(text.count(w) for w in ws) for t, ws in topics.items()}, len(text)


def coverage_of(counts: dict[str, tuple[dict[str, int], int]], topics: dict[str, list[str]]) -> pd.DataFrame:
    """`coverage` from each document's `topic_counts`."""
    rows = {d: {t: round(hits[t] * 10_000 / max(size, 1), 2) for t in topics} for d, (hits, size) in sorted(counts.items())}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(topics))


def keyword_hits(text: str, topics: dict[str, list[str]]) -> pd.DataFrame:
    """Keyword counts of one text, one row per (topic, keyword) that occurs."""
    rows = [(t, w, text.count(w)) for t, ws in topics.items() for w in ws if text.count(w)]
    return pd.DataFrame(rows, columns=["topic", "keyword", "count"])

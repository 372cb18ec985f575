"""Designs by genre: each document is normative (sets measures), a response (answers a suggestion,
proposal, request or letter) or other, from the genre the metadata reader gives.

The rules are data (dictionaries/designs.yaml); the analyses that presuppose measures (instrument
shares, instrument × goal, PMC, gaps) cover only the normative documents, and the report names the
documents left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.ingest.datafiles import read_yaml

NORMATIVE, RESPONSE, OTHER = "normative", "response", "other"
GROUPS = (NORMATIVE, RESPONSE, OTHER)
COLUMNS = ["doc_id", "genre", "carried_genre", "design", "design_name", "basis"]


@dataclass(frozen=True)
class Rule:
    genre: re.Pattern
    title: re.Pattern | None
    doc_number: re.Pattern | None
    group: str
    note: str


@dataclass(frozen=True)
class Designs:
    names: dict[str, str]
    carried: tuple[tuple[str, re.Pattern], ...]
    rules: tuple[Rule, ...]
    form_words: frozenset[str] = frozenset()


def _rx(value, where: str) -> re.Pattern:
    try:
        return re.compile(str(value))
    except re.error as exc:
        raise UserError(f"{where}: not a valid regular expression ({exc})") from None


def parse_designs(data, source: str = "<designs>") -> Designs:
    """Check and compile the genre rules; UserError names `source` and the problem."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise UserError(f"{source}: the genre rules need 'groups', 'carried' and a non-empty list 'rules'")
    names = {g: str((data.get("groups") or {}).get(g, g)) for g in GROUPS}
    carried = tuple((g, _rx(rx, f"{source}: carried '{g}'")) for g, rx in (data.get("carried") or {}).items() if g in GROUPS)
    rules = []
    for n, r in enumerate(data["rules"], 1):
        if not isinstance(r, dict) or r.get("group") not in GROUPS or "genre" not in r:
            raise UserError(f"{source}: rule {n} needs 'genre' (regex) and 'group' (one of {list(GROUPS)})")
        title, number = (_rx(r[k], f"{source}: rule {n} {k}") if r.get(k) else None for k in ("title", "doc_number"))
        rules.append(Rule(_rx(r["genre"], f"{source}: rule {n} genre"), title, number, r["group"], str(r.get("note", ""))))
    words = data.get("form_words") or []
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise UserError(f"{source}: 'form_words' must be a list of words")
    return Designs(names, carried, tuple(rules), frozenset(words))


def load_designs(path: str | Path) -> Designs:
    return parse_designs(read_yaml(path, "the genre rules"), str(path))


def classify(meta: dict, designs: Designs) -> tuple[str, str]:
    """(group, basis) of one document from its genre, carried genre and title."""
    genre, carried = meta.get("genre") or "", meta.get("carried_genre") or ""
    title, number = meta.get("title") or "", meta.get("doc_number") or ""
    if carried:
        for group, rx in designs.carried:
            if rx.search(carried):
                return group, f"印发、转发的文件文种为“{carried}”"
    for r in designs.rules:
        if r.genre.search(genre) and all(
            rx is None or rx.search(text) for rx, text in ((r.title, title), (r.doc_number, number))
        ):
            return r.group, f"文种“{genre}”：{r.note}"
    return OTHER, f"文种“{genre}”不属于任何一组的规则" if genre else "没有识别出文种"


def table(metas: list[dict], designs: Designs) -> pd.DataFrame:
    """One row per document (columns COLUMNS), in doc_id order."""
    rows = []
    for m in sorted(metas, key=lambda m: m["doc_id"]):
        group, basis = classify(m, designs)
        rows.append((m["doc_id"], m.get("genre"), m.get("carried_genre"), group, designs.names[group], basis))
    return pd.DataFrame(rows, columns=COLUMNS)


def design_of(designs_table: pd.DataFrame) -> dict[str, str]:
    """doc_id -> group."""
    return dict(zip(designs_table["doc_id"], designs_table["design"])) if not designs_table.empty else {}


def members(designs_table: pd.DataFrame, group: str = NORMATIVE) -> list[str]:
    """The doc_ids of one group."""
    if designs_table.empty:
        return []
    return designs_table.loc[designs_table["design"] == group, "doc_id"].tolist()

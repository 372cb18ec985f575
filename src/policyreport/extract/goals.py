"""Policy-goal coding: which goals (ends) each clause serves, for the instrument × goal matrix.

The goals codebook (dictionaries/goals.yaml: goal -> keywords, or {keywords, patterns}) is data
and replaceable. Coding works on the same clauses as instrument coding (`instruments.coding_units`,
numbered by `clause_no`) with cited titles masked and the instrument codebook's frames blanked;
words the instrument codebook matched are blanked too, so the same words are never both means and
end, and the instrument codebook's negation rule applies to goal words as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.extract import coding_rules, instruments
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.text import Sentence, normalize

COLUMNS = ["clause_no", "paragraph", "goal", "keyword", "clause"]
SPEC_KEYS = {"keywords", "patterns", "note"}


@dataclass(frozen=True)
class Goals:
    source: str
    names: tuple[str, ...]
    entries: tuple[instruments.Entry, ...]  # type = "目标", instrument = the goal

    @cached_property
    def codebook(self) -> instruments.Codebook:
        """The goals as a codebook of one type, for `instruments.matches`."""
        return instruments.Codebook(self.source, (), self.entries)


def parse_goals(data, source: str = "<goals>") -> Goals:
    """Check and compile a goals codebook given as data; UserError names `source` and the problem."""
    if not isinstance(data, dict) or not data:
        raise UserError(f"{source}: the goals codebook must map goal names to keyword lists")
    names, entries, owner = [], [], {}
    for name, spec in data.items():
        where = f"{source}: goal '{name}'"
        spec = {"keywords": spec} if isinstance(spec, list) else spec
        if not isinstance(spec, dict) or set(spec) - SPEC_KEYS:
            raise UserError(f"{where} must be a list of keywords or a mapping with keys {sorted(SPEC_KEYS)}")
        words, patterns = spec.get("keywords") or [], spec.get("patterns") or []
        if not all(isinstance(w, str) and w.strip() for w in [*words, *patterns]) or not (words or patterns):
            raise UserError(f"{where}: needs a list of non-empty keywords or patterns")
        for w in map(normalize, words):
            if w in owner:
                raise UserError(f"{where}: keyword '{w}' is already listed under '{owner[w]}'")
            owner[w] = name
            entries.append(instruments.Entry("目标", str(name), w, re.compile(re.escape(w)), literal=True))
        for p in patterns:
            try:
                entries.append(instruments.Entry("目标", str(name), p, re.compile(p)))
            except re.error as exc:
                raise UserError(f"{where}: pattern '{p}' is not a valid regular expression ({exc})") from None
        names.append(str(name))
    return Goals(source, tuple(names), tuple(entries))


def load_goals(path: str | Path) -> Goals:
    return parse_goals(read_yaml(path, "the goals codebook"), str(path))


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = "□" * (b - a)
    return "".join(chars)


def clause_goals(text: str, goals: Goals, codebook: instruments.Codebook) -> dict[str, list[str]]:
    """goal -> matched words of one masked clause (see the module docstring)."""
    rules = codebook.rules
    text = coding_rules.unframed(text, rules)
    text = _blank_spans(text, [(s, s + len(w)) for s, w, _ in instruments.matches(text, codebook)])
    hits: dict[str, list[str]] = {}
    for start, word, e in instruments.matches(text, goals.codebook):
        if not coding_rules.negated(text, start, rules):
            words = hits.setdefault(e.instrument, [])
            if word not in words:
                words.append(word)
    return hits


def code_goals(sentences: list[Sentence], goals: Goals, codebook: instruments.Codebook) -> pd.DataFrame:
    """One row per (clause, goal) (columns COLUMNS), clauses in order, goals in codebook order."""
    units = instruments.coding_units(sentences)
    return goal_table(units, unit_goals([c for _, c in units], goals, codebook), goals)


def unit_goals(units: list[instruments.Clause], goals: Goals, codebook: instruments.Codebook) -> list[dict[str, list[str]]]:
    """`clause_goals` of each coding unit (a clause of `instruments.clauses`)."""
    return [clause_goals(instruments.masked(c.norm), goals, codebook) for c in units]


def goal_table(units: list[tuple[int, instruments.Clause]], found: list[dict[str, list[str]]], goals: Goals) -> pd.DataFrame:
    """The table of `code_goals` from the numbered coding units and their `unit_goals`."""
    rank = {g: i for i, g in enumerate(goals.names)}
    rows = []
    for (n, c), hits in zip(units, found):
        for g in sorted(hits, key=rank.__getitem__):
            rows.append((n, c.paragraph, g, "、".join(hits[g]), c.text))
    return pd.DataFrame(rows, columns=COLUMNS)

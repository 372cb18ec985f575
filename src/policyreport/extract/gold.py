"""The hand-checked gold file's format (`load_gold`), apart from the scoring in `evaluate` so that
checking the parameter `gold` imports neither pandas nor the metadata reader."""

from __future__ import annotations

from pathlib import Path

from policyreport.errors import UserError
from policyreport.extract.fields import SCORED_FIELDS
from policyreport.ingest.datafiles import read_yaml

SCALAR_FIELDS = SCORED_FIELDS
SET_FIELDS = ["answers", "cited_policies", "cited_doc_numbers", "figures", "entities"]


_GOLD_ITEMS = {"figures": ("text",), "entities": ("type", "text")}


def _gold_problem(entry) -> str | None:
    """What is wrong with one document's annotations, or None."""
    if not isinstance(entry, dict):
        return f"must be a mapping of fields to values, got {type(entry).__name__}"
    for f in SCALAR_FIELDS:
        if f in entry and entry[f] is not None and type(entry[f]) not in (str, int):
            return f"{f}: must be text or a number (quote dates: '2024-01-02'), got {type(entry[f]).__name__}"
    for f in SET_FIELDS:
        items = entry.get(f) or []
        if not isinstance(items, list):
            return f"{f}: must be a list, got {type(items).__name__}"
        keys = _GOLD_ITEMS.get(f)
        for i, item in enumerate(items):
            ok = all(isinstance(item.get(k), str) for k in keys) if keys and isinstance(item, dict) else isinstance(item, str)
            if not ok:
                return f"{f}[{i}]: must be " + (f"a mapping with text {', '.join(keys)}" if keys else "text")
    return None


def load_gold(path: str | Path) -> dict:
    data = read_yaml(path, "the gold file")
    if not isinstance(data, dict):
        raise UserError(f"{path}: the gold file must map file names to annotations")
    for file, entry in data.items():
        problem = _gold_problem(entry)
        if problem:
            raise UserError(f"{path}: the gold file: {file}: {problem}")
    return data

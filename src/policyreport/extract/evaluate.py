"""Evaluation of the extraction against a hand-checked gold file: precision and recall per field.

Scalar fields (title, issuer, date, …), compared after NFKC, without whitespace, with one 文号
bracket style and genre names unified (dictionaries/document_format.yaml `genre_aliases`): a non-null prediction equal to the gold value is a true
positive; a non-null prediction that differs is a false positive (and a false negative when the
gold has a value); a null prediction where the gold has a value is a false negative; null = null
is correct and counts in accuracy only. List fields (figures, entities, citations) are compared
as sets of normalised strings; figures and entities count against precision only for documents
whose gold says the list is complete (`figures_complete: true`), since a sample of them says
nothing about the rest: their precision is computed over those documents alone.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from policyreport.extract.gold import SCALAR_FIELDS, SET_FIELDS, load_gold  # noqa: F401 — load_gold re-exported
from policyreport.extract.metadata import load_format
from policyreport.extract.quantities import default_units

APPROX = default_units().words  # bound words, longest first: a figure is compared without them
FIGURE = default_units().pattern


_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "﹝": "〔", "﹞": "〕"})


def _scalar_key(field: str, value):
    """A scalar's comparable form: NFKC, no whitespace, one 文号 bracket style, one name per genre."""
    if not isinstance(value, str):
        return value
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).translate(_BRACKETS)
    if field == "genre":
        s = load_format().genre_aliases.get(s, s)
    return s or None


def _ws(s) -> str:
    return re.sub(r"\s+", "", str(s))


def _figure_key(text: str) -> str:
    """A figure's comparable form: no spaces, from its number on (不超过工资薪金总额8% → 8%), bound
    words stripped at both ends."""
    s = _ws(text).replace("％", "%")
    m = FIGURE.search(s)
    if m and m.group("pre"):
        s = s[m.start("num") :]
    for m in APPROX:
        if s.startswith(m):
            s = s[len(m) :]
        if s.endswith(m):
            s = s[: -len(m)]
    return s


def predicted_sets(result) -> dict[str, set[str]]:
    """The list fields of one analysed document, as comparable sets."""
    cited = result.tables["cited"]
    ents = result.tables["entity_summary"]
    cites = result.tables.get("citations", pd.DataFrame(columns=["kind", "citation"]))
    return {
        "answers": {_ws(c) for c, k in zip(cites["citation"], cites["kind"]) if k == "答复对象"},
        "cited_policies": {_ws(c) for c, k in zip(cited["citation"], cited["kind"]) if k == "文件名称"},
        "cited_doc_numbers": {_ws(c) for c, k in zip(cited["citation"], cited["kind"]) if k == "文号"}
        | {
            _ws(n)
            for n, k in zip(cited.get("doc_number", [None] * len(cited)), cited["kind"])
            if k == "文件名称" and isinstance(n, str) and n
        },
        "figures": {
            _figure_key(t)
            for t, k in zip(result.tables["quantities"]["text"], result.tables["quantities"]["kind"])
            if k != "目标年份"
        },  # target years are kept for the commitments, not counted as amounts
        "entities": {f"{t}|{_ws(x)}" for t, x in zip(ents["type"], ents["text"])},
    }


def gold_sets(g: dict) -> dict[str, set[str]]:
    return {
        "answers": {_ws(c) for c in g.get("answers") or []},
        "cited_policies": {_ws(c) for c in g.get("cited_policies") or []},
        "cited_doc_numbers": {_ws(c) for c in g.get("cited_doc_numbers") or []},
        "figures": {_figure_key(f["text"]) for f in g.get("figures") or []},
        "entities": {f"{e['type']}|{_ws(e['text'])}" for e in g.get("entities") or []},
    }


def evaluate(results: dict, gold: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-field precision/recall table, per-document list of mismatches) for the files in both."""
    counts = {
        f: {"tp": 0, "fp": 0, "fn": 0, "correct": 0, "n": 0, "judged": 0, "tp_judged": 0} for f in SCALAR_FIELDS + SET_FIELDS
    }
    errors = []
    for file, g in sorted(gold.items()):
        if file not in results:
            continue
        meta = results[file].meta
        for f in SCALAR_FIELDS:
            if f not in g:
                continue
            pred, want = meta.get(f), g[f]
            c = counts[f]
            c["n"] += 1
            c["judged"] += 1
            if _scalar_key(f, pred) == _scalar_key(f, want):
                c["correct"] += 1
                if want is not None:
                    c["tp"] += 1
                    c["tp_judged"] += 1
                continue
            errors.append((file, f, want, pred))
            if pred is not None:
                c["fp"] += 1
            if want is not None:
                c["fn"] += 1
        if not any(f in g for f in SET_FIELDS):
            continue
        p_sets, g_sets = predicted_sets(results[file]), gold_sets(g)
        for f in SET_FIELDS:
            if f not in g:
                continue
            c = counts[f]
            p, w = p_sets[f], g_sets[f]
            complete = f not in ("figures", "entities") or g.get(f"{f}_complete", False)
            c["n"] += 1
            c["tp"] += len(p & w)
            if complete:  # a sample of figures/entities says nothing about the precision of the rest
                c["fp"] += len(p - w)
                c["tp_judged"] += len(p & w)
                c["judged"] += 1
                if p - w:
                    errors.append((file, f, "多余", sorted(p - w)[:5]))
            c["fn"] += len(w - p)
            c["correct"] += int(p == w)
            if w - p:
                errors.append((file, f, sorted(w - p)[:5], "缺失"))
    rows = []
    for f, c in counts.items():
        if not c["n"]:
            continue
        if not c["judged"]:
            prec = float("nan")
        else:
            prec = c["tp_judged"] / (c["tp_judged"] + c["fp"]) if c["tp_judged"] + c["fp"] else 1.0
        rec = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        rows.append((f, c["n"], c["tp"], c["fp"], c["fn"], round(prec, 3), round(rec, 3)))
    table = pd.DataFrame(rows, columns=["field", "documents", "tp", "fp", "fn", "precision", "recall"])
    return table, pd.DataFrame(errors, columns=["file", "field", "gold", "predicted"])

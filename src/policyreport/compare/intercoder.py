"""Inter-coder check of the instrument coding: a blind sample of clauses for a human coder, and
Cohen's κ between the human's codes and the automatic ones once the filled sample comes back; and
the coder's agreement with the shipped hand-coded clauses (dictionaries/coded_clauses.yaml) on
their held-out documents (`held_out`) and, for development, by grouped cross-validation; and the
agreement of two human coders on a blind held-out sample (`between_coders`, validation/second_coder.yaml).

The sample is deterministic (the SAMPLE_SIZE clauses with the smallest SHA-1 of doc_id and clause
number), holds coded and uncoded clauses alike and does not show the automatic codes. The coder
fills `manual_types` with the instrument types the clause uses (several joined by 、, empty = none)
and names the file in the parameter `manual_codes`. κ is computed per type on presence/absence
(scikit-learn's cohen_kappa_score); with fewer than MIN_CLAUSES coded clauses it is not reported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.extract import instruments
from policyreport.ingest.text import Sentence
from policyreport.paths import VALIDATION

SAMPLE_SIZE = 100
MIN_CLAUSES = 20
SAMPLE_COLUMNS = ["doc_id", "clause_no", "paragraph", "clause", "manual_types"]
KAPPA_COLUMNS = ["type", "clauses", "auto_yes", "manual_yes", "agreement", "kappa"]


def units(body: list[Sentence]) -> list[tuple[int, int, str]]:
    """(clause_no, paragraph, clause) of a document's body sentences (`reuse.stored_body`), numbered
    as `instruments.coding_units` numbers them."""
    return [(n, c.paragraph, c.text) for n, c in instruments.coding_units(body)]


def sample(doc_units: dict[str, list[tuple[int, int, str]]], size: int = SAMPLE_SIZE) -> pd.DataFrame:
    """The blind sample (columns SAMPLE_COLUMNS, `manual_types` empty), in document order."""
    rows = [(d, n, p, c, "") for d, us in doc_units.items() for n, p, c in us]
    rows.sort(key=lambda r: hashlib.sha1(f"{r[0]}:{r[1]}".encode()).hexdigest())
    return pd.DataFrame(sorted(rows[:size]), columns=SAMPLE_COLUMNS)


def read_manual(path: str | Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype={"doc_id": str})
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise UserError(f"{path}: cannot read the manual codes ({exc})") from None
    missing = {"doc_id", "clause_no", "manual_types"} - set(df.columns)
    if missing:
        raise UserError(f"{path}: the manual codes lack the column(s) {sorted(missing)}")
    return df


def kappa(manual: pd.DataFrame, coded: pd.DataFrame, types: list[str]) -> pd.DataFrame:
    """Per instrument type: Cohen's κ of presence in each sampled clause, manual against automatic."""
    from sklearn.metrics import cohen_kappa_score

    auto = coded.groupby(["doc_id", "clause_no"])["type"].agg(set).to_dict() if len(coded) else {}
    rows = []
    for t in types:
        a = [t in auto.get((str(d), int(n)), set()) for d, n in zip(manual["doc_id"], manual["clause_no"])]
        m = [t in {x.strip() for x in str(v).split("、") if x.strip()} for v in manual["manual_types"]]
        agree = sum(x == y for x, y in zip(a, m))
        k = cohen_kappa_score(a, m) if len(a) >= MIN_CLAUSES and len(set(a) | set(m)) > 1 else None
        rows.append(
            (t, len(a), sum(a), sum(m), round(agree / len(a), 4) if a else None, None if k is None else round(float(k), 4))
        )
    return pd.DataFrame(rows, columns=KAPPA_COLUMNS)


# ---------------------------------------------------------------- agreement with the hand-coded clauses

AGREEMENT_COLUMNS = ["type", "clauses", "manual_yes", "auto_yes", "agreement", "kappa", "precision", "recall", "f1"]
HELD_OUT_COLUMNS = [*AGREEMENT_COLUMNS, "documents"]


def agreement_table(manual: list[set[str]], auto: list[set[str]], types: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Per type: Cohen's κ and F1 of presence, manual codes against automatic ones (same clauses, same order)."""
    from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score

    rows = []
    for t in types:
        m = [t in x for x in manual]
        a = [t in x for x in auto]
        k = cohen_kappa_score(m, a) if len(set(m) | set(a)) > 1 else None
        rows.append(
            (
                t,
                len(m),
                sum(m),
                sum(a),
                round(sum(x == y for x, y in zip(m, a)) / len(m), 4) if m else None,
                None if k is None else round(float(k), 4),
                round(float(precision_score(m, a, zero_division=0)), 4),
                round(float(recall_score(m, a, zero_division=0)), 4),
                round(float(f1_score(m, a, zero_division=0)), 4),
            )
        )
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def keyword_types(norm: str, codebook: instruments.Codebook) -> set[str]:
    """The types the keyword coder alone finds in a normalised clause (cues after the clause rules)."""
    return {t for t, _ in instruments.clause_hits(instruments.masked(norm), codebook)}


def keyword_coder_types(rows, codebook: instruments.Codebook) -> list[set[str]]:
    """`keyword_types` of hand-coded clauses (the keyword coder before issue 19 worked this way)."""
    from policyreport.ingest.text import normalize

    return [keyword_types(normalize(r.text), codebook) for r in rows]


HELD_OUT = ("heldout", "heldout_b")


def coder_agreement(codebook: instruments.Codebook) -> pd.DataFrame:
    """`held_out(codebook)`, the report's table of the coder's agreement on the held-out clauses: it
    depends only on the coder and the hand-coded clauses, not on the corpus, so a build computes it
    once and keeps it in its cache with the fitted model (`classifier.cached`)."""
    from policyreport.extract import classifier

    return classifier.cached("held-out-agreement", codebook, lambda: held_out(codebook))


def held_out(codebook: instruments.Codebook, coder: str = "model", split: str | tuple[str, ...] = HELD_OUT) -> pd.DataFrame:
    """Agreement of a coder with the hand-coded clauses of `split` (a split name or several) that are coding units.

    `coder` is "model" (the coder of `instruments.code_texts`, fitted on the development split) or
    "keywords" (the codebook's cues alone). Computed from dictionaries/coded_clauses.yaml."""
    from policyreport.extract import classifier

    rows = _units(split)
    if coder == "model":
        auto = [{t for t, _ in codes} for codes in _model_codes(rows, codebook)]
    elif coder == "keywords":
        auto = keyword_coder_types(rows, codebook)
    else:
        raise ValueError(f"unknown coder {coder!r}")
    table = agreement_table([set(r.types) for r in rows], auto, classifier.TYPES)
    return table.assign(documents=len({r.doc for r in rows}))


def _units(split: str | tuple[str, ...]) -> list:
    """The hand-coded clauses of `split` (a split name or several) that are coding units."""
    from policyreport.extract import classifier

    splits = (split,) if isinstance(split, str) else tuple(split)
    return [r for r in classifier.load_coded() if r.unit and r.split in splits]


def _model_codes(rows: list, codebook: instruments.Codebook) -> list[dict]:
    """The coder's codes ({(type, sub-instrument): cue words}) of hand-coded clauses, each
    document's clauses coded together as in a build (`instruments.code_texts`)."""
    from policyreport.ingest.text import normalize

    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_doc.setdefault(r.doc, []).append(i)
    out: list[dict] = [{} for _ in rows]
    for idx in by_doc.values():
        for i, codes in zip(idx, instruments.code_texts([normalize(rows[i].text) for i in idx], codebook)):
            out[i] = codes
    return out


def sub_instrument_agreement(codebook: instruments.Codebook, split: str | tuple[str, ...] = HELD_OUT) -> tuple[int, int]:
    """Over the (clause, type) pairs where the coder and the hand code of `split` give the same
    type: how many there are, and how many share a sub-instrument."""
    owner = {n: t for t, n in codebook.instruments}
    rows = _units(split)
    pairs = same = 0
    for r, codes in zip(rows, _model_codes(rows, codebook)):
        human: dict[str, set[str]] = {}
        for n in r.instruments:
            human.setdefault(owner.get(n, ""), set()).add(n)
        coder: dict[str, set[str]] = {}
        for t, n in codes:
            coder.setdefault(t, set()).add(n)
        for t in set(human) & set(coder):
            pairs += 1
            same += bool(human[t] & coder[t])
    return pairs, same


def cross_validated(codebook: instruments.Codebook, folds: int = 5) -> pd.DataFrame:
    """Agreement on the development split by grouped cross-validation (folds of whole documents):
    the estimate used while building the coder, before the held-out part is looked at."""
    from sklearn.model_selection import GroupKFold

    from policyreport.extract import classifier
    from policyreport.ingest.text import normalize

    rows = [r for r in classifier.development_clauses() if r.unit]
    cues = classifier.load_cues()
    auto: list[set[str]] = [set() for _ in rows]
    for train, test in GroupKFold(folds).split(rows, groups=[r.doc for r in rows]):
        model = classifier.fit([rows[i] for i in train], codebook, cues)
        by_doc: dict[str, list[int]] = {}
        for i in test:
            by_doc.setdefault(rows[i].doc, []).append(i)
        for idx in by_doc.values():
            codes = instruments.code_texts([normalize(rows[i].text) for i in idx], codebook, model)
            for i, c in zip(idx, codes):
                auto[i] = {k[0] for k in c}
    return agreement_table([set(r.types) for r in rows], auto, classifier.TYPES)


# ---------------------------------------------------------------- agreement between two human coders

SECOND_CODER = VALIDATION / "second_coder.yaml"
BETWEEN_COLUMNS = ["type", "clauses", "first_yes", "second_yes", "agreement", "kappa"]


def load_second(path: str | Path = SECOND_CODER) -> list[tuple[str, int, str, bool, set[str]]]:
    """(doc, paragraph, text, unit, types) of the second coder's clauses (format in the file's header)."""
    from policyreport.ingest.datafiles import read_yaml

    data = read_yaml(path, "the second coder's codes")
    rows = data.get("clauses") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise UserError(f"{path}: needs a 'clauses' list")
    return [(str(r["doc"]), int(r["paragraph"]), str(r["text"]), bool(r["unit"]), set(r.get("type") or ())) for r in rows]


def paired(second: str | Path = SECOND_CODER, first: str | Path | None = None) -> list[tuple[tuple, object]]:
    """Each second-coder row with the first coder's row of the same doc, paragraph and text
    (dictionaries/coded_clauses.yaml unless `first` names another file)."""
    from policyreport.extract import classifier

    by_key = {(r.doc, r.paragraph, r.text): r for r in classifier.load_coded(first or classifier.CODED)}
    out = []
    for s in load_second(second):
        r = by_key.get(s[:3])
        if r is None:
            raise UserError(f"{second}: clause not among the first coder's: {s[0]} ¶{s[1]} {s[2][:30]}")
        out.append((s, r))
    return out


def shipped_between_coders(codebook: instruments.Codebook) -> pd.DataFrame:
    """`between_coders()` of the shipped files, kept in the build's cache like `coder_agreement`:
    it depends only on the two coders' files (the model's key covers the first coder's), and
    reading them took 0.8 s of CPU in every corpus analysis."""
    from policyreport.extract import classifier

    return classifier.cached("between-coders", codebook, between_coders, reads=(SECOND_CODER,))


def between_coders(second: str | Path = SECOND_CODER, first: str | Path | None = None) -> pd.DataFrame:
    """Agreement of two human coders (columns BETWEEN_COLUMNS): first the row "unit" (is the clause a
    coding unit, over all paired clauses), then per type Cohen's κ of presence over the clauses both
    coders call units. first_yes / second_yes count the clauses each coder gives the type (or unit)."""
    from policyreport.extract import classifier

    pairs = paired(second, first)
    unit = agreement_table(
        [{"unit"} if r.unit else set() for _, r in pairs], [{"unit"} if s[3] else set() for s, _ in pairs], ["unit"]
    )
    both = [(s, r) for s, r in pairs if s[3] and r.unit]
    types = agreement_table([set(r.types) for _, r in both], [s[4] for s, _ in both], classifier.TYPES)
    table = pd.concat([unit, types], ignore_index=True)
    return table.rename(columns={"manual_yes": "first_yes", "auto_yes": "second_yes"})[BETWEEN_COLUMNS]

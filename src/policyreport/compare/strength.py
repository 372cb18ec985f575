"""Policy strength (政策力度): the issuer-rank × genre scale of 彭纪生, 仲为国 and 孙文祥 (2008), 1–5.

The scale is data (dictionaries/strength.yaml): ordered issuer classes (regex on the issuer as
written), ordered genre classes (regex on the end of the title, else on the extracted genre) and a
score for each (issuer class, genre class) pair with its basis. A document the scale does not cover
gets no score and a reason; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.ingest.datafiles import read_yaml

COLUMNS = ["doc_id", "issuer", "title_end", "issuer_class", "genre_class", "score", "basis", "reason", "year", "level"]
ANY = "*"


@dataclass(frozen=True)
class Scale:
    issuers: tuple[tuple[str, re.Pattern], ...]
    genres: tuple[tuple[str, re.Pattern], ...]
    scores: dict[tuple[str, str], tuple[int, str]]


def _classes(data, key: str, source: str) -> tuple[tuple[str, re.Pattern], ...]:
    items = data.get(key)
    if not isinstance(items, dict) or not items:
        raise UserError(f"{source}: '{key}' must map class names to regular expressions")
    out = []
    for name, rx in items.items():
        try:
            out.append((str(name), re.compile(str(rx))))
        except re.error as exc:
            raise UserError(f"{source}: {key} '{name}': not a valid regular expression ({exc})") from None
    return tuple(out)


def parse_scale(data, source: str = "<strength>") -> Scale:
    """Check and compile a strength scale; UserError names `source` and the problem."""
    if not isinstance(data, dict):
        raise UserError(f"{source}: the strength scale must have 'issuers', 'genres' and 'scores'")
    issuers, genres = _classes(data, "issuers", source), _classes(data, "genres", source)
    known_i, known_g = {n for n, _ in issuers} | {ANY}, {n for n, _ in genres}
    scores = {}
    for row in data.get("scores") or []:
        if not (isinstance(row, list) and len(row) == 4 and row[0] in known_i and row[1] in known_g and isinstance(row[2], int)):
            raise UserError(
                f"{source}: scores row {row} must be [issuer class, genre class, integer score, basis] with known classes"
            )
        scores[(str(row[0]), str(row[1]))] = (int(row[2]), str(row[3]))
    if not scores:
        raise UserError(f"{source}: 'scores' is empty")
    return Scale(issuers, genres, scores)


def load_scale(path: str | Path) -> Scale:
    return parse_scale(read_yaml(path, "the policy strength scale"), str(path))


def _first(classes, text: str) -> str | None:
    return next((name for name, rx in classes if text and rx.search(text)), None)


def score(meta: dict, scale: Scale) -> dict:
    """One document's row (columns COLUMNS)."""
    issuer = meta.get("issuer") or ""
    title = re.sub(r"[\s》」”\"]+$", "", meta.get("title") or "")
    i_class = _first(scale.issuers, issuer)
    g_class = _first(scale.genres, title) or _first(scale.genres, meta.get("genre") or "")
    hit = scale.scores.get((i_class, g_class)) or scale.scores.get((ANY, g_class))
    if not issuer:
        reason = "文中未载明发文机关"
    elif g_class is None:
        reason = "标题和文种不属于量表中的任何文种"
    elif hit is None:
        reason = f"量表没有“{i_class}”发布“{g_class}”的分值"
    else:
        reason = None
    return {
        "doc_id": meta["doc_id"],
        "issuer": issuer or None,
        "title_end": title[-8:] or None,
        "issuer_class": i_class,
        "genre_class": g_class,
        "score": hit[0] if hit and issuer else None,
        "basis": hit[1] if hit and issuer else None,
        "reason": reason,
        "year": meta.get("year"),
        "level": meta.get("level"),
    }


def strength(metas: list[dict], scale: Scale) -> pd.DataFrame:
    return pd.DataFrame([score(m, scale) for m in sorted(metas, key=lambda m: m["doc_id"])], columns=COLUMNS)


def by_group(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per year or per administrative level: documents, scored documents, mean and total strength."""
    cols = [column, "documents", "scored", "mean", "total"]
    t = table[table[column].notna()]
    if t.empty:
        return pd.DataFrame(columns=cols)
    g = t.groupby(column, sort=True)
    out = pd.DataFrame(
        {
            "documents": g.size(),
            "scored": g["score"].count(),
            "mean": g["score"].mean().round(2),
            "total": g["score"].sum(min_count=1),
        }
    ).reset_index()
    return out[cols]

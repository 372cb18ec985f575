"""Policy strength (政策力度): the issuer-rank × genre scale of 彭纪生, 仲为国 and 孙文祥 (2008), 1–5.

The scale is data (dictionaries/strength.yaml): ordered issuer classes (regex on each issuer of the
signature; a joint document takes its highest-ranked issuer), ordered genre classes (regex on the
carried document's genre, else the end of the title, else the extracted genre), genre classes the
scale does not apply to (replies, 批复, 函, 通报: `unscored`, with the reason) and a score for each
(issuer class, genre class) pair with its basis. A document the scale does not cover gets no score
and a reason; nothing is guessed.
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
    unscored: dict[str, str]


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
    unscored = {str(k): str(v) for k, v in (data.get("unscored") or {}).items()}
    if set(unscored) - known_g:
        raise UserError(f"{source}: unscored names unknown genre classes {sorted(set(unscored) - known_g)}")
    return Scale(issuers, genres, scores, unscored)


def load_scale(path: str | Path) -> Scale:
    return parse_scale(read_yaml(path, "the policy strength scale"), str(path))


def _first(classes, text: str) -> str | None:
    return next((name for name, rx in classes if text and rx.search(text)), None)


ISSUER_SPLIT = re.compile(r"[、，,；;\s]+")


def issuer_class(issuer: str, scale: Scale) -> tuple[str | None, str | None]:
    """The highest-ranked class among the issuers of a (possibly joint) signature, and that issuer."""
    rank = {name: n for n, (name, _) in enumerate(scale.issuers)}
    found: dict[str, str] = {}
    for part in (p for p in ISSUER_SPLIT.split(issuer) if p):
        name = _first(scale.issuers, part)
        if name is not None:
            found.setdefault(name, part)
    if not found:
        return None, None
    best = min(found, key=rank.__getitem__)
    return best, found[best]


def genre_class(meta: dict, scale: Scale) -> tuple[str | None, str]:
    """The genre class from the carried document's genre, else the title's end, else the genre; and which was used."""
    title = re.sub(r"[\s》」”\"]+$", "", meta.get("title") or "")
    title = re.sub(r"[(（][^()（）]{1,20}[)）]$", "", title)  # 办法（试行）
    sources = (
        (meta.get("carried_genre"), "被印发文件的文种"),
        (title, "标题"),
        (meta.get("genre"), "文种"),
        (meta.get("doc_number"), "发文字号"),
    )
    for text, what in sources:
        name = _first(scale.genres, text or "")
        if name is not None:
            return name, what
    return None, ""


# A joint document's class: the highest class of the scale among its issuers, which is not always the
# highest body (a county's bureaus with a town government are 地方政府, for the town).
JOINT = "；联合发文，按署名机关在量表中最高的机关类别归类（“{by}”）"


def score(meta: dict, scale: Scale, design: str | None = None) -> dict:
    """One document's row (columns COLUMNS). `design` (compare.designs) keeps responses unscored
    whatever their title says (关于同意…的通知 is an approval)."""
    issuer = meta.get("issuer") or ""
    i_class, by = issuer_class(issuer, scale)
    g_class, _ = genre_class(meta, scale)
    hit = scale.scores.get((i_class, g_class)) or scale.scores.get((ANY, g_class))
    if g_class in scale.unscored:
        hit, reason = None, scale.unscored[g_class]
    elif design == "response":
        hit, reason = None, "按文种分组属于答复类（个案批准、答复），不在量表的适用范围"
    elif not issuer:
        reason = "文中未载明发文机关"
    elif i_class is None:
        reason = f"发文机关“{issuer}”不属于量表中的任何机关类别"
    elif g_class is None:
        reason = "标题和文种不属于量表中的任何文种"
    elif hit is None:
        reason = f"量表没有“{i_class}”发布“{g_class}”的分值"
    else:
        reason = None
    basis = hit[1] if hit and issuer else None
    if basis and by and by != issuer:
        basis += JOINT.format(by=by)
    return {
        "doc_id": meta["doc_id"],
        "issuer": issuer or None,
        "title_end": (meta.get("title") or "")[-8:] or None,
        "issuer_class": i_class,
        "genre_class": g_class,
        "score": hit[0] if hit and issuer else None,
        "basis": basis,
        "reason": reason,
        "year": meta.get("year"),
        "level": meta.get("level"),
    }


def strength(metas: list[dict], scale: Scale, designs: dict[str, str] | None = None) -> pd.DataFrame:
    """Every document's row; `designs` maps doc_id to its group (compare.designs)."""
    designs = designs or {}
    rows = [score(m, scale, designs.get(m["doc_id"])) for m in sorted(metas, key=lambda m: m["doc_id"])]
    return pd.DataFrame(rows, columns=COLUMNS)


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

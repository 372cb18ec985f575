"""Replies to deputies' suggestions and members' proposals, point by point: what was asked (the
reply's 关于… headings, else the title of the suggestion answered) and what the reply does about it
(done or promised, partly done and partly explained, explained, with promises and target years), with the paragraphs as evidence.

Markers are data (dictionaries/replies.yaml). A reply's own handling class and result (A/B/C,
采纳吸收 …) are copied as written: their meaning is set by each locality's handling rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.ingest.datafiles import read_yaml

POINT_COLUMNS = [
    "doc_id",
    "point",
    "paragraph",
    "last_paragraph",
    "asked",
    "verdict",
    "done",
    "promised",
    "target_years",
    "evidence",
]
ADOPTED, PARTLY, EXPLAINED, UNDECIDED = "已办或承诺办理", "部分办理、部分解释说明", "解释说明", "未能判定"
REPLY_GENRE = re.compile(r"建议|提案")


@dataclass(frozen=True)
class Markers:
    point_heading: re.Pattern
    adopted: tuple[re.Pattern, ...]
    explained: tuple[re.Pattern, ...]


def parse_markers(data, source: str = "<replies>") -> Markers:
    """Check and compile the reply markers; UserError names `source` and the problem."""
    if not isinstance(data, dict) or not all(isinstance(data.get(k), list) and data[k] for k in ("adopted", "explained")):
        raise UserError(f"{source}: the reply markers need non-empty lists 'adopted' and 'explained'")
    try:
        return Markers(
            re.compile(str(data.get("point_heading", "^关于"))),
            tuple(re.compile(str(x)) for x in data["adopted"]),
            tuple(re.compile(str(x)) for x in data["explained"]),
        )
    except re.error as exc:
        raise UserError(f"{source}: a marker is not a valid regular expression ({exc})") from None


def load_markers(path: str | Path) -> Markers:
    return parse_markers(read_yaml(path, "the reply markers"), str(path))


def points(outline: pd.DataFrame, body: tuple[int, int], heading: re.Pattern) -> list[tuple[int, int, str | None]]:
    """(first paragraph, last paragraph, asked) of each point: the depth-1 sections whose titles match
    `heading`, or the whole body as one point (asked None) when none does."""
    first, last = body
    top = outline[(outline["depth"] == 1) & outline["paragraph"].between(first, last)] if not outline.empty else outline
    if top.empty or not top["title"].astype(str).str.contains(heading).any():
        return [(first, last, None)]
    starts = top["paragraph"].astype(int).tolist()
    ends = [s - 1 for s in starts[1:]] + [last]
    return [(s, e, str(t)) for s, e, t in zip(starts, ends, top["title"])]


def _first(patterns, paras: list[tuple[int, str]]) -> tuple[int, str] | None:
    for n, text in paras:
        for rx in patterns:
            m = rx.search(text)
            if m:
                return n, text[max(0, m.start() - 12) : m.end() + 12]
    return None


def verdict(adopted: bool, promised: bool, explained: bool) -> str:
    """The point's handling from its markers (see dictionaries/replies.yaml)."""
    acted = adopted or promised
    return PARTLY if acted and explained else ADOPTED if acted else EXPLAINED if explained else UNDECIDED


def reply_points(meta: dict, tables: dict[str, pd.DataFrame], markers: Markers) -> pd.DataFrame:
    """One row per point of one reply (columns POINT_COLUMNS)."""
    body = tuple(meta.get("body") or (1, 10**9))
    paras = [(int(n), str(t)) for n, t in zip(tables["paragraphs"]["paragraph"], tables["paragraphs"]["text"])]
    com = tables.get("commitments")
    answered = "、".join(a.get("citation") or "" for a in meta.get("answers") or [] if a.get("citation")) or meta.get("title")
    rows = []
    for k, (a, b, asked) in enumerate(points(tables.get("outline", pd.DataFrame()), body, markers.point_heading), 1):
        here = [(n, t) for n, t in paras if a <= n <= b]
        c = (
            com[com["paragraph"].between(a, b)]
            if com is not None and len(com)
            else pd.DataFrame(columns=["status", "target_year"])
        )
        done, promised = int((c["status"] == "已完成").sum()), int((c["status"] == "承诺").sum())
        years = sorted({int(y) for y in c.loc[c["status"] == "承诺", "target_year"].dropna()})
        hit_a, hit_e = _first(markers.adopted, here), _first(markers.explained, here)
        evidence = "；".join(f"第{h[0]}段“{h[1]}”" for h in (hit_a, hit_e) if h)
        rows.append(
            (
                meta["doc_id"],
                k,
                a,
                b,
                asked or answered,
                verdict(bool(hit_a or done), bool(promised), bool(hit_e)),
                done,
                promised,
                "、".join(map(str, years)),
                evidence,
            )
        )
    return pd.DataFrame(rows, columns=POINT_COLUMNS)


def is_reply(meta: dict) -> bool:
    """A reply to a deputy's suggestion or a member's proposal (not a 批复 or 复函 to a request)."""
    return bool(REPLY_GENRE.search(meta.get("genre") or ""))


def summary(point_table: pd.DataFrame, metas: list[dict]) -> pd.DataFrame:
    """Per reply: points, their verdicts, and the handling class and result the reply states."""
    cols = ["doc_id", "points", *(v for v in (ADOPTED, PARTLY, EXPLAINED, UNDECIDED)), "handling_class", "handling_result"]
    if point_table.empty:
        return pd.DataFrame(columns=cols)
    t = point_table.groupby(["doc_id", "verdict"]).size().unstack(fill_value=0)
    t = t.reindex(columns=[ADOPTED, PARTLY, EXPLAINED, UNDECIDED], fill_value=0)
    t.insert(0, "points", t.sum(axis=1))
    stated = {m["doc_id"]: (m.get("handling_class"), m.get("handling_result")) for m in metas}
    t["handling_class"] = [stated.get(d, (None, None))[0] for d in t.index]
    t["handling_result"] = [stated.get(d, (None, None))[1] for d in t.index]
    return t.reset_index()[cols]

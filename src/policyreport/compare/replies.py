"""Replies to deputies' suggestions and members' proposals, point by point: what was asked (the
reply's 关于… headings, else the suggestion named in the reply's opening, else its title) and what the
reply does about it (done or promised, partly done and partly explained, explained, or undecided),
computed from clause-level evidence with the paragraph of each clause.

Markers and the handling-class schemes are data (dictionaries/replies.yaml). A reply's own handling
class (A/B/C …) is explained only from a scheme whose source was checked and whose jurisdiction and
channel match the reply; otherwise the report says the rule is not known and quotes the reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    "stated",
    "verdict",
    "done",
    "promised",
    "promised_dated",
    "explained",
    "target_years",
    "evidence",
]
ADOPTED, PARTLY, EXPLAINED, UNDECIDED = "已办或承诺办理", "部分办理、部分解释说明", "解释说明", "未能判定"
VERDICTS = (ADOPTED, PARTLY, EXPLAINED, UNDECIDED)
REPLY_GENRE = re.compile(r"建议|提案")
CLAUSE_END = re.compile(r"(?<=[。；;！？])")
NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])\s*")
EXCERPT = 40


@dataclass(frozen=True)
class Scheme:
    """One published classification of handling results: where it applies, its source, its classes."""

    id: str
    jurisdiction: str
    match: dict[str, re.Pattern]
    source: str
    source_kind: str
    classes: dict[str, str]

    def applies(self, meta: dict) -> bool:
        return all(rx.search(str(meta.get(k) or "")) for k, rx in self.match.items())


@dataclass(frozen=True)
class Markers:
    point_heading: re.Pattern
    adopted: tuple[re.Pattern, ...]
    explained: tuple[re.Pattern, ...]
    asked_opening: re.Pattern | None = None
    stated: dict[str, re.Pattern] = field(default_factory=dict)
    conditional: re.Pattern | None = None
    schemes: tuple[Scheme, ...] = ()


def _schemes(data, source: str) -> tuple[Scheme, ...]:
    out = []
    for i, s in enumerate(data or []):
        where = f"{source}: class_schemes[{i}]"
        if not isinstance(s, dict) or not all(s.get(k) for k in ("id", "jurisdiction", "match", "source", "classes")):
            raise UserError(f"{where} needs id, jurisdiction, match, source and classes")
        if not isinstance(s["match"], dict) or not isinstance(s["classes"], dict):
            raise UserError(f"{where}: match and classes are mappings")
        out.append(
            Scheme(
                str(s["id"]),
                str(s["jurisdiction"]),
                {str(k): re.compile(str(v)) for k, v in s["match"].items()},
                str(s["source"]),
                str(s.get("source_kind") or ""),
                {str(k).upper(): str(v) for k, v in s["classes"].items()},
            )
        )
    return tuple(out)


def parse_markers(data, source: str = "<replies>") -> Markers:
    """Check and compile the reply markers and class schemes; UserError names `source` and the problem."""
    if not isinstance(data, dict) or not all(isinstance(data.get(k), list) and data[k] for k in ("adopted", "explained")):
        raise UserError(f"{source}: the reply markers need non-empty lists 'adopted' and 'explained'")
    stated = data.get("stated_result") or {}
    if not isinstance(stated, dict):
        raise UserError(f"{source}: 'stated_result' is a mapping of kind -> pattern")
    try:
        return Markers(
            re.compile(str(data.get("point_heading", "^关于"))),
            tuple(re.compile(str(x)) for x in data["adopted"]),
            tuple(re.compile(str(x)) for x in data["explained"]),
            re.compile(str(data["asked_opening"])) if data.get("asked_opening") else None,
            {str(k): re.compile(str(v)) for k, v in stated.items()},
            re.compile(str(data["conditional_before"])) if data.get("conditional_before") else None,
            _schemes(data.get("class_schemes"), source),
        )
    except re.error as exc:
        raise UserError(f"{source}: a marker is not a valid regular expression ({exc})") from None


def load_markers(path: str | Path) -> Markers:
    return parse_markers(read_yaml(path, "the reply markers"), str(path))


def points(outline: pd.DataFrame, body: tuple[int, int], heading: re.Pattern) -> list[tuple[int, int, str | None]]:
    """(first paragraph, last paragraph, outline title) of each point: the depth-1 sections whose titles
    match `heading`, or the whole body as one point (title None) when none does."""
    first, last = body
    top = outline[(outline["depth"] == 1) & outline["paragraph"].between(first, last)] if not outline.empty else outline
    if top.empty or not top["title"].astype(str).str.contains(heading).any():
        return [(first, last, None)]
    starts = top["paragraph"].astype(int).tolist()
    ends = [s - 1 for s in starts[1:]] + [last]
    return [(s, e, str(t)) for s, e, t in zip(starts, ends, top["title"])]


def clauses(paras: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(paragraph, clause) for every clause of the paragraphs, cut after 。；！？."""
    return [(n, c.strip()) for n, text in paras for c in CLAUSE_END.split(text) if c.strip()]


def _excerpt(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def explains(clause: str, markers: Markers) -> bool:
    """The clause explains why something is not (yet) done: an explained marker not inside a condition."""
    for rx in markers.explained:
        for m in rx.finditer(clause):
            if markers.conditional is None or not markers.conditional.search(clause[: m.start()]):
                return True
    return False


def stated_result(texts: list[str], markers: Markers) -> tuple[str, str] | None:
    """(kind, words) of the handling result a point states of itself, at the end of its heading or as
    its first paragraph (一、关于“……”的建议 采纳吸收建议。)."""
    for text in texts:
        t = re.sub(r"\s+", "", text)
        for kind, rx in markers.stated.items():
            m = rx.search(t)
            if m:
                return kind, m.group(1)
    return None


def asked_text(heading_text: str, stated: tuple[str, str] | None) -> str:
    """The heading paragraph as written, without its numbering and the stated result that follows it."""
    t = NUMBERING.sub("", heading_text.strip())
    if stated:
        t = re.sub(re.escape(stated[1]) + r"(?:建议|意见|提案)?[。.]?\s*$", "", t).strip()
    return t


def verdict(acted: bool, explained: bool, stated_kind: str | None = None) -> str:
    """The point's handling from its clause evidence; a stated result contrary to the evidence makes
    it undecided (adopted stated but only explanations found, or 留作参考 stated but work done or promised)."""
    v = PARTLY if acted and explained else ADOPTED if acted else EXPLAINED if explained else UNDECIDED
    if (stated_kind == "adopted" and v == EXPLAINED) or (stated_kind == "reference" and acted):
        return UNDECIDED
    return v


def _answered(meta: dict, paras: list[tuple[int, str]], markers: Markers) -> str:
    cited = "、".join(a.get("citation") or "" for a in meta.get("answers") or [] if a.get("citation"))
    if cited:
        return cited
    if markers.asked_opening is not None:
        for _, text in [(n, t) for n, t in paras if t.strip()][:30]:
            m = markers.asked_opening.search(re.sub(r"\s+", "", text))
            if m:
                inner = re.search(r"《([^》]+)》", m.group(1))  # 关于《关于……的建议》, 《……》第63号提案
                return inner.group(1) if inner else m.group(1)
    return str(meta.get("title") or "")


def reply_points(meta: dict, tables: dict[str, pd.DataFrame], markers: Markers) -> pd.DataFrame:
    """One row per point of one reply (columns POINT_COLUMNS)."""
    body = tuple(meta.get("body") or (1, 10**9))
    paras = [(int(n), str(t)) for n, t in zip(tables["paragraphs"]["paragraph"], tables["paragraphs"]["text"])]
    com = tables.get("commitments")
    if com is None or com.empty:
        com = pd.DataFrame(columns=["paragraph", "status", "target_year", "clause"])
    rows = []
    for k, (a, b, title) in enumerate(points(tables.get("outline", pd.DataFrame()), body, markers.point_heading), 1):
        here = [(n, t) for n, t in paras if a <= n <= b]
        heading = next((t for n, t in here if n == a), "") if title is not None else ""
        nonempty = [t for _, t in here if t.strip()]
        stated = stated_result(nonempty[:2], markers) if title is not None else None
        c = com[com["paragraph"].between(a, b)]
        done_c, promise_c = c[c["status"] == "已完成"], c[c["status"] == "承诺"]
        years = sorted({int(y) for y in promise_c["target_year"].dropna()})
        body_clauses = [(n, t) for n, t in clauses(here) if not (title is not None and n == a)]
        if stated:  # the stated result is the reply's label, not evidence of what it does
            body_clauses = [(n, t) for n, t in body_clauses if not markers.stated[stated[0]].search(re.sub(r"\s+", "", t))]
        marked = [(n, t) for n, t in body_clauses if any(rx.search(t) for rx in markers.adopted)]
        explained = [(n, t) for n, t in body_clauses if explains(t, markers)]
        evidence = []
        for label, found in (
            ("已完成", list(zip(done_c["paragraph"], done_c["clause"]))),
            ("承诺", list(zip(promise_c["paragraph"], promise_c["clause"]))),
            ("已办", marked if done_c.empty else []),
            ("解释说明", explained),
        ):
            if found:
                n, text = found[0]
                more = f"等 {len(found)} 句" if len(found) > 1 else ""
                evidence.append(f"{label}：第{int(n)}段“{_excerpt(str(text))}”{more}")
        acted = bool(len(done_c) or len(promise_c) or marked)
        v = verdict(acted, bool(explained), stated[0] if stated else None)
        if stated and v == UNDECIDED and (acted or explained):
            evidence.append(f"答复自述“{stated[1]}”与分句证据不一致")
        rows.append(
            (
                meta["doc_id"],
                k,
                a,
                b,
                asked_text(heading, stated) if title is not None else _answered(meta, paras, markers),
                stated[1] if stated else "",
                v,
                len(done_c),
                len(promise_c),
                int(promise_c["target_year"].notna().sum()),
                len(explained),
                "、".join(map(str, years)),
                "；".join(evidence),
            )
        )
    return pd.DataFrame(rows, columns=POINT_COLUMNS)


def is_reply(meta: dict) -> bool:
    """A reply to a deputy's suggestion or a member's proposal (not a 批复 or 复函 to a request)."""
    return bool(REPLY_GENRE.search(meta.get("genre") or ""))


def class_meaning(meta: dict, schemes: tuple[Scheme, ...]) -> tuple[str, str, str]:
    """(meaning, source key, scheme jurisdiction) of the class a reply states, from the first scheme
    that applies to it; ('', '', '') when none applies or the scheme has no such class."""
    cls = str(meta.get("handling_class") or "").strip().upper()
    if not cls:
        return "", "", ""
    for s in schemes:
        if s.applies(meta) and cls in s.classes:
            return s.classes[cls], s.source, s.jurisdiction
    return "", "", ""


SUMMARY_COLUMNS = [
    "doc_id",
    "points",
    *VERDICTS,
    "handling_class",
    "handling_result",
    "stated_points",
    "class_meaning",
    "class_source",
    "class_jurisdiction",
]


def summary(point_table: pd.DataFrame, metas: list[dict], schemes: tuple[Scheme, ...] = ()) -> pd.DataFrame:
    """Per reply: points, their verdicts, the handling class and result the reply states, and the
    class's meaning under a checked scheme of the reply's jurisdiction (empty when none is known)."""
    if point_table.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    t = point_table.groupby(["doc_id", "verdict"]).size().unstack(fill_value=0)
    t = t.reindex(columns=list(VERDICTS), fill_value=0)
    t.insert(0, "points", t.sum(axis=1))
    by_id = {m["doc_id"]: m for m in metas}
    stated = point_table.get("stated", pd.Series("", index=point_table.index)).fillna("")
    said = point_table.assign(stated=stated)
    said = said[said["stated"] != ""].groupby("doc_id")["stated"].agg(lambda s: "、".join(dict.fromkeys(s)))
    t["handling_class"] = [by_id.get(d, {}).get("handling_class") for d in t.index]
    t["handling_result"] = [by_id.get(d, {}).get("handling_result") for d in t.index]
    t["stated_points"] = [said.get(d, "") for d in t.index]
    meanings = [class_meaning(by_id.get(d, {}), schemes) for d in t.index]
    t["class_meaning"] = [m[0] for m in meanings]
    t["class_source"] = [m[1] for m in meanings]
    t["class_jurisdiction"] = [m[2] for m in meanings]
    return t.reset_index()[SUMMARY_COLUMNS]


def synthesis(point_table: pd.DataFrame) -> dict:
    """The numbers the report states of all replies together, each with its base."""
    pts = point_table
    counts = pts["verdict"].value_counts() if not pts.empty else pd.Series(dtype=int)
    return {
        "replies": int(pts["doc_id"].nunique()) if not pts.empty else 0,
        "points": len(pts),
        "verdicts": {v: int(counts.get(v, 0)) for v in VERDICTS},
        "points_promising": int((pts["promised"] > 0).sum()) if not pts.empty else 0,
        "promises": int(pts["promised"].sum()) if not pts.empty else 0,
        "promises_dated": int(pts["promised_dated"].sum()) if "promised_dated" in pts and not pts.empty else 0,
        "points_explaining": int((pts["explained"] > 0).sum()) if "explained" in pts and not pts.empty else 0,
    }

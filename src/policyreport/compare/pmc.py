"""PMC index (Policy Modeling Consistency, Ruiz Estrada 2011): binary second-level variables scored
from the text with their evidence, first-level means, the index, its grade, and reviewer overrides.
Cues are matched on paragraphs without their "(牵头部门:…)" notes (a department named there is not
what the policy says).

The model is data (dictionaries/pmc.yaml; how each variable is judged is described there). A
reviewer's overrides (parameter `pmc_overrides`) replace automatic scores and are marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.extract.departments import strip_annotations
from policyreport.extract.fields import TABLE as _FIELDS
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.text import normalize

SCORE_COLUMNS = ["doc_id", "level1", "level1_name", "code", "name", "score", "source", "paragraph", "evidence"]
KINDS = ("cues", "headings", "instruments", "horizon", "constant")
HEADING_DEPTH = 2  # 一、… and (一)…: the sections a guarantee chapter is written as
CONTEXT = 24  # characters of context either side of a cue


@dataclass(frozen=True)
class Variable:
    level1: str
    level1_name: str
    code: str
    name: str
    spec: dict


@dataclass(frozen=True)
class Model:
    variables: tuple[Variable, ...]
    grades: tuple[tuple[float, str], ...]

    @property
    def level1(self) -> list[str]:
        return list(dict.fromkeys(v.level1 for v in self.variables))


def parse_model(data, source: str = "<pmc>") -> Model:
    """Check and compile a PMC model; UserError names `source` and the problem."""
    if not isinstance(data, dict) or not isinstance(data.get("variables"), dict):
        raise UserError(f"{source}: the PMC model needs 'variables' (X1: {{name, items}}) and 'grades'")
    out = []
    for l1, block in data["variables"].items():
        if not isinstance(block, dict) or not isinstance(block.get("items"), dict) or not block["items"]:
            raise UserError(f"{source}: first-level variable '{l1}' needs a name and non-empty 'items'")
        for code, spec in block["items"].items():
            where = f"{source}: variable '{code}'"
            kinds = [k for k in KINDS if k in (spec or {})]
            if not isinstance(spec, dict) or len(kinds) != 1:
                raise UserError(f"{where} needs exactly one of {list(KINDS)}")
            spec = dict(spec)
            for key in ("cues", "headings"):
                if key not in spec:
                    continue
                try:
                    spec[key] = [re.compile(c) for c in spec[key]]
                except (re.error, TypeError) as exc:
                    raise UserError(f"{where}: a cue is not a valid regular expression ({exc})") from None
            out.append(Variable(str(l1), str(block.get("name", l1)), str(code), str(spec.get("name", code)), spec))
    grades = tuple(sorted(((float(lo), str(g)) for lo, g in data.get("grades") or []), reverse=True))
    if not grades:
        raise UserError(f"{source}: 'grades' is empty")
    return Model(tuple(out), grades)


def load_model(path: str | Path) -> Model:
    return parse_model(read_yaml(path, "the PMC model"), str(path))


def load_overrides(path: str | Path | None) -> dict[tuple[str, str], tuple[int, str]]:
    """Reviewer overrides: {file name or doc_id: {variable code: 0|1 or {score: 0|1, note: text}}}."""
    if not path:
        return {}
    data = read_yaml(path, "the PMC overrides") or {}
    shape = "expected a mapping of file -> variable -> 0/1 (or {score: 0/1, note: text})"
    if not isinstance(data, dict):
        raise UserError(f"{path}: the PMC overrides: {shape}, got {type(data).__name__}")
    out = {}
    for doc, items in data.items():
        if not isinstance(items or {}, dict):
            raise UserError(f"{path}: the PMC overrides: {doc}: {shape}, got {type(items).__name__}")
        for code, v in (items or {}).items():
            score, note = (v.get("score"), v.get("note", "")) if isinstance(v, dict) else (v, "")
            if score not in (0, 1):
                raise UserError(f"{path}: {doc} / {code}: the score must be 0 or 1")
            if not isinstance(note, str):
                raise UserError(f"{path}: {doc} / {code}: the note must be text")
            out[(str(doc), str(code))] = (int(score), note)
    return out


FIELD_LABELS = {key: label for key, label, _, _ in _FIELDS}


def _cue(spec, meta, paragraphs) -> tuple[int, int | None, str]:
    if "field" in spec:
        value = meta.get(spec["field"]) or ""
        hit = any(rx.search(value) for rx in spec["cues"])
        return int(hit), None, f"元数据“{FIELD_LABELS.get(spec['field'], spec['field'])}”：{value or '（空）'}"
    for n, text in paragraphs:
        for rx in spec["cues"]:
            m = rx.search(text)
            if m:
                return 1, n, text[max(0, m.start() - CONTEXT) : m.end() + CONTEXT]
    return 0, None, "原文没有线索词"


def _headings(spec, outline: pd.DataFrame | None) -> tuple[int, int | None, str]:
    """The first section heading (depth <= HEADING_DEPTH) a cue matches."""
    if outline is None or outline.empty:
        return 0, None, "文件没有分节标题"
    for row in outline[outline["depth"] <= HEADING_DEPTH].itertuples():
        if any(rx.search(str(row.title)) for rx in spec["headings"]):
            return 1, int(row.paragraph), f"标题“{row.marker}{row.title}”"
    return 0, None, "没有保障、实施一类的分节标题"


def _instruments(spec, coded: list[tuple]) -> tuple[int, int | None, str]:
    """The first coded clause (type, instrument, paragraph, clause) of one of the spec's instruments or types."""
    wanted = set(spec["instruments"])
    for kind, instrument, paragraph, clause in coded:
        if instrument in wanted or kind in wanted:
            return 1, int(paragraph), f"{instrument}：{clause[:60]}"
    return 0, None, "没有编码到" + "、".join(spec["instruments"])


# Target years and validity periods (regex skeletons; a figure is a year only in these frames).
YEAR = r"((?:19|20)\d\d)"
TARGET_YEAR = re.compile(rf"(?<!截)(?:到|至){YEAR}\s*年|{YEAR}\s*年(?:底|末)?(?:前|以前|之前)(?![一二三四五六七八九十0-9])")
YEAR_SPAN = re.compile(rf"{YEAR}\s*[-—–~～至到]\s*{YEAR}\s*年")
VALID_UNTIL = re.compile(rf"有效期(?:至|到){YEAR}\s*年")
VALID_FOR = re.compile(r"有效期(?:为)?\s*([0-9一二三四五六七八九十]{1,3})\s*年")
NUMBER_YEAR = re.compile(rf"[〔\[(（]{YEAR}[〕\])）]")
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _small_number(text: str) -> int:
    """3, 三, 十, 十五 → int (validity periods are short)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CN_DIGITS.get(tens, 1) * 10 + CN_DIGITS.get(ones, 0)
    return CN_DIGITS.get(text, 0)


def base_year(meta: dict) -> tuple[int | None, str]:
    """The year a horizon is counted from: the signing year, else the year in the 文号, else the web page's year."""
    if meta.get("year"):
        return int(meta["year"]), "发文"
    m = NUMBER_YEAR.search(meta.get("doc_number") or "")
    if m:
        return int(m.group(1)), "发文字号所载年份"
    page = str((meta.get("publication") or {}).get("page_date") or "")[:4]
    return (int(page), "网页发布年份（成文日期不详）") if page.isdigit() else (None, "")


def target_years(paragraphs: list[tuple[int, str]], base: int | None) -> list[tuple[int, int, str]]:
    """(year, paragraph, words) of every target year and validity period the text states, in text order."""
    out = []
    for n, text in paragraphs:
        for m in TARGET_YEAR.finditer(text):
            out.append((int(m.group(1) or m.group(2)), n, m.group(0)))
        for m in YEAR_SPAN.finditer(text):
            out.append((int(m.group(2)), n, m.group(0)))
        for m in VALID_UNTIL.finditer(text):
            out.append((int(m.group(1)), n, m.group(0)))
        if base:
            for m in VALID_FOR.finditer(text):
                out.append((base + _small_number(m.group(1)), n, m.group(0)))
    seen: set[tuple[int, int]] = set()
    return [x for x in out if (x[0], x[1]) not in seen and not seen.add((x[0], x[1]))]


def _horizon(spec, meta, paragraphs) -> tuple[int, int | None, str]:
    """1 when a stated target year or validity period lies `spec["horizon"]` years after the base year
    (signing year, 文号 year or page year); with no base year, the span from the earliest target is
    used as a lower bound. The evidence lists the years read."""
    base, what = base_year(meta)
    found = target_years(paragraphs, base)
    if not found:
        return 0, None, "原文没有写明目标年份或有效期"
    years = sorted({y for y, _, _ in found})
    listed = "、".join(str(y) for y in years)
    if base is None:
        base, what = years[0], "最早的目标年份（成文年份不详，按下限计）"
    lo, hi = spec["horizon"]
    hits = [(y, n, w) for y, n, w in found if lo <= y - base <= hi]
    if not hits:
        return 0, None, f"目标年份 {listed} 年，距{what} {base} 年均不在 {lo}—{hi} 年内"
    y, n, w = hits[0]
    return 1, n, f"“{w}”：目标年份 {listed} 年，距{what} {base} 年 {y - base} 年"


def score_document(meta: dict, tables: dict[str, pd.DataFrame], model: Model, overrides=None) -> pd.DataFrame:
    """One row per second-level variable (columns SCORE_COLUMNS)."""
    overrides = overrides or {}
    paras = tables.get("paragraphs")
    first, last = meta.get("body") or (1, 10**9)  # the letter's own body: no title, no web wrapper
    paragraphs = (
        [
            (int(n), normalize(strip_annotations(str(t))))
            for n, t in zip(paras["paragraph"], paras["text"])
            if first <= int(n) <= last
        ]
        if paras is not None
        else []
    )
    coded = tables.get("instruments")
    coded = (
        list(zip(coded["type"], coded["instrument"], coded["paragraph"], coded["clause"]))
        if coded is not None and len(coded)
        else []
    )
    rows = []
    for v in model.variables:
        s = v.spec
        if "cues" in s:
            score, par, ev = _cue(s, meta, paragraphs)
        elif "headings" in s:
            score, par, ev = _headings(s, tables.get("outline"))
        elif "instruments" in s:
            score, par, ev = _instruments(s, coded)
        elif "horizon" in s:
            score, par, ev = _horizon(s, meta, paragraphs)
        else:
            score, par, ev = int(s["constant"]), None, s.get("note", "")
        source = "自动"
        hit = overrides.get((meta.get("file", ""), v.code)) or overrides.get((meta["doc_id"], v.code))
        if hit:
            score, source, ev = hit[0], "人工改写", hit[1] or ev
        rows.append((meta["doc_id"], v.level1, v.level1_name, v.code, v.name, score, source, par, ev))
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def constant_variables(scores: pd.DataFrame) -> pd.DataFrame:
    """Second-level variables with the same score in every scored document (2 or more documents):
    they do not discriminate between documents. Columns code, name, level1, score, documents."""
    cols = ["code", "name", "level1", "score", "documents"]
    if scores.empty or scores["doc_id"].nunique() < 2:
        return pd.DataFrame(columns=cols)
    g = scores.groupby(["code", "name", "level1"], sort=False)["score"].agg(["nunique", "first", "size"]).reset_index()
    g = g[g["nunique"] == 1].rename(columns={"first": "score", "size": "documents"})
    return g[cols].reset_index(drop=True)


def constant_level1(summary_table: pd.DataFrame, model: Model) -> list[str]:
    """First-level variables equal in every scored document (2 or more)."""
    if len(summary_table) < 2:
        return []
    return [x for x in model.level1 if x in summary_table and summary_table[x].nunique() == 1]


def grade(pmc: float, model: Model) -> str:
    """The grade whose lower bound is the highest one not above `pmc`."""
    return next((g for lo, g in model.grades if pmc >= lo), model.grades[-1][1])


def summary(scores: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Documents × first-level means, PMC, grade and rank (equal indices share a rank)."""
    if scores.empty:
        return pd.DataFrame(columns=["doc_id", *model.level1, "pmc", "grade", "rank"])
    t = scores.groupby(["doc_id", "level1"], sort=False)["score"].mean().unstack()[model.level1].round(4)
    t["pmc"] = t[model.level1].sum(axis=1).round(2)
    t["grade"] = [grade(p, model) for p in t["pmc"]]
    t["rank"] = t["pmc"].rank(method="min", ascending=False).astype(int)
    return t.reset_index()

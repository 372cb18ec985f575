"""Policy-instrument coding: which supply-, environment- and demand-side instruments each clause uses.

The framework is Rothwell & Zegveld's, as used in Chinese policy-text studies; the codebook
(type → sub-instrument → keywords and regexes) is data, in dictionaries/instruments.yaml, and can
be replaced as a whole.

The unit of coding is the clause: a sentence of `text.sentences`, split again on ；/; (the
sentence splitter already cuts there, so this only matters for other inputs). Clauses are NOT
split on "，": in these documents the instrument is named by the verb and object of the whole
clause ("对新获得临床试验资质备案的……机构，给予每个一级学科30万元的奖励"), and comma fragments
lose the subject or the condition; a clause that uses several instruments gets one row for each.
Headings (a paragraph's first sentence starting 一、/(一)/1. that is short or alone, and short
"一是……。" item titles) restate the text under them and are not coded; titles in 《》 (documents cited, not instruments used)
and "(牵头部门:…)" notes are blanked before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.extract import coding_rules
from policyreport.extract.departments import strip_annotations
from policyreport.extract.structure import heading_kind
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.patterns import CITED_TITLE, blank_inside
from policyreport.ingest.text import Sentence, normalize

COLUMNS = ["clause_no", "paragraph", "type", "instrument", "keyword", "topic", "clause"]
DIST_COLUMNS = ["type", "instrument", "count", "share"]
# Order of the framework's types in tables; types a replacement codebook adds come after, by name.
TYPE_ORDER = ("供给型", "环境型", "需求型")
NO_TOPIC = "未归类"
SPEC_KEYS = {"keywords", "patterns", "note"}

CLAUSE_END = re.compile(r"(?<=[；;])")
MAX_HEADING_CHARS = 40
# A short "一是……。" sentence that titles the enumerated item after it ("二是加强义诊科普宣传力度。").
ENUM_TITLE = re.compile(r"^[一二三四五六七八九十]+是[^,;:]{1,16}[。.]?$")


# ---------------------------------------------------------------- clauses


@dataclass(frozen=True)
class Clause:
    index: int  # index of its sentence in the input list
    paragraph: int
    text: str  # original wording, without responsibility notes
    norm: str  # normalised
    level: str | None  # numbering level (一、, (一), 1., …) when the sentence opens a numbered paragraph
    heading: bool  # the sentence is only a heading (alone in its paragraph, or short)


def clauses(sentences: list[Sentence]) -> list[Clause]:
    """The sentences cut on ；/; with heading sentences marked (see the module docstring)."""
    first: dict[int, int] = {}
    per_par: dict[int, int] = {}
    for i, s in enumerate(sentences):
        first.setdefault(s.paragraph, i)
        per_par[s.paragraph] = per_par.get(s.paragraph, 0) + 1
    out = []
    for i, s in enumerate(sentences):
        kind = heading_kind(s.norm) if first[s.paragraph] == i else None
        heading = bool(kind) and (per_par[s.paragraph] == 1 or len(s.norm) <= MAX_HEADING_CHARS)
        if not kind and ENUM_TITLE.match(s.norm):
            kind, heading = ("一是", ""), True
        for piece in CLAUSE_END.split(s.text):
            text = strip_annotations(piece).strip()
            norm = normalize(text)
            if norm:
                out.append(Clause(i, s.paragraph, text, norm, kind[0] if kind else None, heading))
    return out


def masked(norm: str) -> str:
    """A clause with the inside of 《》 titles blanked (a cited title is not an instrument used)."""
    return CITED_TITLE.sub(blank_inside, norm)


# ---------------------------------------------------------------- codebook


@dataclass(frozen=True)
class Entry:
    type: str
    instrument: str
    label: str  # the keyword, or the source of the regex
    regex: re.Pattern


@dataclass(frozen=True)
class Codebook:
    source: str
    instruments: tuple[tuple[str, str], ...]  # (type, instrument) in codebook order
    entries: tuple[Entry, ...]
    rules: coding_rules.Rules = coding_rules.Rules()


def parse_codebook(data, source: str = "<codebook>") -> Codebook:
    """Check and compile a codebook given as data (the parsed YAML); UserError names `source` and the problem."""
    if not isinstance(data, dict) or not data:
        raise UserError(f"{source}: the codebook must map instrument types (供给型, …) to their sub-instruments")
    data = dict(data)
    rules = coding_rules.parse_rules(data.pop("rules", None), source)
    instruments: list[tuple[str, str]] = []
    entries: list[Entry] = []
    owner: dict[str, str] = {}
    for typ, subs in data.items():
        if not isinstance(subs, dict) or not subs:
            raise UserError(f"{source}: type '{typ}' must map sub-instrument names to keyword lists")
        for name, spec in subs.items():
            where = f"{source}: sub-instrument '{typ} / {name}'"
            if str(name) in {n for _, n in instruments}:
                raise UserError(f"{where} appears twice (sub-instrument names must be unique)")
            if isinstance(spec, list):
                spec = {"keywords": spec}
            if not isinstance(spec, dict):
                raise UserError(f"{where} must be a list of keywords or a mapping with 'keywords'/'patterns'")
            unknown = set(spec) - SPEC_KEYS
            if unknown:
                raise UserError(f"{where} has unknown key(s) {sorted(unknown)} (allowed: {sorted(SPEC_KEYS)})")
            words, patterns = spec.get("keywords") or [], spec.get("patterns") or []
            for label, items in (("keywords", words), ("patterns", patterns)):
                if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
                    raise UserError(f"{where}: '{label}' must be a list of non-empty strings")
            if not words and not patterns:
                raise UserError(f"{where} has no keywords or patterns")
            for w in words:
                w = normalize(w)
                if w in owner:
                    raise UserError(f"{where}: keyword '{w}' is already listed under '{owner[w]}'")
                owner[w] = f"{typ} / {name}"
                entries.append(Entry(str(typ), str(name), w, re.compile(re.escape(w))))
            for p in patterns:
                try:
                    rx = re.compile(p)
                except re.error as exc:
                    raise UserError(f"{where}: pattern '{p}' is not a valid regular expression ({exc})") from None
                entries.append(Entry(str(typ), str(name), p, rx))
            instruments.append((str(typ), str(name)))
    if rules.restrictive_instrument and rules.restrictive_instrument not in instruments:
        raise UserError(f"{source}: rules: restrictive_instrument {list(rules.restrictive_instrument)} is not in the codebook")
    return Codebook(source, tuple(instruments), tuple(entries), rules)


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook YAML file (format in dictionaries/instruments.yaml's header)."""
    return parse_codebook(read_yaml(path, "the instrument codebook"), str(path))


# ---------------------------------------------------------------- coding


def matches(norm: str, codebook: Codebook) -> list[tuple[int, str, Entry]]:
    """Non-overlapping codebook hits in a normalised clause: (start, matched text, entry), left to right.

    Overlapping hits are resolved leftmost-longest, so a long keyword (后补助) wins over one it contains (补助).
    """
    found = []
    for order, e in enumerate(codebook.entries):
        for m in e.regex.finditer(norm):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), order, m.group(0), e))
    kept, end = [], -1
    for start, neg_len, _, text, e in sorted(found, key=lambda t: t[:3]):
        if start >= end:
            kept.append((start, text, e))
            end = start - neg_len
    return kept


def clause_topic(norm: str, topics: dict[str, list[str]] | None) -> str | None:
    """The topic whose keywords occur most often in the clause (first in dictionary order on a tie), or None."""
    if not topics:
        return None
    best, best_n = None, 0
    for topic, words in topics.items():
        n = sum(norm.count(w) for w in words)
        if n > best_n:
            best, best_n = topic, n
    return best


def coding_units(sentences: list[Sentence]) -> list[tuple[int, Clause]]:
    """The clauses that are coded, numbered in document order (headings keep their number but are left out)."""
    return [(n, c) for n, c in enumerate(clauses(sentences)) if not c.heading]


def clause_hits(text: str, codebook: Codebook) -> dict[tuple[str, str], list[str]]:
    """(type, sub-instrument) -> matched words of one masked clause, after the codebook's rules:
    frames blanked, negated hits dropped, a restrictive clause coded as a restriction only."""
    rules = codebook.rules
    text = coding_rules.unframed(text, rules)
    hits: dict[tuple[str, str], list[str]] = {}
    negated_end = -1
    for start, word, e in matches(text, codebook):
        if coding_rules.negated(text, start, rules) or coding_rules.coordinated(text, negated_end, start):
            negated_end = start + len(word)
            continue
        words = hits.setdefault((e.type, e.instrument), [])
        if word not in words:
            words.append(word)
    marker = coding_rules.restriction(text, rules)
    if marker and rules.restrictive_instrument:
        hits = {k: v for k, v in hits.items() if k[0] not in rules.restrictive_drops}
        hits.setdefault(rules.restrictive_instrument, []).insert(0, marker)
    return hits


def code_clauses(
    sentences: list[Sentence], codebook: Codebook | dict, topics: dict[str, list[str]] | None = None
) -> pd.DataFrame:
    """One row per (clause, sub-instrument) the clause uses (columns: COLUMNS).

    `clause_no` numbers the clauses of the document (the unit shared with goal coding); `keyword`
    lists the words that matched for that sub-instrument, in order, joined with "、"; `topic` is the
    clause's topic from the topic dictionary (`topics.read_topics`), or None.
    Rows follow the clauses' order, and the codebook's order within a clause.
    """
    if not isinstance(codebook, Codebook):
        codebook = parse_codebook(codebook)
    rank = {key: i for i, key in enumerate(codebook.instruments)}
    rows = []
    for n, c in coding_units(sentences):
        text = masked(c.norm)
        hits = clause_hits(text, codebook)
        if not hits:
            continue
        topic = clause_topic(text, topics)
        for key in sorted(hits, key=rank.__getitem__):
            rows.append((n, c.paragraph, key[0], key[1], "、".join(hits[key]), topic, c.text))
    return pd.DataFrame(rows, columns=COLUMNS)


def _type_rank(t: str) -> tuple[int, str]:
    return (TYPE_ORDER.index(t), "") if t in TYPE_ORDER else (len(TYPE_ORDER), t)


def distribution(coded: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Counts and shares of the sub-instruments (columns: DIST_COLUMNS); share is of all coded rows.

    With the codebook, every sub-instrument is listed (zero counts too) in codebook order; without it,
    the types come in TYPE_ORDER and the sub-instruments by count (descending), then name.
    """
    counts = coded.groupby(["type", "instrument"]).size() if len(coded) else pd.Series(dtype=int)
    total = int(counts.sum()) if len(counts) else 0
    if codebook is not None:
        keys = list(codebook.instruments) + [k for k in counts.index if k not in codebook.instruments]
    else:
        keys = sorted(counts.index, key=lambda k: (_type_rank(k[0]), -int(counts[k]), k[1]))
    rows = []
    for typ, name in keys:
        n = int(counts.get((typ, name), 0))
        rows.append((typ, name, n, round(n / total, 4) if total else 0.0))
    return pd.DataFrame(rows, columns=DIST_COLUMNS)

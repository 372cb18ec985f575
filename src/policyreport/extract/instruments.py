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
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.extract import coding_rules
from policyreport.extract.departments import strip_annotations
from policyreport.extract.structure import heading_kind
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.patterns import CITED_TITLE, blank_inside
from policyreport.ingest.text import Sentence, normalize

COLUMNS = ["clause_no", "paragraph", "type", "instrument", "keyword", "topic", "clause", "responsible"]
DIST_COLUMNS = ["type", "instrument", "count", "share"]
# Order of the framework's types in tables; types a replacement codebook adds come after, by name.
TYPE_ORDER = ("供给型", "环境型", "需求型")
NO_TOPIC = "未归类"
SPEC_KEYS = {"keywords", "patterns", "note"}

CLAUSE_END = re.compile(r"(?<=[；;])")
MAX_HEADING_CHARS = 40
# A short "一是……。" sentence that titles the enumerated item after it ("二是加强义诊科普宣传力度。").
ENUM_TITLE = re.compile(r"^[一二三四五六七八九十]+是[^,;:]{1,16}[。.]?$")

# ---- what is not a coding unit (regex skeletons; the reasons are the keys of NOT_UNIT)
MIN_CJK = 6  # fewer Chinese characters than this: a cell, label, page number or signature fragment
SHORT_LINE = 25  # a paragraph of one sentence this short without a sentence end: heading, caption or cell
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_END = re.compile(r"[。！？!?；;…]$")
# A responsibility note standing after a measure: (商务部、海关总署负责) / (牵头单位:市发展改革委) / 责任单位:…。
RESPONSIBLE = re.compile(
    r"[(（【〔\[][^()（）【】〔〕\[\]]{2,80}?(?:负责|牵头|配合|参与)[)）】〕\]]"
    r"|[(（【〔\[][^()（）【】〔〕\[\]]{0,30}?(?:牵头|责任|配合|参与)[\u4e00-\u9fff]{0,4}(?:部门|单位)\s*[:：][^()（）【】〔〕\[\]]+?[)）】〕\]]"
    r"|^\s*(?:牵头|责任|配合)(?:部门|单位)\s*[:：].+$"
)
NOT_UNIT = {
    "date": re.compile(r"^[\d〇○零一二三四五六七八九十年月日号 .\-/—()（）]{4,24}[。.]?$"),
    "attachment": re.compile(r"^(?:附件|附表|附录|附:)\s*\d*"),
    "caption": re.compile(r"^(?:表|图)\s*\d+(?:[-.]\d+)?(?:\s|[:：]|[\u4e00-\u9fff])"),
    "item-title": re.compile(r"^(?:——|--)[^。;]{1,20}[。.]?$|^坚持[^,。;]{1,10}[。.]?$"),  # ——产业规模快速壮大。/ 坚持产业协同。
    "chrome": re.compile(r"版权所有|主办单位[:：]|您当前所在的位置|当前位置[:：]"),
    "promulgation": re.compile(  # 1990年6月4日 国家教育委员会令第10号发布
        r"^[\d〇○零一二三四五六七八九十]{4}年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日\s*[^。]{2,40}(?:公布|发布|印发)[。.]?$"
    ),
    "standard-title": re.compile(r"第\d+部分[:：][^。]*$"),  # 信息技术 传感器网络 第805部分:测试:传感器网关测试规范
    "field": re.compile(
        r"^[(（]?\s*(?:联系人|联系电话|电话|传真|邮编|邮政编码|地址|电子邮箱|邮箱|网址|抄送|印发|索引号|发文字号|文号|主题词|成文日期|发布日期|发布机构|分类|来源|信息来源)\s*[:：]"
    ),
    "lead-in": re.compile(r"[:：]$"),
    "closing": re.compile(r"^(?:特此|此复|专此|此致|以上|妥否)[\u4e00-\u9fff]{0,4}[。.!！]?$"),
    "table": re.compile(r"\||\t|(?:\S\s{2,}){3}"),
}


def unit_reason(text: str, norm: str, alone: bool) -> str | None:
    """Why a clause (notes stripped) is not a coding unit, or None when it is one.

    `alone` tells that it is the only sentence of its paragraph: a short line standing alone without
    a sentence end is a heading, caption, signature or table cell, not a clause."""
    if len(CJK_CHAR.findall(norm)) < MIN_CJK:
        return "fragment"
    for reason, rx in NOT_UNIT.items():
        if rx.search(norm if reason != "table" else text):
            return reason
    if alone and not SENTENCE_END.search(norm) and len(norm) <= SHORT_LINE:
        return "line"
    if alone and not SENTENCE_END.search(norm) and TITLE_LINE.search(norm):
        return "title"
    return None


TITLE_LINE = re.compile(
    r"^(?:关于|.{0,30}关于).{2,80}的(?:通知|意见|方案|规划|办法|决定|批复|函|答复|公告|通告|报告|规定|细则|计划)$"
)


# ---------------------------------------------------------------- clauses


@dataclass(frozen=True)
class Clause:
    index: int  # index of its sentence in the input list
    paragraph: int
    text: str  # original wording, without responsibility notes
    norm: str  # normalised
    level: str | None  # numbering level (一、, (一), 1., …) when the sentence opens a numbered paragraph
    heading: bool  # the sentence is only a heading (alone in its paragraph, or short)
    reason: str | None = None  # why it is not a coding unit (heading, date, table, …), None for a unit
    responsible: str = ""  # the responsibility notes that follow it ("(海关总署、商务部负责)"), as written

    @property
    def unit(self) -> bool:
        return self.reason is None


def clauses(sentences: list[Sentence]) -> list[Clause]:
    """The sentences cut on ；/;, with headings and other non-units marked (see the module docstring).

    A responsibility note is cut out of the clause it stands in; a note that stands alone (after the
    sentence's 。) is given to the clause before it, and is not a clause itself."""
    first: dict[int, int] = {}
    per_par: dict[int, int] = {}
    for i, s in enumerate(sentences):
        first.setdefault(s.paragraph, i)
        per_par[s.paragraph] = per_par.get(s.paragraph, 0) + 1
    out: list[Clause] = []
    for i, s in enumerate(sentences):
        kind = heading_kind(s.norm) if first[s.paragraph] == i else None
        heading = bool(kind) and (per_par[s.paragraph] == 1 or len(s.norm) <= MAX_HEADING_CHARS)
        if not kind and ENUM_TITLE.match(s.norm):
            kind, heading = ("一是", ""), True
        pieces = [p for p in CLAUSE_END.split(s.text) if p.strip()]
        for piece in pieces:
            notes = "".join(m.group(0).strip() for m in RESPONSIBLE.finditer(piece))
            text = strip_annotations(RESPONSIBLE.sub("", piece)).strip()
            norm = normalize(text)
            if notes and len(CJK_CHAR.findall(norm)) < MIN_CJK and out:
                prev = out[-1]
                out[-1] = replace(prev, responsible=prev.responsible + notes)
                continue
            if norm:
                alone = per_par[s.paragraph] == 1 and len(pieces) == 1
                reason = "heading" if heading else unit_reason(text, norm, alone)
                out.append(Clause(i, s.paragraph, text, norm, kind[0] if kind else None, heading, reason, notes))
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
    literal: bool = False  # the regex matches the keyword as written: a clause without it has no hit


@dataclass(frozen=True)
class Codebook:
    source: str
    instruments: tuple[tuple[str, str], ...]  # (type, instrument) in codebook order
    entries: tuple[Entry, ...]
    rules: coding_rules.Rules = coding_rules.Rules()

    @cached_property
    def by_first(self) -> tuple[dict[str, tuple[tuple[int, Entry], ...]], tuple[tuple[int, Entry], ...]]:
        """(the literal keywords by their first character, the other entries), each entry with its
        place in the codebook: a clause can hold only the keywords whose first character it holds."""
        literals: dict[str, list[tuple[int, Entry]]] = {}
        others = []
        for order, e in enumerate(self.entries):
            if e.literal and e.label:
                literals.setdefault(e.label[0], []).append((order, e))
            else:
                others.append((order, e))
        return {c: tuple(x) for c, x in literals.items()}, tuple(others)


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
                entries.append(Entry(str(typ), str(name), w, re.compile(re.escape(w)), literal=True))
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
    literals, others = codebook.by_first
    found = []
    for order, e in [x for c in literals.keys() & set(norm) for x in literals[c]] + list(others):
        if e.literal and e.label not in norm:
            continue
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
    """The clauses that are coded, numbered in document order (non-units keep their number but are left out)."""
    return units_of(clauses(sentences))


def units_of(all_clauses: list[Clause]) -> list[tuple[int, Clause]]:
    """`coding_units` of a document's `clauses`."""
    return [(n, c) for n, c in enumerate(all_clauses) if c.unit]


def masked_names(text: str, rules: coding_rules.Rules) -> str:
    """The clause with the codebook's `names` (…示范医院, 整合…等要素) blanked: they look like instruments but are not."""
    return coding_rules.unnamed(text, rules)


def clause_hits(text: str, codebook: Codebook, restrictive: bool = True) -> dict[tuple[str, str], list[str]]:
    """(type, sub-instrument) -> matched words of one masked clause, after the codebook's rules:
    frames and names blanked, negated hits dropped, and (with `restrictive`) a restrictive clause
    coded as a restriction only."""
    rules = codebook.rules
    text = masked_names(coding_rules.unframed(text, rules), rules)
    hits: dict[tuple[str, str], list[str]] = {}
    negated_end = -1
    for start, word, e in matches(text, codebook):
        if coding_rules.negated(text, start, rules) or coding_rules.coordinated(text, negated_end, start):
            negated_end = start + len(word)
            continue
        words = hits.setdefault((e.type, e.instrument), [])
        if word not in words:
            words.append(word)
    marker = coding_rules.restriction(text, rules) if restrictive else None
    if marker and rules.restrictive_instrument:
        hits = {k: v for k, v in hits.items() if k[0] not in rules.restrictive_drops}
        hits.setdefault(rules.restrictive_instrument, []).insert(0, marker)
    return hits


@dataclass(frozen=True)
class ClauseCues:
    """What `decide` reads of one clause besides the model's probabilities, computed once per clause
    (each depends on the clause alone, so a document's clauses can be prepared in any grouping)."""

    text: str  # the masked clause
    prepared: str  # what the model reads (`classifier.prepared`)
    hits: dict  # `clause_hits(text)`
    found: frozenset[str]  # the clause cues of `prepared`
    lex: tuple[float, ...]  # the cue vector of `prepared` (`classifier.cue_vector`)


def clause_cues(norms: list[str], codebook: Codebook, model) -> list[ClauseCues]:
    """The `ClauseCues` of normalised clauses."""
    from policyreport.extract import classifier as K

    out = []
    for norm in norms:
        text = masked(norm)
        prepared = K.prepared(text, codebook)
        found = frozenset(model.cues.found(prepared))
        lex = K.cue_vector(prepared, codebook, model.cues, found)
        out.append(ClauseCues(text, prepared, clause_hits(text, codebook), found, tuple(lex)))
    return out


def decide(
    clause: ClauseCues,
    probabilities,
    codebook: Codebook,
    model,
    ranked: dict[str, list[str]],
    topic_words: frozenset[str] = frozenset(),
) -> dict[tuple[str, str], list[str]]:
    """The codes of one masked clause: (type, sub-instrument) -> cue words ([] when the model chose it).

    Empty when a purpose/formula cue matches (`always_none`), or a courtesy cue and no codebook cue. Types: those the model gives
    at least their threshold (a lower one when a codebook cue of the type survives the clause rules),
    those a decisive clause cue adds (a ban, a decision on a request, a goal statement), and the
    restriction type when the clause bans or limits. Sub-instruments: the codebook's cues of the type
    that no veto rules out, else the one the cue adds, else the model's likeliest allowed one (`ranked`:
    per type, the model's sub-instruments for this clause, likeliest first); a type
    whose only cues are vetoed is dropped (a rule read by meaning overrides the model).
    `topic_words` are cue words that the document uses in most of its clauses: there they name the
    document's topic, not an instrument, and do not count as cues."""
    from policyreport.extract import classifier as K

    rules, cues, text = codebook.rules, model.cues, clause.text
    hits = {k: [w for w in v if w not in topic_words] for k, v in clause.hits.items()}
    hits = {k: v for k, v in hits.items() if v}
    found = clause.found
    if found & set(cues.always_none) or (not hits and found & set(cues.none)):
        return {}
    cued = {k[0] for k in hits}
    types = {t for t, p in zip(K.TYPES, probabilities) if p >= cues.threshold(t, t in cued)}
    added = {key for name, key in cues.adds if name in found}
    types |= {t for t, _ in added} | {k[0] for k in hits if k[1] in cues.decisive}
    if rules.restrictive_instrument and coding_rules.restriction(text, rules):
        types.add(rules.restrictive_instrument[0])
    out: dict[tuple[str, str], list[str]] = {}
    for t in [x for x in TYPE_ORDER if x in types] + sorted(types - set(TYPE_ORDER)):
        cued_here = [k for k in hits if k[0] == t]
        kept = [k for k in cued_here if not coding_rules.vetoed(text, k[1], rules)]
        if cued_here and not kept:
            continue
        if kept:
            out.update({k: hits[k] for k in kept})
            continue
        allowed = [n for typ, n in codebook.instruments if typ == t and not coding_rules.vetoed(text, n, rules)]
        named = [n for n in allowed if (t, n) in added]  # in the codebook's order, whatever the set's
        best = named[0] if named else model.choose(t, allowed, ranked.get(t))
        if best:
            out[(t, best)] = []
    return out


def topic_words(hits: list[dict], share: float, minimum: int) -> frozenset[str]:
    """Cue words found in at least `share` of a document's masked clauses (`hits`: their
    `clause_hits`) and at least `minimum` clauses: the document's topic (境外 in an opinion on outward
    investment, 平台 in a platform plan)."""
    if len(hits) < minimum:
        return frozenset()
    counts: dict[str, int] = {}
    for h in hits:
        for w in {w for words in h.values() for w in words}:
            counts[w] = counts.get(w, 0) + 1
    return frozenset(w for w, n in counts.items() if n >= minimum and n / len(hits) >= share)


def document_cues(clauses: list[ClauseCues], model):
    """What the document's clauses together tell the model: their mean cue vector (the genre) and
    the cue words that are its topic."""
    import numpy as np

    document = np.array([c.lex for c in clauses]).reshape(len(clauses), -1).mean(axis=0) if clauses else None
    return document, topic_words([c.hits for c in clauses], model.cues.topic_share, model.cues.topic_minimum)


def decide_clauses(
    clauses: list[ClauseCues], document, topic: frozenset[str], codebook: Codebook, model
) -> list[dict[tuple[str, str], list[str]]]:
    """`decide` for clauses of one document, given its `document_cues` (each clause's features are
    its own and the document's, so any grouping of the clauses gives the same codes)."""
    import numpy as np

    if not clauses:
        return []
    lex = np.array([c.lex for c in clauses]).reshape(len(clauses), -1)
    x = model.matrix([c.prepared for c in clauses], document, lex)
    probs = model.type_probabilities_of(x)
    ranked = model.rankings(x)
    return [
        decide(c, p, codebook, model, {t: r[i] for t, r in ranked.items()}, topic) for i, (c, p) in enumerate(zip(clauses, probs))
    ]


def code_texts(norms: list[str], codebook: Codebook, model=None) -> list[dict[tuple[str, str], list[str]]]:
    """`decide` for the normalised clauses of one document, with the model fitted on the hand-coded
    development clauses (or `model`): the document's clauses together tell the model its genre and
    which cue words are its topic."""
    from policyreport.extract import classifier as K

    model = model or K.model_for(codebook)
    clauses = clause_cues(norms, codebook, model)
    return decide_clauses(clauses, *document_cues(clauses, model), codebook, model)


def code_clauses(
    sentences: list[Sentence], codebook: Codebook | dict, topics: dict[str, list[str]] | None = None
) -> pd.DataFrame:
    """One row per (clause, sub-instrument) the clause uses (columns: COLUMNS).

    `clause_no` numbers the clauses of the document (the unit shared with goal coding); `keyword`
    lists the codebook's cue words for that sub-instrument, joined with "、" (empty when the
    statistical model chose it); `topic` is the clause's topic from the topic dictionary
    (`topics.read_topics`), or None; `responsible` is the responsibility note that follows the clause
    ("(海关总署、商务部负责)"), or "". Rows follow the clauses' order, and the codebook's order within a clause.
    """
    if not isinstance(codebook, Codebook):
        codebook = parse_codebook(codebook)
    units = coding_units(sentences)
    coded = code_texts([c.norm for _, c in units], codebook)
    return coded_table(units, coded, clause_topics([masked(c.norm) for _, c in units], coded, topics), codebook)


def clause_topics(texts: list[str], coded: list[dict], topics: dict[str, list[str]] | None) -> list[str | None]:
    """`clause_topic` of each coded clause's masked text; None for a clause without codes. Only the
    keywords whose first character a clause holds are counted in it (the others occur 0 times)."""
    if not topics:
        return [None] * len(texts)
    names = list(topics)
    by_first: dict[str, list[tuple[int, str]]] = {}
    for rank, words in enumerate(topics.values()):
        for w in words:
            by_first.setdefault(w[:1], []).append((rank, w))
    always = by_first.pop("", [])  # an empty keyword occurs everywhere
    out: list[str | None] = []
    for t, codes in zip(texts, coded):
        if not codes:
            out.append(None)
            continue
        counts = [0] * len(names)
        for rank, w in always + [x for c in by_first.keys() & set(t) for x in by_first[c]]:
            counts[rank] += t.count(w)
        best, best_n = None, 0
        for name, n in zip(names, counts):
            if n > best_n:
                best, best_n = name, n
        out.append(best)
    return out


def coded_table(
    units: list[tuple[int, Clause]], coded: list[dict], topic_of: list[str | None], codebook: Codebook
) -> pd.DataFrame:
    """The table of `code_clauses` from the coding units, their codes (`code_texts`) and topics (`clause_topics`)."""
    rank = {key: i for i, key in enumerate(codebook.instruments)}
    rows = []
    for (n, c), codes, topic in zip(units, coded, topic_of):
        if not codes:
            continue
        for key in sorted(codes, key=lambda k: rank.get(k, len(rank))):
            rows.append((n, c.paragraph, key[0], key[1], "、".join(codes[key]), topic, c.text, c.responsible))
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

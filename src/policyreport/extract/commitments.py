"""Commitments tracker: what a document says has been done (已完成) and what it promises (承诺).

Reply letters (答复函) mix reports of work done with promises of work to come; policies state
targets. Each clause (a sentence cut on ；/;, see `instruments.clauses`) is classified by the
markers in dictionaries/commitments.yaml, applied to the normalised clause after blanking the
inside of 《》 titles and “” quotes (programme names such as “人才培养计划”, the years in
《……(2021-2025年)》) and the `ignore` phrases. The rules, in order:

1. Target year. A target year (到2025年, 2025年前) later than the document's year makes the
   clause a promise, whatever else it says ("大部分项目预计到2025年可建成投入使用" is a promise
   although 建成 reports completion elsewhere); when the document's year is unknown any target
   year counts. A relative deadline (年底前, 年内) is a promise too, with the document's year as
   its target. target_year is the latest such year.
2. Markers. Done markers (已, 累计, 截至目前, 以来, verb + 了, …), weak done markers (完成, 建成,
   …, which count only when no directive verb such as 推动/完善/建设 comes before them in the
   clause, so that "推动……，建成亚洲医学中心城市" stays a goal), promise markers (将 + verb,
   计划 + verb, 拟, 下一步, 力争, 争取, 预计, …) and a year stated at the start of a clause
   ("2023年，……": before the document's year → done, after → promise).
   Only done markers → 已完成; only promise markers → 承诺.
3. Both kinds. The clause is cut at its commas (not inside brackets or quotes); each piece takes
   the kind of its FIRST marker (the main verb's modality comes first: in "争取……使用已在香港
   注册上市的药物" 争取 governs the rest), pieces without a marker follow the piece before them
   (leading ones the first marked piece), and neighbouring pieces of one kind are joined again:
   "建成……特色园区，……开工建设，力争转化一批……项目" gives a done row and a promise row.
4. No marker. Inside a section whose heading names plans (二、下一步工作计划) the clause is a
   promise, inside one that reports (一、落实情况) it is done; a section ends at the next heading
   of the same or a higher level, or at a closing formula (`skip`). Otherwise the clause is left out.

Headings themselves, closing formulas and clauses with fewer than `min_chars` Chinese characters
are not classified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.extract.instruments import clauses
from policyreport.extract.quantities import find_quantities
from policyreport.extract.structure import LEVEL_NAMES
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.patterns import CJK, QUOTED, blank_inside
from policyreport.ingest.text import Sentence, normalize

DONE, PROMISE = "已完成", "承诺"
STATUSES = (DONE, PROMISE)
COLUMNS = ["paragraph", "status", "target_year", "quantities", "clause", "sentence"]

_CJK = re.compile(f"[{CJK}]")
_OPEN, _CLOSE = "(（【〔[《“", ")）】〕]》”"
_COMMA = ",，"


# ---------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rules:
    done: tuple[tuple[str, re.Pattern], ...]
    done_weak: tuple[tuple[str, re.Pattern], ...]
    directive: re.Pattern | None
    promise: tuple[tuple[str, re.Pattern], ...]
    target_year: tuple[re.Pattern, ...]
    deadline: tuple[re.Pattern, ...]
    stated_year: tuple[re.Pattern, ...]
    ignore: tuple[str, ...]
    skip: tuple[re.Pattern, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    min_chars: int


def _strings(value, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UserError(f"{where} must be a list of non-empty strings")
    return value


def _compile(p: str, where: str) -> re.Pattern:
    try:
        return re.compile(p)
    except re.error as exc:
        raise UserError(f"{where}: '{p}' is not a valid regular expression ({exc})") from None


def _markers(data: dict, key: str, source: str) -> tuple[tuple[str, re.Pattern], ...]:
    """Words (matched literally) and patterns of one marker group, as (label, regex) pairs."""
    spec = data.get(key) or {}
    if isinstance(spec, list):
        spec = {"words": spec}
    if not isinstance(spec, dict) or set(spec) - {"words", "patterns"}:
        raise UserError(f"{source}: '{key}' must be a list of words or a mapping with 'words' and 'patterns'")
    out = [(normalize(w), re.compile(re.escape(normalize(w)))) for w in _strings(spec.get("words"), f"{source}: '{key}.words'")]
    out += [
        (p, _compile(p, f"{source}: '{key}.patterns'")) for p in _strings(spec.get("patterns"), f"{source}: '{key}.patterns'")
    ]
    return tuple(out)


def _year_patterns(data: dict, key: str, source: str, group: bool) -> tuple[re.Pattern, ...]:
    out = []
    for p in _strings(data.get(key), f"{source}: '{key}'"):
        rx = _compile(p, f"{source}: '{key}'")
        if group and rx.groups < 1:
            raise UserError(f"{source}: '{key}' pattern '{p}' needs a group that captures the year")
        out.append(rx)
    return tuple(out)


def parse_rules(data, source: str = "<rules>") -> Rules:
    """Check and compile the rules given as data (the parsed YAML); UserError names `source` and the problem."""
    if not isinstance(data, dict):
        raise UserError(f"{source}: the commitment rules must be a mapping (see dictionaries/commitments.yaml)")
    known = {
        "done",
        "done_weak",
        "directive",
        "promise",
        "target_year",
        "deadline",
        "stated_year",
        "ignore",
        "skip",
        "sections",
        "min_chars",
    }
    unknown = set(data) - known
    if unknown:
        raise UserError(f"{source}: unknown key(s) {sorted(unknown)} (allowed: {sorted(known)})")
    done, promise = _markers(data, "done", source), _markers(data, "promise", source)
    if not done or not promise:
        raise UserError(f"{source}: 'done' and 'promise' need at least one word or pattern each")
    directive = [normalize(w) for w in _strings(data.get("directive"), f"{source}: 'directive'")]
    sections = data.get("sections") or {}
    if not isinstance(sections, dict) or set(sections) - set(STATUSES):
        raise UserError(f"{source}: 'sections' must map {' / '.join(STATUSES)} to lists of heading words")
    min_chars = data.get("min_chars", 0)
    if not isinstance(min_chars, int) or isinstance(min_chars, bool) or min_chars < 0:
        raise UserError(f"{source}: 'min_chars' must be a whole number ≥ 0")
    return Rules(
        done=done,
        done_weak=_markers(data, "done_weak", source),
        directive=re.compile("|".join(map(re.escape, directive))) if directive else None,
        promise=promise,
        target_year=_year_patterns(data, "target_year", source, True),
        deadline=_year_patterns(data, "deadline", source, False),
        stated_year=_year_patterns(data, "stated_year", source, True),
        ignore=tuple(normalize(w) for w in _strings(data.get("ignore"), f"{source}: 'ignore'")),
        skip=_year_patterns(data, "skip", source, False),
        sections=tuple(
            (st, tuple(normalize(w) for w in _strings(ws, f"{source}: 'sections.{st}'"))) for st, ws in sections.items()
        ),
        min_chars=min_chars,
    )


def load_rules(path: str | Path) -> Rules:
    """Read and check the commitment rules YAML file (format in dictionaries/commitments.yaml)."""
    return parse_rules(read_yaml(path, "the commitment rules"), str(path))


# ---------------------------------------------------------------- one clause


def prepare(norm: str, rules: Rules) -> str:
    """The normalised clause with titles, quotes and `ignore` phrases blanked (same length, same commas)."""
    out = QUOTED.sub(blank_inside, norm)
    for phrase in rules.ignore:
        out = out.replace(phrase, "□" * len(phrase))
    return out


def split_commas(s: str) -> list[str]:
    """Pieces of a clause cut after each comma outside brackets and quotes (the comma stays on the left)."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif ch in _COMMA and depth == 0 and not (ch == "," and s[i - 1 : i].isdigit() and s[i + 1 : i + 2].isdigit()):
            pieces.append(s[start : i + 1])
            start = i + 1
    if start < len(s):
        pieces.append(s[start:])
    return pieces


def _years(text: str, patterns) -> list[int]:
    return [int(m.group(1)) for rx in patterns for m in rx.finditer(text)]


def evidence(
    masked: str, rules: Rules, doc_year: int | None, after_directive: bool = False
) -> tuple[list[tuple[int, str, str]], bool]:
    """Done/promise markers of a (prepared) clause or piece as (position, status, basis), in order.

    Also returns whether a directive verb occurs in it, which disarms weak done markers after it
    (`after_directive` carries that over from earlier pieces of the same clause).
    """
    found = []
    for status, group in ((DONE, rules.done), (PROMISE, rules.promise)):
        for label, rx in group:
            found += [(m.start(), status, label) for m in rx.finditer(masked)]
    first_directive = None
    if rules.directive is not None:
        m = rules.directive.search(masked)
        first_directive = m.start() if m else None
    for label, rx in rules.done_weak:
        for m in rx.finditer(masked):
            if not after_directive and (first_directive is None or m.start() < first_directive):
                found.append((m.start(), DONE, label))
    for rx in rules.stated_year:
        for m in rx.finditer(masked):
            year = int(m.group(1))
            if doc_year is not None and year != doc_year:
                status = DONE if year < doc_year else PROMISE
                found.append((m.start(1), status, f"{year}年{'<' if status == DONE else '>'}{doc_year}年"))
    return sorted(set(found)), after_directive or first_directive is not None


def classify_clause(
    text: str, rules: Rules, doc_year: int | None = None, section: str | None = None
) -> list[tuple[str, int | None, str, str]]:
    """Classify one clause (original wording): a list of (status, target_year, basis, text) rows.

    Usually one row; two or more when the clause reports and promises in different pieces
    (rule 3 of the module docstring); none when it does neither. `section` is the status of the
    section the clause is in (rule 4). `basis` names the rule or marker that decided.
    """
    norm = normalize(text)
    masked = prepare(norm, rules)
    targets = [y for y in _years(masked, rules.target_year) if doc_year is None or y > doc_year]
    deadline = any(rx.search(masked) for rx in rules.deadline)
    if targets or deadline:
        year = max(targets) if targets else doc_year
        basis = f"目标年份{year}" + (f">{doc_year}" if targets and doc_year else "") if year else "期限"
        return [(PROMISE, year, basis, text)]
    pieces_text, pieces_masked = split_commas(text), split_commas(masked)
    if len(pieces_text) != len(pieces_masked):  # widths differ in some odd way: keep the clause whole
        pieces_text, pieces_masked = [text], [masked]
    marks, directive = [], False
    for piece in pieces_masked:
        ev, directive = evidence(piece, rules, doc_year, directive)
        marks.append(ev)
    kinds = {status for ev in marks for _, status, _ in ev}
    if not kinds:
        return [(section, None, "章节", text)] if section else []
    if len(kinds) == 1:
        first = next(ev[0] for ev in marks if ev)
        return [(first[1], None, first[2], text)]
    statuses = [ev[0][1] if ev else None for ev in marks]
    first_marked = next(s for s in statuses if s)
    rows: list[list] = []
    for piece, ev, status in zip(pieces_text, marks, statuses):
        status = status or (rows[-1][0] if rows else first_marked)
        if rows and rows[-1][0] == status:
            rows[-1][3] += piece
            if ev and not rows[-1][2]:
                rows[-1][2] = ev[0][2]
        else:
            rows.append([status, None, ev[0][2] if ev else "", piece])
    return [(s, y, b, t.strip()) for s, y, b, t in rows]


# ---------------------------------------------------------------- a document


def _quantities(paragraph: int, text: str) -> str:
    q = find_quantities([Sentence(paragraph, text, normalize(text))])
    return "；".join(q.loc[q["kind"] != "目标年份", "text"]) if len(q) else ""


def find_commitments(sentences: list[Sentence], rules: Rules, doc_year: int | None = None) -> pd.DataFrame:
    """Done and promised items of a document, one row per classified clause (columns: COLUMNS).

    Pass the sentences of the letter's body (as `analysis` does for entities) so that letterheads,
    signatures and dates are not read. `doc_year` is the document's year (metadata), None if unknown.
    `quantities` joins the figures of the clause (find_quantities, without target years) with "；".
    """
    rows = []
    context: tuple[str, int] | None = None  # (status, heading rank)
    for c in clauses(sentences):
        rank = LEVEL_NAMES.index(c.level) if c.level in LEVEL_NAMES else None
        if rank is not None and context and context[1] >= rank:
            context = None
        if c.heading:
            for status, words in rules.sections:
                if any(w in c.norm for w in words):
                    context = (status, rank)
                    break
            continue
        if any(rx.search(c.norm) for rx in rules.skip):
            context = None
            continue
        if len(_CJK.findall(c.norm)) < rules.min_chars:
            continue
        for status, year, _, text in classify_clause(c.text, rules, doc_year, context[0] if context else None):
            rows.append((c.paragraph, status, year, _quantities(c.paragraph, text), text, sentences[c.index].text))
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["target_year"] = df["target_year"].astype("Int64")
    return df

"""Commitments tracker: what a document says has been done (已完成) and what it promises (承诺).

Reply letters (答复函) mix reports of work done with promises of work to come; policies state
targets. Each clause (a sentence cut on ；/;, see `instruments.clauses`) is classified by the
markers in dictionaries/commitments.yaml, applied to the normalised clause after blanking the
inside of 《》 titles and “” quotes (programme names such as “人才培养计划”, the years in
《……(2021-2025年)》) and the `ignore` phrases. The rules, in order:

0. Neither. Statute text (a paragraph opening with an article number, 第十三条, and the
   paragraphs after it: an article's further 款), definitions (本办法所称……是指……), formulas
   (`neither`) and the opening and closing formulas of a 公文 (……收悉, 现将办理情况答复如下,
   现予公布, 自……起施行: `skip`) are neither done nor promised; a formula after the last comma
   of a report is cut off and the report kept (……做了电话汇报，现将办理情况答复如下:).
1. Target year and deadline. A target year (到2025年) later than the document's year makes the
   clause a promise, whatever else it says ("大部分项目预计到2025年可建成投入使用" is a promise
   although 建成 reports completion elsewhere); when the document's year is unknown any target
   year counts. A deadline (2025年底前, 2024年6月底前) not before the document's year is a
   promise too, and so is one without a year (年底前, 6月底前, 年内). target_year is the latest
   year the clause writes; a deadline without a year leaves it empty (`target_year_reason`
   年份未写明), never the document's year: "5月底前" in a plan of 2022 may mean May 2022 or a later
   May, and the text does not say. `deadline` keeps the target years and deadlines as written
   (normalised), joined with ；. In a task list, a bracketed note giving the task's deadline
   ("(6月底完成，牵头考核单位：……)", `task_note`) makes every clause of its paragraph a promise
   with the note's deadline (its first group) as `deadline`; the note itself is not a row.
2. Markers. Done markers (已, 累计, 截至目前, 以来, verb + 了, …), weak done markers (完成, 建成,
   …, which count only when no directive verb such as 推动/完善/建设 comes before them in the
   clause, so that "推动……，建成亚洲医学中心城市" stays a goal, when not followed by 的
   (编制完成的规划), and never in goal-setting genres such as 规划/方案/办法: `goal_genres`),
   promise markers (将 + verb,
   计划 + verb, 拟, 下一步, 力争, 争取, 预计, …) and a year stated at the start of a clause
   ("2023年，……": before the document's year → done, after → promise).
   A condition ("……的，": 已经提供合法有效证明材料的) reports nothing, so its markers do not
   count; nor do done markers next to a rule's modal verb (应当, 不得, 可以: `normative`).
   Only done markers → 已完成; only promise markers → 承诺.
3. Both kinds. The clause is cut at its commas (not inside brackets or quotes); each piece takes
   the kind of its FIRST marker (the main verb's modality comes first: in "争取……使用已在香港
   注册上市的药物" 争取 governs the rest), pieces without a marker follow the piece before them
   (leading ones the first marked piece), and neighbouring pieces of one kind are joined again:
   "建成……特色园区，……开工建设，力争转化一批……项目" gives a done row and a promise row.
   A weak promise marker (争取, `promise_weak`) does not start a promise piece when another piece
   reports ("尽量争取将项目纳入项目库，并得到了大力支持" is done), and inside a reporting section
   it is no marker at all.
4. No marker. Inside a section whose heading names plans (二、下一步工作计划) the clause is a
   promise, inside one that reports (一、落实情况) it is done; a section ends at the next heading
   of the same or a higher level, or at a closing formula (`skip`). Otherwise the clause is left out.

Headings themselves, closing formulas and clauses with fewer than `min_chars` Chinese characters
are not classified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.extract.instruments import clauses
from policyreport.extract.quantities import find_quantities
from policyreport.extract.structure import LEVEL_NAMES
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.patterns import CJK, CN_ORDINAL, QUOTED, blank_inside
from policyreport.ingest.text import Sentence, normalize
from policyreport.paths import VALIDATION

DONE, PROMISE = "已完成", "承诺"
STATUSES = (DONE, PROMISE)
COLUMNS = ["paragraph", "status", "target_year", "deadline", "target_year_reason", "quantities", "clause", "sentence"]
# Why target_year is empty: the deadline is written without its year (6月底前), or there is none.
NO_YEAR, NO_DEADLINE = "年份未写明", "没有期限"
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# Rows of the development corpus judged by reading them against the text (see the file's header).
CHECK_FILE = VALIDATION / "commitments_check.yaml"

_CJK = re.compile(f"[{CJK}]")
_OPEN, _CLOSE = "(（【〔[《“", ")）】〕]》”"
_COMMA = ",，"
_MARKS = re.compile(f"[{re.escape(_OPEN + _CLOSE + _COMMA)}]")
# "……的，": a condition (有下列情形之一的，; 已经提供合法有效证明材料的，), in a piece cut by split_commas.
CONDITION = re.compile(r"的\s*[,，]\s*$")
# A paragraph that opens a statute article: 第十三条　……, also after a chapter heading (第一章　总则　第一条);
# normalised text has lost the space after 条. Not 第一条建议, 第二条，关于…… (a reply letter's points) or 第三条规定.
ARTICLE = re.compile(
    rf"^(?:第[{CN_ORDINAL}百零〇\d]+[章节]\S{{1,15}}?\s*)?第[{CN_ORDINAL}百零〇\d]+条(?![建意提中的所规,，、:：;；。])"
)


# ---------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rules:
    done: tuple[tuple[str, re.Pattern], ...]
    done_weak: tuple[tuple[str, re.Pattern], ...]
    directive: re.Pattern | None
    promise: tuple[tuple[str, re.Pattern], ...]
    promise_weak: tuple[tuple[str, re.Pattern], ...]
    target_year: tuple[re.Pattern, ...]
    deadline: tuple[re.Pattern, ...]
    stated_year: tuple[re.Pattern, ...]
    ignore: tuple[str, ...]
    skip: tuple[re.Pattern, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    min_chars: int
    task_note: tuple[re.Pattern, ...] = ()
    neither: tuple[re.Pattern, ...] = ()
    normative: re.Pattern | None = None
    goal_genres: tuple[str, ...] = ()

    @cached_property
    def skip_at_end(self) -> tuple[re.Pattern, ...]:
        """The `skip` patterns anchored at the end ($): they cut a closing formula off a clause's last pieces."""
        return tuple(rx for rx in self.skip if rx.pattern.endswith("$"))


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


def _alternation(words: list[str]) -> re.Pattern | None:
    """One regex matching any of the (normalised) words; None for no words."""
    return re.compile("|".join(re.escape(normalize(w)) for w in words)) if words else None


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
        "promise_weak",
        "target_year",
        "deadline",
        "stated_year",
        "ignore",
        "skip",
        "sections",
        "min_chars",
        "task_note",
        "neither",
        "normative",
        "goal_genres",
    }
    unknown = set(data) - known
    if unknown:
        raise UserError(f"{source}: unknown key(s) {sorted(unknown)} (allowed: {sorted(known)})")
    done, promise = _markers(data, "done", source), _markers(data, "promise", source)
    if not done or not promise:
        raise UserError(f"{source}: 'done' and 'promise' need at least one word or pattern each")
    directive = _strings(data.get("directive"), f"{source}: 'directive'")
    sections = data.get("sections") or {}
    if not isinstance(sections, dict) or set(sections) - set(STATUSES):
        raise UserError(f"{source}: 'sections' must map {' / '.join(STATUSES)} to lists of heading words")
    min_chars = data.get("min_chars", 0)
    if not isinstance(min_chars, int) or isinstance(min_chars, bool) or min_chars < 0:
        raise UserError(f"{source}: 'min_chars' must be a whole number ≥ 0")
    return Rules(
        done=done,
        done_weak=_markers(data, "done_weak", source),
        directive=_alternation(directive),
        promise=promise,
        promise_weak=_markers(data, "promise_weak", source),
        target_year=_year_patterns(data, "target_year", source, True),
        deadline=_year_patterns(data, "deadline", source, False),
        stated_year=_year_patterns(data, "stated_year", source, True),
        ignore=tuple(normalize(w) for w in _strings(data.get("ignore"), f"{source}: 'ignore'")),
        skip=_year_patterns(data, "skip", source, False),
        sections=tuple(
            (st, tuple(normalize(w) for w in _strings(ws, f"{source}: 'sections.{st}'"))) for st, ws in sections.items()
        ),
        min_chars=min_chars,
        task_note=_year_patterns(data, "task_note", source, False),
        neither=_year_patterns(data, "neither", source, False),
        normative=_alternation(_strings(data.get("normative"), f"{source}: 'normative'")),
        goal_genres=tuple(_strings(data.get("goal_genres"), f"{source}: 'goal_genres'")),
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
    for m in _MARKS.finditer(s):  # only brackets, quotes and commas move the cuts
        i, ch = m.start(), m.group()
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


def evidence(
    masked: str, rules: Rules, doc_year: int | None, after_directive: bool = False, goals: bool = False
) -> tuple[list[tuple[int, str, str]], bool]:
    """Done/promise markers of a (prepared) clause or piece as (position, status, basis), in order.

    Also returns whether a directive verb occurs in it, which disarms weak done markers after it
    (`after_directive` carries that over from earlier pieces of the same clause). `goals`: the
    document sets goals (a goal genre), so weak done markers do not count at all. A condition
    (……的，) has no markers; done markers do not count next to a rule's modal verb (应当, 不得).
    """
    if CONDITION.search(masked):
        return [], after_directive
    normative = rules.normative is not None and rules.normative.search(masked) is not None
    found = []
    for status, group in ((DONE, rules.done), (PROMISE, rules.promise), (PROMISE, rules.promise_weak)):
        if status == DONE and normative:
            continue
        for label, rx in group:
            found += [(m.start(), status, label) for m in rx.finditer(masked)]
    first_directive = None
    if rules.directive is not None:
        m = rules.directive.search(masked)
        first_directive = m.start() if m else None
    if not goals and not normative:
        for label, rx in rules.done_weak:
            for m in rx.finditer(masked):
                # a noun or a time, not a report: 编制完成的规划, 公交场站的启用, 在建成后, 待建成后
                after, before = masked[m.end() : m.end() + 1], masked[m.start() - 1 : m.start()] if m.start() else ""
                nominal = (after and after in "的后") or (before and before in "的在待")
                if not nominal and not after_directive and (first_directive is None or m.start() < first_directive):
                    found.append((m.start(), DONE, label))
    for rx in rules.stated_year:
        for m in rx.finditer(masked):
            year = int(m.group(1))
            if doc_year is not None and year != doc_year:
                status = DONE if year < doc_year else PROMISE
                if status == DONE and normative:
                    continue
                found.append((m.start(1), status, f"{year}年{'<' if status == DONE else '>'}{doc_year}年"))
    return sorted(set(found)), after_directive or first_directive is not None


def deadlines(masked: str, rules: Rules, doc_year: int | None) -> list[tuple[int, int, int | None, bool]]:
    """(start, end, year, is a target year) of the clause's target years and deadlines still to
    come, in text order: a target year later than the document's year (any, when it is unknown:
    到2025年), a dated deadline not before it (2025年底前), and a deadline without a year (6月底前,
    年底前, 年内), whose year is None: it is not written."""
    found = [
        (m.start(), m.end(), int(m.group(1)), True)
        for rx in rules.target_year
        for m in rx.finditer(masked)
        if doc_year is None or int(m.group(1)) > doc_year
    ]
    for rx in rules.deadline:
        for m in rx.finditer(masked):
            year = int(m.group(1)) if rx.groups and m.group(1) else None
            if year is None or doc_year is None or year >= doc_year:
                found.append((m.start(), m.end(), year, False))
    return sorted(set(found))


def written(norm: str, found: list[tuple[int, int, int | None, bool]]) -> str:
    """The target years and deadlines as the (normalised) clause writes them, overlapping ones as
    one (到2025年 + 2025年底前 → 到2025年底前), joined with ；."""
    spans: list[list[int]] = []
    for a, b, _, _ in found:
        if spans and a < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return "；".join(dict.fromkeys(norm[a:b].strip() for a, b in spans))


def classify_clause(
    text: str, rules: Rules, doc_year: int | None = None, section: str | None = None, goals: bool = False
) -> list[tuple[str, int | None, str, str, str]]:
    """Classify one clause (original wording): a list of (status, target_year, deadline, basis, text) rows.

    Usually one row; two or more when the clause reports and promises in different pieces
    (rule 3 of the module docstring); none when it does neither. `section` is the status of the
    section the clause is in (rule 4); `goals` whether the document sets goals (a goal genre).
    target_year is a year the clause writes (None otherwise), `deadline` the clause's target years
    and deadlines as written ('' for none) and `basis` names the rule or marker that decided.
    """
    norm = normalize(text)
    masked = prepare(norm, rules)
    if any(rx.search(masked) for rx in rules.neither):
        return []
    pieces_text, pieces_masked = split_commas(text), split_commas(masked)
    if len(pieces_text) != len(pieces_masked):  # widths differ in some odd way: keep the clause whole
        pieces_text, pieces_masked = [text], [masked]
    marks, directive = [], False
    for piece in pieces_masked:
        ev, directive = evidence(piece, rules, doc_year, directive, goals)
        marks.append(ev)
    found = deadlines(masked, rules, doc_year)
    words = written(norm, found)
    if found:
        years = [y for _, _, y, _ in found if y is not None]
        year = max(years) if years else None
        targets = any(target for *_, target in found)
        basis = f"目标年份{year}" + (f">{doc_year}" if targets and doc_year else "") if targets else "期限"
        # the target governs its piece and the rest of the clause; pieces before it keep their own
        # markers when one of them reports with a strong marker
        # (目前……已由公交公司制定了开行方案，……预计将于2020年12月底前开行)
        dated = next((i for i, p in enumerate(pieces_masked) if deadlines(p, rules, doc_year)), 0)
        strong = {label for label, _ in rules.done}
        if not any(ev and ev[0][1] == DONE and ev[0][2] in strong for ev in marks[:dated]):
            return [(PROMISE, year, words, basis, text)]
        marks = marks[:dated] + [[(0, PROMISE, basis)]] + [[] for _ in marks[dated + 1 :]]
    # a weak promise (争取) follows the report it is part of: in a reporting section, or next to
    # a piece that reports (尽量争取将项目纳入项目库，并得到了大力支持)
    weak = {label for label, _ in rules.promise_weak}
    if section == DONE and all(label in weak for ev in marks for _, st, label in ev if st == PROMISE):
        marks = [[x for x in ev if x[1] == DONE] for ev in marks]
    if any(ev and ev[0][1] == DONE for ev in marks):
        marks = [[] if ev and ev[0][2] in weak else ev for ev in marks]
    kinds = {status for ev in marks for _, status, _ in ev}
    if not kinds:
        return [(section, None, "", "章节", text)] if section else []
    if len(kinds) == 1:
        first = next(ev[0] for ev in marks if ev)
        return [(first[1], None, "", first[2], text)]
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
    if found:
        return [(st, year, words, b, t.strip()) if st == PROMISE else (st, None, "", b, t.strip()) for st, _, b, t in rows]
    return [(st, None, "", b, t.strip()) for st, _, b, t in rows]


# ---------------------------------------------------------------- a document


def _quantities(paragraph: int, text: str) -> str:
    q = find_quantities([Sentence(paragraph, text, normalize(text))])
    return "；".join(q.loc[q["kind"] != "目标年份", "text"]) if len(q) else ""


def without_formula(text: str, rules: Rules) -> str | None:
    """The clause without the closing formula of its last pieces (……做了电话汇报，现将办理情况答复如下:
    keeps the report: only `skip` patterns anchored at the end, $, are cut off this way); None when the
    clause is a formula."""
    tail = rules.skip_at_end
    norm = normalize(text)
    if any(rx.search(norm) for rx in rules.skip if rx not in tail):
        return None
    pieces = split_commas(text)
    count = len(pieces)
    while pieces:
        last = normalize(pieces[-1]).strip()
        if not any(rx.search(last) for rx in tail):
            break
        pieces.pop()
    rest = "".join(pieces).strip()
    if not rest:
        return None
    rest_norm = normalize(rest)
    if any(rx.search(rest_norm) for rx in rules.skip):
        return None
    return rest if len(pieces) < count else text


def find_commitments(
    sentences: list[Sentence],
    rules: Rules,
    doc_year: int | None = None,
    genre: str | None = None,
    all_clauses: list | None = None,
) -> pd.DataFrame:
    """Done and promised items of a document, one row per classified clause (columns: COLUMNS).

    Pass the sentences of the letter's body (as `analysis` does for entities) so that letterheads,
    signatures and dates are not read. `doc_year` is the document's year and `genre` its genre
    (metadata), None if unknown. `quantities` joins the figures of the clause (find_quantities,
    without target years) with "；". `target_year` is only a year the clause (or its task note)
    writes; when it is empty, `target_year_reason` says why (NO_YEAR, NO_DEADLINE). `all_clauses`:
    the sentences' `instruments.clauses` when already cut.
    """
    rows = []
    context: tuple[str, int] | None = None  # (status, heading rank)
    goals = genre in rules.goal_genres
    all_clauses = clauses(sentences) if all_clauses is None else all_clauses
    # a task's deadline note is cut out of its clause as the responsible departments' note
    tasks: dict[int, str] = {}
    for c in all_clauses:
        responsible = normalize(c.responsible)
        for m in (rx.search(t) for rx in rules.task_note for t in (c.norm, responsible)):
            if m and c.paragraph not in tasks:
                tasks[c.paragraph] = (m.group(1) if m.re.groups and m.group(1) else m.group(0)).strip("( ")
    statute, paragraph = False, None
    for c in all_clauses:
        if c.paragraph != paragraph:
            paragraph = c.paragraph
            statute = statute or ARTICLE.match(c.norm) is not None  # an article and the 款 after it
        rank = LEVEL_NAMES.index(c.level) if c.level in LEVEL_NAMES else None
        if rank is not None and context and context[1] >= rank:
            context = None
        if c.heading:
            for status, words in rules.sections:
                if any(w in c.norm for w in words):
                    context = (status, rank)
                    break
            continue
        text = without_formula(c.text, rules)
        if text is None:
            context = None
            continue
        if statute or len(_CJK.findall(normalize(text))) < rules.min_chars:
            continue
        if c.paragraph in tasks:
            if any(rx.search(c.norm) for rx in rules.task_note) or any(rx.search(c.norm) for rx in rules.neither):
                continue
            note = tasks[c.paragraph]
            stated = YEAR.search(note)
            found = [(PROMISE, int(stated.group(1)) if stated else None, note, "任务期限", text)]
        else:
            found = classify_clause(text, rules, doc_year, context[0] if context else None, goals)
        for status, year, deadline, _, text in found:
            reason = "" if year is not None else NO_YEAR if deadline else NO_DEADLINE
            rows.append(
                (c.paragraph, status, year, deadline, reason, _quantities(c.paragraph, text), text, sentences[c.index].text)
            )
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["target_year"] = df["target_year"].astype("Int64")
    return df


# ---------------------------------------------------------------- hand check


def hand_check(path: str | Path = CHECK_FILE) -> dict:
    """Summary of a hand-check file: rows judged, rows right, their share, documents, and the
    same share for the rows judged before the rules were revised (`before`), if given."""
    data = read_yaml(path, "the commitments hand check")
    rows = data["rows"]
    right = sum(r["judgment"] == "right" for r in rows)
    before = (data.get("before") or {}).get("rows") or []
    return {
        "rows": len(rows),
        "right": right,
        "share": right / len(rows),
        "documents": len({r["doc"] for r in rows}),
        "before_rows": len(before),
        "before_share": sum(r["judgment"] == "right" for r in before) / len(before) if before else None,
    }

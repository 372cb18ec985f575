"""Line breaks of a flattened document, restored from the text's own marks (GB/T 9704-2012 elements).

Many crawls deliver a document as one line: 文号, title, addressee, body, signature and date run
together, or paragraphs are joined only by full-width indents (`　　`). A long line is cut back
into the elements it holds, so that the line-based reader finds them: at runs of full-width
spaces (paragraph indents); around a 文号 in the head; after a title that ends in its 文种 and is
followed by an addressee, a 文号, a web label, a repeated title or the body; after an addressee
ending in `：`; around a signature + 成文日期 that follow a sentence end. Every piece is a slice
of the line as written; nothing is added or dropped but the separating spaces.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MIN_STREAM = 50  # shorter lines are never cut
MAX_CODE = 6  # the longest 机关代字 of a 文号 read from running text (沪崇府办发, 湘教提复字: 5)
HEAD_REACH = 800  # characters from the start in which head elements (文号, title, addressee) are looked for
INDENTS = re.compile(r"\u3000{2,}")
_SENTENCE_END = re.compile(r"[。!?！？]")
_GLYPHLESS = re.compile(r"(?<!\d)(?:19|20)\d{5,6}(?!\d)")
_YEARLESS = re.compile(r"(?<![\d年])\d{1,2}月\d{1,2}日")
_DATE_RUN = re.compile(
    r"[\d〇○零一二三四五六七八九十]{1,8}(?:年[\d〇○零一二三四五六七八九十]{1,3})?(?:月[\d〇○零一二三四五六七八九十]{1,3})?日"
)
_DATE_NOTE = re.compile(r"\((?:此件[^()]{0,8}|盖章|印章)\)")
_SEAL = re.compile(r"\((?:盖章|印章|公章|章)\)$")
# After a signing date a new element starts; a date inside a sentence goes on (2020年5月1日起, 召开 …).
_DATE_GOES_ON = re.compile(r"[,，、:：;；的起至前后以到止在对由将经上下内召开印颁发出提期间来为施批通讨修公]")
# What a 文号 in running text is followed by when it is cited, not printed as the document's own.
_NUMBER_GOES_ON = re.compile(r"[文的等和与及、,，。;；]")
_MARKUP = re.compile(r"<!--.*?-->|#{1,6}\s")
_OPENING_HEADING = re.compile(r"第[一二三四五六七八九十]+[章条]|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)")
_FORMULA = re.compile(r"^(?:(?:特此|专此)[\u4e00-\u9fff]{2}|此复|此函)")
_CLASS_MARK = re.compile(r"\[[A-D]\]|\([A-D]类?\)|(?<![A-Za-z])[A-D]类")
_CLASS_END = re.compile(r"(?:\(?[A-D]\)?类|\([A-D]\))$")
_SIGNED_BY = re.compile(r"签发人:[\u4e00-\u9fff]{2,3}$")
_CLASS_AFTER = re.compile(r"[ \t]*\(?[A-D]\)?类?(?![A-Za-z])(?![\u4e00-\u9fff]{0,1}[:：])")
_ADDRESSEE_MARKS = re.compile(r"[。；;!?！？《》“”\"•|]")
_HEAD_END = re.compile(r"[。!?！？](?!\s*\|)")  # a full stop inside a web table's cell does not end the head
_URL = re.compile(r"https?://[\x21-\x7e]+")
_NUMBER_TAIL = re.compile(r"\((?:19|20)\d{2}年\d{1,4}号\)")  # 复函(2000年10号): a number printed after the title
# A rule's 题注 right under its title: （2002年8月4日国务院令第360号公布 根据…修订）
_TITLE_NOTE = re.compile(r"\((?:19|20)\d{2}年[^()]{4,200}\)")
_SEPARATORS = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ :|>]】•/")
_NUMERAL_UNITS = set("年月日号届次期个条")
_CJK_RUN_END = re.compile(r"[\u4e00-\u9fff]{3,30}$")
_NOT_A_NAME = re.compile(r"关于|的|印发|转发|批转|对")
_IN_TABLE = re.compile(r"\|\s*$")
_HAN_START = re.compile(r"[\u4e00-\u9fff]")
_NOT_TITLE_CHAR = re.compile(r"[^\u4e00-\u9fff\d《》〈〉“”\"()、—\-]")
_ORG_CHARS = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff、()“”\"]*")
_BREADCRUMB_SEP = re.compile(r"\s*(?:>>|>|/|»|\|)\s*")


@dataclass(frozen=True)
class _Kit:
    """The metadata reader's word lists and element patterns, shared so that each has one source."""

    fmt: Any  # extract.metadata.model.Format
    heading: Any  # the extract.metadata.heading module (is_org, is_title, DOC_NO)
    fold: Callable[[str], str]
    nfkc_chars: Callable[[str], str]
    date: re.Pattern  # a full date, Arabic or Chinese numerals
    head_date: re.Pattern  # a date or a page's time stamp in the head
    order_no: re.Pattern  # 令 + its number (令第290号, 令(九届第37号))
    genre_end: re.Pattern  # a 文种 word (letter-spaced too: 答 复) with its tail (（试行）, （2021—2023年）)
    genre_at_end: re.Pattern
    surnames: tuple[str, ...] = ()  # longest first (欧阳 before 欧)
    not_given: frozenset[str] = frozenset()  # surname characters hardly ever used in a given name


@lru_cache(maxsize=1)
def _kit() -> _Kit:
    from policyreport.extract.metadata import heading
    from policyreport.extract.metadata.dates import DATE, DATE_CN, DATE_ISO
    from policyreport.extract.metadata.model import fold, load_format, nfkc_chars
    from policyreport.ingest.datafiles import read_yaml
    from policyreport.paths import DICTIONARIES

    fmt = load_format()
    names = read_yaml(DICTIONARIES / "org_suffixes.yaml", "the organisation rules")
    words = "|".join(" ?".join(w) for w in sorted(fmt.genre_words, key=len, reverse=True))
    genre_end = re.compile(rf"(?:{words}){heading.TAIL}")
    return _Kit(
        fmt,
        heading,
        fold,
        nfkc_chars,
        re.compile(rf"{DATE.pattern}|{DATE_CN.pattern}"),
        re.compile(rf"{DATE.pattern}|{DATE_ISO.pattern}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"),
        re.compile(rf"令\s*{heading.ORDER_NO.pattern.strip('^$')}"),
        genre_end,
        re.compile(rf"(?:{genre_end.pattern})$"),
        tuple(sorted(map(str, names.get("surnames") or ()), key=len, reverse=True)),
        frozenset(map(str, names.get("surnames_not_given") or ())),
    )


def restore_breaks(line: str, traditional: bool = False, head: bool = True) -> list[str]:
    """The elements a flattened line holds, as slices of it (the line itself when it is not flattened).
    `traditional`: the text is in traditional characters (matched in simplified form); `head`: the
    line is where the document starts (no sentence has ended before it), so 文号, title and addressee
    are looked for; elsewhere only paragraph indents and a signature + date are."""
    if len(line) < MIN_STREAM:
        return [line]
    out: list[str] = []
    for part in INDENTS.split(line):
        out += _stream(part.strip(), traditional, head) if len(part) >= 2 else [part]
        head = head and not _HEAD_END.search(part)
    return [p for p in (x.strip(" \u3000") for x in out) if p]


def starts_body(line: str) -> bool:
    """True when a line holds a sentence end: the head of the document is over after it."""
    return bool(_HEAD_END.search(line))


def _stream(text: str, traditional: bool, head: bool) -> list[str]:
    """Cut one run of text without paragraph marks at the boundaries of its elements."""
    kit = _kit()
    fmt, H = kit.fmt, kit.heading
    key = kit.fold(text) if traditional else kit.nfkc_chars(text)
    cuts: set[int] = set()
    _wrapper_cuts(key, cuts, fmt, H, head)
    _closing_cuts(key, cuts, fmt, H)
    _closing_label_cuts(key, cuts, fmt)
    if head:
        _head_cuts(key, cuts, fmt, H)
    inside = _bracketed(key)
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text) and not inside[c]), len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _bracketed(key: str, reach: int = 300) -> list[bool]:
    """For each position: inside a pair of round brackets closed within `reach` characters (a 题注
    such as （2000年1月4日…公布　2014年2月12日…修订）, a contact note) — never a place to cut."""
    inside = [False] * (len(key) + 1)
    opened: list[int] = []
    for i, c in enumerate(key):
        if c == "(":
            opened.append(i)
        elif c == ")" and opened:
            start = opened.pop()
            if i - start <= reach and not opened:
                inside[start + 1 : i + 1] = [True] * (i - start)
    return inside


def _sentence_start(ends: list[int], at: int) -> int:
    """Where the sentence that holds position `at` starts (after the last sentence end before it)."""
    i = bisect.bisect_right(ends, at) - 1
    return ends[i] if i >= 0 else 0


def _signature(pre: str, fmt, H, head: str = "") -> int | None:
    """Where the signature starts in the text between a sentence end and a date (None: not one).
    `head`: the start of the text, where the issuer is named (版头, title) — a signature after an
    附件说明 (附件：1.…方案2.…清单某市人民政府办公室) is the longest name ending there that is named there."""
    s = pre.strip()
    lead = len(pre) - len(pre.lstrip())
    f = _FORMULA.match(s)
    if f:  # 特此公告 without its full stop, then perhaps the signing body
        rest = s[f.end() :]
        return lead + f.end() if not rest or H.is_org(_SEAL.sub("", rest), fmt) else None
    if not s:
        return lead
    body = _SEAL.sub("", s)
    if _HAN_START.match(body) and (H.is_org(body, fmt) or _is_signer(body, fmt)):
        return lead
    for q in range(1, len(body) - 2):  # 附件说明 or a contact line before the signature
        sig = body[q:]
        if body[:q].endswith("附件:"):
            continue  # the 附件说明 names the attachments (GB/T 9704-2012 §7.3.4), never the signer
        if _boundary(body[:q], fmt) and _ORG_CHARS.fullmatch(sig) and not re.search("关于|的", sig):
            if H.is_org(sig, fmt) or _is_signer(sig, fmt):
                return lead + _joint_names_before(body, q, fmt, H)
    named = re.sub(r"[ \u3000]", "", head)
    for n in range(min(30, len(body) - 1), 2, -1):
        sig = body[-n:]
        if _ORG_CHARS.fullmatch(sig) and H.is_org(sig, fmt) and sig in named:
            return lead + len(body) - n
    return None


def _joint_names_before(body: str, q: int, fmt, H) -> int:
    """Joint issuers signed one after the other, with or without spaces or 、 between them (…准入标准广州市医疗保障局
    广州市财政局…): the shortest body's name right before the signature that opens with the same place
    (its first three characters) belongs to the signature too."""
    place = body[q : q + 3]
    while True:
        prev = body[:q].rstrip(" \u3000、")
        n = next(
            (
                n
                for n in range(4, min(30, len(prev)) + 1)
                if prev[-n:].startswith(place) and _ORG_CHARS.fullmatch(prev[-n:]) and H.is_org(prev[-n:], fmt)
            ),
            0,
        )
        if not n or re.search("关于|的", prev[-n:]):
            return q
        q = len(prev) - n


def _is_signer(s: str, fmt) -> bool:
    """`省长 马兴瑞`, `总理李鹏`: the title and name that sign a 令."""
    s = s.replace(" ", "")
    return len(s) <= 22 and any(t in s[:16] and 2 <= len(s.split(t, 1)[1]) <= 4 for t in fmt.signer_titles)


def _closing_cuts(key: str, cuts: set[int], fmt, H) -> None:
    """Signature + 成文日期 after a sentence end (the date may lack its year or its 年月日 glyphs)."""
    found = [(m, True) for m in _kit().date.finditer(key)]
    found += [(m, False) for rx in (_GLYPHLESS, _YEARLESS) for m in rx.finditer(key)]
    ends = [m.end() for m in _SENTENCE_END.finditer(key)]
    for m, full in found:
        start = _sentence_start(ends, m.start())
        at = _signature(key[start : m.start()], fmt, H, key[: min(HEAD_REACH, start)])
        last = full and not key[_DATE_NOTE.match(key, m.end()).end() if _DATE_NOTE.match(key, m.end()) else m.end() :].strip()
        if last and at is None:  # a full date that ends the text: the signing date after a contact line
            cuts.add(m.start())
            continue
        if at is None or (not full and at + start == m.start()):
            continue
        after = key[m.end() :]
        if after[:1] and _DATE_GOES_ON.match(after) or (after[:1].isdigit() and not full):
            continue
        if at + start == m.start() and start == 0:
            continue  # a date that opens the text is a web stamp, not a signing date
        end = m.end()
        note = _DATE_NOTE.match(key, end)
        end = note.end() if note else end
        sig = start + at
        f = _FORMULA.match(key, sig)
        cuts.update({sig, m.start(), end})
        if f:
            cuts.add(f.end())
        elif start:
            cuts.add(start)
        cuts.update(_joint_signature(key, f.end() if f else sig, m.start(), fmt, H))
        _title_after(key, end, cuts, fmt)


@lru_cache(maxsize=4)
def _closing_label_rx(fmt) -> re.Pattern:
    """A field after the body (抄送:, 承办单位:, 联系电话: …) or a web label, with its colon."""
    words = sorted({*fmt.closing_labels, *fmt.labels}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})\s*:")


def _closing_label_cuts(key: str, cuts: set[int], fmt) -> None:
    """After the last sentence end, each field starts a line (承办单位:…单位负责人:0二十六日抄送:…); a
    field left empty is followed by the date, perhaps unreadable (0二十六日), which is a line of its own."""
    ends = [m.end() for m in _SENTENCE_END.finditer(key)]
    start = ends[-1] if ends else 0
    for m in _closing_label_rx(fmt).finditer(key, start):
        cuts.add(m.start())
        at = m.end() + len(key[m.end() : m.end() + 8]) - len(key[m.end() : m.end() + 8].lstrip(" \t"))
        date = _DATE_RUN.match(key, at)
        if date:
            cuts.update({at, date.end()})


def _title_after(key: str, at: int, cuts: set[int], fmt) -> None:
    """The title of what follows a signing date (the rules a 令 publishes, a notice's attachment),
    when its body opens right after it (为…, 第一章, 第一条, 一、)."""
    stop = _SENTENCE_END.search(key, at)
    for m in _kit().genre_end.finditer(key, at, min(stop.start() if stop else len(key), at + 150)):
        rest = key[m.end() :]
        if _starts_body(rest, fmt) or _OPENING_HEADING.match(rest):
            cuts.add(m.end())
            return


def _joint_signature(key: str, a: int, b: int, fmt, H) -> list[int]:
    """Joint issuers printed one per line and run together share their place name (封开县城市管理局
    封开县水务局, 中共岳阳市委办公室岳阳市人民政府办公室): a new line starts where a body's name
    ends and a name that starts with a place already named follows."""
    out, prev = [], a
    for p in range(a + 3, b - 3):
        name, rest = key[prev:p].strip(" \u3000"), re.sub(r"[ \u3000]", "", key[p:b])
        if name.endswith("、") or not _ORG_CHARS.fullmatch(rest) or rest[:3] not in name:
            continue
        if H.is_org(name, fmt) and H.is_org(rest, fmt) and not rest.startswith(fmt.org_suffixes):
            out.append(p)
            prev = p
    return out


def _number_start(key: str, m: re.Match, fmt, H) -> int | None:
    """Where a 文号 found in running text starts: after the element before it (title, 文件, class mark …)."""
    open_at = next(i for i in range(m.start(1), m.end(1)) if key[i] in "〔[【(")
    for p in range(open_at - 2, m.start(1) - 1, -1):  # the 机关代字 has at least two characters
        if _boundary(key[:p], fmt) or _org_name_before(key, p, fmt, H):
            chrome = next((w for w in fmt.wrapper_lines if len(w) >= 2 and key.startswith(w, p)), "")
            p = p + len(chrome) if open_at - p - len(chrome) >= 2 else p  # 打印 A 公开 + 文号
            # a 机关代字 is short (国发, 湘教提复字); a longer run has something else before it (a name)
            if open_at - p <= MAX_CODE or p == 0:
                return p
            break
    copy = next((p for p in range(open_at - 2, max(m.start(1), open_at - MAX_CODE) - 1, -1) if _copy_ends(key, p)), None)
    if copy is not None:
        return copy
    return 0 if m.start(1) == 0 else None


def _copy_ends(key: str, p: int, n: int = 10) -> bool:
    """A copy of earlier text ends at p: the page's title printed again above the letter, whose 文号
    follows it (题目: 关于…的建议 王远健 … 关于…的建议 王远健 + 琼土环资函〔2006〕187号)."""
    seen = key[: max(0, p - n)]
    return p >= 2 * n and bool(_HAN_START.search(key, p - n, p)) and key[p - n : p] in seen and key[p - n : p + 1] not in seen


def _org_name_before(key: str, p: int, fmt, H) -> bool:
    """The 发文机关标志 ends at p: the run of characters before it is a body's name alone
    (中山市工业和信息化局 + 中工信函〔2023〕44号), not a title or a sentence."""
    run = _CJK_RUN_END.search(key, max(0, p - 30), p)
    return bool(run) and H.is_org(run.group(0), fmt) and not _NOT_A_NAME.search(run.group(0))


def _boundary(before: str, fmt) -> bool:
    """True when an element of the head can end here."""
    if not before or before[-1] in " |:/>]】•)" or (before[-1].isascii() and before[-1].isalnum()):
        return True
    if before[-1] == "(":
        return not before[:-1].endswith("》")
    tail = before[-24:]  # every element end below is shorter: look at the end only
    return bool(tail.endswith("文件") or _CLASS_END.search(tail) or _SIGNED_BY.search(tail) or _kit().genre_at_end.search(tail))


def _starts_element(key: str, q: int, fmt) -> bool:
    return bool(_HAN_START.match(key, q)) and _boundary(key[:q], fmt)


def _head_cuts(key: str, cuts: set[int], fmt, H) -> None:
    """文号, title and addressee at the head of the text."""
    genre_end = _kit().genre_end
    first_stop = _HEAD_END.search(key, key.rfind("|", 0, HEAD_REACH) + 1)
    reach = min(HEAD_REACH, first_stop.start() if first_stop else len(key))
    numbers = []
    for m in H.DOC_NO.finditer(key, 0, reach):
        start = _number_start(key, m, fmt, H)
        if start is None:  # where it starts is unclear (a truncated title before it); where it ends is not
            if _addressee_cut(key, m.end(1), cuts, fmt):
                cuts.add(m.end(1))
            continue
        end = m.end(1)
        if _IN_TABLE.search(key[:start]) and re.match(r"\s*\|", key[end:]):
            continue  # a web table's cell (发文字号: | …|)
        if start and key[start - 1] == "(" and key[end : end + 1] == ")":
            start, end = start - 1, end + 1
        if _NUMBER_GOES_ON.match(key, end):
            continue
        c = _CLASS_AFTER.match(key, end)
        end = c.end() if c else end
        numbers.append((start, end))
        cuts.update({start, end})
    numbers += _order_cuts(key, reach, cuts, fmt)
    titles = []
    for m in genre_end.finditer(key, 0, reach):
        e = m.end()
        rest = key[e:].lstrip(" \t-–—|•·")
        after = len(key) - len(rest)  # where the next element starts, past any spaces
        label_here = _label_at(key[m.start() :], fmt) and key[m.start() - 1 : m.start()] != "的"
        if any(s < e < t for s, t in numbers) or label_here:
            continue  # 国办函〔2003〕49号: a 文种 word inside the 机关代字; 答复时间: a label
        if not rest or rest[0] in '》”"' or re.match(r"[\u4e00-\u9fff]{0,1}(?:的|和|及|与|、)", rest) and not _repeats(key, e):
            continue
        begin = max((c for c in cuts if c < e), default=0)
        tail = _NUMBER_TAIL.match(key, after) or _TITLE_NOTE.match(key, after)
        if tail:
            cuts.update({e, tail.end()})
            titles.append(e)
            continue
        close_number = any(0 < s - e <= 25 and not re.search("的|关于", key[e:s]) for s, _ in numbers)
        if (
            any(s in (e, after) for s, _ in numbers)
            or close_number
            or _label_at(rest, fmt)
            or _repeats(key, e, begin)
            or _repeats(key, after, begin)
            or _starts_body(rest, fmt)
            or _issuer_then_title(rest, fmt)
            or (key[e - 1] == ")" and H.is_title(key[begin:e], fmt))  # …规划纲要(2026—2035年), …办法(试行)
        ):
            cuts.add(e)
            _addressee_cut(key, after, cuts, fmt)
        elif _addressee_cut(key, after, cuts, fmt):
            cuts.add(e)
        else:
            continue
        titles.append(e)
        _title_start(key, begin, e, cuts, fmt)
    if not titles and not numbers:
        titles += _late_title(key, reach, cuts, fmt)
    for e in titles:  # the same title printed again further on (page title, then the document's own)
        start = max((c for c in cuts if c < e - 7), default=0)
        again = key.find(key[start:e], e, reach + (e - start))
        if again > 0:
            cuts.update({again, again + e - start})
    for _s, end in numbers:
        _addressee_cut(key, end, cuts, fmt)
    for m in _CLASS_MARK.finditer(key, 0, reach):  # [A], (A类): the answer class in the 版头
        cuts.update({m.start(), m.end()})
    _date_cuts(key, reach, cuts, fmt)
    _label_cuts(key, reach, cuts, fmt)
    _signer_cuts(key, reach, cuts, fmt)
    _title_then_other(key, reach, cuts, fmt)


def _late_title(key: str, reach: int, cuts: set[int], fmt) -> list[int]:
    """A preface before the document (a repost's editorial lines, with sentences of their own) ends the
    head early; the document's title follows it, run into a mark (☟☟, 如下:): a run that opens with
    关于 (or its issuer and 关于), ends in its 文种 and is followed by the body's opening or an addressee."""
    H = _kit().heading
    for m in _kit().genre_end.finditer(key, reach, HEAD_REACH):
        e = m.end()
        mark = _NOT_TITLE_CHAR.search(key[: m.start()][::-1])
        q = m.start() - mark.start() if mark else 0
        title = key[q:e]
        if not title.startswith("关于") and not _issuer_then_title(title, fmt) or not H.is_title(title, fmt, report=False):
            continue
        trial: set[int] = set()
        if _starts_body(key[e:].lstrip(" \t"), fmt) or _addressee_cut(key, e, trial, fmt):
            cuts.update({q, e, *trial})
            return [e]
    return []


def _title_then_other(key: str, reach: int, cuts: set[int], fmt) -> None:
    """A title ends in its 文种 (GB/T 9704-2012 §7.3.1): in a piece of the head that opens with a title
    but does not end in a 文种 word, the title ends at its 文种 when what follows has no title words
    (…建议的答复 + 淄川区第十九届人民代表大会第二次会议24, the page's meeting field)."""
    H, genre_end = _kit().heading, _kit().genre_end
    bounds = sorted({0, *(c for c in cuts if 0 < c < reach), reach})
    for a, b in zip(bounds, bounds[1:]):
        piece = key[a:b].rstrip()
        if _kit().genre_at_end.search(piece):
            continue
        last = None
        for m in genre_end.finditer(key, a, a + len(piece)):
            last = m
        if last is None:
            continue
        rest = key[last.end() : a + len(piece)]
        if (
            2 <= len(rest.strip()) <= 40
            and not re.search(r"关于|的|[《》“”\"。,，;；:：、]", rest)
            and not re.match(r"[和及与并或]", rest)
            and not genre_end.search(rest)
            and (key.startswith(("关于", "对"), a) or _issuer_then_title(key[a:], fmt))
            and H.is_title(key[a : last.end()], fmt, report=False)
        ):
            cuts.add(last.end())


def _person_name(s: str, given: tuple[int, ...] = (1, 2)) -> bool:
    """A surname from the list and a given name of `given` characters, none of them a character used
    almost only as a surname (冯, 邓 …)."""
    kit = _kit()
    sur = next((x for x in kit.surnames if s.startswith(x)), None)
    return sur is not None and len(s) - len(sur) in given and not any(c in kit.not_given for c in s[len(sur) :])


def _person_addressee(who: str, fmt) -> bool:
    """An addressee that is a person by name and title (冯万玖委员, 尊敬的李代表) has a name before the title;
    one that is not a person (各县人民政府) passes."""
    who = re.sub(r"^尊敬的?", "", who)
    title = next((t for t in fmt.addressee_endings if who.endswith(t)), None)
    if title is None or len(who) - len(title) > 4:
        return True
    return _person_name(who[: -len(title)], (0, 1, 2))


def _signer_cuts(key: str, reach: int, cuts: set[int], fmt) -> None:
    """`签发人:` and its name (GB/T 9704-2012 §7.2.4) run into what follows — on a page, the addressee
    (签发人:龙英冯万玖委员:). The name ends where a space follows it, or where the addressee starts
    when only one place gives a name and an addressee that is whole (a person addressee named with a
    surname and a given name); with two such places, nothing is cut (the addressee is not guessed)."""
    for m in re.finditer(r"签发人\s*:\s*", key[:reach]):
        cuts.add(m.start())
        at = m.end()
        spaced = re.match(r"[\u4e00-\u9fff]{2,4}(?=\s)", key[at:])
        if spaced and _person_name(spaced.group(0)):
            cuts.add(at + spaced.end())
            _addressee_cut(key, at + spaced.end(), cuts, fmt)
            continue
        ends = []
        for n in (2, 3, 4):
            trial: set[int] = set()
            if _person_name(key[at : at + n]) and _addressee_cut(key, at + n, trial, fmt):
                who = key[min(trial) : max(trial)].rstrip(":")
                if _person_addressee(who, fmt):
                    ends.append((n, trial))
        if len(ends) == 1:
            n, trial = ends[0]
            cuts.add(at + n)
            cuts.update(trial)


def _order_cuts(key: str, reach: int, cuts: set[int], fmt) -> list[tuple[int, int]]:
    """`XX人民政府令（第290号）`, `中华人民共和国主席令(九届第37号)`: a 令's number on a line of its own."""
    H, found = _kit().heading, []
    for m in _kit().order_no.finditer(key, 0, reach):
        if _kit().head_date.search(key[max(0, m.start() - 45) : m.start()]):
            continue  # a promulgation note (1990年6月4日国家教育委员会令第10号发布) stays whole
        starts = range(m.start() - 2, max(0, m.start() - 30) - 1, -1)
        start = next((q for q in starts if _starts_element(key, q, fmt) or _org_name_before(key, q, fmt, H)), None)
        if start is not None and _ORG_CHARS.fullmatch(key[start : m.start()]) and not _NOT_A_NAME.search(key[start : m.start()]):
            cuts.update({start, m.end()})
            found.append((start, m.end()))
    return found


def _title_start(key: str, begin: int, e: int, cuts: set[int], fmt) -> None:
    """Page text run into a title (来源: sp20241101国务院关于…的意见): the title starts after the
    nearest mark that is not a Chinese character, when what follows it is a whole title."""
    H = _kit().heading
    for q in range(e - 6, begin, -1):
        if key[q - 1].isdigit() and key[q] in _NUMERAL_UNITS:
            continue  # 2023年…: a number with its unit, not a mark before the title
        if (key[q - 1] in _SEPARATORS or key[q - 1] == "《" and key.count("》", q, e) < key.count("《", q, e) + 1) and (
            _HAN_START.match(key, q)
        ):
            q += _truncated_copy(key, q, e)
            title = key[q:e]
            if (
                re.search(r"关于|^对|印发|转发|批转", title[:45])
                and H.is_title(title, fmt)
                and not _co_issuer(key[begin:q], title, fmt)
            ):
                cuts.add(q)
            return


def _co_issuer(before: str, title: str, fmt) -> bool:
    """The title's issuers are several bodies written with spaces between them (国务院　中央军委关于…):
    the names before the space are the others, not page text — bodies' names alone (广州市医疗保障局
    广州市财政局 + 广州市卫生健康委员会关于…), other than the one the title starts with."""
    names = before.replace("\u3000", " ").split()
    lead = re.match(r"[\u4e00-\u9fff]{2,30}?(?=关于)", title)
    return bool(
        names
        and lead
        and not title.startswith(names[-1])
        and all(_ORG_CHARS.fullmatch(n) and _kit().heading.is_org(n, fmt) for n in names)
        and _kit().heading.is_org(lead.group(0), fmt)
    )


def _truncated_copy(key: str, q: int, e: int) -> int:
    """A page title cut short and run into the title it copies (《XX实行 + …关于印发XX实行方案的通知):
    the length of that copy, which the title starts after (0 when there is none)."""
    for n in range(min(40, (e - q) // 2), 9, -1):
        if key.find(key[q : q + n], q + n, e) > 0:
            return n
    return 0


def _issuer_then_title(rest: str, fmt) -> bool:
    """After a title: the issuer's name and the title again (…的通知浙江省金华市人民政府办公室关于印发…)."""
    m = re.match(r"[\u4e00-\u9fff]{3,30}?(?=关于)", rest)
    return bool(m) and _kit().heading.is_org(m.group(0), fmt)


def _date_cuts(key: str, reach: int, cuts: set[int], fmt) -> None:
    """A date in the head is a line of its own (a page stamp, a 题注 such as 1990年4月25日国务院批准)."""
    for m in _kit().head_date.finditer(key, 0, reach):
        before = key[: m.start()]
        if before.endswith("(") or _IN_TABLE.search(before):
            continue  # （2002年8月4日…公布）: a 题注 in brackets stays whole
        if not (m.start() in cuts or _boundary(before, fmt) or before.endswith(fmt.note_verbs)):
            continue
        if _DATE_GOES_ON.match(key, m.end()) and not _label_at(key[m.end() :], fmt):
            continue
        if not before.rstrip().endswith(":"):  # a label's value stays with its label
            cuts.add(m.start())
        nxt = key[m.end() :].lstrip(" \t")
        # a 题注 stays whole: 1990年4月25日 国务院批准, 1990年6月4日 国家教育委员会令第10号…发布
        promulgation = _kit().heading.PROMULGATION.match(key[m.start() :]) or re.match(
            rf"[\u4e00-\u9fff]{{0,30}}?(?:{'|'.join(fmt.note_verbs)})", nxt
        )
        if re.match(r"[\u4e00-\u9fff《“]", nxt[:1]) and not nxt.startswith(("发布", "公布")) and not promulgation:
            cuts.add(m.end())


def _wrapper_cuts(key: str, cuts: set[int], fmt, H, head: bool) -> None:
    """Repost and export markers (The Beginning, THE END, <!-- … -->, Markdown ##), a 版头 `XX文件`."""
    for w in fmt.wrapper_lines:
        if len(w) > 2:
            for m in re.finditer(re.escape(w), key):
                cuts.update({m.start(), m.end()})
    if not head:
        return
    for m in _URL.finditer(key):
        cuts.add(m.end())
    for marker in fmt.export_markers:
        for m in re.finditer(re.escape(marker), key):
            cuts.add(m.start())
    for m in _MARKUP.finditer(key):
        cuts.update({m.start(), m.end()} if m.group(0).startswith("<") else {m.start()})
    for m in re.finditer("文件", key[:HEAD_REACH]):
        start = next((q for q in range(m.start() - 3, max(0, m.start() - 30) - 1, -1) if _starts_element(key, q, fmt)), None)
        if start is not None and H.is_org(key[start : m.start()], fmt):
            cuts.update({start, m.end()})


def _repeats(key: str, e: int, start: int | None = None) -> bool:
    """A title printed twice in a row (page title, then the document's own, perhaps punctuated otherwise)."""
    if start is not None and e - start >= 12 and key[start : start + 10] == key[e : e + 10]:
        return True
    for n in range(min(e, len(key) - e, 150), 7, -1):
        if key[e - n : e] == key[e : e + n]:
            return True
    return False


def _label_at(rest: str, fmt) -> bool:
    label = fmt.label_at(rest)
    return bool(label) and rest[len(label) :].lstrip()[:1] in (":", "", "-", "–", "|")


def _starts_body(rest: str, fmt) -> bool:
    return rest.startswith(fmt.body_openings) or rest.startswith(fmt.wrapper_phrases)


def _addressee_cut(key: str, at: int, cuts: set[int], fmt) -> bool:
    """The 主送机关 right after `at`: up to its colon, or a person's name and title without one."""
    at += len(key[at : at + 160]) - len(key[at : at + 160].lstrip(" \t"))
    rest = key[at : at + 160]
    colon = rest.find(":")
    if colon > 1:
        who = rest[:colon]
        if _kit().heading.DOC_NO.search(who) or "〔" in who:
            return False
        bare = re.sub(r"\([^()]*\)$", "", who).strip()
        if (
            not _ADDRESSEE_MARKS.search(who)
            and not who[:1].isdigit()
            and not any(label in who for label in fmt.labels if len(label) >= 2)
            and bare.endswith(fmt.recipient_endings)
            and not fmt.label_at(bare)
            and not bare.startswith(fmt.not_addressee_starts)
            and not any(w in bare for w in fmt.not_addressee_words)
        ):
            cuts.update({at, at + colon + 1})
            return True
    openings = "|".join(map(re.escape, fmt.body_openings))
    m = re.match(
        rf"[^,，:。；;!?！？《》“”]{{2,40}}?(?:{'|'.join(fmt.addressee_endings)})(?=\s*(?:[《“\"您你]|{openings}))", rest
    )
    if m:
        cuts.update({at, at + m.end()})
        return True
    return False


@lru_cache(maxsize=4)
def _label_rx(fmt) -> re.Pattern:
    """A web label and its colon, letter-spaced or not (索  引  号:)."""
    labels = "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(fmt.labels, key=len, reverse=True))
    return re.compile(rf"(?:{labels})\s*:")


@lru_cache(maxsize=4)
def _label_row_rx(fmt) -> re.Pattern:
    """A web table's header row: two or more labels with spaces between them (主办单位 会办 交办日期)."""
    labels = "|".join(map(re.escape, sorted(fmt.labels, key=len, reverse=True)))
    return re.compile(rf"(?:{labels})(?:[ \u3000]+(?:{labels}))+")


@lru_cache(maxsize=4)
def _chrome_rx(fmt) -> re.Pattern:
    """A page's control (打印, 关闭, 分享 …)."""
    return re.compile("|".join(map(re.escape, sorted(fmt.wrapper_phrases, key=len, reverse=True))))


def _label_cuts(key: str, reach: int, cuts: set[int], fmt) -> None:
    """Web-page labels (来源:, 发布时间:, 浏览次数: …) and breadcrumbs run into the head; a table's header
    row is a line of its own, its values follow it (承办单位 答复日期 答复内容 + 省国土厅 + 2006年5月29日)."""
    rows = [(m.start(), m.end()) for m in _label_row_rx(fmt).finditer(key, 0, reach)]
    for m in _chrome_rx(fmt).finditer(key, 0, reach):  # 【字体: 】 打印 + the addressee
        if (m.start() in cuts or not _HAN_START.match(key, m.start() - 1)) and _addressee_cut(key, m.end(), cuts, fmt):
            cuts.add(m.end())
    for m in re.finditer(r"[•·]\s*", key[:reach]):  # a page's tabs (• 答复内容• 建议内容), then the letter
        label = fmt.label_at(key[m.end() :])
        if label:
            cuts.update({m.start(), m.end() + len(label)})
            _addressee_cut(key, m.end() + len(label), cuts, fmt)
    last = None
    for m in _label_rx(fmt).finditer(key, 0, reach):
        inside_block = last is not None and m.start() - last <= 40 and not re.search(r"[。，,;；]", key[last : m.start()])
        long_label = len(m.group(0).replace(" ", "")) >= 4  # 索引号: can follow anything
        if m.start() and _HAN_START.match(key[m.start() - 1]) and m.start() not in cuts and not (inside_block or long_label):
            continue
        if _IN_TABLE.search(key[: m.start()]) or re.match(r"\s*\|", key[m.end() :]):
            continue  # a web table keeps its cells
        last = m.end()
        cuts.add(m.start())
        v = re.match(r"\s*[\d\-/.:年月日]+(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:人次|次|件|篇)?", key[m.end() :])
        end = m.end() + v.end() if v and v.group(0).strip() else m.end()
        if end > m.end():
            cuts.add(end)
        _addressee_cut(key, end, cuts, fmt)
    column = re.match("|".join(sorted(map(re.escape, fmt.breadcrumb_leaves), key=len, reverse=True)), key)
    if column and _HAN_START.match(key[column.end() :].lstrip(" \t")):
        cuts.add(column.end())  # the page's column name run into the title (政协委员提案 + title)
    home = re.search("|".join(map(re.escape, fmt.breadcrumb_home)), key[:reach])
    for a, b in rows:
        cuts.difference_update(range(a + 1, b))
        cuts.update({a, b})
    if not home or not _BREADCRUMB_SEP.match(key, key.find("首页", home.start()) + 2):
        return
    cuts.add(home.start())
    last = None
    for sep in _BREADCRUMB_SEP.finditer(key, home.start(), reach):
        if last is not None and sep.start() - last.end() > 20:
            break
        last = sep
    if last:
        leaf = re.match(rf"(?:{'|'.join(fmt.breadcrumb_leaves)})", key[last.end() :])
        if leaf:
            cuts.add(last.end() + leaf.end())

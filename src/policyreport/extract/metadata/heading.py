"""The 版头 and the head of the 主体 (GB/T 9704-2012 §7.2, §7.3.1–7.3.2): 发文机关标志, 发文字号,
the order number of a 令, 标题 (possibly broken over lines), 主送机关.

Every function reads positions, not sentences: a title is a line (or a run of short lines) shaped
like 发文机关 + 关于 + 事由 + 文种; an addressee is the line right after the title block.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policyreport.extract.metadata.dates import DATE, parse_date, read_date_line
from policyreport.extract.metadata.model import Format, Line, fold

TAIL = r"(?:\((?:[^()]{0,12}(?:试行|暂行|修订|修正|草案|征求意见稿)|\d{4}\s*[-—–~至]\s*\d{4}\s*年?|\d{4}年)\))?"
SENTENCE_PUNCT = re.compile(r"[。；;！!？?]")
HEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十百零〇]+[章节条篇]|\d{1,3}[.、])"
)
_OPEN, _CLOSE = r"[〔\[【(]", r"[〕\]】)]"
DOC_NO = re.compile(rf"([\u4e00-\u9fff]{{1,16}}{_OPEN}(?:19|20)\d{{2}}{_CLOSE}第?(?:\d{{1,5}} ?|[\u4e00-\u9fff]{{1,3}}?)号)")
DOC_NO_END = re.compile(rf"{DOC_NO.pattern}$")
DOC_NO_LINE = re.compile(rf"^\(?{DOC_NO.pattern}\)?(?:\s*\(?[A-D]类?\)?)?$")
DOC_NO_TAIL = re.compile(
    rf"\((?P<no>[\u4e00-\u9fff]{{1,16}}{_OPEN}(?:19|20)\d{{2}}{_CLOSE}第?\d{{1,5}}号)\)$|\((?:19|20)\d{{2}}年\d+号\)$"
)
ORDER = re.compile(r"^(?P<org>.{2,30}?令)\s*(?P<no>\(?(?:[\u4e00-\u9fff]{1,4})?第\d{1,5}号\)?)$")
ORDER_NO = re.compile(r"^\(?(?:[\u4e00-\u9fff]{1,4})?第\d{1,5}号\)?$")
PROMULGATION = re.compile(rf"^\(?{DATE.pattern}\s*(?P<orders>(?:[\u4e00-\u9fff]{{2,30}}令第\d{{1,5}}号、?)+)(?:发布|公布)")
TAG = re.compile(r"^[「【\[][\u4e00-\u9fff]{1,4}[」】\]]|^[\u4e00-\u9fff]{1,16}〔(?:19|20)\d{2}〕\d{1,5}号(?=《)")
QUOTED = re.compile(r"^《(?P<t>[^《》]+)》$")
YEAR = re.compile(r"(?:19|20)\d{2}年")  # a report's title names its year: 2023年, 2024年度
SIGNED = re.compile(r"^签发人")
INLINE_ADDRESSEE = re.compile(r"^(?P<r>[^:,，。；;《》]{2,60}?):(?=\S)")


def is_org(key: str, fmt: Format) -> bool:
    """A short line naming a body (or several, joined by 、): the shape of a signature or 标志."""
    return (
        3 <= len(key) <= 45
        and not re.search(r"[,，.。:：;；!！?？《》]", key)
        and not key.endswith("文件")
        and bool(fmt.org_rx().search(key))
    )


def joint(raw: str, fmt: Format) -> str | None:
    """Joint issuers printed side by side (`财政部  教育部`, `国务院　中央军委`), joined with 、."""
    parts = raw.replace("\u3000", " ").split()
    if len(parts) >= 2 and all(is_org(fold(p), fmt) for p in parts):
        return "、".join(parts)
    return None


def _titleish(line: Line, kinds: dict[int, str]) -> bool:
    k = line.key
    return (
        line.n not in kinds
        and len(k) <= 150
        and not SENTENCE_PUNCT.search(k)
        and ":" not in k
        and not HEADING_NUMBER.match(k)
        and not DOC_NO_LINE.match(k)
        and not read_date_line(k)[0]
    )


@lru_cache(maxsize=4)
def _title_end(fmt: Format) -> re.Pattern:
    """文种 at the end of a title, with an optional (试行)/(2021—2023年) after it."""
    words = "|".join(sorted(fmt.genre_words, key=len, reverse=True))
    return re.compile(rf"(?:{words}){TAIL}$")


def _not_addressee(key: str, fmt: Format) -> bool:
    """A sentence or note that ends with a colon (现答复如下:, 附件:), not a 主送机关."""
    return key.startswith(fmt.not_addressee_starts) or any(w in key for w in fmt.not_addressee_words)


def _run_start(key: str, fmt: Format) -> bool:
    """A line a title broken over several lines can start with."""
    return bool(re.search(r"关于|^对|^.{2,40}?对", key)) or is_org(key, fmt) or any(v in key for v in fmt.carrier_verbs)


def bare(key: str) -> str:
    """A title line without a tag (「通告」, a leading 文号), enclosing 《》 or a trailing (文号)."""
    k = DOC_NO_TAIL.sub("", TAG.sub("", key))
    q = QUOTED.match(k)
    return q.group("t") if q else k


def is_report_title(k: str, fmt: Format) -> bool:
    """A report's title without 关于: [机关] + 年份 + 事由 + 报告类文种 (XX县2023年政府信息公开工作年度报告,
    XX局2024年部门预算, 2023年国民经济和社会发展统计公报); the year is what tells it from a heading."""
    ends = fmt.report_title_endings
    return (
        bool(ends)
        and bool(YEAR.search(k))
        and bool(re.search(rf"(?:{'|'.join(ends)}){TAIL}$", k))
        and "," not in k
        and len(k) <= 60
    )


def is_title(key: str, fmt: Format, report: bool = True) -> bool:
    """Whether a line (or lines joined) is shaped like a title; `report`: also a report's title
    without 关于 (`is_report_title`), which the head of a document takes only as its first heading."""
    k = bare(key)
    if not (5 <= len(k) <= 150) or SENTENCE_PUNCT.search(k) or k.startswith(fmt.closing_formulas):
        return False
    if report and is_report_title(k, fmt):
        return True
    title_end = _title_end(fmt)
    if not title_end.search(k) and not k.endswith(fmt.plain_title_endings):
        return False
    if "关于" in k or re.match(r"^(?:.{2,40}?[局委厅办处府室会部])?对.{4,}", k):
        return True
    if any(v in k for v in fmt.carrier_verbs) and title_end.search(k):
        return True
    return bool(re.search(rf"(?:{'|'.join(fmt.plain_title_endings)}){TAIL}$", k)) and "," not in k and len(k) <= 60


def find_title(lines: list[Line], kinds: dict[int, str], fmt: Format, limit: int) -> list[Line] | None:
    """The lines of the document's own title: the last title-shaped run before the body starts. A
    report's title without 关于 counts only as the first heading: no sentence before it (the title of
    an attachment after a covering letter is not the document's)."""
    found: list[list[Line]] = []
    i = 0
    leading = True  # every line so far is heading-like or the carrier's
    while i < min(limit, len(lines)):
        ln = lines[i]
        k = ln.key
        if found and (HEADING_NUMBER.match(k) or (k.endswith(":") and ln.n not in kinds and len(k) <= 200)):
            break
        if found and ln.n not in kinds and (read_date_line(k)[0] or "。" in k or (len(k) > 60 and re.search(r"[,，]", k))):
            break
        run = None
        if _titleish(ln, kinds):
            for j in range(i, min(i + 4, len(lines))):
                if j > i and (not _titleish(lines[j], kinds) or not _run_start(k, fmt)):
                    break
                if j == i + 1 and is_org(k, fmt) and not re.match(r"关于|对|印发|转发|批转|(?:19|20)\d{2}年", lines[j].key):
                    break
                if is_title("".join(x.key for x in lines[i : j + 1]), fmt, report=leading):
                    run = lines[i : j + 1]
                    break
        if run:
            end = i + len(run)
            while end < min(limit, len(lines)) and len(run) < 5 and _title_goes_on(run, lines[end], kinds, fmt):
                run, end = [*run, lines[end]], end + 1
            k0 = run[0].key
            prev = lines[i - 1] if i else None
            if (
                prev
                and (k0.startswith("关于") or k0.startswith("对"))
                and prev.n not in kinds
                and is_org(prev.key, fmt)
                and not (found and prev in found[-1])
            ):
                run = [prev, *run]
            found.append(run)
            i += len(run) - (1 if run[0] is prev else 0)
            continue
        leading = leading and (ln.n in kinds or _titleish(ln, kinds))
        i += 1
    return found[-1] if found else None


def _title_goes_on(run: list[Line], nxt: Line, kinds: dict[int, str], fmt: Format) -> bool:
    """A title already complete in shape that the next line carries on: an open 《 (…药品管理法 /
    实施条例》的决定), `的通知` after a genre word, a (试行) tail, or a short genre word (实施条例)."""
    key, nk = "".join(x.key for x in run), nxt.key
    if not _titleish(nxt, kinds) or is_org(nk, fmt) or ORDER.match(nk) or ORDER_NO.match(nk) or key.startswith(nk):
        return False
    if nk in fmt.breadcrumb_leaves:  # a site's column name (通知公告) after the title
        return False
    if not is_title(key + nk, fmt):
        return False
    return (
        key.count("《") > key.count("》")
        or nk.startswith(("的", "》", "("))
        or (len(nk) <= 8 and bool(_title_end(fmt).search(nk)))
    )


def title_text(run: list[Line]) -> str:
    """The title as written, a tag such as 「通告」 and a trailing (文号) removed."""
    text = "".join(x.text for x in run)
    key = "".join(x.key for x in run)
    tag = TAG.match(key)
    start = tag.end() if tag else 0
    tail = DOC_NO_TAIL.search(key)
    end = tail.start() if tail else len(key)
    if QUOTED.match(key[start:end]):
        start, end = start + 1, end - 1
    return text[start:end]


def doc_number_in(line: Line) -> str | None:
    """The 文号 a line consists of (in brackets or with an answer-class mark after it), as written."""
    m = DOC_NO_LINE.match(line.key)
    if m:
        return line.text[m.start(1) : m.end(1)]
    t = DOC_NO_TAIL.search(line.key)
    if t and t.group("no"):
        return line.text[t.start("no") : t.end("no")]
    if "签发人" in line.key and (m := DOC_NO.search(line.key)):  # 上行文: 发文字号 and 签发人 on one line
        return line.text[m.start(1) : m.end(1)]
    return None


def find_order(lines: list[Line], limit: int, fmt: Format) -> tuple[str, str, str | None, list[Line]] | None:
    """(number, issuer, ISO date or None, lines) of a 令: `XX令` + `（第N号）`, or a promulgation line.
    The number is cited in its usual short form (中华人民共和国国务院令 第707号 -> 国务院令第707号)."""
    for i, ln in enumerate(lines[:limit]):
        m = ORDER.match(ln.key)
        if m:
            return _short_order(ln.text, fmt), m.group("org")[:-1], None, [ln]
        if ln.key.endswith("令") and 4 <= len(ln.key) <= 30 and i + 1 < len(lines) and ORDER_NO.match(lines[i + 1].key):
            return _short_order(ln.text + lines[i + 1].text, fmt), ln.key[:-1], None, [ln, lines[i + 1]]
        p = PROMULGATION.match(ln.key)
        if p:
            orders = p.group("orders").rstrip("、")
            start = ln.key.index(orders)
            issuers = "、".join(re.sub(r"令第\d+号$", "", o) for o in orders.split("、"))
            return _short_order(ln.text[start : start + len(orders)], fmt), issuers, parse_date(ln.key), [ln]
    return None


def _short_order(number: str, fmt: Format) -> str:
    for long, short in fmt.order_short_names:
        number = re.sub(rf"{re.escape(long)}\s*(?=\(?第)", short, number)
    return re.sub(r"(?<=令)[\s\u3000]+(?=第)", "", number)


def find_recipient(lines: list[Line], start: int, kinds: dict[int, str], fmt: Format) -> Line | None:
    """The 主送机关: after the title block, the first line ending with a colon before the body starts
    (page chrome without punctuation may stand between), or, without a colon, the first content line
    when it ends with an addressee word and the body follows."""
    first, seen = True, 0
    for i in range(start, len(lines)):
        ln = lines[i]
        k = ln.key.rstrip()
        if ln.n in kinds:
            continue
        seen += 1
        if seen > 8:
            return None
        if DOC_NO_LINE.match(k) or DOC_NO_END.search(k) or SIGNED.match(k) or re.match(r"^\(?\[?[A-D]\]?\)?类?\)?$", k):
            continue  # 版头 lines: 文号 (alone or after a title cut short), 签发人, answer class
        if k.endswith("文件") and is_org(k[:-2], fmt):
            continue
        same = INLINE_ADDRESSEE.match(k)
        r = same.group("r") if same else ""
        if first and (r.endswith(fmt.addressee_endings) or r.startswith("各")) and not _not_addressee(r, fmt):
            return Line(ln.n, ln.text[: same.end("r")], same.group("r"))  # 主送机关 run into the first paragraph
        if SENTENCE_PUNCT.search(k) or HEADING_NUMBER.match(k) or len(k) > 120 or _not_addressee(k, fmt):
            return None
        if k.endswith(":"):
            if re.sub(r"\([^()]*\)$", "", k.rstrip(":")).endswith(fmt.recipient_endings):
                return ln
            if len(k) <= 8 and not re.search(r"[,，、]", k):
                continue  # a page's control with a colon (视力保护色:), not the addressee
            return None
        nxt = lines[i + 1].key if i + 1 < len(lines) else ""
        if first and len(k) <= 60 and "," not in k and k.endswith(fmt.addressee_endings) and len(nxt) > len(k):
            return ln
        if len(k) > 40 or re.search(r"[,，]", k):
            return None
        first = False
    return None

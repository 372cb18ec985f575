"""Web and database wrappers around a document, kept apart from it.

Metadata blocks in any layout (`label: value` lines, a label line then its value, `•`/`-` bullets,
`|` tables, a row of labels then their values), breadcrumbs, export headers (北大法宝), repost
markers and share prompts. They never give the document's own fields; they make the
`publication` record (site, page date, reprint source), and a labelled field may stand in for an
element the document itself does not print (said so in the evidence).
"""

from __future__ import annotations

import re

from policyreport.extract.metadata.dates import DATE_ISO, parse_date
from policyreport.extract.metadata.model import Format, Line
from policyreport.urls import find_url

_BULLET = re.compile(r"^[•·\-|]\s*")
_BREADCRUMB = re.compile(r"(?:>>|>|/|»)")
_PAGE_STAMP = re.compile(
    r"^(?P<date>(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?=\s|$|浏览|来源|发布)"
)
_SOURCE_IN_LINE = re.compile(r"(?:文章来源|信息来源|来源)\s*:\s*(?P<site>[^\s:]+?)(?=\s|$|转载|浏览|作者)")
_DOC_NO_VALUE = re.compile(r"^\(?[\u4e00-\u9fff]{1,16}[〔\[【(](?:19|20)\d{2}[〕\]】)]")
_DATE_VALUE = re.compile(rf"(?:{DATE_ISO.pattern}|(?:19|20)\d{{2}}年)")


def _strip(key: str) -> str:
    return _BULLET.sub("", key).strip()


def _label(key: str, fmt: Format) -> tuple[str, str] | None:
    """(label, value) of a labelled line: `label: value`, `label value` on a short line, or `label`."""
    s = _strip(key)
    label = fmt.label_at(s)
    if not label:
        return None
    rest = s[len(label) :]
    if rest.startswith(":"):
        return label, rest[1:].strip(" |")
    if not rest:
        return label, ""
    cjk_next = bool(re.match(r"[\u4e00-\u9fff]", rest))
    if "。" not in s and len(s) <= 60 and (not cjk_next or (len(label) >= 3 and len(s) <= 40)):
        return label, rest.strip(" |")
    return None


def _label_row(line: Line, fmt: Format) -> list[str] | None:
    """The labels of a header row (`主办单位 会办 交办日期`), whose values follow on the next lines."""
    rest, tokens = line.key.replace(" ", "").rstrip(":"), []
    while rest:
        label = fmt.label_at(rest)
        if not label:
            return None
        tokens.append(label)
        rest = rest[len(label) :].lstrip(":")
    return tokens if len(tokens) >= 2 else None


def _fits(value: str, pending: list[str], fmt: Format) -> bool:
    """A 文号 is the value only of a 文号 label (发文字号), not of 浏览次数 or 来源."""
    return not _DOC_NO_VALUE.match(value) or any(fmt.labels[x] == "number" for x in pending)


def classify(lines: list[Line], fmt: Format) -> tuple[dict[int, str], dict[str, tuple[str, Line]]]:
    """({paragraph: kind of wrapper line}, {label: (value, line)}) for the given lines."""
    kinds: dict[int, str] = {}
    fields: dict[str, tuple[str, Line]] = {}
    pending: list[str] = []

    def keep(label: str, value: str, line: Line) -> None:
        if value and label not in fields and not value.startswith(("及", "和")):
            fields[label] = (value, line)

    for line in lines:
        k = line.key
        row = _label_row(line, fmt)
        lab = _label(k, fmt)
        if row:
            kinds[line.n], pending = "label-row", row
            continue
        if "|" in k and k.count("|") >= 2:
            kinds[line.n] = "table"
            cells = [c.strip() for c in k.split("|")]
            for a, b in zip(cells, cells[1:]):
                if a.rstrip(":") in fmt.labels:
                    keep(a.rstrip(":"), b, line)
            continue
        if lab:
            kinds[line.n] = "label"
            label, value = lab
            keep(label, value, line)
            pending = [] if value else [label]
            continue
        if pending and len(k) <= 40 and not k.endswith(":") and _fits(k, pending, fmt):
            kinds[line.n] = "label-value"
            want_date = bool(_DATE_VALUE.search(k))
            pick = next((x for x in pending if (fmt.labels[x] == "page_date") == want_date), pending[0])
            keep(pick, _strip(k), line)
            pending = [x for x in pending if x != pick]
            continue
        pending = []
        stamp = _PAGE_STAMP.match(k)
        if stamp:
            kinds[line.n] = "page-date"
            keep("时间", stamp.group("date"), line)
            src = _SOURCE_IN_LINE.search(k)
            if src:
                keep("来源", src.group("site"), line)
        elif k in fmt.wrapper_lines or k.startswith(fmt.export_markers) or k.startswith(fmt.wrapper_phrases):
            kinds[line.n] = "chrome"
        elif k.startswith(fmt.breadcrumb_home) or ("首页" in k and _BREADCRUMB.search(k)):
            kinds[line.n] = "breadcrumb"
        elif _BULLET.match(k) and len(k) <= 60:
            kinds[line.n] = "bullet"
    return kinds, fields


def publication(
    lines: list[Line], kinds: dict[int, str], fields: dict[str, tuple[str, Line]], fmt: Format, issuer: str | None
) -> dict:
    """The page or export the text came from: site, page date (by the order of the word list's
    labels, so a block's 发布日期 wins over its 成文日期), reprint source, export header."""
    if not kinds:
        return {}
    rec: dict = {"wrapper_paragraphs": sorted(kinds)}
    rank = {label: i for i, label in enumerate(fmt.labels)}  # the word list's order: 发布日期 before 成文日期
    dated = [
        (rank[label], label, parse_date(v.replace(" ", "")))
        for label, (v, _) in fields.items()
        if fmt.labels[label] == "page_date"
    ]
    dated = sorted(d for d in dated if d[2])
    if dated:
        rec["page_date"], rec["page_date_label"] = dated[0][2], dated[0][1]
    for label, (value, _line) in fields.items():
        if fmt.labels[label] == "source" and "site" not in rec:
            rec["site"] = re.split(r"\s|浏览|转载|时间|发布", value)[0] or None
    text = "\n".join(ln.key for ln in lines if ln.n in kinds)
    if "法宝引证码" in text:
        rec["export"] = "北大法宝"
        url = find_url(text)
        if url:
            rec["url"] = url
    site = rec.get("site")
    rec["reprint"] = bool(
        "转载" in text
        or "THE END" in text
        or (site and issuer and site not in issuer and issuer not in site and not site.startswith(issuer[:2]))
    )
    rec["fields"] = {label: value for label, (value, _) in fields.items()}
    return rec

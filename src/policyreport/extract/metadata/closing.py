"""The end of the 主体 (GB/T 9704-2012 §7.3.5): 发文机关署名 and 成文日期, after the body.

The signing date is a line that is only a date; the first one directly under a signature (a
notice's attached plan may follow it), otherwise the first date line after the body starts.
"""

from __future__ import annotations

import re

from policyreport.extract.metadata.dates import parse_date, read_date_line
from policyreport.extract.metadata.heading import is_org, joint
from policyreport.extract.metadata.model import Format, Line

SIGNED_DATE = re.compile(
    r"^(?P<org>\S{3,40}?)\s*(?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$"
)
SIGNATURE_LABEL = re.compile(r"^(?:承办单位|发文单位|发文机关|单位):(?P<org>\S{3,40})$")
SEAL = re.compile(r"\((?:盖章|印章|公章|章)\)$")
EMPTY_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,8}:$")


def _signature_lines(lines: list[Line], i: int, fmt: Format) -> list[tuple[Line, str]]:
    """The signing bodies printed right above line i (joint issuers over several lines)."""
    out: list[tuple[Line, str]] = []
    for j in range(i - 1, max(i - 7, -1), -1):
        k = SEAL.sub("", lines[j].key)
        if not k and not out:
            continue  # a seal mark alone on its line, between the signature and the date
        m = SIGNATURE_LABEL.match(k)
        if is_org(k, fmt):
            out.insert(0, (lines[j], _joint(lines[j], fmt) or lines[j].text[: len(k)]))
        elif m and not out:
            out.insert(0, (lines[j], lines[j].text[m.start("org") :]))
            break
        elif EMPTY_LABEL.match(k) and not out:
            continue
        else:
            break
    return out


def _joint(line: Line, fmt: Format) -> str | None:
    return joint(line.raw, fmt)


def _signer(line: Line, fmt: Format) -> bool:
    """`省长 马兴瑞`, `中华人民共和国主席 江泽民`: the signer of a 令."""
    k = line.key
    return len(k) <= 22 and any(t in k[:16] and 2 <= len(k.split(t, 1)[1]) <= 4 for t in fmt.signer_titles)


def closing(lines: list[Line], start: int, fmt: Format, first: bool = False) -> dict:
    """{'date_line', 'date', 'date_reason', 'signature': [(line, text)], 'signer'} after index start.
    `first`: the first date line is the closing (a carrier notice, whose carried text follows it)."""
    dated = []
    for i in range(start, len(lines)):
        is_date, iso, reason = read_date_line(lines[i].key)
        if is_date:
            dated.append((i, iso, reason))
            continue
        same = SIGNED_DATE.match(lines[i].key)
        if same and not dated and is_org(same.group("org"), fmt):
            return _same_line(lines[i], same)
    if not dated:
        return {}
    chosen = dated[0] if first else None
    for i, iso, reason in [] if first else dated:
        prev = lines[i - 1] if i else None
        if prev and (_signature_lines(lines, i, fmt) or _signer(prev, fmt)):
            chosen = (i, iso, reason)
            break
    if chosen is None:
        chosen = dated[0]
    i, iso, reason = chosen
    sig = _signature_lines(lines, i, fmt)
    return {
        "index": i,
        "date_line": lines[i],
        "date": iso,
        "date_reason": reason,
        "signature": sig,
        "signer": lines[i - 1] if i and _signer(lines[i - 1], fmt) else None,
    }


def _same_line(line: Line, m: re.Match) -> dict:
    """A signature and its date printed on one line (`XX局 2020年5月1日`)."""
    return {
        "index": None,
        "date_line": line,
        "date": parse_date(m.group("date")),
        "date_reason": None,
        "signature": [(line, line.text[: m.end("org")])],
        "signer": None,
    }

"""Dates as documents print them: 2020年5月19日, 二〇二〇年五月十九日, 2020-05-19, and a signing date
whose 年/月/日 glyphs were lost in web copy (20211022, 2017821) when only one reading is a valid date."""

from __future__ import annotations

import datetime as dt
import re

from policyreport.ingest.numerals import small_value, year_value

_CN = "〇○零Ｏ０O0一二三四五六七八九"
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_CN = re.compile(rf"([{_CN}]{{4}})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日")
DATE_ISO = re.compile(r"((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})")
GLYPHLESS = re.compile(r"^((?:19|20)\d{2})(\d{2,4})$")
# A line that is a date and nothing else, possibly unreadable (0二十六日) or without a year (10月14日).
DATE_ONLY = re.compile(rf"^[\d{_CN}十年月日\s.\-/]{{3,16}}$")
NOTE_AFTER = re.compile(r"\((?:此件[^()]{0,8}|盖章|印章)\)$")  # 2020年5月19日（此件公开发布）
YEARLESS = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日$")


def _iso(y: int | None, m: int | None, d: int | None) -> str | None:
    try:
        return dt.date(y, m, d).isoformat() if y and m and d else None
    except ValueError:
        return None


def parse_date(s: str) -> str | None:
    """ISO date of the first full date written in `s` (Arabic or Chinese numerals), None when invalid."""
    m = DATE.search(s)
    if m:
        return _iso(*(int(g) for g in m.groups()))
    m = DATE_CN.search(s)
    if m:
        return _iso(year_value(m.group(1)), small_value(m.group(2)), small_value(m.group(3)))
    m = DATE_ISO.search(s)
    if m:
        return _iso(*(int(g) for g in m.groups()))
    return None


def glyphless_date(s: str) -> str | None:
    """`20211022` or `2017821` read as a date when exactly one split of month and day is valid."""
    m = GLYPHLESS.match(s)
    if not m:
        return None
    y, rest = int(m.group(1)), m.group(2)
    readings = {_iso(y, int(rest[:i]), int(rest[i:])) for i in range(1, len(rest)) if rest[i:][:1] != "0" or i == 2}
    readings.discard(None)
    return readings.pop() if len(readings) == 1 else None


def read_date_line(key: str) -> tuple[bool, str | None, str | None]:
    """(is a date line, ISO date or None, reason when None) for a line that should be a date."""
    s = NOTE_AFTER.sub("", key.replace(" ", ""))
    if not DATE_ONLY.match(s) or not re.search(r"\d|[一二三四五六七八九十]", s):
        return False, None, None
    full = DATE.fullmatch(s) or DATE_CN.fullmatch(s) or DATE_ISO.fullmatch(s)
    if full:
        iso = parse_date(s)
        return True, iso, None if iso else "成文日期不是有效日期"
    if GLYPHLESS.match(s):
        iso = glyphless_date(s)
        return True, iso, None if iso else "成文日期缺“年月日”且有多种读法"
    if YEARLESS.match(s):
        return True, None, "成文日期没有年份"
    if s.endswith("日"):
        return True, None, "成文日期无法识读"
    return False, None, None

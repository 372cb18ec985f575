"""Figures mentioned in a text: amounts and counts with units, target years, with their sentence.

Named `quantities` to keep "figure" for charts. Each figure keeps its exact wording.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from policyreport.ingest import patterns as P
from policyreport.ingest.text import Sentence

CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
COLUMNS = ["paragraph", "text", "value", "value_max", "unit", "approx", "kind", "sentence"]


def cn_to_number(s: str) -> float | None:
    """Value of a Chinese numeral such as 两万, 三百, 十二, 一千五百; None if it is not one."""
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in CN_VALUE:
            digit = CN_VALUE[ch]
        elif ch in CN_UNIT:
            section += (1 if digit is None else digit) * CN_UNIT[ch]
            digit = None
        elif ch in CN_BIG:
            total = (total + section + (digit or 0)) * CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def to_number(s: str) -> float | None:
    s = s.strip()
    if s[:1].isdigit():
        try:
            return float(s.replace(",", ""))
        except ValueError:
            return None
    return cn_to_number(s)


def _kind(unit: str) -> str:
    if unit.endswith("元"):
        return "金额"
    if unit in ("%", "‰", "倍"):
        return "比例"
    if unit in ("年", "个月", "天"):
        return "时长"
    return "数量"


def _int_if_whole(v: float | None):
    return int(v) if v is not None and float(v).is_integer() else v


def find_quantities(sentences: list[Sentence]) -> pd.DataFrame:
    """Table of the quantities in the sentences, in order (columns: COLUMNS)."""
    rows = []
    for s in sentences:
        nfkc = unicodedata.normalize("NFKC", s.text)
        same_length = len(nfkc) == len(s.text)
        for m in P.QUANTITY.finditer(nfkc):
            unit = (m.group("mag") or "") + m.group("unit")
            num = m.group("num")
            value = to_number(num)
            if value is None:
                continue
            if unit == "年" and len(num) == 4 and (num.isdigit() or "〇" in num or "零" in num):
                continue  # a calendar year (or a span of years), not a duration
            pre = m.group("pre") or ""
            start = m.start() if pre in P.APPROX_MARKERS or not pre else m.start("num")
            text = (s.text if same_length else nfkc)[start : m.end()].strip()
            markers = [x for x in (pre, m.group("post"), m.group("after")) if x in P.APPROX_MARKERS]
            rows.append(
                (
                    s.paragraph,
                    text,
                    _int_if_whole(value),
                    _int_if_whole(to_number(m.group("num2"))) if m.group("num2") else None,
                    unit,
                    "、".join(markers) or None,
                    _kind(unit),
                    s.text,
                )
            )
        for m in P.TARGET_YEAR.finditer(nfkc):
            text = (s.text if same_length else nfkc)[m.start() : m.end()]
            rows.append((s.paragraph, text, int(m.group(1)), None, "年", None, "目标年份", s.text))
    return pd.DataFrame(rows, columns=COLUMNS)

"""Figures mentioned in a text: amounts and counts with units, target years, with their sentence.

Named `quantities` to keep "figure" for charts. Each figure keeps its exact wording, bound words
included (不超过4个, 1年以上, 约212亿元), and says what they mean: `bound` is "<=", "<", ">=", ">"
or "≈" (null for an exact figure), `approx` whether the text marks it as approximate, `markers`
the bound words as written. Numbers that name rather than count (“五个中心”, 五位一体) are left out;
ordinals (第一, 一是) and names without a unit (三甲, 十四五) never match a unit.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.ingest import patterns as P
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.text import Sentence
from policyreport.paths import DICTIONARIES

BOUNDS = ("<=", "<", ">=", ">", "≈")
DURATION = "时长"

CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
COLUMNS = ["paragraph", "text", "value", "value_max", "unit", "bound", "approx", "markers", "kind", "sentence"]


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


@dataclass(frozen=True)
class Marker:
    bound: str
    approx: bool


@dataclass(frozen=True)
class Units:
    """The unit classes and bound words of dictionaries/units.yaml, with the pattern built from them."""

    kinds: dict[str, str]  # unit -> class (金额, 比例, 时长, 数量)
    before: dict[str, Marker]
    after: dict[str, Marker]
    inside: dict[str, Marker]

    @functools.cached_property
    def pattern(self):
        return P.quantity_pattern(self.kinds, self.before, self.after, self.inside)

    @property
    def words(self) -> tuple[str, ...]:
        """Every bound word, longest first."""
        return tuple(sorted({*self.before, *self.after, *self.inside}, key=len, reverse=True))

    @classmethod
    def from_yaml(cls, path: str | Path) -> Units:
        data = read_yaml(path, "the unit dictionary")
        if not isinstance(data, dict) or not isinstance(data.get("units"), dict):
            raise UserError(f"{path}: the unit dictionary needs a 'units' mapping (class -> list of units)")
        kinds = {str(u): str(k) for k, us in data["units"].items() for u in us or []}

        def markers(key: str) -> dict[str, Marker]:
            out = {}
            for word, spec in (data.get(key) or {}).items():
                bound = (spec or {}).get("bound")
                if bound not in BOUNDS:
                    raise UserError(f"{path}: '{key}.{word}' needs a bound, one of {', '.join(BOUNDS)}")
                out[str(word)] = Marker(bound, bool(spec.get("approx", False)))
            return out

        return cls(kinds, markers("before"), markers("after"), markers("inside"))


@functools.cache
def default_units() -> Units:
    return Units.from_yaml(DICTIONARIES / "units.yaml")


def to_number(s: str) -> float | None:
    s = s.strip()
    if s[:1].isdigit():
        try:
            return float(s.replace(",", ""))
        except ValueError:
            return None
    return cn_to_number(s)


def _int_if_whole(v: float | None):
    return int(v) if v is not None and float(v).is_integer() else v


def _naming(nfkc: str, m) -> bool:
    """A Chinese-numeral count that names an idea: inside a short quotation (“五个中心”) or
    followed by 一体 (五位一体)."""
    if m.group("num")[:1].isdigit():
        return False
    if P.RHETORICAL_AFTER.match(nfkc, m.end()):
        return True
    return any(q.start(1) <= m.start("num") and m.end() <= q.end(1) for q in P.SHORT_QUOTE.finditer(nfkc))


def _marker(m, units: Units, kind: str) -> tuple[str | None, bool, str | None]:
    """(bound, approx, the bound words as written) of a match."""
    found = [
        (w, table[w])
        for w, table in ((m.group("pre"), units.before), (m.group("post"), units.inside), (m.group("after"), units.after))
        if w
    ]
    if m.group("num2"):
        found = [(w, x) for w, x in found if x.approx]  # a range is its own bound: 2—3年
    # 近5年 / 近三个月: the last five years, not about five years
    found = [(w, x) for w, x in found if not (kind == DURATION and m.group("pre") == w == "近")]
    if not found:
        return None, False, None
    return found[0][1].bound, any(x.approx for _, x in found), "、".join(w for w, _ in found)


def find_quantities(sentences: list[Sentence], units: Units | None = None) -> pd.DataFrame:
    """Table of the quantities in the sentences, in order (columns: COLUMNS)."""
    units = units or default_units()
    rows = []
    for s in sentences:
        nfkc = unicodedata.normalize("NFKC", s.text)
        same_length = len(nfkc) == len(s.text)
        for m in units.pattern.finditer(nfkc):
            unit = (m.group("mag") or "") + m.group("unit")
            num = m.group("num")
            value = to_number(num)
            if value is None:
                continue
            if unit == "年" and len(num) == 4 and (num.isdigit() or "〇" in num or "零" in num):
                continue  # a calendar year (or a span of years), not a duration
            if _naming(nfkc, m):
                continue
            kind = units.kinds.get(m.group("unit"), "数量")
            bound, approx, markers = _marker(m, units, kind)
            start = m.start() if m.group("pre") and markers and m.group("pre") in markers.split("、") else m.start("num")
            end = m.end() if not m.group("after") or (markers and m.group("after") in markers.split("、")) else m.start("after")
            text = (s.text if same_length else nfkc)[start:end].strip()
            rows.append(
                (
                    s.paragraph,
                    text,
                    _int_if_whole(value),
                    _int_if_whole(to_number(m.group("num2"))) if m.group("num2") else None,
                    unit,
                    bound,
                    approx,
                    markers,
                    kind,
                    s.text,
                )
            )
        for m in P.TARGET_YEAR.finditer(nfkc):
            text = (s.text if same_length else nfkc)[m.start() : m.end()]
            rows.append((s.paragraph, text, int(m.group(1)), None, "年", None, False, None, "目标年份", s.text))
    return pd.DataFrame(rows, columns=COLUMNS)

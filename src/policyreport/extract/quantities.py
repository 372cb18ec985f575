"""Figures mentioned in a text: amounts and counts with units, target years, with their sentence.

Named `quantities` to keep "figure" for charts. Each figure keeps its exact wording, bound words
included (不超过4个, 1年以上, 约212亿元), and says what they mean: `bound` is "<=", "<", ">=", ">"
or "≈" (null for an exact figure), `approx` whether the text marks it as approximate, `markers`
the bound words as written. 以上/以下/以内/内 include the number (民法典 第一千二百五十九条).
A bound word may stand a short phrase away from its number (不超过工资薪金总额8%, 最长可办理5年)
and may be negated (不得低于 = 不低于). A range keeps both ends: `value` and `value_max`
(3至5年, 三到五年, 10%~20%). Numbers that name rather than count (“五个中心”, 五位一体), positions
(第十三条, 序号3) and dates in Chinese numerals (二○○四年, 二〇一九年十月) are left out; ordinals
(一是) and names without a unit (三甲, 十四五) never match a unit.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.ingest import patterns as P
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.numerals import cn_to_number
from policyreport.ingest.text import Sentence
from policyreport.paths import DICTIONARIES

BOUNDS = ("<=", "<", ">=", ">", "≈")
DURATION = "时长"

COLUMNS = ["paragraph", "text", "value", "value_max", "unit", "bound", "approx", "markers", "kind", "sentence"]


@dataclass(frozen=True)
class Marker:
    bound: str
    approx: bool
    span: bool = False  # may stand a short phrase away from its number
    kinds: tuple[str, ...] = ()  # unit classes it goes with (all when empty)


@dataclass(frozen=True)
class Units:
    """The unit classes and bound words of dictionaries/units.yaml, with the pattern built from them."""

    kinds: dict[str, str]  # unit -> class (金额, 比例, 时长, 数量)
    before: dict[str, Marker]
    after: dict[str, Marker]
    inside: dict[str, Marker]
    negations: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    not_bound: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    bound_only: tuple[str, ...] = ()  # units that make a figure only with a bound word (30日内)
    percent_words: tuple[str, ...] = ()  # 百分之 + number: a percentage
    not_counts: tuple[str, ...] = ()  # words whose numeral counts nothing (同一, 统一, 之一)
    frequencies: tuple[str, ...] = ()  # after a duration, make it a frequency (两年一次)

    @functools.cached_property
    def pattern(self):
        return P.quantity_pattern(self.kinds, self.before, self.after, self.inside, self.negations)

    @functools.cached_property
    def percent_pattern(self):
        if not self.percent_words:
            return None
        return P.percent_pattern(self.percent_words, self.before, self.after, self.negations)

    @functools.cached_property
    def label_pattern(self):
        return P.label_pattern(self.labels) if self.labels else None

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
                out[str(word)] = Marker(
                    bound, bool(spec.get("approx", False)), bool(spec.get("span", False)), tuple(spec.get("kinds") or ())
                )
            return out

        def words(key: str) -> tuple[str, ...]:
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
                raise UserError(f"{path}: '{key}' must be a list of words")
            return tuple(value)

        return cls(
            kinds,
            markers("before"),
            markers("after"),
            markers("inside"),
            words("negations"),
            words("labels"),
            words("not_bound"),
            words("names"),
            words("bound_only"),
            words("percent_words"),
            words("not_counts"),
            words("frequencies"),
        )


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
    if "点" in s:  # 百分之零点五
        whole, _, frac = s.partition("点")
        w = cn_to_number(whole) if whole not in ("", "零", "〇") else 0
        digits = [cn_to_number(c) if c not in "零〇" else 0 for c in frac]
        if w is None or not digits or any(d is None or d > 9 for d in digits):
            return None
        return float(f"{int(w)}." + "".join(str(int(d)) for d in digits))
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


MAGNITUDE = {"千": 1e3, "万": 1e4, "亿": 1e8}
# A negation turns a strict bound into the opposite non-strict one: 不得低于 = 不低于, 不得超过 = 不超过.
NEGATED = {"<": ">=", ">": "<="}


def _blank(m: re.Match) -> str:
    return "□" * len(m.group(0))


def masked(nfkc: str, units: Units) -> str:
    """The sentence with what only looks like a figure blanked, same length: positions (第十三条,
    序号3), dates in Chinese numerals (二○○四年), words that hide a bound word (签约), words
    that make the number a name (三期工程) and words whose numeral counts nothing (同一年内)."""
    out = P.CN_CALENDAR.sub(_blank, nfkc)
    if units.label_pattern is not None:
        out = units.label_pattern.sub(_blank, out)
    for word in (*units.not_bound, *units.names, *units.not_counts):
        out = out.replace(word, "□" * len(word))
    return out


def _marker(m, units: Units, kind: str) -> tuple[str | None, bool, list[str]]:
    """(bound, approx, the bound words as written) of a match."""
    found = []
    pre = m.group("pre")
    if pre and (not m.group("gap") or units.before[pre].span):
        x = units.before[pre]
        if m.group("neg"):
            x = Marker(NEGATED.get(x.bound, x.bound), x.approx)
        found.append(((m.group("neg") or "") + pre, x))
    for w, table in ((m.group("post"), units.inside), (m.group("after"), units.after)):
        if w and (not table[w].kinds or kind in table[w].kinds):
            found.append((w, table[w]))
    if m.group("num2"):
        found = [(w, x) for w, x in found if x.approx]  # a range is its own bound: 2—3年
    # 近5年 / 近三个月: the last five years, not about five years
    found = [(w, x) for w, x in found if not (kind == DURATION and pre == w == "近")]
    if not found:
        return None, False, []
    return found[0][1].bound, any(x.approx for _, x in found), [w for w, _ in found]


def _calendar_years(m) -> bool:
    """年 after a four-digit number: a calendar year or a span of years (2021-2025年), not a duration."""
    nums = [n for n in (m.group("num"), m.group("num2")) if n]
    return m.group("unit") == "年" and any(len(n) == 4 and (n.isdigit() or "〇" in n or "零" in n) for n in nums)


def find_quantities(sentences: list[Sentence], units: Units | None = None) -> pd.DataFrame:
    """Table of the quantities in the sentences, in order (columns: COLUMNS)."""
    return pd.DataFrame(quantity_rows(sentences, units), columns=COLUMNS)


def quantity_rows(sentences: list[Sentence], units: Units | None = None) -> list[tuple]:
    """The rows of `find_quantities`, sentence after sentence (each sentence's rows are its own)."""
    units = units or default_units()
    rows = []
    for s in sentences:
        nfkc = unicodedata.normalize("NFKC", s.text)
        original = s.text if len(nfkc) == len(s.text) else nfkc
        blanked = masked(nfkc, units)
        found: list[tuple[int, tuple]] = []  # (where it starts, row): figures in the order written
        for m in units.percent_pattern.finditer(blanked) if units.percent_pattern is not None else ():
            value, value_max = to_number(m.group("num")), to_number(m.group("num2")) if m.group("num2") else None
            if value is None:
                continue
            bound, approx, markers = _marker(m, units, "比例")
            if m.group("neg") and m.group("neg") + m.group("pre") in markers:
                start = m.start("neg")
            elif m.group("pre") and m.group("pre") in markers:
                start = m.start("pre")
            else:  # from 百分之 on
                start = max(blanked.rfind(w, 0, m.start("num")) for w in units.percent_words)
            end = m.end() if not m.group("after") or m.group("after") in markers else m.start("after")
            text = original[start:end].strip()
            found.append((start, _row(s, text, value, value_max, "%", "比例", bound, approx, "、".join(markers) or None)))
        for m in units.pattern.finditer(blanked):
            unit = (m.group("mag") or "") + m.group("unit")
            value, value_max = to_number(m.group("num")), to_number(m.group("num2")) if m.group("num2") else None
            if value is None or _calendar_years(m) or _naming(nfkc, m):
                continue
            kind = units.kinds.get(m.group("unit"), "数量")
            bound, approx, markers = _marker(m, units, kind)
            if m.group("num") == "一" and not m.group("num2") and bound is None:
                continue  # 一次, 一年一度, 近一年来: a single one counts only with its bound (一年内)
            if kind == DURATION and not m.group("after") and blanked.startswith(units.frequencies, m.end()):
                continue  # 两年一次 = 每两年: how often, not how long (每 never starts a figure)
            if m.group("unit") in units.bound_only and (bound is None or nfkc[: m.start("num")].endswith("月")):
                continue  # 10月30日, 于30日召开: a day of the month, not a figure
            unit1, mag = m.group("unit1"), m.group("mag")
            if unit1 in MAGNITUDE and mag in MAGNITUDE:  # 5千至1万元: the low end in the unit of the high one
                value, unit1 = value * MAGNITUDE[unit1] / MAGNITUDE[mag], None
            if unit1 and unit1 not in (unit, mag):  # 3年至5个月: two figures, not a range
                kind1 = units.kinds.get(unit1) or units.kinds.get(unit1[1:], "数量")
                first = original[m.start("num") : m.start("unit1") + len(unit1)]
                found.append((m.start("num"), _row(s, first, value, None, unit1, kind1)))
                value, value_max, start = value_max, None, m.start("num2")
            elif m.group("neg") and m.group("neg") + m.group("pre") in markers:
                start = m.start("neg")
            elif m.group("pre") and m.group("pre") in markers:
                start = m.start("pre")
            else:
                start = m.start("num")
            end = m.end() if not m.group("after") or m.group("after") in markers else m.start("after")
            text = original[start:end].strip()
            found.append((start, _row(s, text, value, value_max, unit, kind, bound, approx, "、".join(markers) or None)))
        rows += [row for _, row in sorted(found, key=lambda f: f[0])]
        for m in P.TARGET_YEAR.finditer(nfkc):
            rows.append(
                (s.paragraph, original[m.start() : m.end()], int(m.group(1)), None, "年", None, False, None, "目标年份", s.text)
            )
    return rows


def _row(s: Sentence, text, value, value_max, unit, kind, bound=None, approx=False, markers=None) -> tuple:
    return (s.paragraph, text, _int_if_whole(value), _int_if_whole(value_max), unit, bound, approx, markers, kind, s.text)

"""Clause-level rules a codebook can give besides its words: frames, negation and restriction.

They are data, in the codebook's `rules` section (see dictionaries/instruments.yaml):
- `frames`: regexes for discourse frames ("在软件投入方面") whose text is blanked before coding,
  because a frame names the topic of what follows, not a measure taken;
- `negation`: regexes for markers that cancel the keyword right after them ("不再审批", "不予补助");
  a marker counts when it ends at most NEGATION_GAP characters before the keyword, and covers the
  keywords coordinated with that one ("不再审批或备案");
- `restrictive`: regexes for markers of a clause that forbids or limits ("不得", "严禁"); in such a
  clause the types listed in `restrictive_drops` are not coded (a ban is not a supply measure) and the
  clause is coded as `restrictive_instrument` (type / sub-instrument) with the marker as its keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyreport.errors import UserError

NEGATION_GAP = 2
CONJUNCTION = re.compile(r"[或和及与、]|以及")
KEYS = {"frames", "negation", "restrictive", "restrictive_drops", "restrictive_instrument", "names", "vetoes"}


@dataclass(frozen=True)
class Rules:
    frames: tuple[re.Pattern, ...] = ()
    negation: re.Pattern | None = None
    restrictive: re.Pattern | None = None
    restrictive_drops: tuple[str, ...] = ()
    restrictive_instrument: tuple[str, str] | None = None
    names: tuple[re.Pattern, ...] = ()
    vetoes: tuple[tuple[str, re.Pattern], ...] = ()


def _alternation(patterns: list[str], where: str) -> re.Pattern | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error as exc:
        raise UserError(f"{where}: a pattern is not a valid regular expression ({exc})") from None


def _strings(data: dict, key: str, where: str) -> list[str]:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
        raise UserError(f"{where}: '{key}' must be a list of non-empty strings")
    return items


def parse_rules(data, source: str = "<codebook>") -> Rules:
    """Check and compile a `rules` section; UserError names `source` and the problem."""
    where = f"{source}: rules"
    if data is None:
        return Rules()
    if not isinstance(data, dict):
        raise UserError(f"{where} must be a mapping with keys {sorted(KEYS)}")
    unknown = set(data) - KEYS
    if unknown:
        raise UserError(f"{where} has unknown key(s) {sorted(unknown)} (allowed: {sorted(KEYS)})")
    frames = tuple(_alternation([p], where) for p in _strings(data, "frames", where))
    names = tuple(_alternation([p], where) for p in _strings(data, "names", where))
    vetoes = data.get("vetoes") or {}
    if not isinstance(vetoes, dict):
        raise UserError(f"{where}: 'vetoes' must map sub-instruments to lists of regexes")
    vetoed = tuple((str(k), _alternation(_strings(vetoes, k, where), where)) for k in vetoes)
    target = data.get("restrictive_instrument")
    if target is not None and (not isinstance(target, list) or len(target) != 2):
        raise UserError(f"{where}: 'restrictive_instrument' must be [type, sub-instrument]")
    return Rules(
        frames,
        _alternation(_strings(data, "negation", where), where),
        _alternation(_strings(data, "restrictive", where), where),
        tuple(_strings(data, "restrictive_drops", where)),
        (str(target[0]), str(target[1])) if target else None,
        names,
        vetoed,
    )


def unframed(norm: str, rules: Rules) -> str:
    """The clause with the text of every frame replaced by □ (positions stay the same)."""
    for rx in rules.frames:
        norm = rx.sub(lambda m: "□" * len(m.group(0)), norm)
    return norm


def unnamed(norm: str, rules: Rules) -> str:
    """The clause with names and factor lists that only look like instruments (…示范医院,
    整合金融、科技…等要素) replaced by □ (positions stay the same)."""
    for rx in rules.names:
        norm = rx.sub(lambda m: "□" * len(m.group(0)), norm)
    return norm


def vetoed(norm: str, instrument: str, rules: Rules) -> bool:
    """Whether the clause says something that rules the sub-instrument out ("参照…价格政策" is not a price subsidy)."""
    return any(name == instrument and rx.search(norm) for name, rx in rules.vetoes)


def negated(norm: str, start: int, rules: Rules) -> bool:
    """Whether a negation marker ends at most NEGATION_GAP characters before position `start`."""
    if rules.negation is None:
        return False
    window = norm[max(0, start - 8) : start]
    return any(len(window) - m.end() <= NEGATION_GAP for m in rules.negation.finditer(window))


def coordinated(norm: str, previous_end: int, start: int) -> bool:
    """Whether a keyword at `start` is joined by a conjunction to the one ending at `previous_end`
    ("不再审批或备案": the negation covers both)."""
    return previous_end >= 0 and bool(CONJUNCTION.fullmatch(norm[previous_end:start]))


def restriction(norm: str, rules: Rules) -> str | None:
    """The first marker that makes the clause a ban or a limit, or None."""
    m = rules.restrictive.search(norm) if rules.restrictive else None
    return m.group(0) if m else None

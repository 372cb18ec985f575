"""Places found by their form rather than the gazetteer (the gazetteer itself is extract.gazetteer)."""

from __future__ import annotations

import re

from policyreport.extract.entities.rules import EntityRules
from policyreport.extract.entities.tokens import (
    HAN_WORD,
    RARE,
    VERBISH,
    Token,
    is_proper,
    list_items,
    name_like,
    offsets,
)
from policyreport.extract.gazetteer import Gazetteer


def rule_places(text: str, tokens: list[Token], gazetteer: Gazetteer, rules: EntityRules, freq: dict) -> list[tuple[int, int]]:
    """Places found by their form rather than the gazetteer: proper words + a generic ending
    (控江路街道, 塔城路, 广州生物岛) and rare words in a 、-list before a place noun (殷行、五角场等街道)."""
    starts = offsets(tokens)
    found = []
    admin = re.compile(r".+(?:省|市|区|县|自治区|自治州)")
    for k, (w, _q) in enumerate(tokens):
        if w not in gazetteer.suffixes or k == 0:
            continue
        first = None
        for j in range(k - 1, max(k - 4, -1), -1):
            t, tq = tokens[j]
            if (
                not HAN_WORD.fullmatch(t)
                or tq[:1] in VERBISH
                or t in rules.not_in_names
                or t in gazetteer.suffixes
                or not name_like(t, tq)
            ):
                break
            if t in gazetteer.by_surface and admin.fullmatch(t):
                break  # 嘉定区塔城路 → 塔城路: the district is a place of its own
            if is_proper(t, tq, rules) or t in gazetteer.by_surface:
                first = j
        if first is not None and 2 <= starts[k] - starts[first] <= 8:
            found.append((starts[first], starts[k] + len(w)))
    for a, b, toks in list_items(text, tokens, starts, gazetteer.list_heads, rules, 4):
        item = text[a:b]
        if item in gazetteer.by_surface or (freq.get(item, 0) <= RARE and len(toks) <= 2):
            found.append((a, b))
    return found

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
    endings = gazetteer.suffix_set
    for k, (w, _q) in enumerate(tokens):
        if w not in endings or k == 0:
            continue
        first = None
        for j in range(k - 1, max(k - 4, -1), -1):
            t, tq = tokens[j]
            if not HAN_WORD.fullmatch(t) or tq[:1] in VERBISH or t in rules.not_in_names or t in endings or not name_like(t, tq):
                break
            if t in gazetteer.by_surface and ADMIN.fullmatch(t):
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


def brand_names(text: str, tokens: list[Token], gazetteer: Gazetteer, freq: dict) -> list[tuple[int, int]]:
    """Company short names made of a place and one rare word (贵州生诺, in "达索和贵州生诺"): the
    place is part of the name, not a place mention. The place is written without its level (贵州,
    not 贵州省), the word after it is no place, no generic place ending and not a dictionary word
    (jieba counts it at most RARE times), and only punctuation, a conjunction or a verb follows."""
    found = []
    for k in range(len(tokens) - 1):
        place, _ = tokens[k]
        if place not in gazetteer.by_surface:
            continue
        word, _ = tokens[k + 1]
        after = tokens[k + 2][0] if k + 2 < len(tokens) else ""
        if (
            place != gazetteer.by_surface[place].name
            and HAN_WORD.fullmatch(word)
            and len(word) >= 2
            and word not in gazetteer.by_surface
            and not word.endswith(gazetteer.suffixes)
            and not PLACE_END.search(word)
            and not _common_parts(word, freq)
            and (not HAN_WORD.fullmatch(after) or after in ENDS_ITEM or tokens[k + 2][1][:1] in VERBISH)
        ):
            start = offsets(tokens)[k]  # rare: computed for a brand found only
            found.append((start, start + len(place) + len(word)))
    return found


ADMIN = re.compile(r".+(?:省|市|区|县|自治区|自治州)")  # a place name with its administrative level
PLACE_END = re.compile(r"(?:省|市|区|县|州|港|湾)$")  # 前海蛇口自贸区, 上海洋山港: places, not brands
ENDS_ITEM = {"和", "与", "及", "等"}  # words that may follow a list item


def _common_parts(word: str, freq: dict) -> bool:
    """The word is or holds a dictionary word that is not rare (战略 in 战略部署): a phrase, not a brand."""
    return any(freq.get(word[i:j], 0) > RARE for i in range(len(word)) for j in range(i + 2, len(word) + 1))

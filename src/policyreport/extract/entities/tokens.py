"""Token-level helpers shared by the recognisers: offsets, part-of-speech classes, 、-lists."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from policyreport.extract.entities.rules import EntityRules
from policyreport.ingest.patterns import CJK

Token = tuple[str, str]  # (word, part-of-speech tag) as jieba.posseg gives it
NAME_POS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng", "n", "vn", "b", "m", "an", "l"}
PROPER_POS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng"}
VERBISH = {"v", "c", "p", "d", "u", "r", "f", "q"}  # tags that cannot be inside an organisation's name
DIRECTION = re.compile(r"[东南西北中]+部")  # 中西部, 东部: jieba sometimes tags them nt
NUMBERED = re.compile(r"[一二三四五六七八九十两]+[大个项类]?")  # 五大 (tagged j): not a proper name
RARE = 300  # a word jieba's dictionary counts more often than this is a common word, not a name
HAN_WORD = re.compile(f"[{CJK}]+")
# how a body's name may open: a level or a national prefix (省政府, 县政协提案委, 国家卫生健康委)
BODY_HEAD = re.compile(r"^(?:省|市|区|县|州|国家|国务院|中共|中央)")


def offsets(tokens: list[Token]) -> list[int]:
    """Start offset of each token in the text the tokens were cut from (the one way to compute them)."""
    return list(accumulate([len(w) for w, _ in tokens[:-1]], initial=0)) if tokens else []


def boundaries(tokens: list[Token]) -> tuple[set[int], set[int]]:
    """(token starts, token ends) as sets of offsets."""
    starts = offsets(tokens)
    return set(starts), {s + len(w) for s, (w, _) in zip(starts, tokens)}


TIME_END = re.compile(r"[年月日时期前后今来代初末底季天晚早段]$")  # 今年, 目前, 近年来: time words, not names


def name_like(word: str, pos: str) -> bool:
    """A word that may be part of a name; jieba tags some rare names t (南靖 in 福建南靖高新技术产业园区)."""
    return pos in NAME_POS or pos == "a" or (pos == "t" and len(word) >= 2 and not TIME_END.search(word))


def is_proper(word: str, pos: str, rules: EntityRules) -> bool:
    return (
        pos in PROPER_POS
        and not DIRECTION.fullmatch(word)
        and word not in rules.not_in_names
        and word not in rules.name_verbs
        and word not in rules.generic_modifiers  # 智慧, 云: jieba tags them nr, ns
        and not NUMBERED.fullmatch(word)
    )


def longest_prefix(text: str, words, shortest: int = 1) -> str:
    """The longest of `words` (a set of strings) that `text` starts with, of at least `shortest`
    characters; "" when there is none."""
    return next((text[:k] for k in range(len(text), max(shortest, 1) - 1, -1) if text[:k] in words), "")


@lru_cache(maxsize=8)
def _list_end(heads: tuple[str, ...]) -> re.Pattern:
    """等 + one of the class words that close a 、-list (等企业, 等街道)."""
    return re.compile(rf"等(?:{'|'.join(map(re.escape, heads))})")


def list_items(
    text: str, tokens: list[Token], starts: list[int], heads: tuple[str, ...], rules: EntityRules, max_len: int
) -> list[tuple[int, int, list[Token]]]:
    """(start, end, tokens) of the items of each 、-list right before 等 + one of `heads`
    (殷行、五角场等街道; 康方生物、联邦制药等企业). An item is 1–4 name-like tokens; the items
    between two 、 must be made of such tokens only; the first item is bounded on its left by the
    first word that is not name-like (在殷行 → 殷行)."""
    if not heads:
        return []
    start_set = set(starts)
    end_at = {o + len(w): k for k, (o, (w, _)) in enumerate(zip(starts, tokens))}
    found = []

    def ok(k: int) -> bool:
        w, q = tokens[k]
        return (
            w != "、"
            and q[:1] not in VERBISH
            and w not in rules.not_in_names
            and name_like(w, q)
            and HAN_WORD.fullmatch(w) is not None
        )

    for m in _list_end(heads).finditer(text):
        if m.start() not in start_set or m.end() not in end_at or m.start() not in end_at:
            continue
        pos = m.start()
        while len(found) < 1000:
            k_end = end_at[pos]
            k = k_end
            while k >= 0 and k_end - k < 4 and ok(k) and pos - starts[k] <= max_len:
                k -= 1
            k += 1  # first token of the item
            if k > k_end or pos - starts[k] < 2:
                break
            before = tokens[k - 1][0] if k > 0 else ""
            if before != "、" and k > 0 and ok(k - 1):
                break  # stopped by the length limits inside a run of name words: not a clean item
            found.append((starts[k], pos, tokens[k : k_end + 1]))
            if before != "、" or k - 1 == 0 or (starts[k - 1] not in end_at):
                break
            pos = starts[k - 1]
            if pos not in end_at:
                break
    return found

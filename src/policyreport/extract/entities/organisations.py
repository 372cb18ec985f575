"""Organisations: dictionary names (the user dictionary's nt words, the alias table), name-like runs
ending in an organisation suffix that are proper names (not 公立医院, 上市公司), government bodies
(prefix + suffix, or prefix + standard field words + kind), items of a 、-list before a class word
(…等企业), the source of a web re-post, and coordinated units alike to one found. Each mention
once: the outermost name (中山大学附属第一医院, not also 中山大学), overlapping readings joined,
two names written together split (西安交通大学|中国工程院, 县政府办|县政协提案委)."""

from __future__ import annotations

import re
from functools import lru_cache

from policyreport.extract.entities.rules import EntityRules
from policyreport.extract.entities.tokens import (
    BODY_HEAD,
    DIRECTION,
    HAN_WORD,
    PROPER_POS,
    RARE,
    VERBISH,
    Token,
    is_proper,
    list_items,
    longest_prefix,
    name_like,
    offsets,
)
from policyreport.ingest.patterns import CJK

MAX_NAME_TOKENS = 10
NAME_FREQ = 3000  # a stem jieba counts more often than this is a common word (上市 in 上市公司), not a name
CONNECTORS = {"与", "和", "及"}  # may join two name words inside a name (肿瘤系统调控与临床转化重点实验室)
COMPANY = ("有限公司", "有限责任公司")
LEVEL_END = re.compile(r"(?:省|市|区|县|镇|乡|新区|自治区|自治州|自治县)$")  # registered company names may contain any word


def _walk_back(tokens: list[Token], i: int, rules: EntityRules) -> int:
    """Index of the first token of the name that ends with token i: back over name-like words
    (and name verbs, connectors between two name words), then without leading verbs or connectors."""
    word = tokens[i][0]
    company = word.endswith(COMPANY)
    j = i
    while j > 0 and i - j + 1 < MAX_NAME_TOKENS:
        w, q = tokens[j - 1]
        if not w.strip() or len(w) > 16 or _role_and_name(tokens[j - 1 : j + 1], rules):
            break  # a role and a name (总理 李鹏) end a body's name: 国务院总理李鹏财政部 is not one body
        if w in rules.name_links and _links_names(tokens, j - 1, rules):
            j -= 1  # 吴孟超联合诺贝尔奖: two proper words joined inside one name
            continue
        if w in rules.not_in_names:
            break
        if w in CONNECTORS:
            # only inside a name whose proper part comes first (上海市肿瘤系统调控与临床转化重点实验室),
            # never between two names (瑞金医院和市中医医院)
            if j < 2 or any(is_proper(x, y, rules) for x, y in tokens[j : i + 1]):
                break
            lw, lq = tokens[j - 2]
            if (
                lw.endswith(rules.org_suffixes)
                or lw in rules.not_in_names
                or not name_like(lw, lq)
                or lq in ("nt", "m")
                or len(lw) < 2
            ):
                break
        elif q == "m" and not w.startswith("第"):
            break  # 12家, 11个: counts, not ordinals (第三医院)
        elif not (name_like(w, q) or (q[:1] == "v" and (company or w in rules.name_verbs))):
            break
        j -= 1
    while j < i and (tokens[j][1][:1] in {"v", "a", "d", "p", "c"} or tokens[j][0] in CONNECTORS):
        j += 1
    return j


def _links_names(tokens: list[Token], k: int, rules: EntityRules) -> bool:
    """Token k (联合) stands between two proper words that are not organisations themselves."""
    if k < 1 or k + 1 >= len(tokens):
        return False
    (lw, lq), (rw, rq) = tokens[k - 1], tokens[k + 1]
    return is_proper(lw, lq, rules) and is_proper(rw, rq, rules) and not lw.endswith(rules.org_suffixes) and lq != "nt"


NUMERAL_AFTER = re.compile(r"(?<=[局委厅部办])[一二三四五六七八九十两]+(?=[个家部门单位])")  # 市发改局五部门: jieba cuts 局五
DOC_CODE = re.compile(r"[函发字办复]?\s*[〔\[【(（]\d{4}[〕\]】)）]")  # 浙卫建[2021]58号: a 文号 code, not a name
LEVEL = {"省", "市", "区", "县", "镇"}
# what a rule may take in front of a body's name: an article number (第三条国家药品监督管理局), the
# day of a date (日十三届广东省人民政府), 经 (经国家药品监督管理局批准)
LEAD = re.compile(
    r"^(?:第[〇一二三四五六七八九十百零\d]+[条款章节项]|日(?:[一二三四五六七八九十]+届)?|经(?=国家|国务院|省|市|区|县|乡|镇|村))"
)


# a level or national prefix a government body's name may open with (区政府, 自治区政府, 开发区管委会)
TERRITORY_HEAD = re.compile(
    r"^(?:省|市|区|县|州|盟|旗|镇|乡|街道|自治区|自治州|自治县|开发区|高新区|新区|国家|国务院|中共|中央|全国|中国共产党)"
)


def _lead(name: str) -> int:
    """Length of what `LEAD` strips from the front of a name (0 when nothing)."""
    m = LEAD.match(name)
    return m.end() if m else 0  # 市中医医院, 区人民医院: the city's or district's own


def _common_ending(word: str, rules: EntityRules) -> bool:
    """The word or name ends with a common word that ends like a body (产业布局: 布局; 包头市数字政府: 数字政府)."""
    return word.endswith(rules.common_endings)


def _role_and_name(tokens: list[Token], rules: EntityRules) -> bool:
    """A role word followed by a person's name (总理 李鹏) among the tokens: officials, not one body."""
    return any(w in rules.person_roles and q2.startswith("nr") for (w, _), (_, q2) in zip(tokens, tokens[1:]))


def _field_gov_spans(
    text: str, tokens: list[Token], starts: list[int], ends: set[int], rules: EntityRules
) -> list[tuple[int, int]]:
    """Government bodies made of prefix + standard field words + kind (省人力社保厅, 区住房和建设局,
    国家发展改革委, 人力资源社会保障部): the longest one ending at each token end."""
    if rules.gov_core is None or not rules.gov_field_kinds:
        return []
    spans = []
    for e in sorted(ends):
        if not text.endswith(rules.gov_field_kinds, 0, e):
            continue
        for k, s in enumerate(starts):
            if s >= e - 1 or e - s > 30:
                continue
            n = rules.field_gov_prefix(text[s:e])
            if n is None:
                continue
            prefix_tokens = [(w, q) for off, (w, q) in zip(starts[k:], tokens[k:]) if off < s + n]
            if (prefix_tokens and prefix_tokens[0][1][:1] in ("m", "t")) or _role_and_name(prefix_tokens, rules):
                continue  # 下一步区交通运输委, 2023年市政府; 总理李鹏财政部
            if any(
                q[:1] in VERBISH
                or w in rules.not_in_names
                or (off + len(w) <= s + n and w.endswith(rules.org_suffixes + rules.gov_field_kinds))
                for off, (w, q) in zip(starts[k:], prefix_tokens)
            ):
                continue
            spans.append((s, e))
            break
    return spans


@lru_cache(maxsize=8)
def _suffix_patterns(suffixes: tuple[str, ...]) -> dict[str, tuple[tuple[int, str, re.Pattern], ...]]:
    """One compiled pattern per government-body suffix (a short run of Chinese ending in it), with
    the suffix and its place in the list, by the suffix's first character."""
    out: dict[str, list[tuple[int, str, re.Pattern]]] = {}
    for i, s in enumerate(suffixes):
        out.setdefault(s[:1], []).append((i, s, re.compile(rf"[{CJK}]{{1,10}}?{re.escape(s)}")))
    return {c: tuple(x) for c, x in out.items()}


@lru_cache(maxsize=8)
def _role_after_body(roles: tuple[str, ...]) -> re.Pattern:
    """The offset between a body's last character and the role written after it (省市场监管局|局长)."""
    return re.compile(rf"(?<=[局委厅部办署行])(?=(?:{'|'.join(map(re.escape, roles))}))")


@lru_cache(maxsize=8)
def _source_pattern(media_suffixes: tuple[str, ...]) -> re.Pattern:
    media = "|".join(map(re.escape, media_suffixes))
    return re.compile(rf"(?:来源|出处)[:：]\s*([{CJK}]{{1,12}}(?:{media}))(?![{CJK}])")


def organisations(
    text: str,
    tokens: list[Token],
    rules: EntityRules,
    freq: dict | None = None,
    places: set[str] | frozenset = frozenset(),
    known: frozenset[str] = frozenset(),
) -> list[tuple[int, int]]:
    """Spans of organisation names in the normalised sentence. `known`: the dictionary's
    organisations (user dictionary, alias table), the only words that are names without a suffix."""
    spans = []
    starts = offsets(tokens)
    counts = freq or {}  # jieba's word counts (none: every stem counts as rare)
    for i, (word, p) in enumerate(tokens):
        if not word.endswith(rules.org_suffixes):
            # jieba tags many common nouns nt (新兴产业, 上市公司, 住院医师, 人财物): without a suffix
            # only a dictionary entry is a name
            if word in known and len(word) >= 2 and not DIRECTION.match(word):
                spans.append((starts[i], starts[i] + len(word)))
            continue
        if _common_ending(word, rules):
            continue
        j = _walk_back(tokens, i, rules)
        parts = tokens[j : i + 1]
        name = "".join(w for w, _ in parts)
        nxt = tokens[i + 1][0][:1] if i + 1 < len(tokens) else ""
        if nxt and (word + nxt).endswith(rules.long_org_suffixes):
            word += nxt  # 产业园 + 区(要): jieba cut the suffix 园区 in two
        whole = p in PROPER_POS and len(word) > 2 and not rules.is_generic(word)
        whole = whole and (word in known or proper_stem(word, rules, counts, places))
        proper = (
            whole
            or any(_proper_part(w, q, rules, counts, places, known) for w, q in parts[:-1])
            or (len(parts) >= 2 and parts[0][0] in LEVEL and p == "nt")  # 市公共资源交易中心: the city's own
        )
        if (proper and len(name) >= 4) or (whole and p == "nt" and len(word) >= 3 and j == i):
            spans.append((starts[j], starts[i] + len(word)))
    start_pos = set(starts)
    ends = {off + len(w) for off, (w, _) in zip(starts, tokens)}
    ends |= {m.start() for m in NUMERAL_AFTER.finditer(text) if m.start() not in start_pos}
    ends |= {m.start() for m in _role_after_body(rules.person_roles).finditer(text)}  # 局|局长: jieba cuts 局局长
    by_first = _suffix_patterns(rules.gov_suffixes)
    for _, suffix, pattern in sorted(x for c in by_first.keys() & {"", *text} for x in by_first[c]):
        if suffix not in text:
            continue
        for m in pattern.finditer(text):
            if m.end() not in ends:
                continue
            for s in sorted(x for x in start_pos if m.start() <= x < m.end()):
                name = text[s : m.end()]
                inner = [(w, q) for off, (w, q) in zip(starts, tokens) if s <= off < m.end()]
                if inner and inner[0][1][:1] in ("m", "t"):
                    continue  # 2023年市政府, 今年省政府: a date before the body
                if (
                    _role_and_name(inner, rules)
                    or (inner and _common_ending(inner[-1][0], rules))
                    or any(q[:1] in VERBISH or w in rules.not_in_names for w, q in inner)
                ):
                    continue
                if len(name) >= 3 and rules.is_gov(name) and _territorial(name, inner, places):
                    spans.append((s, m.end()))
                    break
    spans.extend(_field_gov_spans(text, tokens, starts, ends, rules))
    if freq is not None:
        items = list_items(text, tokens, starts, rules.org_list_heads, rules, 12)
        for a, b, toks in [x for group in _lists(items) if text[group[-1][0] - 1 : group[-1][0]] != "、" for x in group]:
            # a list with an item that is no name (高端装备制造、智能家电等企业) lists kinds, not names
            item = text[a:b]
            if item in places or freq.get(item, 0) > RARE:
                continue
            if (
                any(q == "nt" for _, q in toks)
                or item.endswith(rules.org_suffixes)
                or any(is_proper(w, q, rules) and w not in places for w, q in toks)
            ):
                spans.append((a, b))
    if rules.media_suffixes:
        for m in _source_pattern(rules.media_suffixes).finditer(text):
            inner = [q for off, (_, q) in zip(starts, tokens) if m.start(1) <= off < m.end(1)]
            if m.start(1) in start_pos and not any(q[:1] in VERBISH for q in inner):  # 来源：医院填报 is no paper
                spans.append((m.start(1), m.end(1)))
    spans = [(a + _lead(text[a:b]), b) for a, b in spans]
    spans = [(_place_start(text, a, places), b) for a, b in spans]
    spans = sorted({(a, b) for a, b in spans if b - a >= 2 and not DOC_CODE.match(text, b)}, key=lambda x: (x[0], -(x[1] - x[0])))
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if kept and s < kept[-1][1]:
            # overlapping readings of one name: the whole of both (石林县彝族自治县人大常委会 and
            # 彝族自治县人大常委会办公室 → 石林县彝族自治县人大常委会办公室)
            kept[-1] = (min(s, kept[-1][0]), max(e, kept[-1][1]))
            continue
        kept.append((s, e))
    tokens_nt = {(off, off + len(w)) for off, (w, q) in zip(starts, tokens) if q == "nt"}
    kept = [part for a, b in kept for part in _split_joined(text, a, b, rules, tokens_nt)]
    kept = [part for a, b in kept for part in _split_bodies(text, a, b, rules)]
    # each mention once: a name inside a longer one (中山大学 in 中山大学附属第一医院) is not another
    found = sorted(set(kept + _coordinated(text, tokens, starts, kept, rules)))
    found = _outermost(found)
    return [
        (a, b)
        for a, b in found
        if _has_parent(text[a:b], rules, places)
        and not generic_name(text[a:b], rules, places)
        and not _common_ending(text[a:b], rules)
        and not _system(text, a, b, tokens, starts, places, rules)
    ]


BRAND_POS = {"nr", "nrt", "nrfg", "nz"}  # how jieba tags a brand or trade name (康晟, 冠科)


def _system(text: str, a: int, b: int, tokens: list[Token], starts: list[int], places, rules: EntityRules) -> bool:
    """A platform (平台: `system_suffixes`) is a body only when a brand names it (康晟生物药CDMO平台); one
    named by its place or its function is a system (安徽省公共资源交易平台, 医保信息平台, 中试平台)."""
    if not text[a:b].endswith(rules.system_suffixes):
        return False
    first = next(((w, q) for off, (w, q) in zip(starts, tokens) if a <= off < b), None)
    if first is None or text[a : a + len(first[0])] != first[0]:
        return True  # the name opens inside a word: no brand of its own
    word, pos = first
    return pos not in BRAND_POS or word in places or longest_prefix(word, places, 2) != ""


def _place_start(text: str, a: int, places) -> int:
    """A name never starts inside a place's name: jieba cut 以南|山区医疗集团, the name is 南山区医疗集团."""
    for k in range(1, min(a, 3) + 1):
        if any(text[a - k : a - k + n] in places for n in range(k + 2, k + 6)) and text[a - k : a] not in places:
            return a - k
    return a


def _lists(items: list[tuple[int, int, list[Token]]]) -> list[list[tuple[int, int, list[Token]]]]:
    """The items of list_items grouped by list (each list's items come last to first, one 、 apart)."""
    groups: list[list[tuple[int, int, list[Token]]]] = []
    for item in items:
        if groups and item[1] == groups[-1][-1][0] - 1:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _territorial(name: str, inner: list[Token], places) -> bool:
    """A government body is named from its territory: the name opens with a level or national prefix
    (区政府, 国家…), a place (石林县…, 上海…) — not with the words of a sentence that runs into it
    (运力情况报区政府: 区政府)."""
    name = name[_lead(name) :]  # 经市人民政府(同意)
    if TERRITORY_HEAD.match(name) or not places:
        return True
    first = inner[0] if inner else ("", "")
    return first[1] in PROPER_POS or first[0] in places or longest_prefix(name, places, 2) != ""


def _proper_part(word: str, pos: str, rules: EntityRules, freq: dict, places, known: frozenset[str]) -> bool:
    """A proper word inside a name; a word jieba tags nt only when it is a name itself (a dictionary
    entry, 瑞金医院), not a class (新兴产业 in 战略性新兴产业投资平台, 人民政府 in 本级人民政府办公室)."""
    if not is_proper(word, pos, rules):
        return False
    return pos != "nt" or word in known or (word.endswith(rules.org_suffixes) and proper_stem(word, rules, freq, places))


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another one."""
    return [(a, b) for a, b in spans if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in spans)]


def proper_stem(word: str, rules: EntityRules, freq: dict, places) -> bool:
    """The part of a one-word name before its suffix is a proper word (瑞金 in 瑞金医院), not a
    common one (上市 in 上市公司): a place, or a word jieba's dictionary counts at most NAME_FREQ times."""
    suffix = next((x for x in rules.org_suffixes if word.endswith(x)), "")
    stem = word[: len(word) - len(suffix)]
    if not stem:
        return not rules.is_generic(word)  # 财政部, 工信部: a suffix that is a body's whole name
    if generic_name(word, rules, places):
        return False
    if len(stem) == 1:
        return True  # 药学院, 法学院: a discipline's school
    return stem in places or longest_prefix(stem, places, 2) != "" or freq.get(stem, 0) <= NAME_FREQ


def generic_name(name: str, rules: EntityRules, places=frozenset()) -> bool:
    """A suffix after class words only (公立医院, 各级医院, 定点医院, 上市公司): a kind of body, not a
    name. With a place or level before them it is that place's own body (市公交公司, 上海保险交易所),
    unless the words say a class of bodies (市公立医院, 韩国行业协会: `class_modifiers`)."""
    suffix = next((x for x in rules.org_suffixes if name.endswith(x)), None)
    if suffix is None:
        return False
    rest = name[: len(name) - len(suffix)]
    if not rest:
        return False
    level = re.match(r"(?:全|本)?[省市区县]", rest)
    place = longest_prefix(rest, places)
    head = place if len(place) > (level.end() if level else 0) else level.group(0) if level else ""
    if head and rest[len(head) :].startswith(rules.class_modifiers):
        rest = rest[len(head) :]  # 市公立医院: the city's public hospitals, a kind (but 市公交公司 is one body)
    while rest:
        word = next((m for m in rules.generic_modifiers if rest.startswith(m)), None)
        if word is None:
            return False
        rest = rest[len(word) :]
    return True


def _split_bodies(text: str, a: int, b: int, rules: EntityRules) -> list[tuple[int, int]]:
    """Two government bodies written one after the other are two (县政府办县政协提案委, 市委市政府,
    水利部 财政部): the head is a body and the tail a body that opens with a level or a national
    prefix or is a ministry by itself."""
    name = text[a:b]
    for k in range(2, len(name) - 2):
        tail = name[k:]
        if rules.is_gov(name[:k]) and rules.is_gov(tail) and (BODY_HEAD.match(tail) or rules.field_gov_prefix(tail) == 0):
            return [(a, a + k), *_split_bodies(text, a + k, b, rules)]
    return [(a, b)]


def _split_joined(text: str, a: int, b: int, rules: EntityRules, known: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """A span that is two names written one after the other is two organisations: the head ends
    with an institution suffix and the tail is a known name (one token of the dictionary's names)
    of a body that is nobody's unit (中国工程院 in 西安交通大学中国工程院). A unit after its parent
    stays one name (中山大学附属第一医院, 中国检验检疫科学研究院粤港澳大湾区研究院)."""
    name = text[a:b]
    for k in range(3, len(name) - 2):
        head, tail = name[:k], name[k:]
        if (
            head.endswith(rules.institution_suffixes)
            and not rules.is_generic(head)
            and (a + k, b) in known
            and tail.startswith(rules.independent_prefixes)
        ):
            return [(a, a + k), (a + k, b)]
    return [(a, b)]


def _has_parent(name: str, rules: EntityRules, places) -> bool:
    """A branch (…分会, …分局, a party's 市委会) is an organisation only with the parent named before
    it: 中华医学会上海分会, 农工党中山市委会, but not 上海分会 or 中山市委会 alone (nor the 中山市委会
    that jieba cuts out of 中山市委会议)."""
    branch = next((x for x in rules.branch_suffixes if name.endswith(x)), None)
    if branch is None:
        return True
    head = name[: -len(branch)]
    while True:
        shorter = LEVEL_END.sub("", head)
        shorter = next((shorter[: -len(p)] for p in places if shorter.endswith(p)), shorter)
        if shorter == head:
            break
        head = shorter
    return len(head) >= 2


SEPARATORS = {"、", "和", "及", "与", "以及"}


def _coordinated(
    text: str, tokens: list[Token], starts: list[int], found: list[tuple[int, int]], rules: EntityRules
) -> list[tuple[int, int]]:
    """Items of a 、/和 list that end with the same institution suffix as an organisation found in
    that list (医药商学院、食品科学学院、医药化工学院和医药信息工程学院): coordinated units are alike."""
    if not found:
        return []  # no list holds an organisation found
    lists, items, item = [], [], []  # a list is its items; an item is its token indices
    for k, (w, q) in enumerate(tokens):
        if w in SEPARATORS:
            items.append(item)
            item = []
        elif q[:1] in VERBISH or w in rules.not_in_names or not HAN_WORD.fullmatch(w):
            lists.append(items + [item])  # any other word ends the list
            items, item = [], []
        else:
            item.append(k)
    lists.append(items + [item])
    end_of, out = dict(found), []
    for items in lists:
        spans = [(starts[it[0]], starts[it[-1]] + len(tokens[it[-1]][0])) for it in items if it]
        suffixes = {
            next((x for x in rules.institution_suffixes if text[a:b].endswith(x)), None) for a, b in spans if end_of.get(a) == b
        } - {None}
        if len(spans) > 1 and suffixes:
            out += [
                (a, b) for a, b in spans if text[a:b].endswith(tuple(suffixes)) and b - a >= 4 and not rules.is_generic(text[a:b])
            ]
    return out

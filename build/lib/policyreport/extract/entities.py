"""Named organisations, people and places, by rules over jieba's tokens and gazetteers kept as data.

jieba's part-of-speech tags alone miss most names (it cuts 中山市人民医院 into place + noun +
suffix, and tags rare names wrongly), so:
- organisations: user-dictionary organisations (tag nt), runs of name-like tokens ending in an
  organisation suffix (never starting with a verb, never crossing a word of `not_in_names`),
  government bodies matched by prefix patterns + suffixes or by prefix + standard field words +
  kind (省人力社保厅, 国家发展改革委, 人力资源社会保障部), names in a 、-list before a class word
  (…等企业), and the source line of a web re-post — every candidate must start and end on a
  token boundary;
- people: a surname from the list + one or two characters right before a role word
  (教授, 代表 …) or in a 、-list before it, or right after one (签发人：…), and contact persons;
  the role is kept;
- places: every name or alias of the gazetteer, except inside an organisation's name (中山 in
  中山大学, 浙江省 in 浙江省卫生健康委员会: mentions are flat, as in the usual Chinese NER
  annotation; a body's place is its region in the metadata); proper words + a generic place ending (控江路街道, 塔城路);
  rare words in a 、-list before a place noun (殷行、五角场等街道).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.segment import tag, tokenizer
from policyreport.ingest.text import Sentence

NAME_POS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng", "n", "vn", "b", "m", "an", "l"}
PROPER_POS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng"}
COLUMNS = ["type", "text", "canonical", "role", "paragraph", "sentence"]
MAX_NAME_TOKENS = 10
TEAM = "团队"
VERBISH = {"v", "c", "p", "d", "u", "r", "f", "q"}  # tags that cannot be inside an organisation's name
CONNECTORS = {"与", "和", "及"}  # may join two name words inside a name (肿瘤系统调控与临床转化重点实验室)
DIRECTION = re.compile(r"[东南西北中]+部")  # 中西部, 东部: jieba sometimes tags them nt
COMPANY = ("有限公司", "有限责任公司")  # registered company names may contain any word
RARE = 300  # a word jieba's dictionary counts more often than this is a common word, not a name
MAX_LIST_ITEMS = 12


@dataclass(frozen=True)
class EntityRules:
    org_suffixes: tuple[str, ...]
    gov_suffixes: tuple[str, ...]
    gov_prefixes: tuple[re.Pattern, ...]
    person_roles: tuple[str, ...]
    surnames: tuple[str, ...]
    gov_core: re.Pattern | None = None
    gov_field_prefix: re.Pattern | None = None
    gov_bare_kinds: tuple[str, ...] = ()
    gov_field_kinds: tuple[str, ...] = ()
    not_in_names: frozenset[str] = frozenset()
    name_verbs: frozenset[str] = frozenset()
    org_list_heads: tuple[str, ...] = ()
    media_suffixes: tuple[str, ...] = ()
    institution_suffixes: tuple[str, ...] = ()

    @classmethod
    def from_yaml(cls, path: str | Path) -> EntityRules:
        data = read_yaml(path, "the organisation rules")
        if not isinstance(data, dict) or not isinstance(data.get("org_suffixes"), list):
            raise UserError(f"{path}: needs an 'org_suffixes' list")

        def by_length(xs):
            return tuple(sorted({str(x) for x in xs or []}, key=lambda s: (-len(s), s)))

        try:
            prefixes = tuple(re.compile(p) for p in data.get("gov_prefix_patterns", []) or [])
        except re.error as exc:
            raise UserError(f"{path}: bad regular expression in gov_prefix_patterns ({exc})") from None
        fields, kinds = by_length(data.get("gov_fields")), by_length(data.get("gov_field_kinds"))
        core = None
        if fields and kinds:
            f, k = "|".join(map(re.escape, fields)), "|".join(map(re.escape, kinds))
            core = re.compile(f"(?:{f})(?:和?(?:{f}))*(?:{k})")
        try:
            field_prefix = re.compile(data["gov_field_prefix"]) if data.get("gov_field_prefix") else None
        except re.error as exc:
            raise UserError(f"{path}: bad regular expression in gov_field_prefix ({exc})") from None
        return cls(
            by_length(data["org_suffixes"]),
            by_length(data.get("gov_suffixes")),
            prefixes,
            by_length(data.get("person_roles")),
            by_length(data.get("surnames")),
            core,
            field_prefix,
            by_length(data.get("gov_bare_kinds")),
            kinds,
            frozenset(by_length(data.get("not_in_names"))),
            frozenset(by_length(data.get("name_verbs"))),
            by_length(data.get("org_list_heads")),
            by_length(data.get("media_suffixes")),
            by_length(data.get("institution_suffixes")),
        )

    def field_gov_prefix(self, name: str) -> int | None:
        """Length of the prefix (国家, 省, 深圳市坪山区 …) before the standard field words + kind
        that make up the whole of `name`, or None when `name` is not such a body."""
        if self.gov_core is None:
            return None
        for i in range(len(name) - 1):
            if not self.gov_core.fullmatch(name, i):
                continue
            if i == 0:
                return 0 if name.endswith(self.gov_bare_kinds) else None
            if self.gov_field_prefix is not None and self.gov_field_prefix.fullmatch(name[:i]):
                return i
        return None

    def is_gov(self, name: str) -> bool:
        return (name.endswith(self.gov_suffixes) and any(p.match(name) for p in self.gov_prefixes)) or self.field_gov_prefix(
            name
        ) is not None

    def is_generic(self, word: str) -> bool:
        """A bare suffix or a body without its prefix (卫生院, 财政厅, 卫生健康委员会): not a name by itself."""
        if word.endswith(self.gov_bare_kinds):
            return False
        return word in self.org_suffixes or (self.gov_core is not None and self.gov_core.fullmatch(word) is not None)


def _boundaries(tokens: list[tuple[str, str]]) -> tuple[set[int], set[int]]:
    starts, ends, pos = set(), set(), 0
    for w, _ in tokens:
        starts.add(pos)
        pos += len(w)
        ends.add(pos)
    return starts, ends


def _name_like(word: str, pos: str) -> bool:
    return pos in NAME_POS or pos == "a"


def _walk_back(tokens: list[tuple[str, str]], i: int, rules: EntityRules) -> int:
    """Index of the first token of the name that ends with token i: back over name-like words
    (and name verbs, connectors between two name words), then without leading verbs or connectors."""
    word = tokens[i][0]
    company = word.endswith(COMPANY)
    j = i
    while j > 0 and i - j + 1 < MAX_NAME_TOKENS:
        w, q = tokens[j - 1]
        if not w.strip() or len(w) > 16 or w in rules.not_in_names:
            break
        if w in CONNECTORS:
            # only inside a name whose proper part comes first (上海市肿瘤系统调控与临床转化重点实验室),
            # never between two names (瑞金医院和市中医医院)
            if j < 2 or any(_is_proper(x, y, rules) for x, y in tokens[j : i + 1]):
                break
            lw, lq = tokens[j - 2]
            if (
                lw.endswith(rules.org_suffixes)
                or lw in rules.not_in_names
                or not _name_like(lw, lq)
                or lq in ("nt", "m")
                or len(lw) < 2
            ):
                break
        elif q == "m" and not w.startswith("第"):
            break  # 12家, 11个: counts, not ordinals (第三医院)
        elif not (_name_like(w, q) or (q[:1] == "v" and (company or w in rules.name_verbs))):
            break
        j -= 1
    while j < i and (tokens[j][1][:1] in {"v", "a", "d", "p", "c"} or tokens[j][0] in CONNECTORS):
        j += 1
    return j


NUMERAL_AFTER = re.compile(r"(?<=[局委厅部办])[一二三四五六七八九十两]+(?=[个家部门单位])")  # 市发改局五部门: jieba cuts 局五
NUMBERED = re.compile(r"[一二三四五六七八九十两]+[大个项类]?")  # 五大 (tagged j): not a proper name
DOC_CODE = re.compile(r"[函发字办复]?\s*[〔\[【(（]\d{4}[〕\]】)）]")  # 浙卫建[2021]58号: a 文号 code, not a name
LEVEL = {"省", "市", "区", "县", "镇"}  # 市中医医院, 区人民医院: the city's or district's own


def _is_proper(word: str, pos: str, rules: EntityRules) -> bool:
    return (
        pos in PROPER_POS
        and not DIRECTION.fullmatch(word)
        and word not in rules.not_in_names
        and word not in rules.name_verbs
        and not NUMBERED.fullmatch(word)
    )


def _field_gov_spans(
    text: str, tokens: list[tuple[str, str]], offsets: list[int], ends: set[int], rules: EntityRules
) -> list[tuple[int, int]]:
    """Government bodies made of prefix + standard field words + kind (省人力社保厅, 区住房和建设局,
    国家发展改革委, 人力资源社会保障部): the longest one ending at each token end."""
    if rules.gov_core is None or not rules.gov_field_kinds:
        return []
    spans = []
    for e in sorted(ends):
        if not text[:e].endswith(rules.gov_field_kinds):
            continue
        for k, s in enumerate(offsets):
            if s >= e - 1 or e - s > 30:
                continue
            n = rules.field_gov_prefix(text[s:e])
            if n is None:
                continue
            prefix_tokens = [(w, q) for off, (w, q) in zip(offsets[k:], tokens[k:]) if off < s + n]
            if any(
                q[:1] in VERBISH
                or w in rules.not_in_names
                or (off + len(w) <= s + n and w.endswith(rules.org_suffixes + rules.gov_field_kinds))
                for off, (w, q) in zip(offsets[k:], prefix_tokens)
            ):
                continue
            spans.append((s, e))
            break
    return spans


def _list_items(
    text: str, tokens: list[tuple[str, str]], offsets: list[int], heads: tuple[str, ...], rules: EntityRules, max_len: int
) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """(start, end, tokens) of the items of each 、-list right before 等 + one of `heads`
    (殷行、五角场等街道; 康方生物、联邦制药等企业). An item is 1–4 name-like tokens; the items
    between two 、 must be made of such tokens only; the first item is bounded on its left by the
    first word that is not name-like (在殷行 → 殷行)."""
    if not heads:
        return []
    starts = set(offsets)
    end_at = {o + len(w): k for k, (o, (w, _)) in enumerate(zip(offsets, tokens))}
    found = []
    head_rx = "|".join(map(re.escape, heads))

    def ok(k: int) -> bool:
        w, q = tokens[k]
        return (
            w != "、"
            and q[:1] not in VERBISH
            and w not in rules.not_in_names
            and _name_like(w, q)
            and re.fullmatch(r"[\u4e00-\u9fff]+", w) is not None
        )

    for m in re.finditer(rf"等(?:{head_rx})", text):
        if m.start() not in starts or m.end() not in end_at or m.start() not in end_at:
            continue
        pos = m.start()
        while len(found) < 1000:
            k_end = end_at[pos]
            k = k_end
            while k >= 0 and k_end - k < 4 and ok(k) and pos - offsets[k] <= max_len:
                k -= 1
            k += 1  # first token of the item
            if k > k_end or pos - offsets[k] < 2:
                break
            before = tokens[k - 1][0] if k > 0 else ""
            if before != "、" and k > 0 and ok(k - 1):
                break  # stopped by the length limits inside a run of name words: not a clean item
            found.append((offsets[k], pos, tokens[k : k_end + 1]))
            if before != "、" or k - 1 == 0 or (offsets[k - 1] not in end_at):
                break
            pos = offsets[k - 1]
            if pos not in end_at:
                break
    return found


def _word_freq(user_dict: str) -> dict:
    return tokenizer(user_dict).tokenizer.FREQ


def _organisations(
    text: str,
    tokens: list[tuple[str, str]],
    rules: EntityRules,
    freq: dict | None = None,
    places: set[str] | frozenset = frozenset(),
) -> list[tuple[int, int]]:
    """Spans of organisation names in the normalised sentence."""
    spans = []
    offsets, pos = [], 0
    for w, _ in tokens:
        offsets.append(pos)
        pos += len(w)
    for i, (word, p) in enumerate(tokens):
        if not word.endswith(rules.org_suffixes):
            if (
                p == "nt"
                and len(word) >= 3
                and word not in rules.not_in_names
                and not DIRECTION.match(word)
                and not rules.is_generic(word)
            ):
                spans.append((offsets[i], offsets[i] + len(word)))
            continue
        j = _walk_back(tokens, i, rules)
        parts = tokens[j : i + 1]
        name = "".join(w for w, _ in parts)
        proper = (
            (p in PROPER_POS and len(word) > 2 and not rules.is_generic(word))
            or any(_is_proper(w, q, rules) for w, q in parts[:-1])
            or (len(parts) == 2 and parts[0][0] in LEVEL and p == "nt")
        )
        if (proper and len(name) >= 4) or (p == "nt" and len(word) >= 3 and j == i and not rules.is_generic(word)):
            spans.append((offsets[j], offsets[i] + len(word)))
    start_pos = set(offsets)
    ends = {off + len(w) for off, (w, _) in zip(offsets, tokens)}
    ends |= {m.start() for m in NUMERAL_AFTER.finditer(text) if m.start() not in start_pos}
    for suffix in rules.gov_suffixes:
        for m in re.finditer(rf"[\u4e00-\u9fff]{{1,10}}?{re.escape(suffix)}", text):
            if m.end() not in ends:
                continue
            for s in sorted(x for x in start_pos if m.start() <= x < m.end()):
                name = text[s : m.end()]
                inner = [(w, q) for off, (w, q) in zip(offsets, tokens) if s <= off < m.end()]
                if any(q[:1] in VERBISH or w in rules.not_in_names for w, q in inner):
                    continue
                if len(name) >= 3 and rules.is_gov(name):
                    spans.append((s, m.end()))
                    break
    spans.extend(_field_gov_spans(text, tokens, offsets, ends, rules))
    if freq is not None:
        for a, b, toks in _list_items(text, tokens, offsets, rules.org_list_heads, rules, 12):
            item = text[a:b]
            if item in places or freq.get(item, 0) > RARE:
                continue
            if (
                any(q == "nt" for _, q in toks)
                or item.endswith(rules.org_suffixes)
                or any(_is_proper(w, q, rules) and w not in places for w, q in toks)
            ):
                spans.append((a, b))
    if rules.media_suffixes:
        media = "|".join(map(re.escape, rules.media_suffixes))
        for m in re.finditer(rf"(?:来源|出处)[:：]\s*([\u4e00-\u9fff]{{1,12}}(?:{media}))(?![\u4e00-\u9fff])", text):
            spans.append((m.start(1), m.end(1)))
    spans = sorted({(a, b) for a, b in spans if not DOC_CODE.match(text, b)}, key=lambda x: (x[0], -(x[1] - x[0])))
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if kept and s < kept[-1][1]:
            if e - s > kept[-1][1] - kept[-1][0] and s <= kept[-1][0]:
                kept[-1] = (s, e)
            continue
        kept.append((s, e))
    # an organisation named at the head of a longer name is one too (瑞金医院 in 瑞金医院国家医学中心);
    # the tail is not (卫生健康委员会 in 上海市卫生健康委员会)
    nested = [
        (off, off + len(w))
        for off, (w, q) in zip(offsets, tokens)
        if q == "nt"
        and len(w) >= 3
        and (off, off + len(w)) not in kept
        and not rules.is_generic(w)
        and not DIRECTION.match(w)
        and w not in rules.not_in_names
        and not DOC_CODE.match(text, off + len(w))
        and (
            not any(a < off and off + len(w) == b for a, b in kept)
            or w.startswith(("中国", "中华", "全国", "国家"))
            or any(w.startswith(x) for x in places)
        )
    ]
    found = sorted(set(kept + nested + _parents(text, kept, rules)))
    return sorted(set(found + _coordinated(text, tokens, offsets, found, rules)))


def _parents(text: str, spans: list[tuple[int, int]], rules: EntityRules) -> list[tuple[int, int]]:
    """The parent organisation at the head of a name made of parent + unit (电子科技大学 in
    电子科技大学中山学院, 中山大学 in 中山大学附属第一医院): the shortest head that ends with an
    institution suffix (大学, 研究院, 医院 …), leaving a unit of at least three characters that
    ends with an organisation suffix."""
    found = []
    for a, b in spans:
        name = text[a:b]
        for k in range(4, len(name) - 2):
            head, unit = name[:k], name[k:]
            if (
                head.endswith(rules.institution_suffixes)
                and unit.endswith(rules.org_suffixes)
                and not rules.is_generic(head)
                and not rules.is_generic(unit)
                and not unit.startswith(("员会", "会"))
            ):
                if not any(head[:n].endswith(rules.org_suffixes) for n in range(4, k)):
                    found.append((a, a + k))  # not when the head is itself made of two names
                break
    return found


SEPARATORS = {"、", "和", "及", "与", "以及"}


def _coordinated(
    text: str, tokens: list[tuple[str, str]], offsets: list[int], found: list[tuple[int, int]], rules: EntityRules
) -> list[tuple[int, int]]:
    """Items of a 、/和 list that end with the same institution suffix as an organisation found in
    that list (医药商学院、食品科学学院、医药化工学院和医药信息工程学院): coordinated units are alike."""
    lists, items, item = [], [], []  # a list is its items; an item is its token indices
    for k, (w, q) in enumerate(tokens):
        if w in SEPARATORS:
            items.append(item)
            item = []
        elif q[:1] in VERBISH or w in rules.not_in_names or not re.fullmatch(r"[\u4e00-\u9fff]+", w):
            lists.append(items + [item])  # any other word ends the list
            items, item = [], []
        else:
            item.append(k)
    lists.append(items + [item])
    starts, out = dict(found), []
    for items in lists:
        spans = [(offsets[it[0]], offsets[it[-1]] + len(tokens[it[-1]][0])) for it in items if it]
        suffixes = {
            next((x for x in rules.institution_suffixes if text[a:b].endswith(x)), None) for a, b in spans if starts.get(a) == b
        } - {None}
        if len(spans) > 1 and suffixes:
            out += [
                (a, b) for a, b in spans if text[a:b].endswith(tuple(suffixes)) and b - a >= 4 and not rules.is_generic(text[a:b])
            ]
    return out


def _role_after(text: str, end: int, roles: tuple[str, ...]) -> str | None:
    window = re.split(r"[。;,，)）]", text[end : end + 20], maxsplit=1)[0]
    for r in roles:
        if window.startswith(r) or window.startswith("等" + r):
            return r
    if window.startswith("为") or window.startswith("是"):
        hits = [(window.rfind(r), r) for r in roles if window.endswith(r)]
        if hits:
            return max(hits)[1]
    return None


def _people(
    text: str, tokens: list[tuple[str, str]], rules: EntityRules, not_names: set[str] | frozenset = frozenset()
) -> list[tuple[str, str | None]]:
    """Surname-anchored names right before a role word (or a 、-list of names before one)."""
    found: dict[str, str | None] = {}
    starts, _ = _boundaries(tokens)
    surname = "|".join(map(re.escape, rules.surnames))
    name_rx = re.compile(rf"(?:{surname})[\u4e00-\u9fff]{{1,2}}")
    for m in re.finditer(
        rf"((?:(?:{surname})[\u4e00-\u9fff]{{1,2}}、)*(?:{surname})[\u4e00-\u9fff]{{1,2}})(?=等?(?:{'|'.join(map(re.escape, rules.person_roles))}|{TEAM}|为|是))",
        text,
    ):
        if m.start() not in starts:
            continue
        role = _role_after(text, m.end(), rules.person_roles)
        if role is None and not text.startswith(TEAM, m.end()):
            continue
        for name in m.group(1).split("、"):
            if name_rx.fullmatch(name) and not name.endswith(rules.org_suffixes):
                found.setdefault(name, role)
    roles = "|".join(map(re.escape, rules.person_roles))
    for m in re.finditer(rf"(?:{roles})[:：]?\s*((?:{surname})[\u4e00-\u9fff]{{1,2}})(?=[。;,，、)）\s]|$)", text):
        if m.start(1) in starts or tokens and any(q.startswith("nr") for w, q in tokens if w == text[m.start(1)]):
            role = next(r for r in rules.person_roles if text[: m.start(1)].rstrip(" :：").endswith(r))
            found.setdefault(m.group(1), role)
    for i, (w, p) in enumerate(tokens):
        if p.startswith("nr") and 2 <= len(w) <= 3 and w[:1] in rules.surnames and w not in found:
            role = _role_after(text, sum(len(x) for x, _ in tokens[: i + 1]), rules.person_roles)
            if role:
                found[w] = role
    # a name inside a longer one (向东 in 管向东), a place (龙岗) or the start of a word followed by
    # a role that belongs to an organisation's name (管理 + 委员会) is not a person
    return [
        (n, r)
        for n, r in found.items()
        if n not in not_names
        and not any(n != o and n in o for o in found)
        and not (r and re.search(re.escape(n + r) + "会", text))
    ]


def _rule_places(
    text: str, tokens: list[tuple[str, str]], gazetteer: Gazetteer, rules: EntityRules, freq: dict
) -> list[tuple[int, int]]:
    """Places found by their form rather than the gazetteer: proper words + a generic ending
    (控江路街道, 塔城路, 广州生物岛) and rare words in a 、-list before a place noun (殷行、五角场等街道)."""
    offsets, pos = [], 0
    for w, _ in tokens:
        offsets.append(pos)
        pos += len(w)
    found = []
    admin = re.compile(r".+(?:省|市|区|县|自治区|自治州)")
    for k, (w, _q) in enumerate(tokens):
        if w not in gazetteer.suffixes or k == 0:
            continue
        first = None
        for j in range(k - 1, max(k - 4, -1), -1):
            t, tq = tokens[j]
            if (
                not re.fullmatch(r"[\u4e00-\u9fff]+", t)
                or tq[:1] in VERBISH
                or t in rules.not_in_names
                or t in gazetteer.suffixes
                or not _name_like(t, tq)
            ):
                break
            if t in gazetteer.by_surface and admin.fullmatch(t):
                break  # 嘉定区塔城路 → 塔城路: the district is a place of its own
            if _is_proper(t, tq, rules) or t in gazetteer.by_surface:
                first = j
        if first is not None and 2 <= offsets[k] - offsets[first] <= 8:
            found.append((offsets[first], offsets[k] + len(w)))
    for a, b, toks in _list_items(text, tokens, offsets, gazetteer.list_heads, rules, 4):
        item = text[a:b]
        if item in gazetteer.by_surface or (freq.get(item, 0) <= RARE and len(toks) <= 2):
            found.append((a, b))
    return found


def find_entities(
    sentences: list[Sentence], gazetteer: Gazetteer, rules: EntityRules, user_dict: str, contacts: list[str] | None = None
) -> pd.DataFrame:
    """One row per entity mention: type (ORG / PERSON / PLACE), text as written, canonical name,
    role, paragraph, sentence."""
    rows = []
    contacts = set(contacts or [])
    freq = _word_freq(user_dict)
    surfaces = set(gazetteer.by_surface)
    for s in sentences:
        text = s.norm
        tokens = tag(text, user_dict)
        org_spans = _organisations(text, tokens, rules, freq, surfaces)
        for a, b in org_spans:
            rows.append(("ORG", text[a:b], text[a:b], None, s.paragraph, s.text))
        for name, role in _people(text, tokens, rules, surfaces):
            rows.append(("PERSON", name, name, role, s.paragraph, s.text))
        for name in sorted(contacts):
            if name in text:
                rows.append(("PERSON", name, name, "联系人", s.paragraph, s.text))
        place_spans = []
        for a, b in sorted(set(_rule_places(text, tokens, gazetteer, rules, freq))):
            if any(x <= a < y for x, y in org_spans) or any(x <= a < y for x, y in place_spans):
                continue
            if text[a:b] in gazetteer.by_surface:
                continue  # the gazetteer reports it, with its canonical name
            place_spans.append((a, b))
            rows.append(("PLACE", text[a:b], text[a:b], None, s.paragraph, s.text))
        for start, surface, place in gazetteer.places_in(text):
            if any(a <= start < b for a, b in org_spans + place_spans):
                continue  # 广州 in 广州生物岛, 中山 in 中山纪念图书馆
            rows.append(("PLACE", surface, place.name, None, s.paragraph, s.text))
    return pd.DataFrame(rows, columns=COLUMNS)


def entity_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Each distinct entity once, with its number of mentions and first paragraph."""
    if df.empty:
        return pd.DataFrame(columns=["type", "text", "canonical", "role", "mentions", "paragraph"])
    g = df.groupby(["type", "text"], sort=True)
    out = g.agg(
        canonical=("canonical", "first"),
        role=("role", lambda r: next((x for x in r if x), None)),
        mentions=("paragraph", "size"),
        paragraph=("paragraph", "min"),
    ).reset_index()
    return out.sort_values(["type", "mentions", "text"], ascending=[True, False, True]).reset_index(drop=True)

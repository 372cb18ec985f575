"""Named organisations, people and places, by rules over jieba's tokens and gazetteers kept as data.

jieba's part-of-speech tags alone miss most names (it cuts 中山市人民医院 into place + noun +
suffix, and tags rare names wrongly), so:
- organisations: user-dictionary organisations (tag nt), runs of name-like tokens ending in an
  organisation suffix, and government bodies matched by prefix patterns + suffixes — every
  candidate must start and end on a token boundary;
- people: a surname from the list + one or two characters right before a role word
  (教授, 代表 …) or in a 、-list before it, and contact persons; the role is kept;
- places: every name or alias of the gazetteer, except inside the name of a non-government
  organisation (中山 in 中山大学).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .datafiles import read_yaml
from .errors import UserError
from .gazetteer import Gazetteer
from .segment import tag
from .text import Sentence

NAME_POS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng", "n", "vn", "b", "m", "an", "l"}
PROPER_POS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng"}
COLUMNS = ["type", "text", "canonical", "role", "paragraph", "sentence"]
MAX_NAME_TOKENS = 6
TEAM = "团队"
VERBISH = {"v", "c", "p", "d", "u", "r", "f", "q"}  # tags that cannot be inside an organisation's name


@dataclass(frozen=True)
class EntityRules:
    org_suffixes: tuple[str, ...]
    gov_suffixes: tuple[str, ...]
    gov_prefixes: tuple[re.Pattern, ...]
    person_roles: tuple[str, ...]
    surnames: tuple[str, ...]

    @classmethod
    def from_yaml(cls, path: str | Path) -> "EntityRules":
        data = read_yaml(path, "the organisation rules")
        if not isinstance(data, dict) or not isinstance(data.get("org_suffixes"), list):
            raise UserError(f"{path}: needs an 'org_suffixes' list")

        def by_length(xs):
            return tuple(sorted({str(x) for x in xs or []}, key=lambda s: (-len(s), s)))

        try:
            prefixes = tuple(re.compile(p) for p in data.get("gov_prefix_patterns", []) or [])
        except re.error as exc:
            raise UserError(f"{path}: bad regular expression in gov_prefix_patterns ({exc})") from None
        return cls(by_length(data["org_suffixes"]), by_length(data.get("gov_suffixes")), prefixes,
                   by_length(data.get("person_roles")), by_length(data.get("surnames")))

    def is_gov(self, name: str) -> bool:
        return name.endswith(self.gov_suffixes) and any(p.match(name) for p in self.gov_prefixes)


def _boundaries(tokens: list[tuple[str, str]]) -> tuple[set[int], set[int]]:
    starts, ends, pos = set(), set(), 0
    for w, _ in tokens:
        starts.add(pos)
        pos += len(w)
        ends.add(pos)
    return starts, ends


def _organisations(text: str, tokens: list[tuple[str, str]], rules: EntityRules) -> list[tuple[int, int]]:
    """Spans of organisation names in the normalised sentence."""
    spans = []
    offsets, pos = [], 0
    for w, _ in tokens:
        offsets.append(pos)
        pos += len(w)
    for i, (word, p) in enumerate(tokens):
        if not word.endswith(rules.org_suffixes):
            if p == "nt" and len(word) >= 3:
                spans.append((offsets[i], offsets[i] + len(word)))
            continue
        j, parts, proper = i, [word], p in PROPER_POS and len(word) > 2
        while j > 0 and len(parts) < MAX_NAME_TOKENS:
            w, q = tokens[j - 1]
            if q not in NAME_POS or not w.strip() or len(w) > 10:
                break
            parts.insert(0, w)
            proper = proper or q in PROPER_POS
            j -= 1
        name = "".join(parts)
        if (proper and len(name) >= 4) or (p == "nt" and len(word) >= 3):
            spans.append((offsets[j], offsets[i] + len(word)))
    start_pos = set(offsets)
    ends = {off + len(w) for off, (w, _) in zip(offsets, tokens)}
    for suffix in rules.gov_suffixes:
        for m in re.finditer(rf"[\u4e00-\u9fff]{{1,10}}?{re.escape(suffix)}", text):
            if m.end() not in ends:
                continue
            for s in sorted(x for x in start_pos if m.start() <= x < m.end()):
                name = text[s : m.end()]
                inner = [q for off, (_, q) in zip(offsets, tokens) if s <= off < m.end()]
                if any(q[:1] in VERBISH for q in inner):
                    continue
                if len(name) >= 3 and rules.is_gov(name):
                    spans.append((s, m.end()))
                    break
    spans = sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0])))
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if kept and s < kept[-1][1]:
            if e - s > kept[-1][1] - kept[-1][0] and s <= kept[-1][0]:
                kept[-1] = (s, e)
            continue
        kept.append((s, e))
    nested = [(off, off + len(w)) for off, (w, q) in zip(offsets, tokens)
              if q == "nt" and len(w) >= 3 and (off, off + len(w)) not in kept]
    return sorted(kept + nested)


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


def _people(text: str, tokens: list[tuple[str, str]], rules: EntityRules) -> list[tuple[str, str | None]]:
    """Surname-anchored names right before a role word (or a 、-list of names before one)."""
    found: dict[str, str | None] = {}
    starts, _ = _boundaries(tokens)
    surname = "|".join(map(re.escape, rules.surnames))
    name_rx = re.compile(rf"(?:{surname})[\u4e00-\u9fff]{{1,2}}")
    for m in re.finditer(rf"((?:(?:{surname})[\u4e00-\u9fff]{{1,2}}、)*(?:{surname})[\u4e00-\u9fff]{{1,2}})(?=等?(?:{'|'.join(map(re.escape, rules.person_roles))}|{TEAM}|为|是))", text):
        if m.start() not in starts:
            continue
        role = _role_after(text, m.end(), rules.person_roles)
        if role is None and not text.startswith(TEAM, m.end()):
            continue
        for name in m.group(1).split("、"):
            if name_rx.fullmatch(name) and not name.endswith(rules.org_suffixes):
                found.setdefault(name, role)
    roles = "|".join(map(re.escape, rules.person_roles))
    for m in re.finditer(rf"(?:{roles})((?:{surname})[\u4e00-\u9fff]{{1,2}})(?=[。;,，、)）]|$)", text):
        if m.start(1) in starts or tokens and any(q.startswith("nr") for w, q in tokens if w == text[m.start(1)]):
            role = next(r for r in rules.person_roles if text[: m.start(1)].endswith(r))
            found.setdefault(m.group(1), role)
    for i, (w, p) in enumerate(tokens):
        if p.startswith("nr") and 2 <= len(w) <= 3 and w[:1] in rules.surnames and w not in found:
            role = _role_after(text, sum(len(x) for x, _ in tokens[: i + 1]), rules.person_roles)
            if role:
                found[w] = role
    return list(found.items())


def find_entities(sentences: list[Sentence], gazetteer: Gazetteer, rules: EntityRules, user_dict: str,
                  contacts: list[str] | None = None) -> pd.DataFrame:
    """One row per entity mention: type (ORG / PERSON / PLACE), text as written, canonical name,
    role, paragraph, sentence."""
    rows = []
    contacts = set(contacts or [])
    for s in sentences:
        text = s.norm
        tokens = tag(text, user_dict)
        org_spans = _organisations(text, tokens, rules)
        for a, b in org_spans:
            rows.append(("ORG", text[a:b], text[a:b], None, s.paragraph, s.text))
        for name, role in _people(text, tokens, rules):
            rows.append(("PERSON", name, name, role, s.paragraph, s.text))
        for name in sorted(contacts):
            if name in text:
                rows.append(("PERSON", name, name, "联系人", s.paragraph, s.text))
        for start, surface, place in gazetteer.places_in(text):
            inside = next(((a, b) for a, b in org_spans if a <= start < b), None)
            if inside and not rules.is_gov(text[inside[0]:inside[1]]):
                continue
            rows.append(("PLACE", surface, place.name, None, s.paragraph, s.text))
    return pd.DataFrame(rows, columns=COLUMNS)


def entity_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Each distinct entity once, with its number of mentions and first paragraph."""
    if df.empty:
        return pd.DataFrame(columns=["type", "text", "canonical", "role", "mentions", "paragraph"])
    g = df.groupby(["type", "text"], sort=True)
    out = g.agg(canonical=("canonical", "first"), role=("role", lambda r: next((x for x in r if x), None)),
                mentions=("paragraph", "size"), paragraph=("paragraph", "min")).reset_index()
    return out.sort_values(["type", "mentions", "text"], ascending=[True, False, True]).reset_index(drop=True)

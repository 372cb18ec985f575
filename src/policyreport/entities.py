"""Named organisations, people and places, by rules over jieba's tags and gazetteers kept as data.

jieba's part-of-speech tags alone miss most organisation names (it cuts 中山市人民医院 into
place + noun + suffix), so an organisation is a run of name-like tokens ending in a suffix from
the suffix list; places come from the gazetteer; people are person-tagged tokens next to a role.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .errors import UserError
from .gazetteer import Gazetteer
from .segment import tag
from .text import Sentence

NAME_POS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng", "n", "vn", "b", "m", "an", "l"}
PROPER_POS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng"}
COLUMNS = ["type", "text", "role", "paragraph", "sentence"]
MAX_NAME_TOKENS = 6


@dataclass(frozen=True)
class EntityRules:
    org_suffixes: tuple[str, ...]
    person_roles: tuple[str, ...]

    @classmethod
    def from_yaml(cls, path: str | Path) -> "EntityRules":
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise UserError(f"{path}: cannot read the organisation rules ({str(exc).splitlines()[0]})") from None
        if not isinstance(data, dict) or not isinstance(data.get("org_suffixes"), list):
            raise UserError(f"{path}: needs an 'org_suffixes' list")
        by_length = lambda xs: tuple(sorted({str(x) for x in xs}, key=lambda s: (-len(s), s)))
        return cls(by_length(data["org_suffixes"]), by_length(data.get("person_roles", [])))


def _organisations(tokens: list[tuple[str, str]], rules: EntityRules) -> list[str]:
    found = []
    for i, (word, pos) in enumerate(tokens):
        if not any(word.endswith(s) for s in rules.org_suffixes):
            continue
        if pos == "nt" and len(word) >= 4:
            found.append(word)
            continue
        j, parts, proper = i, [word], False
        while j > 0 and len(parts) < MAX_NAME_TOKENS:
            w, p = tokens[j - 1]
            if p not in NAME_POS or not w.strip() or len(w) > 10:
                break
            parts.insert(0, w)
            proper = proper or p in PROPER_POS
            j -= 1
        name = "".join(parts)
        if proper and len(name) >= 4 and len(name) > len(word):
            found.append(name)
    return found


def _people(tokens: list[tuple[str, str]], rules: EntityRules) -> list[tuple[str, str | None]]:
    found = []
    for i, (word, pos) in enumerate(tokens):
        if not pos.startswith("nr") or not 2 <= len(word) <= 4:
            continue
        nxt = [w for w, _ in tokens[i + 1 : i + 3]]
        prev = tokens[i - 1][0] if i else ""
        role = next((r for r in rules.person_roles if nxt and (nxt[0] == r or (nxt[0] == "等" and len(nxt) > 1 and nxt[1] == r))), None)
        role = role or next((r for r in rules.person_roles if prev.endswith(r)), None)
        if role:
            found.append((word, role))
    return found


def find_entities(sentences: list[Sentence], gazetteer: Gazetteer, rules: EntityRules, user_dict: str) -> pd.DataFrame:
    """One row per entity mention: type (ORG / PERSON / PLACE), text, role, paragraph, sentence."""
    rows = []
    for s in sentences:
        tokens = tag(s.norm, user_dict)
        orgs = _organisations(tokens, rules)
        for name in orgs:
            rows.append(("ORG", name, None, s.paragraph, s.text))
        for name, role in _people(tokens, rules):
            rows.append(("PERSON", name, role, s.paragraph, s.text))
        for _, surface, place in gazetteer.places_in(s.norm):
            rows.append(("PLACE", place.name, None, s.paragraph, s.text))
    return pd.DataFrame(rows, columns=COLUMNS)


def entity_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Each distinct entity once, with its number of mentions and first paragraph."""
    if df.empty:
        return pd.DataFrame(columns=["type", "text", "role", "mentions", "paragraph"])
    g = df.groupby(["type", "text"], sort=True)
    out = g.agg(role=("role", "first"), mentions=("paragraph", "size"), paragraph=("paragraph", "min")).reset_index()
    return out.sort_values(["type", "mentions", "text"], ascending=[True, False, True]).reset_index(drop=True)

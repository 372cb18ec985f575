"""Place names kept as data (a YAML gazetteer: province → city → district) and lookups on them."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from policyreport.errors import UserError
from policyreport.ingest.datafiles import read_yaml
from policyreport.paths import DICTIONARIES


def national_pattern(words) -> re.Pattern:
    """A name that starts with one of `words` (国务院, 国家, 全国 …) belongs to the national level."""
    return re.compile("^(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")")


def _default_national() -> re.Pattern:
    data = read_yaml(DICTIONARIES / "places.yaml", "the place gazetteer") or {}
    return national_pattern(data.get("national_prefixes") or [])


# For callers without a gazetteer at hand (metadata); the words are those of the package gazetteer.
NATIONAL = _default_national()
_AUTONOMOUS = re.compile(r"^(.+?)自治([州县旗])$")


@dataclass(frozen=True)
class Place:
    name: str
    level: str
    path: tuple[str, ...]


class Gazetteer:
    """Longest-match lookup of place names and aliases."""

    def __init__(
        self,
        places: list[Place],
        aliases: dict[str, Place],
        suffixes: tuple[str, ...] = (),
        list_heads: tuple[str, ...] = (),
        national: tuple[str, ...] = (),
        countries: tuple[str, ...] = (),
    ):
        self.places = places
        self.national = national_pattern(national) if national else NATIONAL
        self.by_region = {"".join(p.path): p for p in places}
        self.by_surface = aliases
        self.suffixes = suffixes  # generic endings of place names: 街道, 镇, 路, 岛 …
        self.suffix_set = frozenset(suffixes)
        self.list_heads = list_heads  # place nouns after a 、-list: 等街道, 等社区, 等地 …
        self.countries = countries  # foreign places: never a person, never a region of the tree
        self._rx = re.compile("|".join(sorted(map(re.escape, aliases), key=len, reverse=True))) if aliases else None

    @classmethod
    def from_yaml(cls, path: str | Path) -> Gazetteer:
        data = read_yaml(path, "the place gazetteer")
        if not isinstance(data, dict) or not isinstance(data.get("places"), list):
            raise UserError(f"{path}: the place gazetteer needs a top-level 'places' list")
        places: list[Place] = []
        surfaces: dict[str, Place] = {}

        def walk(node: dict, parent: tuple[str, ...]) -> None:
            if not isinstance(node, dict) or "name" not in node:
                raise UserError(f"{path}: every place needs a 'name' (got {node!r})")
            place = Place(node["name"], node.get("level", ""), parent + (node["name"],))
            places.append(place)
            for surface in [place.name, *node.get("aliases", [])]:
                if len(surface) >= 2:
                    surfaces.setdefault(surface, place)
            for child in node.get("children", []) or []:
                walk(child, place.path)

        for node in data["places"]:
            walk(node, ())
        for item in data.get("aliases", []) or []:  # regions made of several places: 长三角, 粤港澳大湾区
            if isinstance(item, dict) and len(str(item.get("alias", ""))) >= 2:
                region = Place(str(item["alias"]), "区域", (str(item["alias"]),))
                places.append(region)
                surfaces.setdefault(region.name, region)

        def words(key: str) -> tuple[str, ...]:
            items = data.get(key) or []
            if not isinstance(items, list):
                raise UserError(f"{path}: '{key}' must be a list of words")
            return tuple(sorted({str(x) for x in items if str(x)}, key=lambda w: (-len(w), w)))

        return cls(
            places, surfaces, words("place_suffixes"), words("place_list_heads"), words("national_prefixes"), words("countries")
        )

    def places_in(self, text: str) -> list[tuple[int, str, Place]]:
        """(offset, surface, place) of every place name or alias in `text`."""
        if not self._rx:
            return []
        return [(m.start(), m.group(0), self.by_surface[m.group(0)]) for m in self._rx.finditer(text)]

    def locate(self, issuer: str) -> tuple[str, str] | None:
        """(region, administrative level) of an issuing body from the place names it starts with: the
        gazetteer tree, or the national divisions where they read more of the name (a county the
        tree does not hold)."""
        if self.national.match(issuer):
            return "全国", "国家级"
        deepest, end = self._deepest(issuer)
        national, national_end = divisions().place_of(issuer)
        if national is not None and national_end > end:
            deepest = national
        if deepest is None:
            return None
        return "".join(deepest.path), deepest.level

    def _deepest(self, name: str) -> tuple[Place | None, int]:
        pos, deepest = 0, None
        for start, surface, place in self.places_in(name):
            if start != pos:
                break
            if deepest is None or place.path[: len(deepest.path)] == deepest.path:
                deepest = place
            pos = start + len(surface)
        return deepest, pos

    def place_of(self, name: str) -> Place | None:
        """The deepest place a name starts with (深圳市南山区卫生健康局 → 南山区), None if none."""
        return self._deepest(name)[0]


class Divisions:
    """The national administrative divisions (province → prefecture → county, by their 6-digit
    codes), read only from the start of an issuer's name: full names, and the short form of an
    autonomous prefecture, county or banner (阿坝州). A name several divisions share (鼓楼区) is
    resolved by the place before it, else kept without its parents."""

    def __init__(self, rows: list[tuple[str, str]], nationalities: tuple[str, ...]):
        names = {code[:6]: name for code, name in rows}
        self.by_surface: dict[str, list[Place]] = defaultdict(list)
        nations = re.compile("(?:" + "|".join(map(re.escape, nationalities)) + ")+$") if nationalities else None
        for code, name in rows:
            code = code[:6]
            province, prefecture = names.get(code[:2] + "0000", ""), names.get(code[:4] + "00")
            if code.endswith("0000"):
                place = Place(name, "省级", (name,))
            elif code.endswith("00"):
                place = Place(name, "市级", (province, name))
            else:
                place = Place(name, "区县级", (province, *([prefecture] if prefecture else []), name))
            self.by_surface[name].append(place)
            auto = _AUTONOMOUS.match(name)
            short = nations.sub("", auto.group(1)) if auto and nations else ""
            if len(short) >= 2 and short != auto.group(1):
                self.by_surface[short + auto.group(2)].append(place)
        self._rx = re.compile("|".join(sorted(map(re.escape, self.by_surface), key=len, reverse=True)))

    def place_of(self, name: str) -> tuple[Place | None, int]:
        """The deepest division a name starts with, and where its place names end."""
        pos, deepest = 0, None
        while m := self._rx.match(name, pos):
            candidates = self.by_surface[m.group(0)]
            inside = [p for p in candidates if deepest is not None and p.path[: len(deepest.path)] == deepest.path]
            if deepest is not None and not inside:
                break
            options = inside or candidates
            if len(options) == 1:
                deepest = options[0]
            else:
                levels = {p.level for p in options}
                deepest = Place(m.group(0), levels.pop() if len(levels) == 1 else "", (m.group(0),))
            pos = m.end()
        return deepest, pos


@cache
def divisions() -> Divisions:
    """The package's national divisions (dictionaries/divisions.csv, from cpca; see its LICENSE)."""
    with open(DICTIONARIES / "divisions.csv", encoding="utf-8", newline="") as fh:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    data = read_yaml(DICTIONARIES / "places.yaml", "the place gazetteer") or {}
    return Divisions(rows, tuple(str(x) for x in data.get("nationalities") or ()))

"""Place names kept as data (a YAML gazetteer: province → city → district) and lookups on them."""

from __future__ import annotations

import re
from dataclasses import dataclass
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
        """(region, administrative level) of an issuing body from the place names it starts with."""
        if self.national.match(issuer):
            return "全国", "国家级"
        deepest = self.place_of(issuer)
        if deepest is None:
            return None
        return "".join(deepest.path), deepest.level

    def place_of(self, name: str) -> Place | None:
        """The deepest place a name starts with (深圳市南山区卫生健康局 → 南山区), None if none."""
        pos, deepest = 0, None
        for start, surface, place in self.places_in(name):
            if start != pos:
                break
            if deepest is None or place.path[: len(deepest.path)] == deepest.path:
                deepest = place
            pos = start + len(surface)
        return deepest

"""Place names kept as data (a YAML gazetteer: province → city → district) and lookups on them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from policyreport.errors import UserError
from policyreport.ingest.datafiles import read_yaml

NATIONAL = re.compile(r"^(国务院|国家|中共中央|全国|中华人民共和国|国办)")


@dataclass(frozen=True)
class Place:
    name: str
    level: str
    path: tuple[str, ...]


class Gazetteer:
    """Longest-match lookup of place names and aliases."""

    def __init__(
        self, places: list[Place], aliases: dict[str, Place], suffixes: tuple[str, ...] = (), list_heads: tuple[str, ...] = ()
    ):
        self.places = places
        self.by_surface = aliases
        self.suffixes = suffixes  # generic endings of place names: 街道, 镇, 路, 岛 …
        self.list_heads = list_heads  # place nouns after a 、-list: 等街道, 等社区, 等地 …
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

        return cls(places, surfaces, words("place_suffixes"), words("place_list_heads"))

    def places_in(self, text: str) -> list[tuple[int, str, Place]]:
        """(offset, surface, place) of every place name or alias in `text`."""
        if not self._rx:
            return []
        return [(m.start(), m.group(0), self.by_surface[m.group(0)]) for m in self._rx.finditer(text)]

    def locate(self, issuer: str) -> tuple[str, str] | None:
        """(region, administrative level) of an issuing body from the place names it starts with."""
        if NATIONAL.match(issuer):
            return "全国", "国家级"
        pos, deepest = 0, None
        for start, surface, place in self.places_in(issuer):
            if start != pos:
                break
            if deepest is None or place.path[: len(deepest.path)] == deepest.path:
                deepest = place
            pos = start + len(surface)
        if deepest is None:
            return None
        return "".join(deepest.path), deepest.level

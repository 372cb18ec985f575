"""Relative names resolved in their place: 市政府, 市财政局, 区卫健局, 我局, 本市 mean a body or place
of the document's own region or its issuer, so they are read with the document's metadata.

A 公文 names the bodies of its own level by the level alone (市政府 in a Shenzhen document is
深圳市人民政府; 区卫健局 in a 龙岗区 document is 龙岗区卫健局), and itself by 我/本 + kind
(我局, 本委). `resolve` returns the absolute name, or None when the document does not say which
place or body is meant (区卫健局 in a city-level document): such a name is shown as written but
never counted as the same body as another document's, nor used to link documents.
"""

from __future__ import annotations

import re

from policyreport.extract.gazetteer import Gazetteer, Place

# A name opening with an administrative level and no place name: 市政府, 区卫健局, 省财政厅, 县委.
LEVEL_ONLY = re.compile(
    r"^(省|自治区|市|州|区|县|旗|镇|乡|街道)(?!场|民(?!政)|级|域|属|内|外|里|区|县)"
)  # 市民政局 is 市 + 民政局
# The document's own body: 我局, 本委, 我办, 本院 …
SELF = re.compile(r"^(?:我|本)(局|委|厅|办|部|署|院|中心|会|府|办公室)$")
# The document's own place: 本市, 我区, 全省 …
OWN_PLACE = re.compile(r"^(?:本|我|全)(省|市|区|县|州|镇|乡)$")
# A bare 政府 after a place is its 人民政府 (市政府 → 深圳市人民政府); 政府办 etc. stay as written.
GOVERNMENT = re.compile(r"^政府$")


def _level_place(path: tuple[Place, ...], level: str) -> Place | None:
    """The deepest place of the document's region named with `level` (市 → 深圳市, 区 → 龙岗区)."""
    for place in reversed(path):
        if place.name.endswith(level):
            return place
    return None


# The administrative names an issuer's name opens with, when the gazetteer does not know them:
# 蒙自市农业农村局 → 蒙自市; 镇沅彝族哈尼族拉祜族自治县文化和旅游局 → 镇沅彝族哈尼族拉祜族自治县.
ISSUER_PLACE = re.compile(r"[^\s省市区县州旗>/|•:：]{1,12}?(?:自治区|自治州|自治县|省|市|州|区|县|旗)")


def _issuer_places(issuer: str) -> tuple[Place, ...]:
    out, pos = [], 0
    while m := ISSUER_PLACE.match(issuer, pos):
        out.append(Place(m.group(0), "", tuple(p.name for p in out) + (m.group(0),)))
        pos = m.end()
    return tuple(out) if pos < len(issuer) else ()  # a name that is all place is not a body's


def region_path(gazetteer: Gazetteer, region: str | None, issuer: str | None) -> tuple[Place, ...]:
    """The places from the province down to the document's own: from the region (metadata), else
    the place names the issuer's name opens with (from the gazetteer, else read off the name)."""
    place = gazetteer.by_region.get(region or "") or (gazetteer.place_of(issuer) if issuer else None)
    if place is None:
        return _issuer_places(issuer) if issuer else ()
    return tuple(gazetteer.by_region["".join(place.path[: i + 1])] for i in range(len(place.path)))


def is_relative(name: str, gazetteer: Gazetteer, unplaced: tuple[str, ...] = ()) -> bool:
    """A name that needs the document to say what it refers to (`unplaced`: prefixes such as 开发区
    that name a kind of area, not one area)."""
    if SELF.match(name) or OWN_PLACE.match(name) or (unplaced and name.startswith(unplaced)):
        return True
    return bool(LEVEL_ONLY.match(name)) and gazetteer.place_of(name) is None


def resolve(
    name: str, gazetteer: Gazetteer, path: tuple[Place, ...], issuer: str | None, unplaced: tuple[str, ...] = ()
) -> str | None:
    """The absolute form of a name (unchanged when it is absolute already); None when it is relative
    and the document does not say what it refers to (开发区管委会: which zone?)."""
    if not is_relative(name, gazetteer, unplaced):
        return name
    if unplaced and name.startswith(unplaced):
        return None
    m = SELF.match(name)
    if m:
        return issuer if issuer and m.group(1) in issuer[-4:] else None
    m = OWN_PLACE.match(name)
    if m:
        place = _level_place(path, m.group(1))
        return place.name if place else None
    m = LEVEL_ONLY.match(name)
    place = _level_place(path, m.group(1))
    if place is None:
        return None
    rest = name[m.end() :]
    return place.name + ("人民政府" if GOVERNMENT.match(rest) else rest)

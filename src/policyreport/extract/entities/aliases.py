"""One body behind its short forms and renamings (dictionaries/org_aliases.yaml).

A mention keeps what the document printed; `Aliases.body` gives the body it names: its full name
(国家卫健委 → 国家卫生健康委员会, 上海市卫健委 → 上海市卫生健康委员会) followed along the table's
renamings and mergers to the newest body (国家计委 → 国家发展和改革委员会; 工商总局 →
国家市场监督管理总局). A short form that named different bodies in different years (国家计委, 国家药品
监督管理局) is read with the document's year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policyreport.errors import UserError
from policyreport.ingest.datafiles import read_yaml


@dataclass(frozen=True)
class Body:
    name: str
    since: int | None = None
    until: int | None = None
    replaces: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class Renaming:
    old: str
    new: str
    year: int | None
    source: str


@dataclass(frozen=True)
class Aliases:
    bodies: tuple[Body, ...] = ()
    names: dict[str, tuple[int, ...]] = field(default_factory=dict)  # written form → indices into bodies
    field_forms: dict[str, str] = field(default_factory=dict)
    field_renamings: tuple[Renaming, ...] = ()
    drop_prefixes: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Aliases:
        data = read_yaml(path, "the organisation alias table") or {}
        if not isinstance(data, dict) or not isinstance(data.get("bodies", []), list):
            raise UserError(f"{path}: needs a 'bodies' list")
        sources = {str(k): str(v) for k, v in (data.get("sources") or {}).items()}
        bodies, names = [], {}
        for item in data.get("bodies") or []:
            if not isinstance(item, dict) or not item.get("name"):
                raise UserError(f"{path}: every body needs a 'name' (got {item!r})")
            if item.get("replaces") and item.get("source") not in sources:
                raise UserError(f"{path}: {item['name']}: a renaming needs a 'source' listed under 'sources'")
            b = Body(
                str(item["name"]), item.get("since"), item.get("until"), tuple(item.get("replaces") or ()), item.get("source")
            )
            for written in [b.name, *(item.get("aliases") or [])]:
                names[str(written)] = names.get(str(written), ()) + (len(bodies),)
            bodies.append(b)
        renamings = []
        for r in data.get("field_renamings") or []:
            if r.get("source") not in sources:
                raise UserError(f"{path}: field renaming {r!r} needs a 'source' listed under 'sources'")
            renamings.append(Renaming(str(r["from"]), str(r["to"]), r.get("year"), str(r["source"])))
        forms = {str(k): str(v) for k, v in (data.get("field_forms") or {}).items()}
        drop = tuple(str(x) for x in data.get("drop_prefixes") or [])
        return cls(tuple(bodies), names, forms, tuple(renamings), drop, sources)

    @property
    def written_forms(self) -> frozenset[str]:
        """Every name and alias of the table's bodies: dictionary entries, organisations by themselves."""
        return frozenset(self.names)

    def renamings(self) -> list[tuple[str, str, int | None, str]]:
        """(old, new, year, source) of every renaming and merger in the table, by year."""
        out = [
            (old, b.name, b.since, self.sources.get(b.source or "", b.source or "")) for b in self.bodies for old in b.replaces
        ]
        out += [(r.old, r.new, r.year, self.sources.get(r.source, r.source)) for r in self.field_renamings]
        return sorted(out, key=lambda r: (r[2] or 0, r[1], r[0]))

    def _pick(self, name: str, year: int | None) -> Body | None:
        """The body a written name meant in `year` (the newest when the year is unknown)."""
        found = [self.bodies[i] for i in self.names.get(name, ())]
        if year is not None:
            dated = [b for b in found if (b.since or 0) <= year < (b.until or 10_000)]
            found = dated or found
        return max(found, key=lambda b: b.since or 0) if found else None

    def _successor(self, body: Body) -> Body:
        """The newest body that `body` was renamed or merged into (itself when none)."""
        seen = {body.name}
        while True:
            nxt = [b for b in self.bodies if body.name in b.replaces and (b.since or 0) >= (body.since or 0)]
            if not nxt or nxt[0].name in seen:
                return body
            body = nxt[0]
            seen.add(body.name)

    def full_name(self, name: str) -> str:
        """The name without a dropped prefix and with a field short form written out (上海市卫健委 →
        上海市卫生健康委员会); a short form needs something before it (a bare 卫健委 says not whose)."""
        for p in self.drop_prefixes:
            if name.startswith(p) and len(name) > len(p):
                name = name[len(p) :]
        for short in sorted(self.field_forms, key=len, reverse=True):
            full = self.field_forms[short]
            if name.endswith(short) and len(name) > len(short) and not name.endswith(full):
                return name[: -len(short)] + full
        return name

    def body(self, name: str | None, year: int | None = None) -> str | None:
        """The one body a (resolved) name refers to: full name, then the newest successor."""
        if not name:
            return None
        full = self.full_name(name)
        for candidate in (name, full):
            b = self._pick(candidate, year)
            if b is not None:
                return self._successor(b).name
        for r in self.field_renamings:
            if full.endswith(r.old) and len(full) > len(r.old):
                return full[: -len(r.old)] + r.new
        return full

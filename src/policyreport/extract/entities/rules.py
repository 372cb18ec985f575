"""The rules of the entity recogniser, read from the organisation rules YAML (dictionaries/org_suffixes.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from policyreport.errors import UserError
from policyreport.extract.entities.aliases import Aliases
from policyreport.ingest.datafiles import read_yaml


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
    independent_prefixes: tuple[str, ...] = ()
    branch_suffixes: tuple[str, ...] = ()
    unplaced_prefixes: tuple[str, ...] = ()
    name_links: frozenset[str] = frozenset()
    generic_modifiers: tuple[str, ...] = ()
    class_modifiers: tuple[str, ...] = ()
    system_suffixes: tuple[str, ...] = ()
    addressee_labels: tuple[str, ...] = ()
    addressee_groups: tuple[str, ...] = ()
    aliases: Aliases = Aliases()

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
            by_length(data.get("independent_prefixes")),
            by_length(data.get("branch_suffixes")),
            by_length(data.get("unplaced_prefixes")),
            frozenset(by_length(data.get("name_links"))),
            by_length(data.get("generic_modifiers")),
            by_length(data.get("class_modifiers")),
            by_length(data.get("system_suffixes")),
            by_length(data.get("addressee_labels")),
            by_length(data.get("addressee_groups")),
            Aliases.from_yaml(Path(path).parent / data["alias_table"]) if data.get("alias_table") else Aliases(),
        )

    @cached_property
    def _core_to_end(self) -> re.Pattern:
        """Where `gov_core` matches all the rest of a name: the offsets at which `field_gov_prefix` looks."""
        return re.compile(rf"(?=(?:{self.gov_core.pattern})\Z)", self.gov_core.flags)

    @cached_property
    def common_endings(self) -> tuple[str, ...]:
        """The common words that end like a body (布局, 数字政府): a name ending with one is no body."""
        return tuple(x for x in self.not_in_names if x.endswith(self.org_suffixes))

    @cached_property
    def long_org_suffixes(self) -> tuple[str, ...]:
        """The organisation suffixes of more than one character (园区, not 区)."""
        return tuple(x for x in self.org_suffixes if len(x) > 1)

    def field_gov_prefix(self, name: str) -> int | None:
        """Length of the prefix (国家, 省, 深圳市坪山区 …) before the standard field words + kind
        that make up the whole of `name`, or None when `name` is not such a body."""
        if self.gov_core is None:
            return None
        for m in self._core_to_end.finditer(name):
            i = m.start()  # the standard field words + kind make up name[i:]
            if i >= len(name) - 1:
                break
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
        return (
            word in self.org_suffixes
            or word in self.org_list_heads
            or (self.gov_core is not None and self.gov_core.fullmatch(word) is not None)
        )

"""People: a surname from the list + one or two characters right before a role word (教授, 代表 …)
or in a 、-list before it, or right after one (签发人：…); the role is kept."""

from __future__ import annotations

import re
from functools import lru_cache

from policyreport.extract.entities.rules import EntityRules
from policyreport.extract.entities.tokens import Token, boundaries, offsets
from policyreport.ingest.patterns import CJK

TEAM = "团队"


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


@lru_cache(maxsize=8)
def _patterns(surnames: tuple[str, ...], person_roles: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A name; names (a 、-list) right before a role word; a name right after one (签发人：…)."""
    surname = "|".join(map(re.escape, surnames))
    roles = "|".join(map(re.escape, person_roles))
    return (
        re.compile(rf"(?:{surname})[{CJK}]{{1,2}}"),
        re.compile(rf"((?:(?:{surname})[{CJK}]{{1,2}}、)*(?:{surname})[{CJK}]{{1,2}})(?=等?(?:{roles}|{TEAM}|为|是))"),
        re.compile(rf"(?:{roles})[:：]?\s*((?:{surname})[{CJK}]{{1,2}})(?=[。;,，、)）\s]|$)"),
    )


def people(
    text: str, tokens: list[Token], rules: EntityRules, not_names: set[str] | frozenset = frozenset()
) -> list[tuple[str, str | None]]:
    """Surname-anchored names right before a role word (or a 、-list of names before one)."""
    found: dict[str, str | None] = {}
    starts, _ = boundaries(tokens)
    name_rx, before_role, after_role = _patterns(rules.surnames, rules.person_roles)
    for m in before_role.finditer(text):
        if m.start() not in starts:
            continue
        role = _role_after(text, m.end(), rules.person_roles)
        if role is None and not text.startswith(TEAM, m.end()):
            continue
        for name in m.group(1).split("、"):
            if name_rx.fullmatch(name) and not name.endswith(rules.org_suffixes):
                found.setdefault(name, role)
    for m in after_role.finditer(text):
        if m.start(1) in starts or tokens and any(q.startswith("nr") for w, q in tokens if w == text[m.start(1)]):
            role = next(r for r in rules.person_roles if text[: m.start(1)].rstrip(" :：").endswith(r))
            found.setdefault(m.group(1), role)
    for (w, p), start in zip(tokens, offsets(tokens)):
        if p.startswith("nr") and 2 <= len(w) <= 3 and w[:1] in rules.surnames and w not in found:
            role = _role_after(text, start + len(w), rules.person_roles)
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

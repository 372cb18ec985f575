"""People: a surname from the list + one or two characters right before a role word (教授, 代表 …)
or in a 、-list before it, or right after one (签发人：…, 国务院总理 李鹏); officials written with
their body (潘朝晖 省政府秘书长) are split from it; the role is kept."""

from __future__ import annotations

import re
from functools import lru_cache

from policyreport.extract.entities.rules import EntityRules
from policyreport.extract.entities.tokens import BODY_HEAD, Token, boundaries, offsets
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
    token_starts = offsets(tokens)
    starts = set(token_starts)
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
    names = {w for w, q in tokens if q.startswith("nr")}
    for m in after_role.finditer(text):
        if m.start(1) in starts or text[m.start(1)] in names:
            end = m.start(1)
            while end and text[end - 1] in " :：":
                end -= 1
            role = next(r for r in rules.person_roles if text.endswith(r, 0, end))
            found.setdefault(m.group(1), role)
    for (w, p), start in zip(tokens, token_starts):
        if p.startswith("nr") and 2 <= len(w) <= 3 and w[:1] in rules.surnames and w not in found:
            role = _role_after(text, start + len(w), rules.person_roles)
            role = role or next((r for r in rules.person_roles if text.endswith(r, 0, start)), None)
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


def officials(
    text: str,
    tokens: list[Token],
    spans: list[tuple[int, int]],
    rules: EntityRules,
    known: frozenset[str] = frozenset(),
    places: set[str] | frozenset = frozenset(),
) -> tuple[list[tuple[int, int]], list[tuple[str, str | None]]]:
    """Officials kept apart from their bodies in signature blocks and member lists ("潘朝晖 省政府秘书长",
    "陶仪声 省卫生健康委主任", where the normalised text has lost the space): a span that opens with a
    name (surname + one or two characters ending on a token boundary) followed by a body is the
    person and the body; a name right before a body that a role follows is a person. Returns the
    organisation spans and the people (name, role). A place is no name (韩国贸易协会代表团: 韩国 + 贸易协会)."""
    if not spans:
        return [], []
    starts, _ = boundaries(tokens)
    name_rx = _patterns(rules.surnames, rules.person_roles)[0]
    out, found = [], []
    for a, b in spans:
        role = _role_at(text, b, rules.person_roles)
        before = next((r for r in rules.person_roles if text[:a].endswith(r)), None)
        split = None
        if role or before:  # a name with a body and no role is a body's name (石林彝族自治县人大常委会)
            split = max(
                (
                    n
                    for n in (2, 3)
                    if text[a : a + n] not in places and _official(text, a, n, b, starts, name_rx, rules, known) is not None
                ),
                key=lambda n: (_official(text, a, n, b, starts, name_rx, rules, known), -n),
                default=None,
            )
        if split:
            found.append((text[a : a + split], before or role))  # 国务院总理李鹏财政部部长王丙乾
            out.append((a + split, b))
            continue
        out.append((a, b))
        if role:
            for n in (3, 2):
                person = text[max(0, a - n) : a]
                before = text[a - n - 1 : a - n] if a - n > 0 else ""
                if (
                    len(person) == n
                    and a - n in starts
                    and name_rx.fullmatch(person)
                    and person not in places
                    and not re.match(rf"[{CJK}]", before)
                ):
                    found.append((person, role))
                    break
    return out, found


def _official(text: str, a: int, n: int, b: int, starts: set[int], name_rx: re.Pattern, rules: EntityRules, known) -> int | None:
    """How surely text[a:a+n] is a name and the rest of the span a body: 2 when the body opens with a
    level or national prefix (省科技厅, 国务院), 1 when it is a body on a token boundary, None when not."""
    person, body = text[a : a + n], text[a + n : b]
    if len(body) < 3 or not name_rx.fullmatch(person):
        return None
    if body in known or (rules.is_gov(body) and BODY_HEAD.match(body)):
        return 2
    if a + n in starts and (rules.is_gov(body) or body.endswith(rules.org_suffixes)):
        return 1
    return None


def _role_at(text: str, end: int, roles: tuple[str, ...]) -> str | None:
    """The role word (longest) written right after offset `end`, or after a few words of the body's
    unit (省政府秘书长, 人行合肥中心支行行长 → 行长)."""
    rest = re.split(r"[。;；,，、:：)）\s]", text[end : end + 12], maxsplit=1)[0]
    return next((r for r in roles if rest.startswith(r)), None) or next((r for r in roles if rest.endswith(r)), None)

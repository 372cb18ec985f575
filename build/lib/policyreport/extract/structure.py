"""The numbered structure of a document's body: 篇/章/节, 一、, （一）, 1., and 一是 runs."""

from __future__ import annotations

import re

import pandas as pd

from policyreport.ingest.patterns import ENUM_INLINE, HEADING_LEVELS
from policyreport.ingest.text import Paragraph, strip_md_heading

LEVEL_NAMES = [name for name, _ in HEADING_LEVELS] + ["一是"]
ATTACHMENT = re.compile(r"^(?:附表|附件\s*\d*\s*:?.*表$)")  # an attached table: its 一、二、 are not body sections


def heading_kind(norm: str) -> tuple[str, str] | None:
    """(level name, marker) when a normalised paragraph starts with a numbering marker."""
    s = strip_md_heading(norm)
    for name, rx in HEADING_LEVELS:
        m = rx.match(s)
        if m:
            return name, m.group(0)
    return None


def _heading_title(norm: str, marker: str) -> str:
    rest = strip_md_heading(norm)[len(marker) :].strip()
    head = re.split(r"(?<=[。;])", rest, maxsplit=1)[0]
    return head[:60] + ("…" if len(head) > 60 else "")


def outline(paras: list[Paragraph], body: tuple[int, int] | None = None) -> pd.DataFrame:
    """One row per numbered heading or 一是-item of the body, with its level and paragraph.

    `body` is the (first, last) paragraph numbers of the letter's body; headings outside it
    (letterhead, attachments) are ignored. Columns: paragraph, level, depth, marker, title.
    """
    first, last = body or (1, paras[-1].n if paras else 0)
    rows = []
    for p in paras:
        if p.n < first or p.n > last:
            continue
        if ATTACHMENT.match(p.norm):
            break
        kind = heading_kind(p.norm)
        if kind:
            rows.append((p.n, kind[0], kind[1], _heading_title(p.norm, kind[1])))
        for m in ENUM_INLINE.finditer(p.norm):
            rest = p.norm[m.end(1) :]
            rows.append((p.n, "一是", m.group(1), _heading_title(rest, "")))
    df = pd.DataFrame(rows, columns=["paragraph", "level", "marker", "title"])
    present = [name for name in LEVEL_NAMES if name in set(df["level"])]
    df.insert(2, "depth", [present.index(lv) + 1 for lv in df["level"]])
    return df


def counts(df: pd.DataFrame) -> dict[str, int]:
    """Top-level sections, second-level subsections and numbered items (1.) of an outline."""
    heading_levels = [lv for lv in LEVEL_NAMES if lv != "一是" and lv in set(df["level"])]
    by_level = df["level"].value_counts()
    top = heading_levels[0] if heading_levels else None
    second = heading_levels[1] if len(heading_levels) > 1 else None
    return {
        "sections": int(by_level.get(top, 0)) if top else 0,
        "subsections": int(by_level.get(second, 0)) if second and second != "1." else 0,
        "numbered_items": int(by_level.get("1.", 0)),
        "top_level": top,
    }

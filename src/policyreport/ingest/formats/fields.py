"""Values of a carrier's metadata as records keep them: ISO dates, titles without repost marks."""

from __future__ import annotations

import re

from policyreport.ingest.formats.words import words

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def iso_date(value) -> str | None:
    """`2024-07-26`, `2019年07月01日`, `2023/09/15 10:00` → `YYYY-MM-DD`; anything else → None."""
    m = _DATE.search(str(value or ""))
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def unmark(title: str) -> str:
    """A title without the repost mark a site puts before it (（转载）…)."""
    for mark in words()["repost_marks"]:
        if title.startswith(mark):
            return title[len(mark) :].strip()
    return title.strip()

"""Keywords in context (concordance lines) from the original paragraphs."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from policyreport.ingest.text import Paragraph

COLUMNS = ["keyword", "paragraph", "left", "match", "right"]


@lru_cache(maxsize=256)
def _flexible(keyword: str) -> re.Pattern:
    """Match a keyword even when the original text has spaces inside it."""
    return re.compile(r"\s*".join(map(re.escape, keyword)))


def kwic(paras: list[Paragraph], keywords: list[str], window: int = 25, max_lines: int = 8) -> pd.DataFrame:
    """Up to `max_lines` concordance lines per keyword, in text order."""
    return pd.DataFrame(kwic_rows(paras, keywords, window, max_lines), columns=COLUMNS)


def kwic_rows(paras: list[Paragraph], keywords: list[str], window: int = 25, max_lines: int = 8) -> list[tuple]:
    """The rows (COLUMNS) of `kwic`: a corpus's lines made into one table, not one per document."""
    rows = []
    for kw in keywords:
        rx, n = _flexible(kw), 0
        for p in paras:
            for m in rx.finditer(p.text):
                if n >= max_lines:
                    break
                rows.append(
                    (kw, p.n, p.text[max(0, m.start() - window) : m.start()], m.group(0), p.text[m.end() : m.end() + window])
                )
                n += 1
    return rows

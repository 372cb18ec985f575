"""Cleaning a document's text into numbered paragraphs and sentences.

Two forms of each paragraph are kept: `text`, the original wording (page-break splits joined,
Markdown `**` marks removed) used for every quote; and `norm`, the form used for analysis
(NFKC, so full- and half-width punctuation and digits are alike; spaces next to Chinese removed).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from policyreport.ingest.patterns import (
    FIELD_LINE,
    HEADING_START,
    TERMINAL_PUNCT,
    TITLE,
    TITLE_PLAIN,
)

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_SPACE_NEAR_CJK = re.compile(
    rf"(?<=[{CJK}\u3000-\u303f\uff00-\uffef“”‘’])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{CJK}\u3000-\u303f\uff00-\uffef“”‘’])"
)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])(?![”’」』)）])|(?<=[。！？!?；;][”’」』)）])")
_MD_HEADING = re.compile(r"^#{1,6}(?=\s|[\u4e00-\u9fff])\s*")
MIN_JOIN_LENGTH = 20
_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}:\S")  # "发布机构:…", a web page's metadata line


@dataclass(frozen=True)
class Paragraph:
    n: int
    text: str
    norm: str
    line: int


@dataclass(frozen=True)
class Sentence:
    paragraph: int
    text: str
    norm: str


def normalize(text: str) -> str:
    """The analysis form of a string: NFKC, no `**`, no spaces next to Chinese characters."""
    s = unicodedata.normalize("NFKC", text.replace("**", ""))
    s = _SPACE_NEAR_CJK.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def _clean_line(line: str) -> str:
    return _INVISIBLE.sub("", line).replace("**", "").replace("\t", " ").strip(" \u3000\u00a0")


def _is_heading(line: str) -> bool:
    return bool(HEADING_START.match(normalize(_MD_HEADING.sub("", line))))


def _continues(prev: str, nxt_raw: str) -> bool:
    """True when `prev` was cut by a page break in mid-sentence and `nxt_raw` carries on."""
    if len(prev) < MIN_JOIN_LENGTH or prev[-1] in TERMINAL_PUNCT:
        return False
    if prev[0] in "（(" and prev[-1] in "）)":
        return False
    if _is_heading(prev) or _MD_HEADING.match(prev):
        return False
    if nxt_raw[:1] in (" ", "\u3000", "\t"):
        return False
    pn = normalize(prev)
    if TITLE.search(pn) or TITLE_PLAIN.match(pn) or FIELD_LINE.match(pn) or _FIELD.match(pn):
        return False
    nxt = _clean_line(nxt_raw)
    nn = normalize(nxt)
    if (nn.endswith(":") and len(nxt) <= 60) or FIELD_LINE.match(nn) or _FIELD.match(nn):
        return False
    return not _is_heading(nxt) and not _MD_HEADING.match(nxt)


def paragraphs(raw: str) -> list[Paragraph]:
    """Split a document into paragraphs (one per non-empty line), joining page-break splits."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    merged: list[tuple[int, str]] = []
    for i, raw_line in enumerate(lines, start=1):
        line = _clean_line(raw_line)
        if not line:
            continue
        if merged and _continues(merged[-1][1], raw_line.replace("**", "")):
            merged[-1] = (merged[-1][0], merged[-1][1] + line)
        else:
            merged.append((i, line))
    return [Paragraph(n, text, normalize(text), line) for n, (line, text) in enumerate(merged, start=1)]


def sentences(paras: list[Paragraph]) -> list[Sentence]:
    """Sentences of the original text (split after 。！？； in either width), with their paragraph."""
    out = []
    for p in paras:
        for piece in _SENTENCE_END.split(p.text):
            piece = piece.strip()
            if piece:
                out.append(Sentence(p.n, piece, normalize(piece)))
    return out


def strip_md_heading(line: str) -> str:
    return _MD_HEADING.sub("", line)

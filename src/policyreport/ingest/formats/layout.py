"""From positioned text (PDF and OFD pages) to paragraphs as the document prints them.

Runs are grouped into lines by their vertical position and ordered left to right; page numbers
(`— 1 —`, `-1-`, `第 1 页`) and running headers and footers (the same line at the top or bottom of
most pages) are removed; a line that reaches the right margin continues onto the next line unless
that one is indented, also across a page break.
"""

from __future__ import annotations

import collections
import re
import statistics
import unicodedata
from dataclasses import dataclass

from policyreport.ingest.formats.words import label_pattern, squeeze, words
from policyreport.ingest.patterns import HAN

PAGE_NUMBER = re.compile(
    r"^[\s\-—–－‐―~·]*(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?)[\s\-—–－‐―~·]*$"
)
_DIGITS = re.compile(r"\d+")
_GLYPH_NAMES = re.compile(r"/G\d{1,5}\b|\bglyph\d+|\buni[0-9A-F]{4}\b|\bcid:?\d+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
EDGE_LINES = 2
COMPATIBILITY = ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0xFB00, 0xFB4F), (0x2F800, 0x2FA1F))


@dataclass(frozen=True)
class Run:
    """A piece of text and its box, in a top-down frame (y grows downwards)."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Line:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


def compatibility(text: str) -> str:
    """Kangxi and CJK radicals, compatibility ideographs and ligatures as the characters they stand
    for (NFKC, ⽂ → 文; the radicals NFKC leaves alone from the word list, ⻅ → 见); full-width
    punctuation and digits stay as printed."""
    radicals = words()["radicals"]
    return "".join(
        radicals.get(c) or unicodedata.normalize("NFKC", c) if any(a <= ord(c) <= b for a, b in COMPATIBILITY) else c
        for c in text
    )


def _join(left: str, right: str) -> str:
    """Chinese joins without a space; two Latin words or numbers keep one."""
    if left and right and _ASCII_WORD.match(left[-1]) and _ASCII_WORD.match(right[0]):
        return left + " " + right
    return left + right


def _same_line(band: list[Run], run: Run) -> bool:
    """A run belongs to a line when their vertical extents overlap by half the lower of the two
    (glyph boxes are tight: `一` is flat, `份` tall)."""
    top = min(r.top for r in band)
    bottom = max(r.bottom for r in band)
    overlap = min(bottom, run.bottom) - max(top, run.top)
    return overlap > 0.5 * max(min(bottom - top, run.bottom - run.top), 0.01)


def _starts_field(runs: list[Run]) -> bool:
    """Whether runs begin with a metadata label and its colon (`主题分类：`): the second field of a
    two-column metadata table, which is a line of its own."""
    m = label_pattern().match(compatibility(squeeze("".join(r.text for r in runs[:8])))[:20])
    return bool(m) and m.group(0)[-1:] in ":："


def _cells(band: list[Run]) -> list[list[Run]]:
    """A line's runs left to right, split where a wide gap comes before a label and its colon."""
    h = max(r.bottom - r.top for r in band) or 1.0
    parts = [[band[0]]]
    for i in range(1, len(band)):
        if band[i].x0 - band[i - 1].x1 > 1.5 * h and _starts_field(band[i:]):
            parts.append([])
        parts[-1].append(band[i])
    return parts


def _line(runs: list[Run]) -> Line | None:
    h = max(r.bottom - r.top for r in runs) or 1.0
    text = runs[0].text
    for prev, run in zip(runs, runs[1:]):
        gap = run.x0 - prev.x1
        latin = bool(text and _ASCII_WORD.match(text[-1]) and _ASCII_WORD.match(run.text[:1]))
        wide = gap > 1.5 * h or (latin and gap > 0.3 * h)
        text = text + " " + run.text if wide and not text.endswith(" ") else text + run.text
    text = text.strip()
    if not text:
        return None
    return Line(runs[0].x0, max(r.x1 for r in runs), min(r.top for r in runs), max(r.bottom for r in runs), text)


def lines(runs: list[Run]) -> list[Line]:
    """Runs grouped into lines, top to bottom, each left to right; a wide gap inside a line (a table's
    cells) becomes a space, as does a gap between two Latin words; the fields of a two-column
    metadata table (`索引号：… 主题分类：…`) are lines of their own."""
    out: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: ((r.top + r.bottom) / 2, r.x0)):
        home = next((band for band in reversed(out[-3:]) if _same_line(band, run)), None)
        if home is None:
            out.append([run])
        else:
            home.append(run)
    result = []
    for band in sorted(out, key=lambda b: min(r.top for r in b)):
        band.sort(key=lambda r: r.x0)
        result += [line for part in _cells(band) if (line := _line(part))]
    return result


def _key(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))


def strip_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without their page numbers and running headers/footers (a line among the first or last
    two of a page whose text, digits aside, is at the edge of at least half the pages, three or more)."""
    counts: dict[str, int] = {}
    for page in pages:
        for key in {_key(ln.text) for ln in page[:EDGE_LINES] + page[-EDGE_LINES:]}:
            counts[key] = counts.get(key, 0) + 1
    running = {k for k, n in counts.items() if n >= 3 and n >= len(pages) / 2}
    out = []
    for page in pages:
        edge = {id(ln) for ln in page[:EDGE_LINES] + page[-EDGE_LINES:]}
        out.append([ln for ln in page if not (id(ln) in edge and (PAGE_NUMBER.match(ln.text) or _key(ln.text) in running))])
    return out


def _margins(pages: list[list[Line]]) -> tuple[float, float]:
    """The text block's left margin (the median of each page's leftmost line) and right margin
    (where nine lines in ten of the document end at the latest)."""
    lefts = [min(ln.x0 for ln in page) for page in pages if page]
    ends = sorted(ln.x1 for page in pages for ln in page)
    if not ends:
        return 0.0, 0.0
    return statistics.median(lefts), ends[int(0.9 * (len(ends) - 1))]


def paragraphs(pages: list[list[Line]]) -> list[str]:
    """Lines joined into paragraphs: a line continues the one before when that one starts near the
    left margin and reaches the right margin, and this one starts at the left margin, close below it
    or atop the next page. A right-aligned date or signature is never continued."""
    left, right = _margins(pages)
    heights = [ln.height for page in pages for ln in page]
    body = statistics.median(heights) if heights else 1.0
    paras: list[str] = []
    prev: Line | None = None
    for page in pages:
        for i, ln in enumerate(page):
            h = ln.height
            wrapped = prev is not None and prev.x1 >= right - 1.5 * prev.height and prev.x0 <= left + 4 * prev.height
            flush = ln.x0 <= left + 0.6 * h
            close = i == 0 or ln.top - prev.bottom < 1.2 * h
            if paras and ((wrapped and flush and close) or (i > 0 and _title_goes_on(prev, ln, body))):
                paras[-1] = _join(paras[-1], ln.text)
            else:
                paras.append(ln.text)
            prev = ln
    return paras


def _title_goes_on(prev: Line, ln: Line, body: float) -> bool:
    """A centred title in a larger type broken over lines: both lines in the same size, larger
    than the body text, centred on the same axis, close together, the first not ending a sentence."""
    big = min(prev.height, ln.height) >= 1.2 * body and abs(prev.height - ln.height) <= 0.15 * prev.height
    centred = abs((prev.x0 + prev.x1) - (ln.x0 + ln.x1)) / 2 <= 1.5 * ln.height
    close = 0 <= ln.top - prev.bottom < 0.8 * ln.height
    return big and centred and close and prev.text[-1:] not in "。；！？:："


def garbled(text: str) -> str | None:
    """Why a text layer is not Chinese text, or None: private-use code points (a font without a
    Unicode map), no letters at all, few Chinese characters, glyph names, Chinese characters crowded
    into one narrow code block (code points shifted by a font's broken ToUnicode table, as in
    standards-press PDFs), or Chinese characters of which hardly any is a common one (glyphs mapped
    to the wrong characters all over the range)."""
    letters = [c for c in text if c.isalpha()]
    private = sum(1 for c in text if "\ue000" <= c <= "\uf8ff")
    if private >= 20 and private >= 0.3 * (len(letters) + private):
        return f"has a text layer of private-use code points ({private:,} characters a font maps to no Unicode character): not read (OCR it first)"
    if not letters:
        return "has no text layer (a scanned PDF; OCR it first): not read"
    cjk = HAN.findall(text)
    names = len(_GLYPH_NAMES.findall(text))
    if names >= 20:
        return f"has a text layer of glyph names ({names} such as /G21), not characters: not read (OCR it first)"
    if len(letters) >= 100 and len(cjk) < 0.2 * len(letters):
        return f"has a garbled text layer ({len(cjk):,} of {len(letters):,} letters are Chinese): not read (OCR it first)"
    if len(cjk) >= 50:
        block, n = collections.Counter(ord(c) // 256 for c in cjk).most_common(1)[0]
        if n >= 0.5 * len(cjk):
            return (
                f"has a garbled text layer ({n / len(cjk):.0%} of its Chinese characters lie in one block, "
                f"U+{block * 256:04X}–U+{block * 256 + 255:04X}: shifted code points): not read (OCR it first)"
            )
        common = set(words()["common_chars"])
        share = sum(1 for c in cjk if c in common) / len(cjk)
        if share < words()["common_share_min"]:
            return (
                f"has a garbled text layer (only {share:.0%} of its Chinese characters are common ones, "
                "against 45 % or more in Chinese text: a wrong character map): not read (OCR it first)"
            )
    return None

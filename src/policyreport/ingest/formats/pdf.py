"""PDF: the text layer in reading order, without page numbers or running headers and footers.

Read with PDFium (pypdfium2), which runs no JavaScript; a PDF that carries any is refused all the
same, as is one that needs a password. A text layer that is not Chinese text (a scan without one,
glyph names, code points shifted by a broken font table) is skipped with the reason: no OCR here.
"""

from __future__ import annotations

import collections
import re

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from policyreport.ingest.formats import layout
from policyreport.ingest.formats.base import DecodeError, Extracted, Options, Result
from policyreport.ingest.patterns import HAN

MAX_PAGES = 3_000
_JS = re.compile(rb"/(?:JavaScript|JS)\b")
_GLYPH_NAMES = re.compile(r"/G\d{1,5}\b|\bglyph\d+|\buni[0-9A-F]{4}\b|\bcid:?\d+")
META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DecodeError("is an encrypted PDF (a password is needed to open it): not read") from None
        raise DecodeError(f"is not a readable PDF ({exc})") from None


def _page_runs(page) -> list[layout.Run]:
    """The page's text runs (PDFium's text rectangles) in a top-down frame."""
    height = page.get_height()
    tp = page.get_textpage()
    try:
        runs = []
        for i in range(tp.count_rects()):
            left, bottom, right, top = tp.get_rect(i)
            text = tp.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", "")
            if text.strip():
                runs.append(layout.Run(left, right, height - top, height - bottom, text))
        return runs
    finally:
        tp.close()


def garbled(text: str) -> str | None:
    """Why a text layer is not Chinese text, or None: no letters at all, few Chinese characters, glyph
    names, or Chinese characters crowded into one narrow code block (code points shifted by a font's
    broken ToUnicode table, as in standards-press PDFs)."""
    letters = [c for c in text if c.isalpha()]
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
    return None


def read(data: bytes, options: Options, name: str = "") -> Result:
    if _JS.search(data):
        raise DecodeError("is a PDF with JavaScript: refused (print it to a new PDF without scripts)")
    pdf = _open(data)
    try:
        if raw.FPDFDoc_GetJavaScriptActionCount(pdf.raw) > 0:
            raise DecodeError("is a PDF with JavaScript: refused (print it to a new PDF without scripts)")
        if len(pdf) > MAX_PAGES:
            raise DecodeError(f"has {len(pdf):,} pages, more than the limit of {MAX_PAGES:,}: not read")
        meta = {k: v for k, v in pdf.get_metadata_dict(skip_empty=True).items() if k in META_KEYS}
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                pages.append(layout.lines(_page_runs(page)))
            finally:
                page.close()
    finally:
        pdf.close()
    paras = layout.paragraphs(layout.strip_furniture(pages))
    text = layout.compatibility("\n\n".join(paras))
    reason = garbled(text)
    if reason:
        raise DecodeError(reason)
    record = {"format": "pdf", "pages": len(pages), "meta": meta}
    return Result([Extracted(text + "\n", record)], encoding="pdf")

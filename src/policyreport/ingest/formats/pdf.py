"""PDF: the text layer in reading order, without page numbers or running headers and footers.

Read with PDFium (pypdfium2), which runs no JavaScript; a PDF that carries any is refused all the
same, as is one that needs a password. A text layer that is not Chinese text (a scan without one,
glyph names, code points shifted by a broken font table) is skipped with the reason: no OCR here.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from policyreport.ingest.formats import layout
from policyreport.ingest.formats.base import DecodeError, Extracted, Options, Result
from policyreport.ingest.formats.layout import garbled

MAX_PAGES = 3_000
_JS = re.compile(rb"/(?:JavaScript|JS)\b")
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

"""Plain text and Markdown: the text as decoded, no publication record."""

from __future__ import annotations

from policyreport.ingest.formats.base import Extracted, Options, Result
from policyreport.ingest.formats.encoding import decode


def read(data: bytes, options: Options, name: str = "") -> Result:
    text, enc = decode(data)
    return Result([Extracted(text)], encoding=enc)

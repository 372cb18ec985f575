"""Decoding the bytes of a text file: byte-order mark, then UTF-8, then GB18030 (a superset of GBK)."""

from __future__ import annotations

import codecs
import unicodedata

from policyreport.ingest.formats.base import DecodeError
from policyreport.ingest.patterns import HAN

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _is_plausible(text: str) -> bool:
    """Reject decodings that are mostly control characters, private-use or rare code points."""
    if not text:
        return True
    bad = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == "\ufffd" or cat in ("Co", "Cs", "Cn") or (cat == "Cc" and ch not in "\t\n\r\f\v"):
            bad += 1
    return bad / len(text) < 0.01


def _common_share(text: str) -> float:
    """Share of characters that ordinary Chinese/ASCII text is made of."""
    common = sum(
        1
        for ch in text
        if ch.isascii() or HAN.match(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·"
    )
    return common / max(len(text), 1)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a text file's bytes; DecodeError with a reason a user understands."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {enc} byte-order mark but does not decode as {enc} ({exc.reason})") from None
            text = text.lstrip("\ufeff")
            if not _is_plausible(text):
                raise DecodeError(f"decodes as {enc} to unreadable characters")
            return text, enc
    if b"\x00" in data:
        raise DecodeError("is a binary file (contains NUL bytes), not a text document")
    try:
        text = data.decode("utf-8")
        enc = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
            enc = "gb18030"
        except UnicodeDecodeError:
            raise DecodeError("is neither UTF-8 nor GB18030/GBK text (undecodable bytes)") from None
        if _common_share(text) < 0.9:
            raise DecodeError("is neither UTF-8 nor GBK text (decoding gives garbage)") from None
    if not _is_plausible(text):
        raise DecodeError(f"decodes as {enc} to control or unassigned characters (binary or corrupt file)")
    return text, enc

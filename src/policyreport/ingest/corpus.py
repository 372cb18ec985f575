"""Reading the corpus: find the files, decode them, reject what cannot be analysed.

Source files are only ever opened for reading. A bad file is reported as `Skipped`
(file name + reason) so that the rest of the corpus is still analysed.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from policyreport.errors import UserError
from policyreport.ingest.patterns import HAN

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WHITESPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]*")
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Document:
    doc_id: str
    file: str
    path: Path
    sha256: str
    encoding: str
    text: str


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


class DecodeError(ValueError):
    """The bytes are not a readable text document; the message says why."""


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
    """Decode a document's bytes: BOM first, then UTF-8, then GB18030 (a superset of GBK).

    Returns (text, encoding name). Raises DecodeError with a reason a user understands.
    """
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


def doc_id_for(file_name: str, taken: set[str], sha: str) -> str:
    """A stable, label-safe id from the file name (ASCII letters, digits, - and _)."""
    stem = Path(file_name).stem.lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")
    if not slug or slug in taken:
        slug = f"{slug or 'doc'}-{sha[:8]}"
    return slug


def find_files(folder: Path, pattern: str) -> list[Path]:
    if not folder.exists():
        raise UserError(f"{folder}: corpus folder does not exist")
    if not folder.is_dir():
        raise UserError(f"{folder}: corpus path is not a folder")
    files = sorted(p for p in folder.glob(pattern) if p.is_file())
    if not files:
        raise UserError(f"{folder}: no files matching '{pattern}' in the corpus folder")
    return files


def read_document(path: Path, taken: set[str]) -> Document:
    """Read and decode one file; raises DecodeError for unusable input."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DecodeError(f"is {size:,} bytes, larger than the limit of {MAX_BYTES:,} bytes")
    data = path.read_bytes()
    if not data:
        raise DecodeError("is empty")
    text, enc = decode(data)
    if WHITESPACE.fullmatch(text):
        raise DecodeError("contains only whitespace")
    sha = hashlib.sha256(data).hexdigest()
    return Document(doc_id_for(path.name, taken, sha), path.name, path, sha, enc, text)


def read_corpus(folder: str | Path, pattern: str = "*.txt") -> tuple[list[Document], list[Skipped]]:
    """All readable documents of a folder (sorted by file name) and the files skipped, with reasons."""
    docs: list[Document] = []
    skipped: list[Skipped] = []
    by_hash: dict[str, str] = {}
    taken: set[str] = set()
    for path in find_files(Path(folder), pattern):
        try:
            doc = read_document(path, taken)
        except DecodeError as exc:
            skipped.append(Skipped(path.name, f"{path.name} {exc}"))
            continue
        except OSError as exc:
            skipped.append(Skipped(path.name, f"{path.name} cannot be read ({exc.strerror})"))
            continue
        if doc.sha256 in by_hash:
            skipped.append(Skipped(path.name, f"{path.name} is a byte-identical duplicate of {by_hash[doc.sha256]}"))
            continue
        by_hash[doc.sha256] = path.name
        taken.add(doc.doc_id)
        docs.append(doc)
    return docs, skipped

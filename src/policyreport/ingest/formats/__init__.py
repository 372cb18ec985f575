"""One reader per file format behind one call, `read(name, data, options)`.

The format is told by the file's first bytes where they say it (PDF, a zip holding a Word document,
a workbook or an OFD, an OLE2 compound file), else by its extension. Readers are imported when first
needed, so reading only `.txt` files loads none of the libraries the others use.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import zipfile
from pathlib import PurePosixPath

from policyreport.ingest.formats.base import DecodeError, Extracted, Options, Result

__all__ = ["DecodeError", "Extracted", "Options", "Result", "SUPPORTED_PATTERN", "TABLE_ROLES", "detect", "read"]

EXTENSIONS = {
    "txt": "text",
    "md": "text",
    "html": "html",
    "htm": "html",
    "shtml": "html",
    "xhtml": "html",
    "pdf": "pdf",
    "docx": "docx",
    "doc": "word97",
    "wps": "word97",
    "ofd": "ofd",
    "xlsx": "tables",
    "csv": "tables",
    "tsv": "tables",
    "jsonl": "tables",
}
SUPPORTED_PATTERN = "*.{" + ",".join(EXTENSIONS) + "}"
TABLE_ROLES = ("text", "title", "issuer", "doc_number", "date", "url")
BINARY = {"pdf", "docx", "word97", "ofd"}
_ZIP_KINDS = (("word/document.xml", "docx"), ("xl/workbook.xml", "tables"), ("OFD.xml", "ofd"))


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def _zip_kind(data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    return next((kind for member, kind in _ZIP_KINDS if member in names), None)


def detect(name: str, data: bytes) -> str:
    """The reader for a file: its magic bytes first (a `.doc` that is really a `.docx` is read as
    one), then its extension (an unknown one is read as text). DecodeError when the two disagree in a way no reader can mend."""
    ext = extension(name)
    by_ext = EXTENSIONS.get(ext)
    if data[:5] == b"%PDF-" or (by_ext == "pdf" and b"%PDF-" in data[:1024]):
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        kind = _zip_kind(data)
        if kind:
            return kind
        raise DecodeError("is a zip archive that is not a Word (.docx), Excel (.xlsx) or OFD document: not read")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "word97"
    if by_ext in BINARY or (by_ext == "tables" and ext == "xlsx"):
        raise DecodeError(f"is named .{ext} but is not a {ext.upper()} file (its first bytes say otherwise): not read")
    return by_ext or "text"


def read(name: str, data: bytes, options: Options | None = None) -> Result:
    """The documents of one file, by the reader its format calls for."""
    kind = detect(name, data)
    module = importlib.import_module(f"policyreport.ingest.formats.{kind}")
    return dataclasses.replace(module.read(data, options or Options(), name), format=kind)

"""Zip containers (DOCX, XLSX, OFD) opened with their sizes checked first, and their XML parsed
without entities, DTDs or network: a zip bomb or an XXE payload is refused before anything expands."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from policyreport.ingest.formats.base import DecodeError

MAX_MEMBERS = 10_000
MAX_TOTAL = 500_000_000
MAX_RATIO = 200
RATIO_FROM = 1_000_000
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=True
)


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The archive, once its member count, uncompressed sizes and compression ratios are sane."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DecodeError(f"is not a readable zip container ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise DecodeError(f"is a zip of {len(infos):,} members, more than {MAX_MEMBERS:,}: refused (zip bomb?)")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL:
        raise DecodeError(f"unpacks to {total:,} bytes, more than {MAX_TOTAL:,}: refused (zip bomb?)")
    for i in infos:
        if i.file_size > RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise DecodeError(
                f"has a member ({i.filename}) compressed {i.file_size // max(i.compress_size, 1):,} to 1: refused (zip bomb?)"
            )
        if i.flag_bits & 0x1:
            raise DecodeError("is an encrypted zip container: not read")
    return zf


def member(zf: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes (at most its declared size, which `open_zip` has checked)."""
    try:
        with zf.open(name) as fh:
            return fh.read(MAX_TOTAL + 1)
    except KeyError:
        raise DecodeError(f"lacks its part {name}: not a complete document") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise DecodeError(f"has a damaged part {name} ({exc})") from None


def xml(data: bytes, name: str):
    """The root element of an XML part. A DOCTYPE (the carrier of entity expansion and external
    entities, never used by OOXML or OFD) is refused; nothing is resolved or fetched."""
    xml_header_check(data[:4096], name)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DecodeError(f"has malformed XML in {name} ({exc.msg})") from None
    if root is None:
        raise DecodeError(f"has an empty XML part {name}")
    if root.getroottree().docinfo.internalDTD is not None:
        raise DecodeError(f"has a DOCTYPE or entity declaration in its XML ({name}): refused")
    return root


def xml_header_check(head: bytes, name: str) -> None:
    """Refuse an XML part whose prolog declares a DOCTYPE or an entity (in UTF-8 or UTF-16)."""
    plain = head.replace(b"\x00", b"").upper()
    if b"<!DOCTYPE" in plain or b"<!ENTITY" in plain:
        raise DecodeError(f"has a DOCTYPE or entity declaration in its XML ({name}): refused")


def local(tag) -> str:
    """An element's name without its namespace."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""

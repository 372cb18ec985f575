"""Word 97–2003 (.doc) and WPS (.wps) files, OLE2 compound documents: not read, with how to convert.

No maintained converter installs from PyPI or Debian short of LibreOffice (about 300 MB), so these
files are skipped with a one-line message; an encrypted Office file or an old Excel workbook in
the same container is named as what it is.
"""

from __future__ import annotations

from policyreport.ingest.formats.base import DecodeError, Options, Result


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def read(data: bytes, options: Options, name: str = "") -> Result:
    if _utf16("EncryptedPackage") in data:
        raise DecodeError("is a password-protected Office document: not read (save an unprotected copy as .docx)")
    if _utf16("Workbook") in data or _utf16("Book") in data[:4096]:
        raise DecodeError("is an Excel 97–2003 workbook (.xls): not read (save it as .xlsx)")
    raise DecodeError(
        "is a Word 97–2003 or WPS document (.doc/.wps): not read (open it in Word or WPS and save it as .docx, "
        "or run: libreoffice --headless --convert-to docx FILE)"
    )

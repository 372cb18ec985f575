"""Each document's original, offered for download in the sources appendix and on its card.

A whole file is copied as it was read (the bytes are read again through the corpus checks and
must still hash to the analysed SHA-256); a table's row is a one-row JSON of its header and
values as read. A file the site would show as a page of its own (a saved web page with the
site's scripts, a Markdown file, which Jupyter Book would even read as a chapter, anything not
on the list of passive formats) is offered only zipped: a `.zip` is never rendered by a browser
or read by Sphinx, and unzipped it gives the file byte for byte. The zip is written the same way
every time (fixed date, order and attributes), so the same file gives the same download.

Layout: the downloads are in `chapters/originals/<doc_id>/`, outside the data folder (the corpus
chapters, which key by the whole data folder, need not hash them); each document's own data
folder holds `original.json` (name, kind, size, SHA-256 of the download), so a document's page,
which links the download, is keyed by exactly what it links.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path, PurePosixPath

from policyreport.errors import BuildError
from policyreport.report.i18n import name as name_of
from policyreport.report.i18n import tr

FOLDER = "originals"  # below the book's chapters/ folder
STUB = "original.json"  # in each document's data folder
# Formats served as they are: no browser runs them as a page of the site, and Sphinx reads none.
PASSIVE = {"pdf": "PDF", "ofd": "OFD", "docx": "Word", "doc": "Word", "wps": "WPS", "txt": "文本"}
_CANONICAL = {"pdf": "pdf", "ofd": "ofd", "docx": "docx", "word97": "doc"}
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _extension(file: str) -> str:
    ext = PurePosixPath(file).suffix.lower().lstrip(".")
    return ext if re.fullmatch(r"[a-z0-9]{1,8}", ext) else "file"


def plan(doc_id: str, file: str, fmt: str, is_row: bool) -> tuple[str, str]:
    """(download name, kind) of a document: kind `row` (a table's row as JSON), `file` (the file
    as it is) or `zip` (the file inside a zip, never served as it is)."""
    if is_row:
        return f"{doc_id}.json", "row"
    ext = _extension(file)
    if fmt in _CANONICAL:
        if fmt == "word97" and ext in ("doc", "wps"):
            return f"{doc_id}.{ext}", "file"
        return f"{doc_id}.{_CANONICAL[fmt]}", "file"
    if fmt == "text" and ext == "txt":
        return f"{doc_id}.txt", "file"
    return f"{doc_id}.{ext}.zip", "zip"


def row_json(doc) -> bytes:
    """A table's row as a one-row JSON: the table, the row, its header and its values as read."""
    table, _, part = doc.file.rpartition("#")
    record = {"file": doc.file, "table": table, "row": part, "header": doc.row["header"], "values": doc.row["values"]}
    return (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def zipped(name: str, data: bytes) -> bytes:
    """`data` as the one member `name` of a zip, the same bytes for the same input."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3  # Unix, whatever the machine that builds
        zf.writestr(info, data)
    return buf.getvalue()


def payload(doc) -> tuple[str, str, bytes]:
    """(name, kind, bytes) of a document's download."""
    from policyreport.ingest.corpus import DecodeError, original_bytes

    name, kind = plan(doc.doc_id, doc.file, doc.format, doc.row is not None)
    if kind == "row":
        return name, kind, row_json(doc)
    try:
        data = original_bytes(doc)
    except (DecodeError, OSError) as exc:
        raise BuildError(f"{doc.file} {exc}") from None
    return name, kind, zipped(PurePosixPath(doc.file).name, data) if kind == "zip" else data


def write(chapters_dir: Path, data_dir: Path, docs: list, out=None) -> dict[str, dict]:
    """Write every document's download and its stub (through `out`, a `store.Disk` by default);
    returns {doc_id: stub}."""
    from policyreport.report.store import DISK

    out = out or DISK
    stubs = {}
    for doc in sorted(docs, key=lambda d: d.doc_id):
        name, kind, data = payload(doc)
        out.write(chapters_dir / FOLDER / doc.doc_id / name, data)
        stub = {"name": name, "kind": kind, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "file": doc.file}
        out.write(
            data_dir / "documents" / doc.doc_id / STUB, (json.dumps(stub, ensure_ascii=False, sort_keys=True) + "\n").encode()
        )
        stubs[doc.doc_id] = stub
    return stubs


def read_stub(folder: Path) -> dict | None:
    """A document's stub from its own data folder (None when the build wrote none)."""
    path = folder / STUB
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _size(n: int) -> str:
    if n < 1024:
        return tr("{n} 字节", n=n)
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def link_text(stub: dict) -> str:
    """What a download link says: the file, its kind and size, and for a zip why it is zipped."""
    name, size = stub["name"], _size(stub["bytes"])
    if stub["kind"] == "row":
        return tr("表格行 {name}（JSON，{size}：表头与本行各列的值）", name=name, size=size)
    if stub["kind"] == "zip":
        return tr("原件 {name}（zip，{size}）", name=name, size=size)
    kind = PASSIVE.get(name.rsplit(".", 1)[-1], "")
    if kind:
        return tr("原件 {name}（{kind}，{size}）", name=name, kind=name_of(kind), size=size)
    return tr("原件 {name}（{size}）", name=name, size=size)


def note(stub: dict) -> str:
    """Why a download is zipped ('' for one that is not)."""
    if stub["kind"] != "zip":
        return ""
    return tr(
        "另存的网页带有原网站的脚本（其他可被浏览器当作网页打开的文件同样处理），本站不把它作为网页提供，"
        "只提供 zip 压缩包下载，解压即逐字节相同的原文件。"
    )


def link(stub: dict, chapters_dir: Path, doc_id: str, here: Path) -> str:
    """The `{download}` role of a document's original, relative to the page folder `here`."""
    from policyreport.report.render import role_text

    rel = os.path.relpath(chapters_dir / FOLDER / doc_id / stub["name"], here).replace(os.sep, "/")
    return f"{{download}}`{role_text(link_text(stub))} <{rel}>`"

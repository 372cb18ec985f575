"""Word (.docx): paragraphs and tables in document order; a merged cell is read once.

Text boxes (a red 版头 is often one) are read where they stand; deleted text, field codes and the
fallback copy of drawings are not. Running headers and footers are left out. The core properties
(title, author, dates) go into the publication record.
"""

from __future__ import annotations

import re

from policyreport.ingest.formats import archive
from policyreport.ingest.formats.archive import local
from policyreport.ingest.formats.base import DecodeError, Extracted, Options, Result

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {"delText", "instrText", "Fallback", "del", "moveFrom"}
_SPACES = re.compile(r"[ \t\u00a0]+")


def _text(el) -> str:
    """A paragraph's or cell's text: runs joined, tabs as spaces, skipped parts left out."""
    out = []
    stack = [el]
    while stack:
        node = stack.pop()
        name = local(node.tag)
        if name in _SKIP:
            continue
        if name == "t" and node.text:
            out.append(node.text)
        elif name in ("tab", "ptab"):
            out.append(" ")
        elif name in ("br", "cr") and local(node.getparent().tag) == "r":
            out.append("\n")
        elif name == "p" and node is not el and out:
            out.append("\n")
        stack.extend(reversed(node))
    return _SPACES.sub(" ", "".join(out)).strip()


def _continued(tc) -> bool:
    """A cell that continues a vertical merge from the row above (read there)."""
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(f"{W}val") in (None, "continue")


def _row(tr) -> str:
    cells = [tc for tc in tr.iter(f"{W}tc") if tc.getparent() is tr or local(tc.getparent().tag) == "sdtContent"]
    texts = [_text(tc).replace("\n", " ") for tc in cells if not _continued(tc)]
    return " ".join(t for t in texts if t)


def blocks(body) -> list[str]:
    """The body's paragraphs and table rows in order (content controls opened)."""
    out: list[str] = []
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        name = local(node.tag)
        if name == "p":
            out += [line for line in _text(node).split("\n") if line.strip()]
        elif name == "tbl":
            for tr in node.iter(f"{W}tr"):
                row = _row(tr)
                if row:
                    out.append(row)
        elif name in ("sdt", "sdtContent", "customXml", "smartTag"):
            stack.extend(reversed(node))
    return out


def _core(zf) -> dict:
    if "docProps/core.xml" not in zf.namelist():
        return {}
    root = archive.xml(archive.member(zf, "docProps/core.xml"), "docProps/core.xml")
    keep = {"title", "creator", "created", "modified", "subject", "keywords"}
    return {local(el.tag): el.text.strip() for el in root if local(el.tag) in keep and el.text and el.text.strip()}


def read(data: bytes, options: Options, name: str = "") -> Result:
    zf = archive.open_zip(data)
    root = archive.xml(archive.member(zf, "word/document.xml"), "word/document.xml")
    body = root.find(f"{W}body")
    if body is None:
        raise DecodeError("is a Word document without a body: not read")
    paras = blocks(body)
    return Result([Extracted("\n\n".join(paras) + "\n", {"format": "docx", "meta": _core(zf)})], encoding="docx")

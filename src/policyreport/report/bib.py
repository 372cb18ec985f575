"""BibTeX: an entry for every source document (from its metadata) and one for the report itself."""

from __future__ import annotations

import re

_LATEX_MARKS = {"^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "$": r"\$"}


def bib_escape(s, latex: bool = False) -> str:
    """Text safe inside a braced field: one line, no backslash (so no command), braces balanced
    away, comment and alignment characters escaped. For the references that pybtex renders on
    the site `$ ^ ~` stay as written (pybtex shows them so); `latex` also escapes them for the
    report's own entry, which readers paste into a LaTeX bibliography."""
    if s is None:
        return ""
    s = re.sub(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+", " ", str(s)).strip()
    s = s.replace("\\", "").replace("{", "(").replace("}", ")")
    s = re.sub(r"([#%&_])", r"\\\1", s)
    if latex:
        s = re.sub(r"[$^~]", lambda m: _LATEX_MARKS[m.group()], s)
    return s


def doc_key(doc_id: str) -> str:
    return f"doc-{doc_id}"


def document_entry(meta: dict) -> str:
    """A @misc entry; the issuing body is a corporate author (double braces keep it whole)."""
    fields = {
        "author": "{" + bib_escape(meta.get("issuer") or "佚名") + "}",
        "title": "{" + bib_escape(meta.get("title") or meta["file"]) + "}",
        "year": str(meta["year"]) if meta.get("year") else "n.d.",
        "number": bib_escape(meta.get("doc_number")),
        "date": meta.get("date") or "",
        "howpublished": bib_escape("；".join(x for x in (meta.get("genre"), meta.get("doc_number")) if x)),
        "note": bib_escape(f"SHA-256 {meta['sha256'][:16]}"),
        "language": "chinese",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@misc{{{doc_key(meta['doc_id'])},\n{body}\n}}\n"


def report_entry(key: str, title: str, author: str, version: str, date: str) -> str:
    return (
        f"@techreport{{{key},\n"
        f"  author = {{{{{bib_escape(author, latex=True)}}}}},\n"
        f"  title = {{{{{bib_escape(title, latex=True)}}}}},\n"
        f"  institution = {{{bib_escape(author, latex=True)}}},\n"
        f"  type = {{研究报告}},\n"
        f"  year = {{{date[:4]}}},\n"
        f"  date = {{{date}}},\n"
        f"  version = {{{version}}},\n"
        f"  note = {{版本 {version}，生成日期 {date}}}\n"
        "}\n"
    )

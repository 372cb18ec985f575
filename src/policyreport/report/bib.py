"""BibTeX: an entry for every source document (from its metadata) and one for the report itself."""

from __future__ import annotations

import re

from policyreport.report import citation


def bib_escape(s) -> str:
    """Text safe inside a BibTeX braced field (LaTeX specials escaped, braces balanced away)."""
    if s is None:
        return ""
    s = re.sub(r"[\r\n\t]+", " ", str(s))
    s = s.replace("\\", "").replace("{", "(").replace("}", ")")
    return re.sub(r"([#$%&_^~])", r"\\\1", s)


def doc_key(doc_id: str) -> str:
    return f"doc-{doc_id}"


def document_entry(meta: dict, base_url: str = "", accessed: str = "") -> str:
    """A @misc entry; the issuing body is a corporate author (double braces keep it whole). A
    field the document does not state is left out (no "n.d."). The URL is the document's own,
    else the report's reprint of it when the site's address is known. The bibliography formats the
    entry in GB/T 7714 (see `bib_style`)."""
    url = meta.get("url") or meta.get("source_url")
    if not url and base_url:  # the report's own reprint of the full text
        url = f"{base_url.rstrip('/')}/chapters/sources/{meta['doc_id']}.html"
    fields = {
        "author": "{" + bib_escape(meta["issuer"]) + "}" if meta.get("issuer") else "",
        "title": "{" + bib_escape(meta.get("title") or meta["file"]) + "}",
        "year": str(meta["year"]) if meta.get("year") else "",
        "number": bib_escape(meta.get("doc_number")),
        "date": meta.get("date") or "",
        "type": bib_escape(meta.get("genre")),
        "url": bib_escape(url) if url else "",
        "urldate": accessed if url else "",
        "note": bib_escape(f"原文：{meta['file']}（SHA-256 {meta['sha256']}）") if not url else "",
        "language": "chinese",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@misc{{{doc_key(meta['doc_id'])},\n{body}\n}}\n"


def report_entry(key: str, title: str, author: str, version: str, date: str) -> str:
    return (
        f"@techreport{{{key},\n"
        f"  author = {{{{{bib_escape(author)}}}}},\n"
        f"  title = {{{{{bib_escape(title)}}}}},\n"
        f"  institution = {{{bib_escape(author)}}},\n"
        f"  type = {{研究报告}},\n"
        f"  year = {{{date[:4]}}},\n"
        f"  date = {{{date}}},\n"
        f"  version = {{{version}}},\n"
        f"  note = {{版本 {version}，生成日期 {date}}}\n"
        "}\n"
    )


def _bib_field(entry, name: str) -> str:
    value = entry.fields.get(name, "")
    return re.sub(r"\\([#$%&_^~])", r"\1", str(value).replace("{", "").replace("}", "")).strip()


def item_from_bibtex(entry) -> dict:
    """The CSL-JSON record of a references.bib entry written by `bib.document_entry`, or of a
    method source from methods.bib (see `bibsources`)."""
    from policyreport.report import bibsources

    if bibsources.is_method_entry(entry):
        return bibsources.item_from_entry(entry)
    authors = [{"literal": str(p).replace("{", "").replace("}", "")} for p in entry.persons.get("author", [])]
    date, year = _bib_field(entry, "date"), _bib_field(entry, "year")
    item = {
        "id": entry.key,
        "type": "legislation",
        "title": _bib_field(entry, "title"),
        "author": authors,
        "number": _bib_field(entry, "number"),
        "issued": citation._date_parts(date or None, int(year) if year.isdigit() else None),
        "URL": _bib_field(entry, "url"),
        "accessed": citation._date_parts(_bib_field(entry, "urldate") or None),
        "language": "zh-CN",
    }
    return {k: v for k, v in item.items() if v}


def bib_style():
    """A pybtex formatting style ('gbt7714', used by sphinxcontrib-bibtex) that formats each
    entry through citeproc-py and the GB/T 7714-2015 CSL style; labels are numbers in order of
    citation."""
    from pybtex.richtext import Text
    from pybtex.style import FormattedEntry
    from pybtex.style.formatting import BaseStyle

    from policyreport.report import bibsources

    class GBT7714Style(BaseStyle):
        default_sorting_style = "none"

        def format_entry(self, label, entry, bib_data=None):
            item = item_from_bibtex(entry)
            return FormattedEntry(entry.key, Text(bibsources.localise(citation.gbt7714([item])[0], item)), label)

    return GBT7714Style

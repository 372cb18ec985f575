"""BibTeX: an entry for every source document (from its metadata) and one for the report itself."""

from __future__ import annotations

import json
import re

from policyreport.report import citation, i18n
from policyreport.report.i18n import tr

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


def document_entry(meta: dict, base_url: str = "", accessed: str = "") -> str:
    """The BibTeX form of `citation.document_item` (one source for both): @online for a web
    reprint, @misc otherwise; the issuing body is a corporate author (double braces keep it
    whole); a field the document does not state is left out (no "n.d.")."""
    item = citation.document_item(meta, accessed or None, base_url)
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    fields = {
        "author": "{" + bib_escape(meta["issuer"]) + "}" if meta.get("issuer") else "",
        "title": "{" + bib_escape(item["title"]) + "}",
        "year": str(parts[0]) if parts else "",
        "number": bib_escape(item.get("number")),
        "date": "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) if len(parts) == 3 else "",
        "publisher": bib_escape(item.get("publisher")),
        "type": bib_escape(item.get("genre")),
        "url": bib_escape(item.get("URL")),
        "urldate": accessed if item.get("URL") else "",
        "note": bib_escape(item.get("note")),
        "language": "chinese",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    kind = "online" if item["type"] == "webpage" else "misc"
    return f"@{kind}{{{doc_key(meta['doc_id'])},\n{body}\n}}\n"


def report_entry(key: str, title: str, author: str, version: str, date: str) -> str:
    return (
        f"@techreport{{{key},\n"
        f"  author = {{{{{bib_escape(author, latex=True)}}}}},\n"
        f"  title = {{{{{bib_escape(title, latex=True)}}}}},\n"
        f"  institution = {{{bib_escape(author, latex=True)}}},\n"
        f"  type = {{{tr('研究报告')}}},\n"
        f"  year = {{{date[:4]}}},\n"
        f"  date = {{{date}}},\n"
        f"  version = {{{version}}},\n"
        f"  note = {{{tr('版本 {version}，生成日期 {date}', version=version, date=i18n.date(date))}}}\n"
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
        "type": "webpage" if entry.type.lower() == "online" else "document",
        "title": _bib_field(entry, "title"),
        "author": authors,
        "number": _bib_field(entry, "number"),
        "publisher": _bib_field(entry, "publisher"),
        "issued": citation._date_parts(date or None, int(year) if year.isdigit() else None),
        "URL": _bib_field(entry, "url"),
        "accessed": citation._date_parts(_bib_field(entry, "urldate") or None),
        "language": "zh-CN",
    }
    return {k: v for k, v in item.items() if v}


def reference(item: dict) -> str:
    """An entry's GB/T 7714-2015 reference: citeproc-py, then the details it cannot switch per entry."""
    from policyreport.report import bibsources

    return bibsources.localise(citation.gbt7714([item])[0], item)


class References:
    """References by their CSL-JSON record, each formatted once: `kept` holds those of the last
    build (`sphinxext.bib_cache` keeps them in Sphinx's environment), `used` those asked for since."""

    def __init__(self):
        self.kept: dict[str, str] = {}
        self.used: dict[str, str] = {}

    def text(self, item: dict) -> str:
        key = json.dumps(item, ensure_ascii=False, sort_keys=True)
        if key not in self.used:
            self.used[key] = self.kept[key] if key in self.kept else reference(item)
        return self.used[key]

    def restore(self, kept: dict[str, str]) -> None:
        self.kept, self.used = dict(kept), {}


REFERENCES = References()  # the style's, for the Sphinx process it runs in


def bib_style():
    """A pybtex formatting style ('gbt7714', used by sphinxcontrib-bibtex) that formats each
    entry through citeproc-py and the GB/T 7714-2015 CSL style (once per record, `REFERENCES`);
    labels are numbers in order of citation."""
    from pybtex.richtext import Text
    from pybtex.style import FormattedEntry
    from pybtex.style.formatting import BaseStyle

    class GBT7714Style(BaseStyle):
        default_sorting_style = "none"

        def format_entry(self, label, entry, bib_data=None):
            return FormattedEntry(entry.key, Text(REFERENCES.text(item_from_bibtex(entry))), label)

    return GBT7714Style

"""The method sources (skeleton/methods.bib) as CSL-JSON, so that the GB/T 7714 style formats
them like the documents: journal articles [J], proceedings papers [C], books [M], standards [S],
regulations [A], software [CP], web pages [EB/OL]."""

from __future__ import annotations

import re

from policyreport.paths import SKELETON

METHODS_BIB = SKELETON / "methods.bib"

CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "book": "book",
    "techreport": "report",
    "standard": "standard",
    "legislation": "legislation",
    "software": "software",
    "online": "webpage",
}

FIELDS = {  # BibTeX field → CSL-JSON variable
    "title": "title",
    "journal": "container-title",
    "booktitle": "container-title",
    "publisher": "publisher",
    "address": "publisher-place",
    "volume": "volume",
    "number": "issue",
    "pages": "page",
    "doi": "DOI",
    "url": "URL",
    "version": "version",
}


def _plain(value) -> str:
    return re.sub(r"\s+", " ", str(value).replace("{", "").replace("}", "")).strip()


def _person(person) -> dict:
    family = _plain(" ".join(person.prelast_names + person.last_names))
    given = _plain(" ".join(person.first_names + person.middle_names))
    return {"family": family, "given": given} if given else {"literal": family}


def is_method_entry(entry) -> bool:
    return entry.type.lower() in CSL_TYPES and not entry.key.startswith("doc-")


def item_from_entry(entry) -> dict:
    """The CSL-JSON record of a methods.bib entry (a document number stays 'number', a journal
    issue becomes 'issue'; pages use an en dash)."""
    kind = CSL_TYPES[entry.type.lower()]
    item = {"id": entry.key, "type": kind, "author": [_person(p) for p in entry.persons.get("author", [])]}
    for field, variable in FIELDS.items():
        if field in entry.fields:
            item[variable] = _plain(entry.fields[field])
    if kind in ("standard", "legislation") and "issue" in item:
        item["number"] = item.pop("issue")
    if "page" in item:
        item["page"] = item["page"].replace("--", "–")
    year, date = _plain(entry.fields.get("year", "")), _plain(entry.fields.get("date", ""))
    if date:
        item["issued"] = {"date-parts": [[int(x) for x in date.split("-")[:3]]]}
    elif year.isdigit():
        item["issued"] = {"date-parts": [[int(year)]]}
    item["language"] = "zh-CN" if _plain(entry.fields.get("language", "")) == "chinese" else "en"
    return {k: v for k, v in item.items() if v}


def localise(text: str, item: dict) -> str:
    """GB/T 7714 details citeproc-py cannot switch per entry: a Western-language entry ends its
    author list with "et al." (not 等), and an organisation as author keeps its own case (only
    personal surnames are set in capitals)."""
    if item.get("language") == "en":
        text = text.replace(", 等.", ", et al.")
    for a in item.get("author", []):
        if "literal" in a and a["literal"].upper() != a["literal"]:
            text = text.replace(a["literal"].upper(), a["literal"], 1)
    return text

"""How to cite the report and its sources: CSL-JSON items, formatted in GB/T 7714-2015 by
citeproc-py with the published CSL style, plus BibTeX, RIS, CITATION.cff, .zenodo.json and the
Google Scholar / Open Graph meta tags of the site.

One source of truth: `report_item` and `document_item` build the CSL-JSON records; every other
form is derived from them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import yaml

from policyreport.report import i18n
from policyreport.report.i18n import tr
from policyreport.urls import DOI, http_url

STYLE = Path(__file__).parent / "csl" / "china-national-standard-gb-t-7714-2015-numeric.csl"
_CJK = re.compile(r"[\u3400-\u9fff]")


def _date_parts(date: str | None, year: int | None = None) -> dict | None:
    if date:
        return {"date-parts": [[int(x) for x in str(date).split("-")[:3]]]}
    if year:
        return {"date-parts": [[int(year)]]}
    return None


# Words that make a Latin-script author a body, cited as written (not as FAMILY Given).
_GROUP_WORD = re.compile(
    r"\b(?:team|group|project|office|cent(?:er|re)|institute|university|college|school|commission|ministry|"
    r"department|laboratory|lab|association|committee|council|bureau|agency|consortium|network)s?\b",
    re.IGNORECASE,
)


def _person(name: str) -> dict:
    """A Chinese name or an organisation stays whole (no family/given split, no initials)."""
    from policyreport.report.render import one_line

    name = one_line(name)
    if _CJK.search(name) or " " not in name or _GROUP_WORD.search(name):
        return {"literal": name}
    given, family = name.rsplit(" ", 1)
    return {"family": family, "given": given}


def report_authors(report: dict, params: dict) -> list[dict]:
    """`authors` from the parameters ({name, orcid, affiliation}), else the `author` string, else
    none: a report without an author is cited without one, never under a made-up name."""
    from policyreport.report.render import one_line

    people = [a for a in params.get("authors") or [] if isinstance(a, dict) and one_line(a.get("name") or "")]
    author = one_line(report.get("author") or params.get("author") or "")
    return people or ([{"name": author}] if author else [])


NO_AUTHOR = "本报告未设置作者（参数 authors 或 author），以下引用信息没有责任者；发布前请补充。"


def report_version(report: dict, params: dict) -> str:
    return params.get("version_label") or report.get("version", "")


def _clean(value):
    """Strings on one line without control characters, in lists and dicts too: every citation
    format below is line-based, so a line break in a value would add fields or close a block."""
    from policyreport.report.render import one_line

    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def report_item(report: dict, params: dict) -> dict:
    """The report as a CSL-JSON record (type report: [R/OL] in GB/T 7714). Only an http(s)
    base URL and a well-formed DOI are kept (the parameters are checked on load as well)."""
    base = (http_url(params.get("base_url") or "") or "").rstrip("/")
    people = report_authors(report, params)
    item = {
        "id": f"policyreport-{report.get('version', '')}",
        "type": "report",
        "title": report.get("title") or params.get("title", ""),
        "author": [_person(a["name"]) for a in people],
        "publisher": (people[0].get("affiliation") if people else "") or report.get("author") or params.get("author") or "",
        "genre": tr("研究报告"),
        "version": report_version(report, params),
        "issued": _date_parts(report.get("build_date")),
        "language": "en" if i18n.english() else "zh-CN",
    }
    if base:
        item["URL"] = base + "/"
        item["accessed"] = _date_parts(report.get("build_date"))
    if params.get("doi") and DOI.fullmatch(str(params["doi"])):
        item["DOI"] = params["doi"]
    return _clean({k: v for k, v in item.items() if v})


DATED_BY_DOCUMENT, DATED_BY_YEAR, DATED_BY_PAGE = "成文日期", "仅知年份", "发布日期"


def dating(meta: dict) -> tuple[str | None, str | None]:
    """(kind, date) a document is placed in time by: its 成文日期; else the year read from the
    document (文号, text); else the date of the page that published it; else (None, None)."""
    if meta.get("date"):
        return DATED_BY_DOCUMENT, str(meta["date"])
    if meta.get("year"):
        return DATED_BY_YEAR, str(meta["year"])
    page = (meta.get("publication") or {}).get("page_date")
    return (DATED_BY_PAGE, str(page)) if page else (None, None)


def document_item(meta: dict, accessed: str | None = None, base_url: str = "") -> dict:
    """A source document: issuer as author, title, 文号, date. GB/T 7714-2015 has no type for an
    official document; as journals cite them, one read from a web page or database with its own
    address is an electronic bulletin ([EB/OL], the site or database as publisher), any other is
    [Z] (其他), [Z/OL] with the report's copy as its address. A web reprint is cited as what it is,
    with the reprinting site and the page's date. The URL is the page's or export's own, else the
    report's copy of the text when the site's address is known; the access date goes with a URL.
    Without any URL the file it was read from is named in a note. Nothing is invented: a missing
    date is left out (no "n.d.")."""
    pub = meta.get("publication") or {}
    reprint = bool(pub.get("reprint"))
    own_url = http_url(meta.get("url") or meta.get("source_url") or pub.get("url"))
    url = own_url
    if not url and http_url(base_url):  # the report's own copy of the text: [Z/OL]
        url = f"{base_url.rstrip('/')}/chapters/sources/{meta['doc_id']}.html"
    kind, when = dating(meta)
    if reprint and pub.get("page_date"):
        when = str(pub["page_date"])
    item = {
        "id": f"doc-{meta['doc_id']}",
        "type": "webpage" if reprint or own_url else "document",
        "title": meta.get("title") or meta["file"],
        "author": [{"literal": meta["issuer"]}] if meta.get("issuer") else None,
        "number": meta.get("doc_number"),
        "issued": _date_parts(when) if when else None,
        "publisher": pub.get("export") or (pub.get("site") if reprint or own_url or kind == DATED_BY_PAGE else None),
        "genre": meta.get("genre"),
        "language": "zh-CN",
    }
    if url:
        item["URL"] = url
        item["accessed"] = _date_parts(accessed)
    else:
        item["note"] = tr("原文：{file}（SHA-256 {sha}）", file=meta["file"], sha=meta.get("sha256", ""))
    return _clean({k: v for k, v in item.items() if v})


def _group_process(self, item, context=None, **kwargs):
    """cs:group as CSL 1.0.2 says and citeproc-js does: suppressed only when a variable it
    *tried to render* was empty. citeproc-py 0.11 also counts variables named in branches of a
    cs:choose that were not taken, and so drops the style's `[R]`, `[A]` type markers."""
    from citeproc.model import Choose, VariableError

    output, called, rendered = [], False, False
    delimiter = self.get("delimiter", "")
    for child in self.iterchildren():
        try:
            extra = {"delimiter": delimiter} if isinstance(child, Choose) else {}
            text = child.render(item, context=context, **extra, **kwargs)
        except VariableError:
            called = True
            continue
        if text is not None:
            output.append(text)
            rendered = rendered or child.calls_variable()
    if output and (rendered or not called):
        return self.join(output)
    raise VariableError


def _name_part(self, given, family):
    """A family name in upper case as GB/T 7714 wants for Western names (SMITH J), but a Chinese
    name or an organisation (any name with Chinese characters) as written: `policyreport 项目组`."""
    if self.get("name") == "given":
        given = self.wrap(self.format(self.case(given)))
    elif self.get("name") == "family":
        family = self.wrap(self.format(family if _CJK.search(str(family)) else self.case(family)))
    return given, family


@lru_cache(maxsize=1)
def _style():
    from citeproc import CitationStylesStyle
    from citeproc.model import Group, Name_Part

    Group.process = _group_process
    Name_Part.format_part = _name_part
    return CitationStylesStyle(str(STYLE), validate=False)


def gbt7714(items: list[dict]) -> list[str]:
    """Each item as a GB/T 7714-2015 reference (plain text, without its [n] number)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bib = CitationStylesBibliography(_style(), CiteProcJSON([dict(i) for i in items]), formatter.plain)
    for i in items:
        bib.register(Citation([CitationItem(i["id"])]))
    return [re.sub(r"^\[\d+\]\s*", "", str(entry)).strip() for entry in bib.bibliography()]


def bibtex(item: dict) -> str:
    """The report item as a BibTeX @techreport (names kept whole with braces), every value
    through the one BibTeX escaper (`bib.bib_escape`)."""
    from policyreport.report.bib import bib_escape

    def _bib_value(s) -> str:
        return bib_escape(s, latex=True)

    names = " and ".join(
        "{" + _bib_value(a.get("literal") or f"{a['family']}, {a['given']}") + "}" for a in item.get("author", [])
    )
    year = item["issued"]["date-parts"][0][0]
    fields = {
        "author": names,
        "title": "{" + _bib_value(item["title"]) + "}",
        "institution": "{" + _bib_value(item.get("publisher", "")) + "}",
        "type": tr("研究报告"),
        "year": str(year),
        "version": _bib_value(item.get("version", "")),
        "doi": item.get("DOI", ""),  # checked by `DOI` and `http_url`: no brace, backslash or space
        "url": item.get("URL", ""),
        "language": "english" if i18n.english() else "chinese",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    key = re.sub(r"[^A-Za-z0-9_.:-]", "-", item["id"])
    return f"@techreport{{{key},\n{body}\n}}"


def ris(item: dict) -> str:
    """The report item as RIS (reference managers: Zotero, EndNote, NoteExpress)."""
    parts = item["issued"]["date-parts"][0]
    lines = ["TY  - RPRT"]
    lines += [f"AU  - {a.get('literal') or a['family'] + ', ' + a['given']}" for a in item.get("author", [])]
    lines += [f"TI  - {item['title']}", f"PY  - {parts[0]}", f"DA  - {'/'.join(f'{p:02d}' for p in parts)}"]
    for tag, key in (("PB", "publisher"), ("ET", "version"), ("DO", "DOI"), ("UR", "URL")):
        if item.get(key):
            lines.append(f"{tag}  - {item[key]}")
    lines += ["LA  - " + ("en" if i18n.english() else "zh-CN"), "ER  - "]
    return "\n".join(lines)


def csl_json(item: dict) -> str:
    return json.dumps([item], ensure_ascii=False, indent=2)


def citation_cff(item: dict, report: dict, params: dict, abstract: str = "") -> str | None:
    """CITATION.cff (Citation File Format 1.2.0) for the published site; None without an author
    (the format requires one). CFF's own `type` is software or dataset, so the file describes
    the report's data and code as a dataset and asks to be cited as a report
    (`preferred-citation`, type report, as in BibTeX, RIS, CSL-JSON and .zenodo.json)."""
    authors = []
    for a in report_authors(report, params):
        person = (
            {"name": a["name"]}
            if _CJK.search(a["name"]) or " " not in a["name"]
            else {
                "given-names": a["name"].rsplit(" ", 1)[0],
                "family-names": a["name"].rsplit(" ", 1)[1],
            }
        )
        if a.get("orcid"):
            person["orcid"] = f"https://orcid.org/{a['orcid']}"
        if a.get("affiliation"):
            person["affiliation"] = a["affiliation"]
        authors.append(person)
    if not authors:
        return None
    common = {"title": item["title"], "authors": authors}
    for key, cff_key in (("DOI", "doi"), ("URL", "url")):
        if item.get(key):
            common[cff_key] = item[key]
    preferred = {"type": "report", **common}
    if item.get("publisher"):
        preferred["institution"] = {"name": item["publisher"]}
    if item.get("version"):
        preferred["version"] = item["version"]
    preferred["year"] = item["issued"]["date-parts"][0][0]
    cff = {
        "cff-version": "1.2.0",
        "message": tr("引用本报告时请使用以下元数据。"),
        "type": "dataset",
        **common,
        "version": item.get("version", ""),
        "date-released": report.get("build_date", ""),
        **({"abstract": abstract} if abstract else {}),
        "preferred-citation": preferred,
    }
    return yaml.safe_dump(cff, allow_unicode=True, sort_keys=False)


def zenodo_json(item: dict, report: dict, params: dict, abstract: str = "") -> str | None:
    """.zenodo.json: the deposit metadata Zenodo reads from a GitHub release; None without an
    author (Zenodo requires creators)."""
    creators = []
    for a in report_authors(report, params):
        c = {"name": a["name"]}
        if a.get("orcid"):
            c["orcid"] = a["orcid"]
        if a.get("affiliation"):
            c["affiliation"] = a["affiliation"]
        creators.append(c)
    if not creators:
        return None
    meta = {
        "title": item["title"],
        "upload_type": "publication",
        "publication_type": "report",
        "creators": creators,
        "version": item.get("version", ""),
        "publication_date": report.get("build_date", ""),
        "language": "eng" if i18n.english() else "zho",
        "description": abstract or item["title"],
    }
    if item.get("DOI"):
        meta["doi"] = item["DOI"]
    return json.dumps(meta, ensure_ascii=False, indent=2)


def meta_tags(
    item: dict, report: dict, params: dict, page_title: str, page_url: str | None, pdf_url: str | None
) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of the Google Scholar `citation_*` and Open Graph tags of a page."""
    tags = [("name", "citation_title", item["title"])]
    tags += [("name", "citation_author", a["name"]) for a in report_authors(report, params)]
    tags += [
        ("name", "citation_publication_date", report.get("build_date", "").replace("-", "/")),
        ("name", "citation_technical_report_institution", item.get("publisher", "")),
        ("name", "citation_language", i18n.language()),
    ]
    for a in report_authors(report, params):
        if a.get("affiliation"):
            tags.append(("name", "citation_author_institution", a["affiliation"]))
    if item.get("DOI"):
        tags.append(("name", "citation_doi", item["DOI"]))
    if pdf_url:
        tags.append(("name", "citation_pdf_url", pdf_url))
    tags += [
        ("property", "og:title", page_title),
        ("property", "og:type", "article"),
        ("property", "og:site_name", item["title"]),
        ("property", "og:locale", "en_GB" if i18n.english() else "zh_CN"),
    ]
    if page_url:
        tags.append(("property", "og:url", page_url))
    from policyreport.report.render import one_line

    return [(a, n, one_line(c)) for a, n, c in tags if one_line(c)]


def cite_block(info: dict) -> str:
    """MyST Markdown for the landing page: GB/T 7714 (in the PDF too), then BibTeX, RIS and
    CSL-JSON (site only), each in a code block that sphinx-copybutton gives a copy button.
    The blocks are built from the texts (`render.code_block`, `render.only`): no value of a
    parameter can close a fence."""
    from policyreport.report import render

    report, params = info["report"], info.get("params_shown") or {}
    item = report_item(report, params)
    text = gbt7714([item])[0]
    note = [tr("**注意**：") + tr(NO_AUTHOR)] if not item.get("author") else []
    site_only = "\n\n".join(
        [
            "**BibTeX**",
            render.code_block(bibtex(item), "bibtex"),
            "**RIS**",
            render.code_block(ris(item)),
            "**CSL-JSON**",
            render.code_block(csl_json(item), "json"),
        ]
    )
    return "\n\n".join(
        [
            *note,
            "**GB/T 7714—2015**",
            render.code_block(text, options={"class": "cite-gbt7714"}),
            render.only("html", site_only),
        ]
    )

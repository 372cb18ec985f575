"""Citations of the report and its sources: GB/T 7714-2015 through citeproc-py and the published
CSL style, and the machine-readable forms derived from the same record. Expected strings were
written by hand from GB/T 7714-2015 (4.1 专著 / 8.1 著录用文字, type codes [R] [EB] [Z], /OL, access date). An official document has no
type of its own in the standard: read from its own web address it is cited as journals do, [EB/OL];
otherwise [Z] (其他), [Z/OL] with the report's copy as its address."""

import json

import pytest
import yaml

from policyreport.errors import UserError
from policyreport.publish import deploy
from policyreport.report import bib, citation

DOC = {
    "doc_id": "001_4d260a6c99f69cce",
    "file": "001_4d260a6c99f69cce.txt",
    "title": "对区七届人大四次会议第7-4-T015号代表建议的答复",
    "issuer": "上海市嘉定区卫生健康委员会",
    "doc_number": "嘉卫建提〔2024〕27号",
    "date": None,
    "year": 2024,
    "genre": "人大代表建议答复",
    "sha256": "59fb339c42307b099c368612dbb2e6c60e7a80ac146ca76cb23bba780c96aead",
}
REPORT = {
    "title": "卫生健康与医药产业政策文本分析报告",
    "author": "policyreport 项目组",
    "version": "2d5dcba1a0a9",
    "build_date": "2026-12-01",
}
PEOPLE = {
    "authors": [{"name": "张三", "orcid": "0000-0002-1825-0097", "affiliation": "某某大学"}, {"name": "Jane Smith"}],
    "base_url": "https://example.org/r/",
    "doi": "10.5281/zenodo.1234567",
    "version_label": "v1.0",
}


@pytest.mark.parametrize(
    "item, expected",
    [
        (
            citation.document_item(DOC),
            "上海市嘉定区卫生健康委员会. 对区七届人大四次会议第7-4-T015号代表建议的答复: 嘉卫建提〔2024〕27号[Z]. 2024.",
        ),
        (
            citation.document_item(dict(DOC, url="http://www.jiading.gov.cn/a.html", date="2024-06-14"), "2026-12-01"),
            "上海市嘉定区卫生健康委员会. 对区七届人大四次会议第7-4-T015号代表建议的答复: 嘉卫建提〔2024〕27号[EB/OL]. "
            "(2024-06-14)[2026-12-01]. http://www.jiading.gov.cn/a.html.",
        ),
        (
            citation.document_item(dict(DOC, issuer=None, doc_number=None, year=None)),
            "对区七届人大四次会议第7-4-T015号代表建议的答复[Z].",
        ),
        (
            citation.report_item(REPORT, PEOPLE),
            "张三, SMITH J. 卫生健康与医药产业政策文本分析报告[R/OL]. 某某大学, 2026[2026-12-01]. "
            "https://example.org/r/. DOI:10.5281/zenodo.1234567.",
        ),
    ],
)
def test_gbt7714_entries(item, expected):
    assert citation.gbt7714([item]) == [expected]


def test_bibliography_style_formats_references_bib_entries_in_gbt7714():
    from pybtex.database import parse_string

    entry = bib.document_entry(DOC, "https://example.org/r/", "2026-12-01")
    assert "n.d." not in entry
    data = parse_string(entry, "bibtex")
    formatted = list(bib.bib_style()().format_entries(data.entries.values()))
    assert formatted[0].label == "1"
    assert formatted[0].text.render_as("text") == (
        "上海市嘉定区卫生健康委员会. 对区七届人大四次会议第7-4-T015号代表建议的答复: 嘉卫建提〔2024〕27号[Z/OL]. "
        "(2024)[2026-12-01]. https://example.org/r/chapters/sources/001_4d260a6c99f69cce.html."
    )


def test_machine_readable_forms_agree():
    item = citation.report_item(REPORT, PEOPLE)
    assert item["version"] == "v1.0"
    assert "author = {{张三} and {Smith, Jane}}" in citation.bibtex(item)
    ris = citation.ris(item).splitlines()
    assert ris[0] == "TY  - RPRT" and "AU  - 张三" in ris and "DO  - 10.5281/zenodo.1234567" in ris and ris[-1] == "ER  - "
    assert json.loads(citation.csl_json(item))[0]["author"][0] == {"literal": "张三"}
    cff = yaml.safe_load(citation.citation_cff(item, REPORT, PEOPLE))
    assert cff["authors"][0] == {"name": "张三", "orcid": "https://orcid.org/0000-0002-1825-0097", "affiliation": "某某大学"}
    assert cff["authors"][1] == {"given-names": "Jane", "family-names": "Smith"} and cff["doi"] == "10.5281/zenodo.1234567"
    zen = json.loads(citation.zenodo_json(item, REPORT, PEOPLE))
    assert zen["creators"][0]["orcid"] == "0000-0002-1825-0097" and zen["upload_type"] == "publication"
    tags = citation.meta_tags(item, REPORT, PEOPLE, "文件概览", "https://example.org/r/chapters/overview.html", None)
    assert ("name", "citation_author", "Jane Smith") in tags and (
        "property",
        "og:url",
        "https://example.org/r/chapters/overview.html",
    ) in tags


def test_sitemap_and_robots(tmp_path):
    html = tmp_path / "html"
    (html / "chapters").mkdir(parents=True)
    for rel in ("index.html", "search.html", "chapters/overview.html", "_static/x.html"):
        (html / rel).parent.mkdir(parents=True, exist_ok=True)
        (html / rel).write_text("<html></html>", encoding="utf-8")
    site = deploy.write_site(html, None, tmp_path / "site", "https://example.org/r", "2026-12-01")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") == 2 and "<loc>https://example.org/r/chapters/overview.html</loc>" in sitemap
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith("Sitemap: https://example.org/r/sitemap.xml\n")
    assert (site / ".nojekyll").is_file()
    with pytest.raises(UserError, match="absolute http"):
        deploy.check_base_url("example.org/r")


@pytest.mark.parametrize(
    "name, cited",
    [
        ("policyreport project team", {"literal": "policyreport project team"}),
        ("Policy Lab of X University", {"literal": "Policy Lab of X University"}),
        ("Jane Smith", {"family": "Smith", "given": "Jane"}),
        ("policyreport 项目组", {"literal": "policyreport 项目组"}),
        ("张三", {"literal": "张三"}),
    ],
)
def test_a_body_is_cited_as_written_and_a_person_by_family_name(name, cited):
    """An English report's team author is a body (not 'TEAM policyreport project'); a person is FAMILY Given."""
    assert citation._person(name) == cited

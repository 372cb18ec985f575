"""The method sources: every key cited in a template or view exists in methods.bib, and entries
format in GB/T 7714 with their type marker."""

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from policyreport.report import bib, bibsources, citation

SRC = Path(bibsources.__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def entries():
    return parse_file(str(bibsources.METHODS_BIB)).entries


def cited_keys() -> set[str]:
    keys = set()
    for path in [*(SRC / "templates").glob("*.md"), *(SRC / "report" / "views").glob("*.py")]:
        for group in re.findall(r"\{cite:p\}`([^`]+)`", path.read_text(encoding="utf-8")):
            keys.update(k.strip() for k in group.split(","))
    return {k for k in keys if not k.startswith("doc-")}


def test_every_cited_method_key_is_in_the_bibliography(entries):
    missing = cited_keys() - set(entries)
    assert cited_keys() and not missing, missing


@pytest.mark.parametrize(
    "key, expected",
    [
        (
            "monroe2008",
            "MONROE B L, COLARESI M P, QUINN K M. Fightin' words: lexical feature selection and evaluation for "
            "identifying the content of political conflict[J/OL]. Political Analysis, 2008, 16(4): 372-403. "
            "DOI:10.1093/pan/mpn018.",
        ),
        (
            "peng2008policy",
            "彭纪生, 仲为国, 孙文祥. 政策测量、政策协同演变与经济绩效：基于创新政策的实证研究[J]. 管理世界, 2008(9): 25-36.",
        ),
        (
            "gbt9704",
            "中华人民共和国国家质量监督检验检疫总局, 中国国家标准化管理委员会. 党政机关公文格式: GB/T 9704—2012[S]. 2012.",
        ),
        ("rothwell1985", "ROTHWELL R, ZEGVELD W. Reindustrialization and Technology[M]. Harlow: Longman, 1985."),
    ],
)
def test_entries_format_in_gbt7714(entries, key, expected):
    assert citation.gbt7714([bib.item_from_bibtex(entries[key])])[0] == expected


def test_document_entries_still_format_as_documents():
    from pybtex.database import parse_string

    text = bib.document_entry(
        {"doc_id": "a", "file": "a.txt", "issuer": "深圳市人民政府", "title": "某某办法", "year": 2020, "sha256": "0"}
    )
    entry = parse_string(text, "bibtex").entries["doc-a"]
    assert bib.item_from_bibtex(entry)["type"] == "document"


@pytest.mark.parametrize(
    "key, expected",
    [
        ("callon1983", "CALLON M, COURTIAL J P, TURNER W A, et al. From translations"),
        ("huang2011windpower", "黄萃, 苏竣, 施丽萍, 等. 政策工具视角"),
        ("papermill", "nteract team. papermill"),
    ],
)
def test_western_entries_say_et_al_and_organisations_keep_their_case(entries, key, expected):
    style = bib.bib_style()()
    assert str(style.format_entry("1", entries[key]).text).startswith(expected)

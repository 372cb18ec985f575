"""The method sources as a reader sees them in the seeds' report: cited with numbers in the method
paragraphs and listed in GB/T 7714 in the 参考文献 chapter of the site and of the PDF."""

from __future__ import annotations

import re
import subprocess

import pytest

pytestmark = pytest.mark.build

EXPECTED = [  # (as printed in the bibliography, a chapter that cites it)
    ("MONROE B L, COLARESI M P, QUINN K M. Fightin' words", "comparison"),
    ("彭纪生, 仲为国, 孙文祥. 政策测量、政策协同演变与经济绩效", "policy"),
    ("RUIZ ESTRADA M A. Policy modeling: definition, classification and evaluation[J/OL]", "policy"),
    ("中华人民共和国国家质量监督检验检疫总局, 中国国家标准化管理委员会. 党政机关公文格式: GB/T 9704—2012[S]", "methods"),
    ("KLEINBERG J. Bursty and hierarchical structure in streams[C/OL]", "comparison"),
    ("CALLON M, COURTIAL J P, TURNER W A, et al.", "policy"),
]


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def pages(built_report):
    html = built_report["dir"] / "html" / "chapters"
    bib = re.sub(r"<[^>]+>", "", (html / "bibliography.html").read_text(encoding="utf-8")).replace("&#8217;", "'")
    pdf = subprocess.run(["pdftotext", str(built_report["result"].pdf), "-"], capture_output=True, text=True, check=True).stdout
    return {"bib": bib, "pdf": pdf, "html": html}


@pytest.mark.parametrize("entry, chapter", EXPECTED)
def test_method_source_is_listed_and_cited(pages, entry, chapter):
    assert entry in pages["bib"]
    assert _flat(entry).replace("'", "’") in _flat(pages["pdf"]).replace("'", "’")
    number = re.search(r"\[(\d+)\]\s*" + re.escape(entry[:12]), pages["bib"]).group(1)
    cited = re.sub(r"<[^>]+>", "", (pages["html"] / f"{chapter}.html").read_text(encoding="utf-8"))
    assert re.search(rf"\[(?:\d+, )*{number}(?:, \d+)*\]", cited)

"""One whole English report (`language: en`), HTML and PDF, from a copy of the seeds: `lang="en"`,
no Chinese in a heading, caption or table header except names from the documents (titles,
issuers, departments), English chapter titles in the PDF. The Chinese report is the one the
other build tests check."""

from __future__ import annotations

import json
import os
import re
import subprocess
from html.parser import HTMLParser

import pytest
from conftest import ROOT, require_tex, seed_corpus

pytestmark = pytest.mark.build
CJK = re.compile(r"[\u4e00-\u9fff]+")


class Headings(HTMLParser):
    """The text of every h1–h4, th, caption and figcaption of a page."""

    TAGS = ("h1", "h2", "h3", "h4", "th", "caption", "figcaption")

    def __init__(self):
        super().__init__()
        self.open: list[list] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS:
            self.open.append([tag, ""])

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            t, text = self.open.pop()
            self.found.append((t, text.strip()))

    def handle_data(self, data):
        for item in self.open:
            item[1] += data


@pytest.fixture(scope="module")
def english_report(tmp_path_factory, params):
    """Built through the command line, as the README shows it: `--set language=en`."""
    from policyreport import cli
    from policyreport.report import i18n

    require_tex()
    out = tmp_path_factory.mktemp("english")
    corpus, _ = seed_corpus(out, params)
    args = ["build", "--params", str(ROOT / "params.yaml"), "--corpus", str(corpus), "--output", str(out / "_build")]
    try:
        assert cli.main(args + ["--set", "language=en", "--quiet", "--jobs", str(os.cpu_count())]) == 0
    finally:
        i18n.use("zh")
    return out / "_build"


def _names(build) -> set[str]:
    """Runs of Chinese that are names from the documents: titles, issuers, labels, departments."""
    corpus = json.loads((build / "book" / "chapters" / "data" / "corpus.json").read_text(encoding="utf-8"))
    texts = [str(d.get(k) or "") for d in corpus["documents"] for k in ("title", "issuer", "doc_number", "file")]
    for csv in (build / "book" / "chapters" / "data").rglob("*department*.csv"):
        texts.append(csv.read_text(encoding="utf-8"))
    return {run for t in texts for run in CJK.findall(t)}


def test_site_is_english(english_report):
    html = english_report / "html"
    assert '<html lang="en"' in (html / "chapters" / "overview.html").read_text(encoding="utf-8")
    assert 'lang="en"' in (html / "index.html").read_text(encoding="utf-8")
    names = _names(english_report)
    leaks = []
    for page in sorted(html.rglob("*.html")):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        parser = Headings()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, text in parser.found:
            if any(run not in names and not any(run in n for n in names) for run in CJK.findall(text)):
                leaks.append(f"{page.relative_to(html)} <{tag}> {text[:60]}")
    assert not leaks, "\n".join(leaks[:30])


def test_pdf_is_english(english_report):
    pdf = subprocess.run(
        ["pdftotext", str(english_report / "pdf" / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    for title in ("Overview of the documents", "Comparison of the documents", "Methods and sources", "Abstract", "Contents"):
        assert title in pdf, title
    lines = {line.strip() for line in pdf.splitlines()}
    for chinese in ("文件概览", "方法与来源说明", "目录", "摘要"):  # as a heading (quotes may use the words)
        assert chinese not in lines and not any(line.endswith(" " + chinese) for line in lines), chinese

"""Above `max_document_chapters`, every document keeps its page (rendered without a kernel),
reached through a document index by year, issuer and genre instead of the sidebar."""

import re
import shutil

import pytest
from conftest import SEEDS

from policyreport import pipeline as book

pytestmark = pytest.mark.build


def test_every_document_keeps_its_page_reached_through_the_index(tmp_path, params):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    p = params.replace(corpus=str(corpus), max_document_chapters=2)
    result = book.build(p, tmp_path / "_build", pdf=False, quiet=True, jobs=2)
    html = tmp_path / "_build" / "html" / "chapters"
    log = (tmp_path / "_build" / "logs" / "html.log").read_text(encoding="utf-8")
    assert re.search(r"reading sources\.\.\. .*\S+ \.\. \S+", log)  # Sphinx read the pages in parallel chunks
    assert "safe for parallel" not in log
    pages = sorted(x.name for x in (html / "documents").glob("*.html"))
    assert pages == [
        "000_aefacb9a8e91e029.html",
        "001_4d260a6c99f69cce.html",
        "002_ce116f843137b983.html",
        "003_68f055e16da9604c.html",
        "004_108dd3ca0faad3cd.html",
        "index.html",
    ]
    assert len(list((html / "sources").glob("*.html"))) == 5
    index = (html / "documents" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="002_ce116f843137b983.html') == 3  # by year, by issuer, by genre
    assert "深卫健建函〔2020〕54号" in index and "按发文机关" in index
    # a page rendered inline shows what the notebook shows: glued numbers, tables, the figure
    page = (html / "documents" / "002_ce116f843137b983.html").read_text(encoding="utf-8")
    assert "的内容）<strong>2969</strong> 字" in page and "第20240052号" in page
    assert re.search(r'<img [^>]*src="\.\./\.\./_images/[^"]+\.png"', page)
    assert "{glue" not in page and "{numref}" not in page
    # its tables are HTML written by the renderer (html_tables); every link on every document page
    # goes to a page and an anchor that exist
    assert page.count('<table class="longtable table">') >= 5
    for doc_page in (html / "documents").glob("*.html"):
        for target in set(re.findall(r'<a class="reference internal" href="([^"]+)"', doc_page.read_text(encoding="utf-8"))):
            name, _, anchor = target.partition("#")
            linked = (doc_page.parent / name).resolve() if name else doc_page
            assert linked.is_file(), (doc_page.name, target)
            assert not anchor or f'id="{anchor}"' in linked.read_text(encoding="utf-8"), (doc_page.name, target)
    # the sidebar lists the chapters, not the documents
    overview = (html / "overview.html").read_text(encoding="utf-8")
    nav = overview[
        overview.index('class="bd-sidebar-primary') : overview.index("</nav>", overview.index('class="bd-sidebar-primary'))
    ]
    assert "002_ce116f843137b983" not in nav
    assert sum(j.startswith("document ") for j in result.executed) == 5  # the pages rendered inline
    assert len(result.executed) == 5 + 5

    # one document changed: the other pages come from the cache with their figures, and the
    # changed one is rendered again; the build succeeds (Sphinx fails on a missing image)
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = book.build(p, tmp_path / "_build", pdf=False, quiet=True)
    assert sum(j.startswith("document ") for j in again.reused) == 4
    assert sum(j.startswith("document ") for j in again.executed) == 1
    for name in ("002_ce116f843137b983", "004_108dd3ca0faad3cd"):
        page = (html / "documents" / f"{name}.html").read_text(encoding="utf-8")
        images = re.findall(r'<img [^>]*src="\.\./\.\./(_images/[^"]+\.png)"', page)
        assert images and all((tmp_path / "_build" / "html" / i).is_file() for i in images)


def test_pages_outside_the_pdf_drop_what_only_the_pdf_reads():
    from policyreport.execute.inline import html_only

    page = (
        "前文\n\n```{tabularcolumns} \\X{1}{2}\\X{1}{2}\n```\n\n::::{only} html\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n::::\n\n"
        "::::{only} latex\n紧凑的一行。\n::::\n\n```{raw} latex\n\\begingroup\n```\n\n:::{figure} a.png\n图\n:::\n"
    )
    out = html_only(page)
    assert "| 1 | 2 |" in out and ":::{figure} a.png" in out and "前文" in out
    assert "{only}" not in out and "紧凑" not in out and "tabularcolumns" not in out and "begingroup" not in out

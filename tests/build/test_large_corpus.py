"""Above `max_document_chapters`, documents get index rows and source pages instead of chapters."""

import shutil

import pytest
from conftest import SEEDS

from policyreport.build import pipeline as book

pytestmark = pytest.mark.build


def test_index_table_instead_of_chapters(tmp_path, params):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    result = book.build(params.replace(corpus=str(corpus), max_document_chapters=2), tmp_path / "_build", pdf=False, quiet=True)
    html = tmp_path / "_build" / "html" / "chapters"
    assert [p.name for p in (html / "documents").glob("*.html")] == ["index-table.html"]
    assert len(list((html / "sources").glob("*.html"))) == 5
    index = (html / "documents" / "index-table.html").read_text(encoding="utf-8")
    assert index.count('href="../sources/') >= 5 and "深卫健建函〔2020〕54号" in index
    overview = (html / "overview.html").read_text(encoding="utf-8")
    assert 'href="sources/002_ce116f843137b983.html' in overview
    assert not [j for j in result.executed if j.startswith("document ")]

"""Each document's original offered for download (report/originals.py): the rules, and a build of
a small mixed corpus (.txt, PDF, DOCX, saved web page, a CSV with two rows)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from policyreport.ingest import corpus
from policyreport.ingest.formats.base import DecodeError
from policyreport.report import originals, pages

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "formats"
SEEDS = ROOT / "seeds"
PAGE = "gz_gfxwj_suiyibaoguizi_2019_4_mente.html"
PDF = "govcn_print_guobanfa_2017_74_jingwai_touzi.pdf"
DOCX = "SYNTH_gongwen_mock_guofangbu_fangjia.docx"
CRAWL_HEADER = ["标题", "发文机关", "url", "正文"]


def crawl_rows() -> list[list[str]]:
    """Two rows of a crawl, their texts from two seeds (one line breaks kept, one on one line)."""
    one = (SEEDS / "001_4d260a6c99f69cce.txt").read_text(encoding="utf-8").strip()
    two = (SEEDS / "002_ce116f843137b983.txt").read_text(encoding="utf-8").strip()
    return [
        ["对区七届人大四次会议第7-4-T015号代表建议的答复", "上海市嘉定区卫生健康委员会", "https://example.gov.cn/a/1.html", one],
        ["关于第20240052号建议答复的函", "深圳市龙岗区卫生健康局", "", two.replace("\n", "\u3000\u3000")],
    ]


def mixed_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copyfile(SEEDS / "000_aefacb9a8e91e029.txt", folder / "notice.txt")
    for name in (PDF, DOCX, PAGE):
        shutil.copyfile(FORMATS / name, folder / name)
    with open(folder / "crawl.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([CRAWL_HEADER, *crawl_rows()])
    return folder


def test_plan_serves_passive_formats_as_they_are_and_zips_the_rest():
    assert originals.plan("a", "a.pdf", "pdf", False) == ("a.pdf", "file")
    assert originals.plan("a", "a.DOC", "docx", False) == ("a.docx", "file")  # a .doc that is really a .docx
    assert originals.plan("a", "a.ofd", "ofd", False) == ("a.ofd", "file")
    assert originals.plan("a", "a.txt", "text", False) == ("a.txt", "file")
    assert originals.plan("a", "x.csv#3", "tables", True) == ("a.json", "row")
    for file, fmt in (("a.html", "html"), ("a.shtml", "html"), ("a.md", "text"), ("a.svg", "text"), ("a.txt", "html")):
        name, kind = originals.plan("a", file, fmt, False)
        assert kind == "zip" and name.endswith(".zip"), file
    # nothing Sphinx reads as a page, nothing a browser renders as one
    for file, fmt in (("a.md", "text"), ("a.ipynb", "text"), ("a.rst", "text"), ("a.xhtml", "html")):
        assert not originals.plan("a", file, fmt, False)[0].endswith((".md", ".ipynb", ".rst", ".html", ".xhtml")), file


def test_zip_is_the_same_bytes_every_time_and_unzips_to_the_file():
    data = (FORMATS / PAGE).read_bytes()
    first = originals.zipped(PAGE, data)
    assert first == originals.zipped(PAGE, data)
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.namelist() == [PAGE]
        assert zf.read(PAGE) == data


def test_written_downloads_and_stubs(tmp_path):
    docs, skipped = corpus.read_corpus(mixed_corpus(tmp_path / "corpus"))
    assert not skipped, skipped
    by_file = {d.file: d for d in docs}
    assert set(by_file) == {"notice.txt", PDF, DOCX, PAGE, "crawl.csv#2", "crawl.csv#3"}
    chapters, data = tmp_path / "book" / "chapters", tmp_path / "book" / "chapters" / "data"
    stubs = originals.write(chapters, data, docs)
    for doc in docs:
        stub = stubs[doc.doc_id]
        target = chapters / originals.FOLDER / doc.doc_id / stub["name"]
        assert hashlib.sha256(target.read_bytes()).hexdigest() == stub["sha256"]
        assert originals.read_stub(data / "documents" / doc.doc_id) == stub
        if doc.row is None and stub["kind"] == "file":
            assert target.read_bytes() == (tmp_path / "corpus" / doc.file).read_bytes()
    page = stubs[by_file[PAGE].doc_id]
    assert page["kind"] == "zip" and page["name"].endswith(".html.zip")
    row = json.loads((chapters / originals.FOLDER / by_file["crawl.csv#3"].doc_id / "crawl-r3.json").read_text("utf-8"))
    assert row["header"] == CRAWL_HEADER and row["values"] == crawl_rows()[1] and row["row"] == "3"
    pdf = by_file[PDF]
    text = pages.source_page({"doc_id": pdf.doc_id, "file": PDF, "sha256": pdf.sha256}, _paras(), original=stubs[pdf.doc_id])
    assert f"<../originals/{pdf.doc_id}/{stubs[pdf.doc_id]['name']}>`" in text and "{download}`原件" in text


def _paras():
    import pandas as pd

    return pd.DataFrame({"paragraph": [1], "line": [1], "text": ["正文"]})


def test_a_file_changed_during_the_build_is_not_offered(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("关于开展检查工作的通知\n\n各单位：现将有关事项通知如下。\n", encoding="utf-8")
    doc = corpus.read_corpus(folder)[0][0]
    (folder / "a.txt").write_text("关于开展检查工作的通知（修订）\n", encoding="utf-8")
    with pytest.raises(DecodeError, match="changed while the report was being built"):
        corpus.original_bytes(doc)


def test_the_download_keys_the_document_page(tmp_path):
    """A document's page links its download through the stub in its own folder, which its cache key
    covers: another original, another key (so an incremental build equals a forced one)."""
    from policyreport.execute.notebooks import NotebookJob, _key

    data = tmp_path / "data"
    (data / "documents" / "a").mkdir(parents=True)
    job = NotebookJob("document a", "document.md", tmp_path / "a.ipynb", {"doc_id": "a", "data_dir": "../data"}, {})
    before = _key(job, data, "code")
    (data / "documents" / "a" / originals.STUB).write_text('{"sha256": "1"}', encoding="utf-8")
    once = _key(job, data, "code")
    (data / "documents" / "a" / originals.STUB).write_text('{"sha256": "2"}', encoding="utf-8")
    assert len({before, once, _key(job, data, "code")}) == 3


@pytest.mark.build
def test_build_offers_each_original_and_never_serves_a_saved_page(tmp_path, params):
    from policyreport.pipeline import build

    folder = mixed_corpus(tmp_path / "corpus")
    out = tmp_path / "_build"
    build(params.replace(corpus=str(folder)), out, pdf=False, jobs=os.cpu_count(), quiet=True)
    html = out / "html"
    served = [p for p in html.rglob("*") if p.is_file()]
    downloads = {p.name: p for p in (html / "_downloads").rglob("*") if p.is_file()}
    docs = {d.file: d for d in corpus.read_corpus(folder)[0]}

    for name in ("notice.txt", PDF, DOCX):
        doc = docs[name]
        got = downloads[originals.plan(doc.doc_id, doc.file, doc.format, False)[0]]
        assert got.read_bytes() == (folder / name).read_bytes(), name
    with zipfile.ZipFile(downloads[f"{docs[PAGE].doc_id}.html.zip"]) as zf:
        assert zf.read(PAGE) == (folder / PAGE).read_bytes()
    for part, values in zip(("crawl.csv#2", "crawl.csv#3"), crawl_rows()):
        row = json.loads(downloads[f"{docs[part].doc_id}.json"].read_text(encoding="utf-8"))
        assert dict(zip(row["header"], row["values"])) == dict(zip(CRAWL_HEADER, values))

    # the saved page is nowhere on the site as itself, nor as any page: no served file holds its scripts
    page = (folder / PAGE).read_bytes()
    script = page[page.index(b"<script") : page.index(b"</script>") + 9]
    assert not [p for p in served if p.read_bytes() == page]
    assert not [
        p for p in served if p.suffix.lower() in (".html", ".htm", ".xhtml", ".shtml", ".svg") and script in p.read_bytes()
    ]

    # the appendix page and the document's card both link the download
    for where in ("sources", "documents"):
        text = (html / "chapters" / where / f"{docs[PDF].doc_id}.html").read_text(encoding="utf-8")
        assert f"{docs[PDF].doc_id}.pdf" in text and "_downloads/" in text, where
    # a row with a URL is cited by it
    bib = (out / "book" / "references.bib").read_text(encoding="utf-8")
    assert "https://example.gov.cn/a/1.html" in bib


def test_citations_use_the_page_or_row_url(analysed, params, tmp_path):
    """A saved page whose record has its URL, and a crawled row with a url column, are cited by that
    URL ([EB/OL]), not by the report's copy."""
    from policyreport.extract.document import Dictionaries, analyse_document
    from policyreport.report import citation

    page = analysed(PAGE)[1]  # its <meta name="Url">
    url = page["publication"].get("url")
    assert url == "https://www.gz.gov.cn/gfxwj/sbmgfxwj/gzsylbzj/content/post_5488731.html"
    assert citation.document_item(page, "2026-12-01", "https://example.org/r")["URL"] == url
    docs, _ = corpus.read_corpus(mixed_corpus(tmp_path / "corpus"))
    row = next(d for d in docs if d.file == "crawl.csv#2")
    meta = analyse_document(row, Dictionaries.load(params), params).meta
    item = citation.document_item(meta, "2026-12-01", "https://example.org/r")
    assert item["URL"] == "https://example.gov.cn/a/1.html" and item["type"] == "webpage"

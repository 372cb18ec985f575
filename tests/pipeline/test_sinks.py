"""Issue 24: every value from a document or a parameter reaches each output through that output's
escaper. Unit tests at each sink (MyST fences, URLs, citation formats, search titles, robots.txt,
the site folder, the corpus reader), then one HTML build of a hostile corpus, searched in Chromium.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SEEDS, Elements
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

from policyreport.errors import UserError
from policyreport.ingest import corpus as ingest
from policyreport.publish import deploy
from policyreport.report import citation, render
from policyreport.sphinxext import site_search
from policyreport.urls import find_url, http_url

FENCE_BREAKS = [
    "T\n````\n<script>alert(74)</script>\n````{download}`../../../../etc/passwd`",
    "T\n`````````\n:::\n::::::\n---\n:class: x",
    ":caption: <script>alert(75)</script>",
    "---\nlinenos: true\n---",
]


def _tokens(markdown: str):
    md = MarkdownIt("commonmark").use(colon_fence_plugin)
    return md.parse(markdown)


@pytest.mark.parametrize("value", FENCE_BREAKS)
@pytest.mark.parametrize("key", ["title", "version_label", "doi", "author", "base_url", "name", "affiliation"])
def test_cite_block_keeps_every_value_inside_its_code_blocks(key, value):
    report = {"title": "报告", "version": "abc", "build_date": "2026-12-03", "author": "甲"}
    params = {"title": "报告", "version_label": "v1", "doi": "", "base_url": "", "authors": [{"name": "甲"}]}
    if key in ("name", "affiliation"):
        params["authors"] = [{"name": "甲", key: value}]
    else:
        params[key] = value
    if key == "title":
        report["title"] = value
    block = citation.cite_block({"report": report, "params_shown": params})
    tokens = _tokens(block)
    fences = [t for t in tokens if t.type in ("fence", "colon_fence")]
    # GB/T 7714 on its own, then one colon fence holding BibTeX, RIS and CSL-JSON: nothing else
    assert [t.info.split()[0] for t in fences] == ["{code-block}", "{only}"], block
    inner = _tokens(fences[1].content)
    assert [t.info.split()[0] for t in inner if t.type == "fence"] == ["{code-block}"] * 3
    assert not [t for t in tokens + inner if t.type in ("html_block", "html_inline")]
    for fence in [fences[0], *(t for t in inner if t.type == "fence")]:
        assert fence.content.startswith("---\n"), "options always come as a YAML block"
    if key in ("title", "version_label"):
        assert one_line(value) in block or one_line(value).replace("\\", "") in block


def one_line(s):
    return render.one_line(s)


def test_a_value_with_a_newline_adds_no_ris_line_and_no_bibtex_field():
    params = {"title": "报告\nUR  - javascript:alert(1)", "version_label": "v1},\n  note = {x", "authors": [{"name": "甲"}]}
    item = citation.report_item({"build_date": "2026-12-03"}, params)
    ris = citation.ris(item).splitlines()
    assert [ln[:2] for ln in ris] == ["TY", "AU", "TI", "PY", "DA", "ET", "LA", "ER"]
    bib = citation.bibtex(item)
    assert bib.count(" = {") == len(re.findall(r"^  \w+ = \{", bib, re.M))
    assert not re.search(r"^\s*note = ", bib, re.M)


@pytest.mark.parametrize(
    "doi, kept",
    [("10.5281/zenodo.123", True), ("10.5281/x}\n  url = {javascript:alert(1)", False), ("javascript:alert(1)", False)],
)
def test_only_a_well_formed_doi_is_cited(doi, kept):
    item = citation.report_item({"build_date": "2026-12-03"}, {"title": "报告", "doi": doi})
    assert ("DOI" in item) is kept
    assert "javascript" not in citation.bibtex(item) + citation.ris(item) + citation.csl_json(item)


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://example.org/report/", True),
        ("http://www.gov.cn/zhengce/content/2016-10/25/content_5124174.htm", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt://x.org/", False),
        ("data:text/html,<script>", False),
        ("https://x.example/><script>alert(72)</script>", False),
        ("https://x.example/a b", False),
        ("https://x.example/\nDisallow: /", False),
        ("https://x.example/`{download}`", False),
        ('https://x.example/"onmouseover=', False),
        ("https:///nohost", False),
        ("", False),
        (None, False),
    ],
)
def test_http_url(url, ok):
    assert (http_url(url) is not None and http_url(url) == url) is ok


def test_the_url_of_a_database_export_stops_where_url_characters_end():
    line = "原文链接：https://x.example/><script>alert(72)</script>{download}`../../../../etc/passwd`"
    assert find_url(line) == "https://x.example/"
    assert find_url("原文链接：http://www.pkulaw.cn/fulltext_form.aspx?Gid=123456。") == (
        "http://www.pkulaw.cn/fulltext_form.aspx?Gid=123456"
    )


def test_search_titles_are_text_and_the_search_page_shows_text():
    assert site_search.title_text("关于&lt;img src=x onerror=alert(1)&gt;的通知") == "关于<img src=x onerror=alert(1)>的通知"
    assert site_search.title_text("<em>重点</em>任务") == "重点任务"
    ours = (Path(site_search.__file__).parents[1] / "skeleton" / "static" / "searchtools.js").read_text(encoding="utf-8")
    import sphinx

    theirs = (Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "searchtools.js").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(theirs.splitlines(), ours.splitlines()) if a != b]
    # the pinned Sphinx's file with three lines changed: the two that put titles into the page as
    # HTML, and the one that skipped numbers in a query (issue 20: 212 was never found)
    assert len(theirs.splitlines()) == len(ours.splitlines()) and len(changed) == 3, sphinx.__version__
    assert all("innerHTML" in a and "textContent" in b for a, b in changed[:2])
    assert "^\\d+$" in changed[2][0] and "policyreport" in changed[2][1]
    assert "innerHTML = title" not in ours


@pytest.mark.parametrize("url", ["https://e.org/r\nDisallow: /", "javascript:alert(1)", "https://e.org/ x", "ftp://e.org/"])
def test_publish_refuses_a_base_url_that_is_not_a_plain_http_url(url, tmp_path):
    with pytest.raises(UserError, match="base-url"):
        deploy.write_site(tmp_path, None, tmp_path / "site", url, "2026-12-03")


def _html(tmp_path: Path) -> Path:
    html = tmp_path / "html"
    html.mkdir()
    (html / "index.html").write_text("<html></html>", encoding="utf-8")
    return html


def test_publish_never_deletes_a_folder_it_did_not_write(tmp_path):
    html = _html(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("two years of work", encoding="utf-8")
    with pytest.raises(UserError, match="holds no previous site"):
        deploy.write_site(html, None, mine, "https://e.org/r/", "2026-12-03")
    assert (mine / "thesis.tex").read_text(encoding="utf-8") == "two years of work"
    stray = tmp_path / "x"
    stray.write_text("a file", encoding="utf-8")
    with pytest.raises(UserError, match="not a folder"):
        deploy.write_site(html, None, stray, "https://e.org/r/", "2026-12-03")


def test_publish_replaces_its_own_site_and_robots_has_one_sitemap_line(tmp_path):
    html = _html(tmp_path)
    site = tmp_path / "site"
    deploy.write_site(html, None, site, "https://e.org/r", "2026-12-03")
    (site / "stale.html").write_text("old", encoding="utf-8")
    deploy.write_site(html, None, site, "https://e.org/r", "2026-12-04")
    assert not (site / "stale.html").exists() and (site / deploy.MARKER).is_file()
    assert (site / "robots.txt").read_text().splitlines() == ["User-agent: *", "Allow: /", "Sitemap: https://e.org/r/sitemap.xml"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]
    empty = tmp_path / "empty"
    empty.mkdir()
    deploy.write_site(html, None, empty, "https://e.org/r/", "2026-12-03")
    assert (empty / "index.html").is_file()


def test_a_file_swapped_for_a_link_after_the_check_is_not_read(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    doc = folder / "a.txt"
    doc.write_text("关于测试的通知\n\n各单位：\n\n正文。\n", encoding="utf-8")
    other = tmp_path / "other.txt"  # made while the checked file exists: another inode
    other.write_text("关于另一个文件的通知\n", encoding="utf-8")
    files, skipped = ingest.find_files(folder, "*.txt")
    assert not skipped and len(files) == 1
    doc.unlink()
    os.symlink("/etc/passwd", doc)
    path, checked = files[0]
    with pytest.raises(ingest.DecodeError, match="symbolic link|another file"):
        ingest.read_document(path, set(), "a.txt", checked)
    doc.unlink()
    os.replace(other, doc)  # the same name, another file
    with pytest.raises(ingest.DecodeError, match="another file"):
        ingest.read_document(path, set(), "a.txt", checked)


def test_copies_that_differ_only_in_line_endings_or_spaces_count_once(tmp_path):
    text = "关于测试的通知\n\n各单位：\n\n　　正文第一段。\n\n　　正文第二段。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "c.txt").write_text(text.replace("　　", "    ") + "\n\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text(text.replace("第二段", "第三段"), encoding="utf-8")
    docs, skipped = ingest.read_corpus(tmp_path, "*.txt")
    assert [d.file for d in docs] == ["a.txt", "d.txt"]
    assert {s.file: s.reason for s in skipped} == {
        "b.txt": "b.txt is a duplicate of a.txt (the same text but for line endings or spaces)",
        "c.txt": "c.txt is a duplicate of a.txt (the same text but for line endings or spaces)",
    }


def test_an_absurdly_long_field_is_not_taken(params):
    from policyreport.extract import document as analysis

    text = "关于一行联系人的通知各单位：请认真落实。联系人：" + "某某" * 97_500 + "\n"
    (doc,) = [ingest.Document("x", "contact.txt", Path("contact.txt"), "0" * 64, "utf-8", text)]
    r = analysis.analyse_document(doc, analysis.Dictionaries.load(params), params)
    assert r.meta["contact"] is None and r.meta["contact_person"] is None
    assert "195,000" in f"{r.meta['too_long']['联系人']:,}"
    assert "超过联系人的合理长度" in r.meta["null_reasons"]["contact"]


def test_characters_only_the_cjk_font_has_go_to_it_and_are_not_reported_missing():
    from policyreport.sphinxext import glyphs

    if glyphs.covered() is None:
        pytest.skip("the PDF fonts are not installed (make test installs them)")
    declared = glyphs.cjk_class()
    for ch in "▲★①②Ⅱ≥κ■○":
        assert f'"{ord(ch):04X}' in declared or any(
            int(a, 16) <= ord(ch) <= int(b, 16) for a, b in re.findall(r'"([0-9A-F]{4}) -> "([0-9A-F]{4})', declared)
        ), ch
    assert glyphs.missing("重点：▲★①②Ⅱ≥κ") == []
    assert glyphs.missing("表情😀与阿拉伯文م") == ["😀", "م"]


# --- one HTML build of a hostile corpus and hostile parameters --------------------------------

LINK_LINE = "原文链接：https://x.example/><script>alert(72)</script>{download}`../../../../etc/passwd`"
HOSTILE_TITLE = "关于<img src=x onerror=alert(71)>加强管理的通知"
FENCE_PARAM = "报告\n````\n<script>alert(73)</script>\n````{download}`../../../../etc/passwd`"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, params):
    from policyreport.pipeline import build

    root = tmp_path_factory.mktemp("sinks")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "001_4d260a6c99f69cce.txt", corpus / "seed.txt")
    (corpus / "export.txt").write_text(
        "【法宝引证码】CLI.12.345678\n"
        + LINK_LINE
        + "\n\n"
        + HOSTILE_TITLE
        + "\n\n各区卫生健康委：\n\n　　为加强管理，现将有关事项通知如下。\n\n　　一、各单位要落实责任。\n\n某市卫生健康委员会\n\n2024年1月5日\n",
        encoding="utf-8",
    )
    p = params.replace(
        corpus=str(corpus),
        gold="",
        title=FENCE_PARAM,
        version_label=FENCE_PARAM,
        author=FENCE_PARAM,
        authors=[{"name": FENCE_PARAM, "affiliation": FENCE_PARAM}],
        doi=FENCE_PARAM,
        base_url="javascript:alert(76)//\n````",
    )
    result = build(p, root / "_build", pdf=False, quiet=True)
    return {"dir": root / "_build", "result": result}


@pytest.mark.build
def test_no_live_markup_and_no_outside_file_anywhere(hostile):
    html = hostile["dir"] / "html"
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        parsed = Elements()
        parsed.feed(text)
        assert not any("alert" in s for s in parsed.scripts), page
        for _, attrs in parsed.tags:
            assert not any(k.startswith("on") and "alert" in (v or "") for k, v in attrs.items()), page
            assert not any((v or "").strip().lower().startswith("javascript") for v in attrs.values()), page
            assert not any("\n" in (v or "") for k, v in attrs.items() if k == "content"), page
        assert "root:x:0:0" not in text, page
    for f in html.rglob("*"):
        if f.is_file() and f.suffix not in (".png", ".svg", ".woff2", ".woff", ".ttf", ".ico"):
            assert "root:x:0:0" not in f.read_text(encoding="utf-8", errors="replace"), f
    for name in ("citation.bib", "citation.ris", "citation.json", "CITATION.cff", ".zenodo.json"):
        text = (html / name).read_text(encoding="utf-8")
        assert "javascript" not in text, name
    cff = yaml.safe_load((html / "CITATION.cff").read_text(encoding="utf-8"))
    assert "url" not in cff and "doi" not in cff


@pytest.mark.build
def test_the_export_url_is_shown_as_text_not_linked(hostile):
    pages = list((hostile["dir"] / "html" / "chapters" / "documents").glob("*.html"))
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert 'href="https://x.example/"' in text
    assert "&lt;script&gt;alert(72)" in text or "alert(72)" not in text


@pytest.mark.build
def test_search_shows_a_hostile_title_as_text(hostile):
    playwright = pytest.importorskip("playwright.sync_api")
    import functools
    import http.server
    import threading
    import urllib.parse

    from test_browser import ARGS, CHROMIUM

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile["dir"] / "html")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dialogs = []
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            base = f"http://127.0.0.1:{server.server_address[1]}"
            page.goto(f"{base}/search.html?q={urllib.parse.quote('通知')}")
            page.wait_for_selector("#search-results ul.search li", timeout=20000)
            page.wait_for_timeout(500)
            titles = page.locator("#search-results ul.search li > a").all_inner_texts()
            images = page.locator("#search-results img").count()
            browser.close()
    finally:
        server.shutdown()
    assert not dialogs and images == 0
    assert any("<img src=x onerror=alert(71)>" in t for t in titles), titles


def test_a_forced_build_reads_the_fonts_code_points_from_the_users_store(tmp_path, monkeypatch):
    """`--force` ignores the build's cache, not the user's store of the fonts' code points: they are
    read from the fonts once per installed font file, then from the store in any output folder."""
    from policyreport.runtime.cache import Cache
    from policyreport.sphinxext import glyphs

    monkeypatch.setenv("POLICYREPORT_CACHE_KEY", str(tmp_path / "user" / "cache.key"))
    monkeypatch.setattr(glyphs, "_CMAPS", {})
    read = []
    real = glyphs._cmap
    monkeypatch.setattr(glyphs, "_cmap", lambda f, p="": read.append(f) or real(f, p))
    glyphs.remember(Cache(tmp_path / "first" / "cache"))
    assert read == list(glyphs.PDF_FONTS)
    first = dict(glyphs._CMAPS)
    assert list((tmp_path / "user" / "fonts" / "fonts").glob("pdf-cmaps-*.json"))
    glyphs._CMAPS.clear()
    glyphs.remember(Cache(tmp_path / "forced" / "cache", enabled=False))
    assert read == list(glyphs.PDF_FONTS)  # not read from the fonts again
    assert glyphs._CMAPS == first
    glyphs.covered.cache_clear()

"""The built site in headless Chromium (Debian's, no browser download): no console errors,
no broken images, and the search finds a Chinese term."""

import functools
import http.server
import shutil
import threading
import urllib.parse
from pathlib import Path

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def site(built_report):
    root = built_report["dir"] / "html"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_every_page_loads_cleanly(site, browser):
    root, base = site
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) >= 15
    problems = []
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for rel in pages:
        errors.clear()
        page.goto(f"{base}/{rel}", wait_until="load")
        page.wait_for_timeout(150)
        broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        if errors or broken:
            problems.append((rel, list(errors), broken))
    assert problems == []


def test_search_finds_chinese_term(site, browser):
    _, base = site
    page = browser.new_page()
    page.goto(f"{base}/search.html?q={urllib.parse.quote('干细胞')}")
    page.wait_for_selector("#search-results ul.search li", timeout=20000)
    hits = page.locator("#search-results ul.search li").all_inner_texts()
    assert any("深圳" in h or "干细胞" in h for h in hits)


PHONE = {"width": 390, "height": 844}
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
AXE_PAGES = [
    "chapters/index.html",
    "chapters/overview.html",
    "chapters/policy.html",
    "chapters/methods.html",
    "chapters/documents.html",
]


@pytest.mark.parametrize(
    "query, seed",
    [
        ("212", "002_ce116f843137b983"),  # 总投资约212亿元: numbers were dropped from every query
        ("285.4", "001_4d260a6c99f69cce"),  # 总产出285.4亿元: split at the point before
        ("212亿元", "002_ce116f843137b983"),
        ("不超过4个", "003_68f055e16da9604c"),  # 科目设置不超过4个
        ("嘉卫建提〔2024〕27号", "001_4d260a6c99f69cce"),
    ],
)
def test_search_finds_figures_as_people_type_them(site, browser, query, seed):
    """Each query finds the document that states it (checked in the seed texts by hand), and for a
    文号 the document's own pages come first."""
    _, base = site
    page = browser.new_page()
    page.goto(f"{base}/search.html?q={urllib.parse.quote(query)}")
    page.wait_for_selector("#search-results ul.search li", timeout=20000)
    links = page.locator("#search-results ul.search li > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(seed in (h or "") for h in links), links
    if "号" in query:
        assert all(seed in (h or "") for h in links[:2]), links


def _pages(root, kind: str) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "chapters" / kind).glob("*.html"))


@pytest.mark.parametrize(
    "query, kind",
    [("212亿元", "原文"), ("30万元", "分析"), ("嘉卫建提〔2024〕27号", "分析"), ("7-4-T015", "原文")],
)
def test_search_finds_figures_and_doc_numbers_and_names_the_page_kind(site, browser, query, kind):
    """Figures with their unit and 文号 are found; each result says whether it is the analysis or the source text."""
    _, base = site
    page = browser.new_page()
    page.goto(f"{base}/search.html?q={urllib.parse.quote(query)}")
    page.wait_for_selector("#search-results ul.search li", timeout=20000)
    titles = page.locator("#search-results ul.search li > a").all_inner_texts()
    assert any(t.startswith(f"{kind}｜") for t in titles), titles
    assert all(t.startswith(("分析｜", "原文｜")) or "｜" not in t for t in titles)


def test_every_page_has_citation_and_open_graph_tags(site):
    root, _ = site
    for rel in ["chapters/index.html", *_pages(root, "documents")[:1], *_pages(root, "sources")[:1]]:
        head = (root / rel).read_text(encoding="utf-8").split("</head>")[0]
        for name in (
            'name="citation_title"',
            'name="citation_author"',
            'name="citation_publication_date"',
            'property="og:title"',
        ):
            assert name in head, (rel, name)
    for name in ("CITATION.cff", ".zenodo.json", "citation.bib", "citation.ris", "citation.json"):
        assert (root / name).is_file(), name


def test_landing_page_cites_in_gbt7714_bibtex_ris_and_csl_json(site, browser):
    _, base = site
    page = browser.new_page()
    page.goto(f"{base}/chapters/index.html")
    text = page.locator("main").inner_text()
    assert "[R]" in text or "[R/OL]" in text  # GB/T 7714 document type of a report
    for marker in ("@techreport{", "TY  - RPRT", '"type": "report"'):
        assert marker in text, marker
    assert page.locator("button.copybtn").count() >= 4


def test_phone_width_tables_stack_and_nothing_scrolls_sideways(site, browser):
    root, base = site
    page = browser.new_page(viewport=PHONE)
    doc = _pages(root, "documents")[0]
    page.goto(f"{base}/{doc}", wait_until="load")
    kwic = page.locator("table.pr-kwic").first
    assert kwic.count() == 1
    keyword_cell = kwic.locator("tbody tr").first.locator("td").nth(2)
    assert keyword_cell.bounding_box()["width"] > 20  # a word on one line, not one character a line
    row = kwic.locator("tbody tr").first.bounding_box()
    assert row["width"] > 250  # the row is a card across the screen
    for rel in ["chapters/index.html", "chapters/overview.html", doc]:
        page.goto(f"{base}/{rel}", wait_until="load")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, rel


def test_long_tables_sort_fold_and_filter_offline(site, browser):
    _, base = site
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/chapters/policy.html", wait_until="load")
    table = page.locator("table.pr-sortable").first
    n = table.locator("tbody tr").count()
    assert n >= 12
    visible = "t => Array.from(t.tBodies[0].rows).filter(r => !r.hidden).length"
    assert page.evaluate(visible, table.element_handle()) == 10  # folded: the page stays short
    table.locator("thead th").first.click()
    assert table.locator("thead th").first.get_attribute("aria-sort") in ("ascending", "descending")
    assert page.evaluate(visible, table.element_handle()) == 10
    page.locator(".pr-unfold").first.click()
    assert page.evaluate(visible, table.element_handle()) == n
    word = table.locator("tbody tr").first.locator("td").nth(1).inner_text().strip()[:4]
    page.locator(".pr-filter").first.fill(word)
    assert 1 <= page.evaluate(visible, table.element_handle()) <= n
    assert all(u.startswith(base) or u.startswith("data:") for u in requests)  # no CDN


def test_figures_have_chinese_alt_text(site):
    import re

    root, _ = site
    missing = []
    for p in root.rglob("*.html"):
        for tag in re.findall(r"<img [^>]*>", p.read_text(encoding="utf-8")):
            if "_static" in tag:
                continue
            alt = re.search(r'alt="([^"]*)"', tag)
            if not alt or not re.search(r"[\u4e00-\u9fff]", alt.group(1)):
                missing.append((p.name, tag[:120]))
    assert missing == []


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violations(site, browser, width):
    """axe-core (npm `axe-core`, copied into tests/pipeline/vendor): no serious or critical violations."""
    root, base = site
    page = browser.new_page(viewport={"width": width, "height": 900})
    found = []
    for rel in [*AXE_PAGES, *_pages(root, "documents")[:1], *_pages(root, "sources")[:1]]:
        page.goto(f"{base}/{rel}", wait_until="load")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        found += [(rel, v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert found == []


def test_internal_links_resolve(site):
    """Every relative link of every page points at a file of the site, and at an anchor that exists."""
    import html.parser

    root, _ = site

    class Collect(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.links, self.ids = [], set()

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if a.get("id"):
                self.ids.add(a["id"])
            if tag == "a" and a.get("href"):
                self.links.append(a["href"])

    parsed = {}
    for p in root.rglob("*.html"):
        c = Collect()
        c.feed(p.read_text(encoding="utf-8"))
        parsed[p.resolve()] = c
    broken = []
    for page, c in parsed.items():
        for href in c.links:
            parts = urllib.parse.urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / urllib.parse.unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append((page.name, href))
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in parsed[target].ids:
                broken.append((page.name, href))
    assert broken == []

"""The built site in headless Chromium (Debian's, no browser download): no console errors,
no broken images, and the search finds a Chinese term."""

import functools
import http.server
import shutil
import threading
import urllib.parse

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

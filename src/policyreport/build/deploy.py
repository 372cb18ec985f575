"""`publish`: the built report as a deployable static site (GitHub Pages or any web server).

The site folder holds the HTML, the PDF as `report.pdf`, `sitemap.xml` and `robots.txt` with
the base URL, and `.nojekyll` (GitHub Pages would otherwise drop `_static/` and `_downloads/`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.sax.saxutils import escape

from policyreport.errors import UserError
from policyreport.params import SPECS, Invalid, label, validate

NOT_IN_SITEMAP = {"search.html", "genindex.html"}


def check_base_url(url: str) -> str:
    """The site's address, checked as the `base_url` parameter is, with one final slash."""
    try:
        url = validate(SPECS["base_url"], url)
    except Invalid as exc:
        raise UserError(f"--base-url {label(url)}: {exc}") from None
    if not url:
        raise UserError("--base-url: expected an absolute http(s) URL, e.g. https://example.org/report/")
    return url.rstrip("/") + "/"


def pages(html: Path) -> list[str]:
    """The site's pages, relative paths, in a stable order."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(html).parts) and p.name not in NOT_IN_SITEMAP
    )


def sitemap(base_url: str, rel_pages: list[str], lastmod: str) -> str:
    urls = "".join(f"  <url><loc>{escape(base_url + rel)}</loc><lastmod>{lastmod}</lastmod></url>\n" for rel in rel_pages)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    )


def robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n"


def write_site(html: Path, pdf: Path | None, site: Path, base_url: str, lastmod: str) -> Path:
    """Copy the built HTML (and PDF) into `site` and add sitemap.xml, robots.txt and .nojekyll."""
    base_url = check_base_url(base_url)
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(html, site)
    if pdf is not None and Path(pdf).is_file():
        shutil.copy2(pdf, site / "report.pdf")
    (site / "sitemap.xml").write_text(sitemap(base_url, pages(site), lastmod), encoding="utf-8")
    (site / "robots.txt").write_text(robots(base_url), encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")
    return site

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


MARKER = ".policyreport-site"  # written into every site folder: only such a folder is ever replaced


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


def check_site(site: Path) -> None:
    """A site folder publish may write: absent, empty, or a previous site (it holds the marker).
    Checked before the build too, so a wrong --site fails at once."""
    if site.is_symlink() or (site.exists() and not site.is_dir()):
        raise UserError(f"--site {site}: exists and is not a folder; choose another --site")
    if site.is_dir() and any(site.iterdir()) and not (site / MARKER).is_file():
        raise UserError(f"--site {site}: the folder is not empty and holds no previous site ({MARKER}); choose another --site")


def write_site(html: Path, pdf: Path | None, site: Path, base_url: str, lastmod: str) -> Path:
    """Copy the built HTML (and PDF) into `site` and add sitemap.xml, robots.txt and .nojekyll.
    An existing `site` is replaced only when it holds a previous site (its marker file) or is
    empty; anything else is left alone with an error. The new site is written beside it and
    swapped in by renaming, so a failure leaves the previous one whole."""
    base_url = check_base_url(base_url)
    check_site(site)
    if site.is_dir() and not any(site.iterdir()):
        site.rmdir()
    tmp, old = site.with_name(f".{site.name}.new"), site.with_name(f".{site.name}.old")
    _remove_ours(tmp)
    _remove_ours(old)
    shutil.copytree(html, tmp)
    (tmp / MARKER).write_text("a site written by policyreport publish; the next publish replaces this folder\n")
    _fill(tmp, pdf, base_url, lastmod)
    if site.exists():
        site.rename(old)
        tmp.rename(site)
        _remove_ours(old)
    else:
        tmp.rename(site)
    return site


def _remove_ours(folder: Path) -> None:
    """Remove a folder left by an earlier publish (it holds the marker); refuse anything else."""
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_symlink() or not (folder / MARKER).is_file():
        raise UserError(f"{folder}: in the way of publish and not written by it; move it away")
    shutil.rmtree(folder)


def _fill(site: Path, pdf: Path | None, base_url: str, lastmod: str) -> None:
    if pdf is not None and Path(pdf).is_file():
        shutil.copy2(pdf, site / "report.pdf")
    (site / "sitemap.xml").write_text(sitemap(base_url, pages(site), lastmod), encoding="utf-8")
    (site / "robots.txt").write_text(robots(base_url), encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")

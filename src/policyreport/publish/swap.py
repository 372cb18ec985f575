"""Publishing: the new site and PDF replace the last good ones only once they are complete."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from policyreport.book import incremental


def replace_dir(new: Path, dest: Path) -> None:
    """Put `new` at `dest`, removing the old one only once the new one is in place."""
    old = dest.with_name(dest.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    if old.exists():
        shutil.rmtree(old)


ROOT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
<link rel="icon" href="_static/favicon.svg" type="image/svg+xml">
<title>{target}</title>
</head>
<body><p><a href="{target}">{target}</a></p></body>
</html>
"""


def _root_redirect(html: Path) -> None:
    """Jupyter Book's root index.html is a bare meta refresh: a browser then asks for
    /favicon.ico, which does not exist (a 404 in the console). Write it as a page with its icon,
    a canonical link and a visible link."""
    page = html / "index.html"
    if not page.is_file():
        return
    m = re.search(r'url=([^"\s]+)"', page.read_text(encoding="utf-8"))
    if m and len(page.read_text(encoding="utf-8")) < 300:
        from policyreport.report import i18n

        lang = "en" if i18n.english() else "zh-CN"  # the build set the report's language
        page.write_text(ROOT_PAGE.format(target=m.group(1), lang=lang), encoding="utf-8")


def publish(work: Path, stage: Path, build_dir: Path, built_pdf: Path | None) -> tuple[Path, Path | None]:
    """Swap in html/, pdf/report.pdf and book/ (the executed book sources); returns their paths."""
    incremental.drop_unused_images(work / "_build" / "html")
    fresh_html = build_dir / "html.new"
    shutil.rmtree(fresh_html, ignore_errors=True)
    shutil.copytree(work / "_build" / "html", fresh_html)
    _root_redirect(fresh_html)
    replace_dir(fresh_html, build_dir / "html")
    pdf = None
    if built_pdf is not None:
        (build_dir / "pdf").mkdir(exist_ok=True)
        tmp = build_dir / "pdf" / "report.pdf.tmp"
        shutil.copy2(built_pdf, tmp)
        os.replace(tmp, build_dir / "pdf" / "report.pdf")
        pdf = build_dir / "pdf" / "report.pdf"
    replace_dir(stage, build_dir / "book")
    return build_dir / "html" / "index.html", pdf

"""Publishing: the new site and PDF replace the last good ones only once they are complete."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from policyreport.book import incremental
from policyreport.publish.mirror import mirror

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


def publish(work: Path, stage: Path, build_dir: Path, built_pdf: Path | None, fresh: bool = False) -> tuple[Path, Path | None]:
    """Swap in html/ (the site), pdf/report.pdf and book/ (the executed book sources, a copy of the
    kept staging folder), each made of links to the unchanged files of the last one and copies of
    the others (`mirror`; `fresh`: copies only); returns the paths of the site and the PDF."""
    incremental.drop_unused_images(work / "_build" / "html")
    mirror(work / "_build" / "html", build_dir / "html", fresh, copied=("index.html",), edit=_root_redirect)
    pdf = None
    if built_pdf is not None:
        (build_dir / "pdf").mkdir(exist_ok=True)
        tmp = build_dir / "pdf" / "report.pdf.tmp"
        shutil.copy2(built_pdf, tmp)
        os.replace(tmp, build_dir / "pdf" / "report.pdf")
        pdf = build_dir / "pdf" / "report.pdf"
    mirror(stage, build_dir / "book", fresh)
    return build_dir / "html" / "index.html", pdf

"""The persistent working copy of the book that Sphinx builds incrementally.

Each build assembles its book afresh in a staging folder. Sphinx re-reads a page only when its
file is newer than its last reading, so the staged book is copied into a working copy that
keeps Sphinx's environment and output between builds, rewriting only the files whose bytes
changed: when one document changes, Sphinx re-reads that document's pages and the corpus
chapters, not the whole book.

Every HTML page shows the whole navigation, so a build starts from an empty working copy when
anything but page contents changed: the code, the parameters that shape the navigation or every
page's head (`Params.navigation_digest`), the set of pages or a document's title (the
`signature`), after `--force`, or after a build that did not finish. The report's title, context
keywords, dictionaries and corpus settings keep the copy: they change pages, which Sphinx
re-reads, or `_config.yml`, whose changes Sphinx notices (a new `html_title` rewrites every page).
"""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

MARKER = ".policyreport-complete"
OUTPUTS = {"_build", "_pdf"}  # Sphinx's environment and output inside the working copy


def sync(stage: Path, copy: Path) -> int:
    """Make `copy` hold the files of `stage` (outputs aside), writing only those that differ;
    returns how many were written or removed."""
    changed, wanted = 0, set()
    for src in sorted(stage.rglob("*")):
        rel = src.relative_to(stage)
        if src.is_dir() or rel.parts[0] in OUTPUTS:
            continue
        wanted.add(rel)
        dst = copy / rel
        if dst.is_file() and filecmp.cmp(src, dst, shallow=False):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        changed += 1
    for old in sorted(copy.rglob("*"), reverse=True):
        rel = old.relative_to(copy)
        if rel.parts[0] in OUTPUTS or rel.name == MARKER:
            continue
        if old.is_file() and rel not in wanted:
            old.unlink()
            changed += 1
        elif old.is_dir() and not any(old.iterdir()):
            old.rmdir()
    return changed


def reusable(copy: Path, signature: str) -> bool:
    """Whether the working copy is that of a finished build with this signature."""
    marker = copy / MARKER
    return marker.is_file() and marker.read_text(encoding="utf-8") == signature


def prepare(copy: Path, stage: Path, signature: str, fresh: bool = False) -> int:
    """Bring the working copy up to the staged book; start from nothing when `fresh`, when the
    last build did not finish or when `signature` differs from the last build's."""
    if fresh or not reusable(copy, signature):
        shutil.rmtree(copy, ignore_errors=True)
    else:
        (copy / MARKER).unlink()
    copy.mkdir(parents=True, exist_ok=True)
    return sync(stage, copy)


def finish(copy: Path, signature: str) -> None:
    """Mark the working copy as the result of a finished build with this signature."""
    (copy / MARKER).write_text(signature, encoding="utf-8")


def drop_unused_images(html: Path) -> int:
    """Remove the figures in `_images/` that no page uses any more (Sphinx keeps the images of
    earlier builds in its output); returns how many were removed."""
    images = html / "_images"
    if not images.is_dir():
        return 0
    used = set()
    for page in html.rglob("*.html"):
        used.update(re.findall(r"_images/([^\"'?#\s)]+)", page.read_text(encoding="utf-8", errors="replace")))
    removed = 0
    for f in images.iterdir():
        if f.is_file() and f.name not in used:
            f.unlink()
            removed += 1
    return removed

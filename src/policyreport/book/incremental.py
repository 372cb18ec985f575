"""The persistent working copy of the book that Sphinx builds incrementally.

Each build assembles its book in the staging folder (`book.kept`). Sphinx re-reads a page only when its
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
import os
import re
import shutil
from pathlib import Path

from policyreport.runtime import stamps

MARKER = ".policyreport-complete"
OUTPUTS = {"_build", "_pdf"}  # Sphinx's environment and output inside the working copy


def _walk(root: Path) -> tuple[list[str], list[str]]:
    """The files (relative paths) and folders below `root`, outputs aside. Strings, not paths: the
    book of 5,000 documents holds 100,000 files, walked twice a build."""
    files, folders = [], []
    top = os.fspath(root)
    for folder, dirs, names in os.walk(top):
        if folder == top:
            dirs[:] = [d for d in dirs if d not in OUTPUTS]
            files += [n for n in names if n not in OUTPUTS]
        else:
            folders.append(folder)
            prefix = folder[len(top) + 1 :] + "/"
            files += [prefix + n for n in names]
    return files, folders


def sync(stage: Path, copy: Path) -> int:
    """Make `copy` hold the files of `stage` (outputs aside), writing only those that differ;
    returns how many were written or removed. A file whose stage and copy both still have the
    stamps they had when it was last synced (recorded in `.<copy>.json` beside it,
    `runtime.stamps`) is not compared again."""
    record = copy.with_name(f".{copy.name}.json")
    old = stamps.entries(stamps.load(record), "files")
    changed, synced = 0, {}
    wanted, _ = _walk(stage)
    stage_s, copy_s = os.fspath(stage), os.fspath(copy)
    for rel in sorted(wanted):
        src, dst = f"{stage_s}/{rel}", f"{copy_s}/{rel}"
        now, entry = stamps.stamp(src), old.get(rel)
        there = stamps.stamp(dst) if now is not None and entry is not None and entry[:4] == now else None
        if there is None or there != entry[4:]:
            if not (os.path.isfile(dst) and filecmp.cmp(src, dst, shallow=False)):
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(src, dst)
                changed += 1
            there = stamps.stamp(dst)
        if now is not None:
            synced[rel] = [*now, *(there or [])]
    have, folders = _walk(copy)
    for rel in sorted(set(have) - set(wanted) - {MARKER}):
        os.unlink(f"{copy_s}/{rel}")
        changed += 1
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        if not os.listdir(folder):
            os.rmdir(folder)
    stamps.save(record, {"files": synced})
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


IMAGE_LINK = re.compile(r"_images/([^\"'?#\s)]+)")


def drop_unused_images(html: Path) -> int:
    """Remove the figures in `_images/` that no page uses any more (Sphinx keeps the images of
    earlier builds in its output); returns how many were removed. A page whose stamp is the one
    recorded when it was last read (`.<html>-images.json` beside the folder) is not read again: at
    5,000 documents reading all 10,000 pages took seconds of every build, and one changed document
    rewrites a few."""
    images = html / "_images"
    if not images.is_dir():
        return 0
    record = html.with_name(f".{html.name}-images.json")
    old = stamps.entries(stamps.load(record), "pages")
    used, pages = set(), {}
    for rel in _walk(html)[0]:
        if not rel.endswith(".html"):
            continue
        page = f"{os.fspath(html)}/{rel}"
        now, entry = stamps.stamp(page), old.get(rel)
        if now is not None and entry is not None and entry[:4] == now and len(entry) == 5 and isinstance(entry[4], list):
            found = entry[4]
        else:
            found = sorted(set(IMAGE_LINK.findall(Path(page).read_text(encoding="utf-8", errors="replace"))))
        used.update(found)
        if now is not None:
            pages[rel] = [*now, found]
    removed = 0
    for f in images.iterdir():
        if f.is_file() and f.name not in used:
            f.unlink()
            removed += 1
    stamps.save(record, {"pages": pages})
    return removed

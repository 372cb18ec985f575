"""A published folder replaced by renaming: the new one is made of hard links to the unchanged files
of the last one and copies of the files that changed.

Sphinx writes its pages and static files in place (`open(page, "w")`, `shutil.copyfile`), and the
kept staging folder is written in place too: neither can be renamed away or hard-linked into the
published folder, or the next build would rewrite the last good report under its readers. A
published file is never written after it is made, so the next published folder can share it: a
file is linked when its source still has the stamp it had when it was published
(`runtime.stamps`) and the published file is still the one made then; every other file is
copied. The record of this (`.<name>.json` beside the folder) is believed file by file, so one
left behind by a killed build can only make a file be copied again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from policyreport.runtime import stamps


def replace_dir(new: Path, dest: Path) -> None:
    """Put `new` at `dest`, removing the old one only once the new one is in place. A `dest`
    moved aside by a build killed between the two renames is put back first."""
    old = dest.with_name(dest.name + ".old")
    if old.exists() and not dest.exists():
        old.rename(dest)
    if old.exists():
        shutil.rmtree(old)
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    if old.exists():
        shutil.rmtree(old)


def _published(path: Path) -> list[int] | None:
    """What identifies a published file: inode, size, modification time (linking it changes its
    change time, writing it its modification time)."""
    s = stamps.stamp(path)
    return s[:3] if s else None


def mirror(src: Path, dest: Path, fresh: bool = False, copied: tuple[str, ...] = (), edit: Callable | None = None) -> int:
    """Replace `dest` by a folder holding the files of `src`, linking the unchanged ones; `copied`:
    paths always copied (and never recorded), e.g. a file `edit` rewrites in the new folder before
    it is swapped in; `fresh`: link nothing. Returns how many files were copied."""
    record = dest.with_name(f".{dest.name}.json")
    old = {} if fresh else stamps.entries(stamps.load(record), "files")
    new = dest.with_name(dest.name + ".new")
    shutil.rmtree(new, ignore_errors=True)
    files, copies = {}, 0
    for folder, _, names in os.walk(src):
        here = Path(folder)
        (new / here.relative_to(src)).mkdir(parents=True, exist_ok=True)
        for name in names:
            rel = (here / name).relative_to(src).as_posix()
            source, target, was = here / name, new / rel, dest / rel
            now, entry = stamps.stamp(source), old.get(rel)
            if now and entry and len(entry) == 7 and entry[:4] == now and _published(was) == entry[4:] and rel not in copied:
                try:
                    os.link(was, target)
                except OSError:  # a file system without hard links
                    shutil.copy2(source, target)
                    copies += 1
            else:
                shutil.copy2(source, target)
                copies += 1
            if now and rel not in copied:
                files[rel] = [*now, *_published(target)]
    if edit is not None:
        edit(new)
    replace_dir(new, dest)
    stamps.save(record, {"files": files})
    return copies

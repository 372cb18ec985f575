"""A published folder replaced in one rename, at the cost of what changed.

Sphinx writes its pages and static files in place (`open(page, "w")`, `shutil.copyfile`), and the
kept staging folder is written in place too: neither can be renamed away or hard-linked into the
published folder, or the next build would rewrite the last good report under its readers. So the
published folder keeps a twin, `.<name>.prev`, the folder it replaced. A publication brings the
twin up to the new files, replacing only those that changed since the twin was published (a file
is replaced by a new one, never written in place: the two folders share the files that are the
same in both, as hard links), and then exchanges the two folders' names in one step
(`renameat2(RENAME_EXCHANGE)`; three renames where the system has no such call, which `recover`
completes when a build stops between them). Nothing is deleted but what the new folder no longer
has: removing the whole old folder (thousands of small folders of Sphinx's downloads) cost more
than everything else the publication does.

Whether a file changed is told by stamps (`runtime.stamps`): a file is kept when its source still
has the stamp it had when the file was published and the published file is still the one made
then, else it is linked from the other folder (when that one holds it) or copied. The record of
this (`.<name>.json` beside the folder) has one table per folder, by the folder's inode, marked
incomplete while the folder is being changed; it is believed file by file, so a record left by
a killed build can only make a file be copied again.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

from policyreport.runtime import stamps

TMP = ".policyreport-tmp"  # the suffix of a file being made, renamed over its place when complete


def twin(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.prev")


def _aside(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.swap")


def _exchange_in_one_step(a: Path, b: Path) -> bool:
    """Exchange two paths with renameat2(RENAME_EXCHANGE); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def exchange(dest: Path) -> None:
    """The twin becomes `dest`, and `dest` the twin."""
    if _exchange_in_one_step(twin(dest), dest):
        return
    dest.rename(_aside(dest))
    twin(dest).rename(dest)
    _aside(dest).rename(twin(dest))


def recover(dest: Path) -> None:
    """Complete the three renames of `exchange` that a stopped build left half done."""
    aside = _aside(dest)
    if not aside.exists():
        return
    if not dest.exists():  # stopped after the first rename: the last good folder goes back
        aside.rename(dest)
    elif not twin(dest).exists():  # stopped after the second: the new folder is in place
        aside.rename(twin(dest))
    else:
        shutil.rmtree(aside)


def _published(path: Path) -> list[int] | None:
    """What identifies a published file: inode, size, modification time (linking it changes its
    change time, replacing it its inode)."""
    s = stamps.stamp(path)
    return s[:3] if s else None


def _matches(entry, now: list[int] | None) -> bool:
    """Whether `entry` records a file made from a source with stamp `now`."""
    return bool(now) and isinstance(entry, list) and len(entry) == 7 and entry[:4] == now


def _holds(entry, now: list[int] | None, path: Path) -> bool:
    """Whether `path` is still the file recorded in `entry` as made from a source with stamp `now`."""
    return _matches(entry, now) and _published(path) == entry[4:]


def _make_folder(path: str) -> None:
    """A folder at `path`, replacing a file or link there."""
    try:
        if stat.S_ISDIR(os.lstat(path).st_mode):
            return
        os.unlink(path)
    except FileNotFoundError:
        pass
    os.mkdir(path)


def _replace(target: Path, make: Callable[[Path], None]) -> None:
    """Put a new file at `target` (made by `make` beside it), never writing the old one."""
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    tmp = target.with_name(target.name + TMP)
    tmp.unlink(missing_ok=True)
    make(tmp)
    os.replace(tmp, target)


def _linked(was: Path, target: Path) -> bool:
    """Put a hard link to `was` at `target`; False where the file system has none."""
    try:
        _replace(target, lambda tmp: os.link(was, tmp))
    except OSError:
        return False
    return True


def _link(was: str, target: str) -> bool:
    """`_linked`, with one call where nothing is at `target` yet (every file of a new twin: 200,000
    at 5,000 documents)."""
    try:
        os.link(was, target)
    except FileExistsError:
        return _linked(Path(was), Path(target))
    except OSError:
        return False
    return True


def _tables(record: dict) -> dict[str, dict]:
    trees = record.get("trees")
    return {k: v for k, v in trees.items() if isinstance(v, dict)} if isinstance(trees, dict) else {}


def _inside(rel) -> bool:
    """Whether a recorded path is one below the folder (a record is data read back, never trusted to point elsewhere)."""
    return isinstance(rel, str) and not rel.startswith("/") and ".." not in rel.split("/")


def _ino(path: Path) -> str | None:
    try:
        return str(os.stat(path).st_ino) if path.is_dir() and not path.is_symlink() else None
    except OSError:
        return None


def _prune(folder: Path, files: set[str], dirs: set[str]) -> None:
    """Remove from `folder` every file not in `files` and every folder not in `dirs`."""
    for here, subdirs, names in os.walk(folder, topdown=False):
        rel = Path(here).relative_to(folder)
        for name in names:
            if (rel / name).as_posix() not in files:
                (Path(here) / name).unlink()
        for name in subdirs:
            path = Path(here) / name
            if path.is_symlink():
                path.unlink()
            elif (rel / name).as_posix() not in dirs:
                shutil.rmtree(path)


def mirror(src: Path, dest: Path, fresh: bool = False, copied: tuple[str, ...] = (), edit: Callable | None = None) -> int:
    """Replace `dest` by a folder holding the files of `src`; returns how many files were copied.
    `copied`: paths always copied, e.g. a file `edit` rewrites in the new folder before it is
    swapped in; `fresh`: copy every file."""
    recover(dest)
    record_path = dest.with_name(f".{dest.name}.json")
    new = twin(dest)
    if fresh or not dest.is_dir():
        shutil.rmtree(new, ignore_errors=True)
    trees = {} if fresh else _tables(stamps.load(record_path))
    active = stamps.entries(trees.get(_ino(dest) or "", {}), "files")
    new.mkdir(parents=True, exist_ok=True)
    mine = trees.get(_ino(new) or "", {})
    old, old_dirs = stamps.entries(mine, "files"), mine.get("dirs")
    complete = mine.get("complete") is True and isinstance(old_dirs, list) and all(map(_inside, [*old, *old_dirs]))
    trees = {k: v for k, v in trees.items() if k == _ino(dest)}
    trees[_ino(new)] = {"complete": False, "files": old}
    stamps.save(record_path, {"trees": trees})  # a build stopped from here on leaves the twin unknown
    files, dirs, copies = {}, set(), 0
    src_s, new_s, dest_s = os.fspath(src), os.fspath(new), os.fspath(dest)
    for folder, _, names in os.walk(src_s):  # paths as strings: 200,000 files at 5,000 documents
        rel_dir = folder[len(src_s) + 1 :] if folder != src_s else "."
        dirs.add(rel_dir)
        prefix = "" if rel_dir == "." else rel_dir + "/"
        target_dir = new_s + "/" + rel_dir if prefix else new_s
        _make_folder(target_dir)
        for name in names:
            rel, target = prefix + name, target_dir + "/" + name
            now = stamps.stamp(folder + "/" + name)
            entry = old.get(rel) if rel not in copied else None
            published = _published(target) if _matches(entry, now) else None
            if published is None or published != entry[4:]:
                if rel in copied or not (_holds(active.get(rel), now, Path(dest_s, rel)) and _link(f"{dest_s}/{rel}", target)):
                    _replace(Path(target), lambda tmp, source=f"{folder}/{name}": shutil.copy2(source, tmp))
                    copies += 1
                published = _published(target)
            files[rel] = [*now, *published] if now else []
    gone, gone_dirs = set(old) - set(files), set(old_dirs) - dirs if complete else set()
    if complete and not any((new / d).is_symlink() for r in gone | gone_dirs for d in Path(r).parents):
        # the twin held exactly what is recorded: what the new folder lacks is among it
        for rel in sorted(gone):
            (new / rel).unlink(missing_ok=True)
        for rel in sorted(gone_dirs, key=len, reverse=True):
            shutil.rmtree(new / rel, ignore_errors=True)
    else:
        _prune(new, set(files), dirs)
    if edit is not None:
        edit(new)
    trees[_ino(new)] = {"complete": True, "files": files, "dirs": sorted(dirs)}
    stamps.save(record_path, {"trees": trees})
    if dest.is_dir():
        exchange(dest)
    else:
        new.rename(dest)
    return copies

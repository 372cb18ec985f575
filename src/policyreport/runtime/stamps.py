"""Stamps of files and records of them: what lets a kept folder skip the files that did not change.

A file's stamp is its inode, size, modification and change times. Writing a file, even in place
and to the same size, gives it a new change time, so a file whose stamp is the one recorded when
it was written (or copied, or linked) has not been written since: what was recorded of it then
still holds. A record is trusted file by file, never as a whole, so a record left by a killed
build, or one that outlived the files it describes, can only make a file be written again.
File times are as fine as the kernel keeps them: nanoseconds (ext4 and others since Linux 6.13),
else a clock tick of a few milliseconds, within which two writes of the same size are not told
apart; a file is recorded and written again by different builds, seconds apart.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path


def stamp(path: Path | str) -> list[int] | None:
    """[inode, size, mtime_ns, ctime_ns] of a regular file (not following a link); None for anything else."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def load(path: Path) -> dict:
    """A record written by `save` ({} when it is missing or not one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(path: Path, record: dict) -> None:
    """Write a record whole or not at all (a temporary file, then a rename). Encoded in one piece:
    `json.dump` to a file runs the encoder written in Python: twice as slow (0.30 against 0.14 s for
    a record of 100,000 files)."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def entries(record: dict, name: str) -> dict[str, list]:
    """The record's table `name` ({relative path: list}), keeping only well-formed rows."""
    table = record.get(name)
    if not isinstance(table, dict):
        return {}
    return {k: v for k, v in table.items() if isinstance(k, str) and isinstance(v, list)}

"""Which files of the data folder a notebook opened, recorded in its kernel by an audit hook.

A corpus chapter is keyed by what it read (`notebooks._key`), not by the whole data folder: a new
title changes `pages/report.json`, which only the chapters showing the report's own data open, and
a new context keyword changes the context tables, which only the chapters showing them open. Every
`open` of a file below the data folder is recorded (pandas, json and Path.read_text all go through
it); what is cached in memory across notebooks is dropped before each one (`start`), so that a
notebook's record holds every file its output depends on. Existence checks do not open files: the
key also covers the names of all the data folder's files.
"""

from __future__ import annotations

import os
import sys

READS: set[str] = set()
_STATE: dict = {"root": None, "hooked": False}


def _hook(event: str, args: tuple) -> None:
    if event != "open" or _STATE["root"] is None or not args:
        return
    path = args[0]
    if isinstance(path, int):
        return
    try:
        full = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return
    root = _STATE["root"]
    if full.startswith(root + os.sep):
        READS.add(os.path.relpath(full, root).replace(os.sep, "/"))


def start(data_dir: str) -> None:
    """Record from now on the files opened below `data_dir`, forgetting what was recorded and what
    the report's modules hold in memory from an earlier notebook."""
    from policyreport.report import store

    store._LOADED.clear()  # noqa: SLF001 — a corpus read by an earlier notebook would hide this one's reads
    READS.clear()
    _STATE["root"] = os.path.realpath(data_dir)
    if not _STATE["hooked"]:
        sys.addaudithook(_hook)
        _STATE["hooked"] = True


def recorded() -> list[str]:
    """The files opened since `start`, relative to the data folder, sorted."""
    return sorted(READS)

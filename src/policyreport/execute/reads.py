"""Which files a notebook opened, recorded in its kernel by an audit hook.

A corpus chapter is keyed by what it read (`notebooks._read_key`), not by the whole data folder: a
new title changes `pages/report.json`, which only the chapters showing the report's own data open,
and a new context keyword changes the context tables, which only the chapters showing them open.
Every `open` is recorded (pandas, json, YAML and Path.read_text all go through it): a file of the
data folder by its path there, any other by its absolute path (the methods chapter reads the
dictionaries it describes), except the Python installation's own files, the package's code and
distributions' metadata (`_code`), font files (`_font`), the tools' caches and settings (below a
hidden folder of the home folder), /proc, /sys and /dev. What the report's modules hold in memory
from an earlier notebook is dropped first (`start`), so that a notebook's record holds every file
its output depends on. Existence checks do not open files: the key also covers the names of all the data
folder's files.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

READS: set[str] = set()
PRELOADED: set[str] = set()  # what the kernel's warm-up opened (absolute paths): part of every record
_STATE: dict = {"root": None, "hooked": False, "skip": ()}
_NO_ROOT = "\0"  # no path is below it: while warming up, every file is recorded by its absolute path


_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__))) + os.sep


def _code(full: str) -> bool:
    """The package's own code and its compiled modules (in every key through the code hash,
    `provenance.code_hash`) or a distribution's metadata: an import opens them, whether or not an
    earlier one in the same process (a warm build's server, `runtime.server`) did, so they would
    make records differ. Python writes the compiled modules (`__pycache__`) unless told not to."""
    return (
        (full.startswith(_PACKAGE) and full.endswith((".py", ".pyc")))
        or ".dist-info" + os.sep in full
        or ".egg-info" + os.sep in full
    )


FONT_FILES = (".ttf", ".ttc", ".otf", ".otc", ".pfb", ".pfa", ".afm")


def _font(full: str) -> bool:
    """A font file, wherever installed: matplotlib opens each once per process when it first draws
    with it, so only the first notebook of a kernel that draws with a font would record it. Fonts
    are the installation's, as its Python packages are (the figure cache's key names the font)."""
    return full.lower().endswith(FONT_FILES)


def _skipped() -> tuple[str, ...]:
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    home = os.path.realpath(os.path.expanduser("~"))
    hidden = {os.path.join(home, d) for d in os.listdir(home) if d.startswith(".")} if os.path.isdir(home) else set()
    return tuple(sorted(p + os.sep for p in prefixes | hidden | {"/proc", "/sys", "/dev"}))


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
    elif not full.startswith(_STATE["skip"]) and not _code(full) and not _font(full) and os.path.isfile(full):
        READS.add(full)


def _hook_once() -> None:
    if not _STATE["hooked"]:
        sys.addaudithook(_hook)
        _STATE["hooked"] = True


def warm_up(imports) -> None:
    """Run `imports` (the kernel's warm-up, before any notebook) recording the files it opens: a
    module that reads a dictionary when imported reads it once per kernel, so every notebook's
    record holds it, as it did when the notebook imported the module itself."""
    _STATE["root"], _STATE["skip"] = _NO_ROOT, _skipped()
    _hook_once()
    try:
        imports()
    finally:
        PRELOADED.update(READS)
        READS.clear()
        _STATE["root"] = None


def warm_kernel() -> None:
    """What a kernel imports before its first notebook (`notebooks.PRELOAD`, and a warm build's
    server, `runtime.server`, for the kernels it forks): myst-nb's glue, then the report's views,
    recording the files they open."""
    from myst_nb import glue  # noqa: F401

    import policyreport.report.views as views

    warm_up(views.warm_up)


def start(data_dir: str) -> None:
    """Record from now on the files opened, forgetting what was recorded and what the report's
    modules hold in memory from an earlier notebook."""
    from policyreport.report import store

    store._LOADED.clear()  # noqa: SLF001 — a corpus read by an earlier notebook would hide this one's reads
    READS.clear()
    READS.update(PRELOADED)
    _STATE["root"] = os.path.realpath(data_dir)
    _STATE["skip"] = _skipped()
    _hook_once()


def recorded() -> list[str]:
    """The files opened since `start`: paths relative to the data folder, or absolute, sorted."""
    return sorted(READS)


@contextmanager
def paused():
    """Files opened inside are not recorded: the figure cache's entries (`report.figure_cache`) are
    what a notebook showed before, not what it depends on."""
    root, _STATE["root"] = _STATE["root"], None
    try:
        yield
    finally:
        _STATE["root"] = root

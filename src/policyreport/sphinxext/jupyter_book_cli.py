"""`jb` with Sphinx's parallel jobs: `python -m policyreport.sphinxext.jupyter_book_cli JOBS build …`.

Jupyter Book 1's command line has no `-j`, though its `build_sphinx` takes `jobs`; and its
section-numbering extension (sphinx-multitoc-numbering) does not declare that it is parallel-safe,
so Sphinx would fall back to one process with a warning (an error under `-W`). It only replaces
the section-numbering step that runs after reading, in the main process, so it is safe to read and
write in parallel; this module says so and passes the jobs on. Sphinx's forked workers are made to
die with this process (`lifecycle.die_with_parent`): the build kills it when stopped, and the kernel
kills it when the build dies, so no worker is left behind either way. $POLICYREPORT_NICE (default 0)
is added to the niceness of the build and its workers (`typeset.html_and_pdf`).

`python -m policyreport.sphinxext.jupyter_book_cli --ahead` starts a build before the book is
staged (`typeset.Ahead`): it imports Jupyter Book, Sphinx and the extensions the book's last
`_config.yml` names (a second of a build's start), then reads one line from its standard input,
`{"cwd": …, "argv": [JOBS, "build", …]}`, and builds; at the end of its input it exits.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import sys
from pathlib import Path


def declared_safe(setup):
    """The extension's `setup`, returning that it is safe for parallel reading and writing."""

    @functools.wraps(setup)
    def wrapped(app):
        return {**(setup(app) or {}), "parallel_read_safe": True, "parallel_write_safe": True}

    return wrapped


def dying_with(process, parent: int):
    """Sphinx's `ParallelTasks._process`, run in a forked worker that dies with `parent`."""

    @functools.wraps(process)
    def wrapped(self, *args, **kwargs):
        from policyreport.runtime.lifecycle import die_with_parent

        die_with_parent(parent)
        return process(self, *args, **kwargs)

    return wrapped


def _import_ahead(book: Path) -> None:
    """The modules a build of `book` imports: Sphinx's builders and the extensions its `_config.yml`
    names now (it may name others when the build starts; those are imported then)."""
    from jupyter_book.config import get_final_config

    importlib.import_module("sphinx.application")
    config = book / "_config.yml"
    try:
        sphinx_config, _ = get_final_config(user_yaml=config if config.is_file() else None, sourcedir=book)
    except Exception:  # noqa: BLE001 - a broken configuration is reported by the build itself
        return
    names = [*sphinx_config.get("extensions", []), sphinx_config.get("html_theme") or "", "sphinx.builders.latex"]
    for name in filter(None, names):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - likewise
            pass


def ahead(book: Path) -> list[str] | None:
    """Import ahead (`_import_ahead`), then wait for the build's arguments; None at end of input."""
    _import_ahead(book)
    line = sys.stdin.readline()
    if not line.strip():
        return None
    order = json.loads(line)
    os.chdir(order["cwd"])
    return [str(a) for a in order["argv"]]


def main(argv: list[str]) -> None:
    os.nice(int(os.environ.get("POLICYREPORT_NICE") or 0))  # the forked readers and writers inherit it
    if argv[:1] == ["--ahead"]:
        argv = ahead(Path(argv[1]))
        if argv is None:
            return
    import jupyter_book.sphinx
    import sphinx_multitoc_numbering
    from jupyter_book.cli.main import main as jb
    from sphinx.util.parallel import ParallelTasks

    ParallelTasks._process = dying_with(ParallelTasks._process, os.getpid())

    jobs, args = int(argv[0]), argv[1:]
    sphinx_multitoc_numbering.setup = declared_safe(sphinx_multitoc_numbering.setup)
    jupyter_book.sphinx.build_sphinx = functools.partial(jupyter_book.sphinx.build_sphinx, jobs=jobs)
    jb(args, prog_name="jb")


if __name__ == "__main__":
    main(sys.argv[1:])

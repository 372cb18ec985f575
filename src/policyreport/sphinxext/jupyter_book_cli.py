"""`jb` with Sphinx's parallel jobs: `python -m policyreport.sphinxext.jupyter_book_cli JOBS build …`.

Jupyter Book 1's command line has no `-j`, though its `build_sphinx` takes `jobs`; and its
section-numbering extension (sphinx-multitoc-numbering) does not declare that it is parallel-safe,
so Sphinx would fall back to one process with a warning (an error under `-W`). It only replaces
the section-numbering step that runs after reading, in the main process, so it is safe to read and
write in parallel; this module says so and passes the jobs on. Sphinx's forked workers are made to
die with this process (`lifecycle.die_with_parent`): the build kills it when stopped, and the kernel
kills it when the build dies, so no worker is left behind either way. $POLICYREPORT_NICE (default 0)
is added to the niceness of the build and its workers (`typeset.html_and_pdf`). The garbage
collector runs less often (`collect_less`), and the process exits without its last walk of the
objects (`exit_without_collecting`). sphinx-external-toc finds Sphinx's table-of-contents collector
among the app's own listeners (`own_collectors_disabled`), not among every object of the process.
"""

from __future__ import annotations

import functools
import os
import sys


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


# CPython's (700, 10, 10) ran thousands of young and hundreds of middle collections over the objects
# Sphinx unpickles (its environment, and for the LaTeX builder every page's doctree); a build's
# garbage is a few cycles (replaced nodes, written pages). Young collections every 100,000
# allocations instead of 700, the older generations as CPython has them, so that full collections
# still come and the memory stays bounded. Measured (2 cores): the LaTeX step at 60 documents
# 7.2–7.4 → 5.2 s; the HTML step at 5,000 documents with one changed page 19.6–21.4 → 16.3 s; the
# Sphinx HTML step of a cold build at 5,000 documents 478 s (the bench's HTML stage: 634 s before),
# its peak 4.4 GB (the whole build's: 3.3 GB before; 9.2 GB with (100000, 50, 100), whose oldest
# generation is never collected).
COLLECTOR_THRESHOLDS = (100_000, 10, 10)


def collect_less() -> None:
    """The collector's thresholds for a Sphinx process and its forked workers."""
    import gc

    gc.set_threshold(*COLLECTOR_THRESHOLDS)


def own_collectors_disabled(app) -> None:
    """sphinx-external-toc's `disable_builtin_toctree_collector`, which disables the table-of-contents
    collectors that listen to Sphinx's events so that its own, which numbers in its styles, replaces
    them: it looked for them among every object of the process (`gc.get_objects`), 0.14 s in a
    Sphinx process forked from a warm build, which holds pandas, matplotlib and jieba; a collector
    listens through `app.connect`, so the app's listeners name every one that can be disabled."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    found = {}
    for listeners in app.events.listeners.values():
        for listener in listeners:
            owner = getattr(listener.handler, "__self__", None)
            if isinstance(owner, TocTreeCollector) and owner.listener_ids is not None:
                found[id(owner)] = owner
    for collector in found.values():
        collector.disable(app)


def main(argv: list[str]) -> None:
    collect_less()
    import jupyter_book.sphinx
    import sphinx_external_toc.collectors
    import sphinx_multitoc_numbering
    from jupyter_book.cli.main import main as jb
    from sphinx.util.parallel import ParallelTasks

    ParallelTasks._process = dying_with(ParallelTasks._process, os.getpid())

    jobs, args = int(argv[0]), argv[1:]
    os.nice(int(os.environ.get("POLICYREPORT_NICE") or 0))  # the forked readers and writers inherit it
    sphinx_multitoc_numbering.setup = declared_safe(sphinx_multitoc_numbering.setup)
    sphinx_external_toc.collectors.disable_builtin_toctree_collector = own_collectors_disabled
    jupyter_book.sphinx.build_sphinx = functools.partial(jupyter_book.sphinx.build_sphinx, jobs=jobs)
    try:
        jb(args, prog_name="jb")
    finally:
        exit_without_collecting()


def exit_without_collecting() -> None:
    """Before this process exits: what is left (Sphinx's environment, millions of objects at
    thousands of pages) moved out of the collector's reach (`gc.freeze`), so that the interpreter's
    last collections at exit do not walk it (12 s of a 20 s HTML build at 5,000 documents)."""
    import gc

    gc.freeze()


if __name__ == "__main__":
    main(sys.argv[1:])

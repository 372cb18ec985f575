"""A page does not depend on the contents of the files it offers for download.

Sphinx notes every `{download}` target as a dependency of the page, so a page is read again when
a file it links to changes. A download link does not show the file: its URL is `_downloads/` and a
digest of the file's path, and the HTML builder copies every downloadable file at every build. Yet
every document's page offers the corpus-wide key terms table (`key_terms.csv`), so whenever a
document changed its terms, all document pages were read again although none of them changed. The
dependencies the download collector notes are dropped; a page is still read again when its own
source changes, and a download that disappeared still fails the build (the copy warns).
"""

from __future__ import annotations

import functools


def _without_dependencies(process, app, doctree) -> None:
    deps = app.env.dependencies[app.env.docname]
    before = set(deps)
    process(app, doctree)
    deps.intersection_update(before)


def setup(app) -> None:
    """Put the download collector's reading of a page (connected before any extension) in a wrapper."""
    from sphinx.environment.collectors.asset import DownloadFileCollector

    for listener in list(app.events.listeners["doctree-read"]):
        if isinstance(getattr(listener.handler, "__self__", None), DownloadFileCollector):
            app.disconnect(listener.id)
            app.connect("doctree-read", functools.partial(_without_dependencies, listener.handler), priority=listener.priority)

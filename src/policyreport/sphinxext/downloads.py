"""A page does not depend on the contents of the files it offers for download.

Sphinx notes every `{download}` target as a dependency of the page, so a page is read again when
a file it links to changes. A download link does not show the file: its URL is `_downloads/` and a
digest of the file's path, and the HTML builder copies every downloadable file at every build. Yet
every document's page offers the corpus-wide key terms table (`key_terms.csv`), so whenever a
document changed its terms, all document pages were read again although none of them changed. The
dependencies the download collector notes are dropped; a page is still read again when its own
source changes, and a download that disappeared still fails the build (the copy warns).

The files themselves are linked, not copied, into the HTML output (`link_downloads`).
"""

from __future__ import annotations

import functools
import os


def _without_dependencies(process, app, doctree) -> None:
    deps = app.env.dependencies[app.env.docname]
    before = set(deps)
    process(app, doctree)
    deps.intersection_update(before)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def link_downloads(builder) -> None:
    """The HTML builder's `copy_download_files`, with each file hard-linked from Sphinx's working
    copy rather than copied, and left alone when it already is that file.

    Sphinx compares every download with its copy, byte by byte, at every build and logs each one:
    16 s of a build that changed one document of 5,000 (50,203 files). A linked file is the
    working copy's own: when the staging step rewrites it, the link shows the new bytes, as a new
    copy would. The HTML output is never published by linking (`publish.mirror` copies it), so no
    report on display shares these files. Where the file system cannot link, the file is copied."""
    from sphinx.locale import __
    from sphinx.util import logging
    from sphinx.util.osutil import copyfile, ensuredir

    logger = logging.getLogger(__name__)
    if not builder.env.dlfiles:
        return
    outdir = os.path.join(builder.outdir, "_downloads")
    ensuredir(outdir)
    linked = 0
    for src, (_, name) in builder.env.dlfiles.items():
        source, dest = os.path.join(builder.srcdir, src), os.path.join(outdir, name)
        if _same_file(source, dest):
            continue
        try:
            ensuredir(os.path.dirname(dest))
            tmp = dest + ".policyreport-tmp"
            try:
                if os.path.lexists(tmp):
                    os.unlink(tmp)
                os.link(source, tmp)
                os.replace(tmp, dest)
                linked += 1
            except OSError:
                if not os.path.exists(source):
                    raise
                copyfile(source, dest)
        except OSError as err:
            logger.warning(__("cannot copy downloadable file %r: %s"), source, err)
    logger.info(f"downloadable files: {linked} of {len(builder.env.dlfiles)} linked anew")


def setup(app) -> None:
    """Put the download collector's reading of a page (connected before any extension) in a wrapper."""
    from sphinx.environment.collectors.asset import DownloadFileCollector

    for listener in list(app.events.listeners["doctree-read"]):
        if isinstance(getattr(listener.handler, "__self__", None), DownloadFileCollector):
            app.disconnect(listener.id)
            app.connect("doctree-read", functools.partial(_without_dependencies, listener.handler), priority=listener.priority)
    from sphinx.builders.html import StandaloneHTMLBuilder

    StandaloneHTMLBuilder.copy_download_files = link_downloads

"""References formatted once: an entry of the bibliography that did not change is not formatted again.

Whenever a .bib file changed, sphinxcontrib-bibtex formats every entry of the bibliography, twice
(the reference and its tooltip), in Sphinx's main process after reading (`env-updated`); the
report's references.bib changes with any document (an entry's note holds its document's SHA-256),
and each entry takes citeproc-py a few milliseconds: 5.9 s at 1,029 entries. An entry's text
depends only on its CSL-JSON record (the CSL style is part of the code, and a new code starts
Sphinx's working copy afresh), so the texts of the last build are kept in Sphinx's environment, by
record (`bib.References`), and only a new or changed record is formatted.
"""

from __future__ import annotations

from policyreport.report import bib

ATTRIBUTE = "policyreport_references"  # on the environment, pickled with it


def _restore(app, env, docnames) -> None:
    bib.REFERENCES.restore(getattr(env, ATTRIBUTE, {}))


def _keep(app, env) -> None:
    setattr(env, ATTRIBUTE, dict(bib.REFERENCES.used))


def setup(app) -> None:
    app.connect("env-before-read-docs", _restore)
    app.connect("env-updated", _keep, priority=900)  # after sphinxcontrib-bibtex has formatted the entries

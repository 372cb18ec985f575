"""The notebooks' tables, in the HTML build, as the HTML Sphinx would make of them.

The corpus chapters (overview, comparison, policy, methods) show tables with a row per document
and a link in each row: after one document changed, Sphinx parsed, transformed, pickled,
resolved and wrote their tens of thousands of nodes again (about 20 s at 1,000 documents). When
the HTML builder reads a notebook (`source-read`), each table in a Markdown output that
`html_tables.table_html` can write becomes one raw HTML block, with the markup the theme gives a
MyST table. Its `{ref}` links are placeholders until the page is written; then `RawTables`
resolves them from Sphinx's own labels, as Sphinx's `ref` role does (the same URL and id, a link
to the page itself as `#id`, "undefined label" for a label that does not exist). Only with
Sphinx's smart quotes off, as the report has them: raw HTML keeps its quotes straight. The LaTeX build
reads the notebooks unchanged: each builder has its own environment (as myst-nb's outputs, which
it picks by builder, already assume).
"""

from __future__ import annotations

import functools
import json
import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from policyreport.execute import html_tables

logger = logging.getLogger(__name__)

_OPEN, _CLOSE = "\ue002", "\ue003"
_LABEL = re.compile(r"[\w.:-]+")
_PENDING = re.compile(
    rf'<a class="reference internal" href="{_OPEN}([^{_CLOSE}]*){_CLOSE}"><span class="std std-ref">(.*?)</span></a>'
)


def _pending(label: str) -> str | None:
    """A placeholder for a label's URL, resolved when the page is written (None: left to MyST)."""
    return f"{_OPEN}{label}{_CLOSE}" if _LABEL.fullmatch(label) else None


def convert_markdown(markdown: str) -> str:
    """A Markdown output with its tables as raw HTML whose links are placeholders."""
    if _OPEN in markdown or _CLOSE in markdown:
        return markdown
    return html_tables.convert(markdown, _pending)


def convert_notebook(source: str) -> str:
    """A notebook (JSON) whose Markdown outputs have their tables as raw HTML; unchanged when
    none has a table that can be written so."""
    nb = json.loads(source)
    changed = False
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            text = data.get("text/markdown")
            if text is None:
                continue
            text = "".join(text) if isinstance(text, list) else text
            new = convert_markdown(text)
            if new != text:
                data["text/markdown"], changed = new, True
    return json.dumps(nb, ensure_ascii=False) if changed else source


def _source_read(app, docname: str, source: list[str]) -> None:
    if app.config.smartquotes:  # Sphinx would curl the quotes in a MyST table, not in raw HTML
        return
    if app.builder.format == "html" and str(app.env.doc2path(docname)).endswith(".ipynb"):
        source[0] = convert_notebook(source[0])


class RawTables(SphinxPostTransform):
    """The raw tables (`html_tables`) as Sphinx writes a table: their placeholders the links
    Sphinx's `ref` role makes of a label with a title (`StandardDomain._resolve_ref_xref`), and
    a line end after the table."""

    default_priority = 10  # with Sphinx's ReferencesResolver
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            text = raw.astext()
            if "html" not in raw.get("format", "").split() or not text.startswith(html_tables.START):
                continue
            new = _PENDING.sub(functools.partial(self._link, raw=raw), text) if _OPEN in text else text
            if not new.endswith("\n"):
                new += "\n"
            raw.replace(raw.children[0], nodes.Text(new))

    def _link(self, m: re.Match, raw: nodes.raw) -> str:
        target, title = m.group(1).lower(), m.group(2)
        docname, labelid = self.env.get_domain("std").anonlabels.get(target, ("", ""))
        if not docname:
            logger.warning("undefined label: %r", target, location=raw, type="ref", subtype="ref")
            return f'<span class="xref std std-ref">{title}</span>'
        if docname == self.env.docname:
            url = "#" + labelid
        else:
            url = self.app.builder.get_relative_uri(self.env.docname, docname) + ("#" + labelid if labelid else "")
        return f'<a class="reference internal" href="{html_tables.encode(url)}"><span class="std std-ref">{title}</span></a>'


def setup(app) -> None:
    app.connect("source-read", _source_read)
    app.add_post_transform(RawTables)

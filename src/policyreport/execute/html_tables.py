"""Tables of pages that only the site shows, written as the HTML Sphinx would make of them.

Above `max_document_chapters` every document's page is rendered without a kernel, and its
tables (metadata, outline, context lines, commitments, the 42 PMC scores, entities …) are most
of what Sphinx has to parse, transform, pickle, resolve and index: about 60 links to source
paragraphs and 7 tables per page. A table whose links all go to the document's own source
page is written here, once, as a raw HTML block with the markup the theme gives a table
(`pst-scrollable-table-container`, `longtable table`, `row-odd`/`row-even`, `head`) and the
links Sphinx would resolve (`../sources/<doc>.html#<id>`, the id docutils makes of the label).
Sphinx keeps one node per table and still indexes its text for the search. A table with any
other role stays MyST and Sphinx resolves it as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from docutils.nodes import make_id

from policyreport.report import render

TABLE = re.compile(r"^(`{4,})\{table\}\n:class: longtable\n\n(\|[^\n]*(?:\n\|[^\n]*)*)\n\1[ \t]*$", re.M)
# a {ref} role with a title, not preceded by an escaping backslash (an escaped backslash is fine)
_REF = re.compile(r"(?<!\\)((?:\\\\)*)\{ref\}`([^`<]*?)\s*<([^<>`]+)>`")
_ANY_ROLE = re.compile(r"(?<!\\)(?:\\\\)*\{[\w:-]+\}`")
_MARK = re.compile("\ue000(\\d+)\ue001")
START = '<div class="pst-scrollable-table-container"><table class="longtable table">'  # how a table written here begins


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def document_links(doc_id: str, sources: str) -> Callable[[str], str | None]:
    """The URL of a label on a document's page: its own full text and paragraphs (on the source
    page at the URL `sources`) and its own page; None for any other label."""
    source = render.source_label(doc_id)
    paragraph = re.compile(re.escape(source) + r"-p\d+")

    def resolve(label: str) -> str | None:
        if label == source or paragraph.fullmatch(label):
            return f"{sources}#{make_id(label)}"
        if label == render.doc_label(doc_id):
            return f"#{make_id(label)}"
        return None

    return resolve


# what docutils' HTML writer encodes in text and attribute values
_ENCODE = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;", ord(">"): "&gt;", ord("@"): "&#64;"}


def encode(text: str) -> str:
    """Text or an attribute value as docutils writes it."""
    return text.translate(_ENCODE)


def _link(url: str, text: str) -> str:
    return f'<a class="reference internal" href="{encode(url)}"><span class="std std-ref">{encode(text)}</span></a>'


def _literal(m: re.Match) -> str:
    """Inline code as Sphinx writes it: each word kept from wrapping, runs of spaces kept."""
    parts = []
    for token in re.findall(r"\S+| +", m.group(1)):
        if token.strip():
            parts.append(f'<span class="pre">{token}</span>')
        else:
            parts.append(token if token == " " else "&#160;" * (len(token) - 1) + " ")
    return f'<code class="docutils literal notranslate">{"".join(parts)}</code>'


def _theme(table_html: str) -> str:
    """markdown-it's table with the markup Sphinx and the theme give a MyST table."""
    out = table_html.replace("<table>", START, 1)
    out = out.replace("</table>", "</table>\n</div>", 1)
    out = re.sub(r"<th>(.*?)</th>", r'<th class="head"><p>\1</p></th>', out)  # one cell per line
    out = re.sub(r"<td>(.*?)</td>", r"<td><p>\1</p></td>", out)
    out = re.sub(r"<code>(.*?)</code>", _literal, out).replace("<a href=", '<a class="reference external" href=')
    out = out.replace("@", "&#64;")  # markdown-it leaves it as it is, docutils encodes it
    rows = iter(range(1, 1_000_000))
    return re.sub(r"<tr>\n", lambda m: f'<tr class="row-{"odd" if next(rows) % 2 else "even"}">', out)


def table_html(body: str, resolve: Callable[[str], str | None]) -> str | None:
    """The pipe table `body` as HTML, or None when one of its roles is not a {ref} that
    `resolve` knows (the table then stays MyST)."""
    if "``" in body:  # inline code with a backtick inside: a role-like text in it must stay code
        return None
    links: list[str] = []

    def mark(m: re.Match) -> str:
        url = resolve(m.group(3))
        if url is None:
            raise LookupError(m.group(3))
        links.append(_link(url, m.group(2)))
        return f"{m.group(1)}\ue000{len(links) - 1}\ue001"

    try:
        marked = _REF.sub(mark, body)
    except LookupError:
        return None
    if _ANY_ROLE.search(marked) or "\ue000" in body:
        return None
    out = _theme(_parser().render(marked))
    return _MARK.sub(lambda m: links[int(m.group(1))], out)


def _raw(block: str) -> str:
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", block)), default=0) + 1)
    return f"{fence}{{raw}} html\n{block.rstrip()}\n{fence}"


def convert(markdown: str, resolve: Callable[[str], str | None]) -> str:
    """A page's MyST tables as raw HTML wherever every link in them resolves."""

    def one(m: re.Match) -> str:
        out = table_html(m.group(2), resolve)
        return m.group(0) if out is None else _raw(out)

    return TABLE.sub(one, markdown)

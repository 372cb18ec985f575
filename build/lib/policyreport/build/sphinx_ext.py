"""Sphinx extension for the report's site: fixes to the stock Jupyter Book 1 theme set-up.

- sphinx-thebe adds its inline configuration script twice per page, so browsers log
  "Identifier 'THEBE_JS_URL' has already been declared". The report has no live code
  (thebe is off), so its scripts are dropped from every page; this also removes the only
  reference to a CDN (unpkg.com), keeping the site fully offline.
- pydata-sphinx-theme logs "Got invalid theme mode" when no default mode is configured.
- The sidebar of every page renders the whole table of contents unless it is collapsed: with
  hundreds of documents that is quadratic, so it is collapsed to the current branch.
- Sphinx's Chinese search (sphinx.search.zh) keeps every Latin word of the whole site in one
  list and tests membership in it for every word it indexes: quadratic in the size of the site
  (60 of 160 s for 100 pages). A set gives the same answers in constant time.
- sphinx-book-theme puts the page title, as plain text, unescaped into the print-only header
  (`<h1>{{ pagetitle }}</h1>`): a document titled "<script>…" would inject markup. Escape it.
"""

from __future__ import annotations

import html


def _is_thebe(script) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "") or ""
    return "thebe" in str(filename) or "THEBE_JS_URL" in body


def _page_context(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [s for s in scripts if not _is_thebe(s)]
    if isinstance(context.get("pagetitle"), str):
        context["pagetitle"] = html.escape(context["pagetitle"])


def _theme_defaults(app, config) -> None:
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "light")
    config.html_context = context
    options = dict(config.html_theme_options or {})
    options.setdefault("collapse_navbar", True)  # the sidebar expands the current branch only:
    config.html_theme_options = options  # rendering it stays cheap with hundreds of pages


class _TermSet(set):
    """A set with list's `extend`, standing in for SearchChinese.latin_terms."""

    def extend(self, items) -> None:
        self.update(items)


def _fast_chinese_search() -> None:
    from sphinx.search import zh

    if not isinstance(zh.SearchChinese.latin_terms, _TermSet):
        zh.SearchChinese.latin_terms = _TermSet(zh.SearchChinese.latin_terms)


def setup(app):
    _fast_chinese_search()
    app.connect("config-inited", _theme_defaults)
    app.connect("html-page-context", _page_context, priority=900)  # after the themes' handlers
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Property-based tests (Hypothesis) of every output's escaper: whatever text a document or a
parameter holds, it reaches MyST, HTML, LaTeX, BibTeX, RIS, CSL-JSON, CFF, robots.txt, the
sitemap and the search index as text. The alphabet favours the characters that make markup."""

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from policyreport.errors import UserError
from policyreport.execute import html_tables
from policyreport.publish import deploy
from policyreport.report import bib, citation, render
from policyreport.sphinxext import site_search

settings.register_profile("sinks", max_examples=150, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile("sinks")

MARKUP = list("`<>{}[]()\\:*_#$%&~^|!\"'=-/\n\r\t ") + ["```", ":::", "{download}", "{raw}", "<script>", "javascript:"]
hostile = st.lists(
    st.one_of(st.sampled_from(MARKUP), st.sampled_from(list("政策文本医改一二三ABC123")), st.text(max_size=3)), max_size=40
).map("".join)


def _myst():
    return MarkdownIt("commonmark").use(myst_role_plugin).use(colon_fence_plugin).enable("table")


def _inline_types(tokens):
    out = []
    for t in tokens:
        out.append(t.type)
        out += [c.type for c in t.children or []]
    return set(out)


@given(hostile)
def test_myst_text_is_only_text(s):
    tokens = _myst().parse(render.escape(s))
    assert _inline_types(tokens) <= {"paragraph_open", "paragraph_close", "inline", "text", "softbreak", "hardbreak"}
    shown = "".join(c.content for t in tokens for c in t.children or [])
    assert shown == render.one_line(s).replace("\x00", "\ufffd") or not render.one_line(s)


@given(hostile)
def test_inline_code_shows_the_text(s):
    tokens = _myst().parse(render.code_span(s, in_table=False) or "x")
    kinds = _inline_types(tokens) - {"paragraph_open", "paragraph_close", "inline"}
    if render.one_line(s):
        assert kinds == {"code_inline"}


@given(hostile, st.sampled_from(["text", "bibtex", "json"]))
def test_a_code_block_holds_exactly_its_text(s, language):
    text = s.replace("\r", "")
    tokens = _myst().parse(render.code_block(text, language, {"class": s}))
    assert [t.type for t in tokens] == ["fence"]
    body = tokens[0].content
    assert body.startswith("---\n") and body.split("---\n", 2)[2].rstrip("\n") == text.rstrip("\n").replace("\x00", "\ufffd")


@given(hostile)
def test_an_only_block_holds_its_body(s):
    body = render.code_block(s.replace("\r", ""))
    tokens = _myst().parse(render.only("html", body))
    assert [t.type for t in tokens] == ["colon_fence"]


_COMMANDS = re.compile(r"\\(?:text\w+|allowbreak)\{\}|\\[{}#$%&_]")


@given(hostile)
def test_latex_text_forms_no_command(s):
    out = render.latex_text(s)
    assert "\\" not in _COMMANDS.sub("", out)
    rest = _COMMANDS.sub("", out).replace("{[}", "").replace("{]}", "").replace("-{}", "")
    assert "{" not in rest and "}" not in rest and "\n" not in out


@given(hostile)
def test_bibtex_values_cannot_close_a_field(s):
    out = bib.bib_escape(s, latex=True)
    assert "{" not in _COMMANDS.sub("", out) and "}" not in _COMMANDS.sub("", out)
    assert "\n" not in out and "\r" not in out


@given(hostile, hostile, hostile, hostile)
def test_citation_formats_keep_their_structure(title, version, name, affiliation):
    params = {"title": title or "报告", "version_label": version, "authors": [{"name": name, "affiliation": affiliation}]}
    report = {"title": title or "报告", "version": "abc", "build_date": "2026-12-03"}
    item = citation.report_item(report, params)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", ln) for ln in citation.ris(item).splitlines())
    entry = citation.bibtex(item)
    assert len(re.findall(r"^  \w+ = \{", entry, re.M)) == entry.count("\n") - 1
    assert json.loads(citation.csl_json(item))[0]["title"] == render.one_line(title or "报告")
    if not render.one_line(name):  # no author: no CITATION.cff or .zenodo.json (both require one)
        assert citation.citation_cff(item, report, params) is None and citation.zenodo_json(item, report, params) is None
        return
    cff = yaml.safe_load(citation.citation_cff(item, report, params))
    assert cff["title"] == cff["preferred-citation"]["title"] == render.one_line(title or "报告")
    assert json.loads(citation.zenodo_json(item, report, params))["title"] == cff["title"]


@given(hostile)
def test_a_base_url_is_refused_or_gives_one_robots_line_and_valid_xml(url):
    try:
        base = deploy.check_base_url("https://e.org/" + url)
    except UserError:
        return
    assert deploy.robots(base).count("\n") == 3
    ET.fromstring(deploy.sitemap(base, ["index.html"], "2026-12-03"))


@given(hostile)
def test_search_titles_round_trip_as_text(s):
    assert site_search.title_text(html.escape(s)) == s


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object") or any(k.startswith("on") for k, _ in attrs):
            self.bad.append(tag)
        for k, v in attrs:
            if k == "href" and v and not re.match(r"^(\.\./sources/|#)", v):
                self.bad.append(v)


@pytest.mark.parametrize("column", ["plain", "code"])
@given(cells=st.lists(hostile, min_size=1, max_size=4))
def test_tables_written_as_html_hold_no_markup_from_cells(column, cells):
    df = pd.DataFrame({"a": cells, "b": [render.para_ref("d1", 3)] * len(cells)})
    if column == "code":
        df["a"] = [render.code_span(c) for c in cells]
    markdown = render.table(df, raw=("b", "a") if column == "code" else ("b",))
    out = html_tables.convert(markdown, html_tables.document_links("d1", "../sources/d1.html"))
    if out == markdown:  # kept as MyST (inline code holding a backtick): Sphinx renders it
        assert not {"html_block", "html_inline"} & _inline_types(_myst().parse(out))
        return
    parser = _Tags()
    parser.feed(out)
    assert not parser.bad

"""A document page's tables as HTML: the markup and links Sphinx would make, or MyST left alone."""

import pytest

from policyreport.execute.html_tables import convert, document_links, table_html
from policyreport.report import render

RESOLVE = document_links("d_1", "../sources/d_1.html")


def _table(body: str) -> str:
    return f"前文\n\n````{{table}}\n:class: longtable\n\n{body}\n````\n\n后文\n"


def test_a_table_linking_to_its_own_paragraphs_becomes_the_html_sphinx_writes():
    body = "| 项目 | 依据 |\n|---|---|\n| 标题 | 标题（{ref}`第5段 <src-d_1-p5>`） |\n| 空 |  |\n| 下一行 | 1 |"
    out = convert(_table(body), RESOLVE)
    assert "````{table}" not in out and out.startswith("前文\n\n```{raw} html\n") and out.endswith("```\n\n后文\n")
    assert '<div class="pst-scrollable-table-container"><table class="longtable table">' in out
    # as Sphinx writes a row: the first cell on the row's line, one cell per line
    assert '<tr class="row-odd"><th class="head"><p>项目</p></th>\n<th class="head"><p>依据</p></th>\n</tr>' in out
    assert (
        '<tr class="row-even"><td><p>标题</p></td>' in out and '<tr class="row-odd"><td><p>空</p></td>\n<td><p></p></td>' in out
    )
    assert out.count("<td><p>") == out.count("<td") == 6 and out.count("</p></td>") == 6
    # docutils makes the id of a label: lower case, _ → -
    assert '<a class="reference internal" href="../sources/d_1.html#src-d-1-p5"><span class="std std-ref">第5段</span></a>' in out


@pytest.mark.parametrize(
    "cell",
    [
        "{ref}`第3段 <src-other-p3>`",  # another document's paragraph: Sphinx resolves it
        "{doc}`methods`",  # any other role
        "见{ref}`方法 <methods>`",
    ],
)
def test_a_table_with_a_link_the_page_cannot_resolve_stays_myst(cell):
    page = _table(f"| 甲 |\n|---|\n| {cell} |")
    assert convert(page, RESOLVE) == page


def test_document_text_stays_text():
    # what render.escape makes of hostile text: shown literally, never markup or a link
    hostile = render.escape("<script>alert(1)</script> {ref}`x <src-d_1-p1>` | **粗** `码`")
    out = table_html(f"| 内容 |\n|---|\n| {hostile} |", RESOLVE)
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "{ref}`x &lt;src-d_1-p1&gt;`" in out and "| **粗** `码`" in out
    assert "reference internal" not in out
    # inline code holding what looks like a role (render.code_span fences it with ``): left to MyST
    code = render.code_span("{ref}`x <src-d_1-p1>`")
    assert table_html(f"| 内容 |\n|---|\n| {code} |", RESOLVE) is None


def test_text_is_encoded_as_docutils_encodes_it():
    """docutils writes & < > " @ as entities and leaves ' as it is; so do the tables, links included."""
    out = table_html("| 甲 |\n|---|\n| a@b.cn 'x' \\<y\\> {ref}`\"引\" & 'z'@ <src-d_1-p2>` |", RESOLVE)
    assert "a&#64;b.cn 'x' &lt;y&gt; " in out
    assert "<span class=\"std std-ref\">&quot;引&quot; &amp; 'z'&#64;</span>" in out


def test_inline_markdown_and_escaped_pipes_render_as_sphinx_writes_them():
    out = table_html("| 甲 | 乙 |\n|---|---|\n| **212** 亿元 <https://a.cn/x> | a\\|b `c  d` |", RESOLVE)
    assert (
        '<td><p><strong>212</strong> 亿元 <a class="reference external" href="https://a.cn/x">https://a.cn/x</a></p></td>' in out
    )
    assert (
        '<td><p>a|b <code class="docutils literal notranslate"><span class="pre">c</span>&#160; <span class="pre">d</span></code></p></td>'
        in out
    )


def test_the_page_itself_and_its_full_text_resolve():
    assert RESOLVE("doc-d_1") == "#doc-d-1"
    assert RESOLVE("src-d_1") == "../sources/d_1.html#src-d-1"
    assert RESOLVE("src-d_1-p12") == "../sources/d_1.html#src-d-1-p12"
    assert RESOLVE("src-d_1-px") is None and RESOLVE("doc-d_2") is None

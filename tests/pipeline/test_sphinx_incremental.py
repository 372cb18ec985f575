"""What the HTML build after a change does less of, giving the same site: the notebooks' tables
written as HTML (`raw_tables`), the references formatted once (`bib_cache`), pages that do not
depend on the files they offer for download (`downloads`). A small book with the report's
extension, theme and bibliography style, built from nothing and after changes."""

import json
import re
from io import StringIO
from pathlib import Path

import pandas as pd

from policyreport.report import bib, render
from policyreport.sphinxext import raw_tables

CONF = """
extensions = ["myst_nb", "sphinxcontrib.bibtex", "policyreport.sphinxext.extension"]
html_theme = "sphinx_book_theme"
language = "zh_CN"
html_search_language = "zh"
nb_execution_mode = "off"
nb_render_markdown_format = "myst"
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "gbt7714"
bibtex_reference_style = "label"
numfig = True
smartquotes = False
exclude_patterns = ["_build", "data/**"]
"""

INDEX = "# 报告\n\n```{toctree}\nchapter\na\nb\nbibliography\n```\n"
BIBLIOGRAPHY = "# 参考文献\n\n```{bibliography}\n```\n"


def _page(doc_id: str, issuer: str) -> str:
    """A document's page: its label, a labelled paragraph, a citation and two downloads."""
    return (
        f"({render.doc_label(doc_id)})=\n# 文件 {doc_id}\n\n({render.para_label(doc_id, 1)})=\n{issuer}印发的通知。{{cite:p}}`doc-{doc_id}`\n\n"
        f"数据下载：{{download}}`关键词（CSV） <data/key_terms.csv>`、{{download}}`本文件 <data/{doc_id}.csv>`\n"
    )


def _chapter(rows: list[tuple[str, str, int]]) -> dict:
    """A corpus chapter as papermill leaves it: Markdown outputs holding MyST tables with links."""
    issuer = "卫健委 & 医保局 <联合>"
    df = pd.DataFrame(
        [{"link": render.doc_ref(d, label), "para": render.para_ref(d, 1), "issuer": issuer, "n": n} for d, label, n in rows]
    )
    linked = render.table(df, {"link": "文件", "para": "依据", "issuer": "发文机关", "n": "条数"}, raw=("link", "para"))
    plain = render.table(pd.DataFrame({"词": ["医保@2024", "it's", "`代码  块`"], "次数": [3, 2, 1]}))
    outputs = [
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {"text/markdown": f"各文件一览（{{ref}}`本章 <corpus-chapter>`）：\n\n{linked}"},
        },
        {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": [plain[:20], plain[20:]]}},
    ]
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "(corpus-chapter)=\n# 文件比较"},
            {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": outputs, "source": "show(v.table())"},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 4,
    }


ROWS = [("a", "沪卫〔2024〕1号", 3), ("b", "沪卫〔2024〕2号", 5)]


def _write(path: Path, text: str) -> None:
    """Write a file whose text changed, as the build's working copy does (Sphinx reads a page again when its file is newer)."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _write_book(src: Path, rows=ROWS, titles=("通知甲", "通知乙"), key_terms="词,次数\n医保,3\n") -> None:
    (src / "data").mkdir(parents=True, exist_ok=True)
    _write(src / "conf.py", CONF)
    _write(src / "index.md", INDEX)
    _write(src / "bibliography.md", BIBLIOGRAPHY)
    _write(src / "a.md", _page("a", "上海市卫生健康委员会"))
    _write(src / "b.md", _page("b", "上海市医疗保障局"))
    _write(src / "chapter.ipynb", json.dumps(_chapter(rows), ensure_ascii=False))
    _write(
        src / "refs.bib",
        "".join(
            bib.document_entry(
                {
                    "doc_id": d,
                    "file": f"{d}.txt",
                    "sha256": "0" * 64,
                    "issuer": "上海市卫生健康委员会",
                    "title": t,
                    "date": "2024-03-01",
                }
            )
            for d, t in zip("ab", titles)
        ),
    )
    _write(src / "data" / "key_terms.csv", key_terms)
    for d in "ab":
        _write(src / "data" / f"{d}.csv", f"段落\n{d}\n")


def _build(src: Path, out: Path, builder: str = "html") -> tuple[object, str, str]:
    """Build the book (Sphinx keeps its environment in `out`); returns the app, status and warnings."""
    from sphinx.application import Sphinx

    status, warning = StringIO(), StringIO()
    app = Sphinx(str(src), str(src), str(out / builder), str(out / "doctrees"), builder, status=status, warning=warning)
    app.build()
    # docutils keeps its roles and nodes per process: a second book in it warns that they are known
    warnings = [w for w in warning.getvalue().splitlines() if w.strip() and "is already registered" not in w]
    return app, status.getvalue(), "\n".join(warnings)


def _read(status: str) -> set[str]:
    """The pages Sphinx read, from its log."""
    return set(re.findall(r"reading sources\.\.\. \[[ \d]+%\] (\S+)", re.sub(r"\x1b\[[0-9;]*m", "", status)))


def _site(folder: Path) -> dict[str, str]:
    """Every page and the search index, without the cache-busting ?v= of a stylesheet."""
    files = [*folder.rglob("*.html"), folder / "searchindex.js"]
    return {f.relative_to(folder).as_posix(): re.sub(r"\?v=[0-9a-f]+", "", f.read_text(encoding="utf-8")) for f in files}


def test_a_notebook_s_tables_are_the_html_sphinx_writes_for_them(tmp_path, monkeypatch):
    _write_book(tmp_path / "src")
    app, _, warnings = _build(tmp_path / "src", tmp_path / "raw")
    assert not warnings, warnings
    doctree = app.env.get_doctree("chapter")
    assert not list(doctree.findall(lambda n: n.tagname == "table"))  # both tables are raw HTML
    monkeypatch.setattr(raw_tables, "convert_notebook", lambda source: source)
    app, _, warnings = _build(tmp_path / "src", tmp_path / "myst")
    assert len(list(app.env.get_doctree("chapter").findall(lambda n: n.tagname == "table"))) == 2
    raw, myst = _site(tmp_path / "raw" / "html"), _site(tmp_path / "myst" / "html")
    assert raw == myst
    page = raw["chapter.html"]
    assert '<a class="reference internal" href="a.html#doc-a"><span class="std std-ref">沪卫〔2024〕1号</span></a>' in page
    assert 'href="b.html#src-b-p1"' in page and 'href="#corpus-chapter"' in page
    assert "卫健委 &amp; 医保局 &lt;联合&gt;" in page and "医保&#64;2024" in page


def test_with_smart_quotes_the_tables_stay_myst(tmp_path):
    """Sphinx curls the quotes of a MyST table (it's → it’s), never those of raw HTML."""
    _write_book(tmp_path / "src")
    conf = tmp_path / "src" / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace("smartquotes = False", "smartquotes = True"), encoding="utf-8")
    app, _, _ = _build(tmp_path / "src", tmp_path / "out")
    assert len(list(app.env.get_doctree("chapter").findall(lambda n: n.tagname == "table"))) == 2
    assert "<p>it’s</p>" in (tmp_path / "out" / "html" / "chapter.html").read_text(encoding="utf-8")


def test_the_pdf_reads_the_notebook_s_tables_as_myst(tmp_path, monkeypatch):
    _write_book(tmp_path / "src")
    _build(tmp_path / "src", tmp_path / "raw", "latex")
    monkeypatch.setattr(raw_tables, "convert_notebook", lambda source: source)
    _build(tmp_path / "src", tmp_path / "myst", "latex")
    tex, myst = (next((tmp_path / kind / "latex").glob("*.tex")).read_text(encoding="utf-8") for kind in ("raw", "myst"))
    assert tex == myst and "begin{longtable}" in tex and "沪卫〔2024〕2号" in tex


def test_a_link_to_a_label_that_does_not_exist_warns_as_sphinx_does(tmp_path):
    _write_book(tmp_path / "src", rows=[("a", "沪卫〔2024〕1号", 3), ("zz", "无此文件", 1)])
    _, _, warnings = _build(tmp_path / "src", tmp_path / "out")
    assert "undefined label: 'doc-zz'" in warnings and "undefined label: 'src-zz-p1'" in warnings
    page = (tmp_path / "out" / "html" / "chapter.html").read_text(encoding="utf-8")
    assert '<span class="xref std std-ref">无此文件</span>' in page


def test_after_changes_the_book_is_the_one_built_from_nothing_with_less_read_and_formatted(tmp_path, monkeypatch):
    src, out = tmp_path / "src", tmp_path / "out"
    _write_book(src)
    _build(src, out)
    formatted = []
    reference = bib.reference
    monkeypatch.setattr(bib, "reference", lambda item: formatted.append(item["id"]) or reference(item))
    # one document changed: its row, its bibliography entry, the corpus-wide key terms file
    _write_book(
        src, rows=[ROWS[0], ("b", "沪卫〔2024〕2号", 6)], titles=("通知甲", "通知乙（修订）"), key_terms="词,次数\n医保,4\n"
    )
    bib.REFERENCES.restore({})  # each build runs in a process of its own
    _, status, warnings = _build(src, out)
    assert not warnings, warnings
    read = _read(status)
    assert "chapter" in read and "bibliography" in read
    assert "a" not in read and "b" not in read  # neither page changed; the key terms file they offer did
    assert formatted == ["doc-b"]  # the changed entry alone, once (sphinxcontrib-bibtex asks twice)
    assert (out / "html" / "_downloads").rglob("key_terms.csv")
    copied = next((out / "html" / "_downloads").rglob("key_terms.csv")).read_text(encoding="utf-8")
    assert copied == "词,次数\n医保,4\n"
    formatted.clear()
    bib.REFERENCES.restore({})
    _build(src, tmp_path / "clean")
    assert sorted(formatted) == ["doc-a", "doc-b"]
    assert _site(out / "html") == _site(tmp_path / "clean" / "html")
    assert "通知乙（修订）" in _site(out / "html")["bibliography.html"]

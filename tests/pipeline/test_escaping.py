"""One escaper per output (issue 10): what a parameter or a document says never becomes markup."""

import random
import re

import pytest
from markdown_it import MarkdownIt

from policyreport.report import bib, render

HOSTILE = [
    "T</title><script>alert(30)</script>",
    "报告 \\catcode95=12 \\input{/etc/passwd} 结束",
    "\\immediate\\write18{touch /tmp/x}\\openout5=/tmp/y",
    "A`<img src=x onerror=alert(21)>{download}`../../../../etc/passwd`B",
    "医改进展 100% 与 A&B_C #1",
    "多行\n作者\r\n\u2028第三行",
    "{eval-rst}`.. raw:: html`",
    "``` fence ``` and ~^$ [x] | pipe \\\\",
]


PRINTING = {n.strip("\\{}") for n in render._LATEX.values() if n.startswith("\\")} | {"allowbreak"}


def _latex_commands(tex: str) -> set[str]:
    return set(re.findall(r"\\([A-Za-z@]+)", tex))


@pytest.mark.parametrize("text", HOSTILE)
def test_latex_text_forms_no_command_but_printing_ones(text):
    tex = render.latex_text(text)
    assert _latex_commands(tex) <= PRINTING
    assert "\n" not in tex and "%" not in tex.replace("\\%", "")
    assert tex.count("{") - tex.count("\\{") == tex.count("}") - tex.count("\\}")  # braces balanced


def test_latex_text_of_an_ordinary_title():
    assert render.latex_text("医改进展 100% 与 A&B_C #1") == "医改进展 100\\% 与 A\\&B\\_C \\#1"


@pytest.mark.parametrize("text", HOSTILE)
def test_code_span_shows_the_text_literally_in_a_table(text):
    cell = render.code_span(text)
    html = MarkdownIt("commonmark").enable("table").render(f"| a | b |\n|---|---|\n| k | {cell} |\n")
    assert html.count("<td>") == 2 and "<script" not in html and "<img" not in html
    shown = re.search(r"<td><code>(.*)</code></td>\s*</tr>\s*</tbody>", html, re.S)
    assert shown and shown.group(1).strip() == render.one_line(text).strip().replace("&", "&amp;").replace("<", "&lt;").replace(
        ">", "&gt;"
    ).replace('"', "&quot;")


@pytest.mark.parametrize("text", HOSTILE)
def test_bibtex_fields_stay_inside_their_braces(text):
    entry = bib.report_entry("k", text, text, "v1", "2024-01-02")
    assert entry.endswith("\n}\n")
    body = entry.split("\n", 1)[1][: -len("}\n")]
    depth = 0
    for ch in body.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    assert "\\input" not in entry and "\\write" not in entry and len(entry.splitlines()) == 10


def test_fuzz_hostile_alphabet_escapers():
    """Random strings from a hostile alphabet (fixed seed): no command, no markup, one line."""
    alphabet = list("\\{}$%&_#^~<>`|[]\"'\n\r/.:= ") + ["script", "onerror", "input", "write18", "医", "😀", "\u202e"]
    rng = random.Random(10)
    md = MarkdownIt("commonmark").enable("table")
    for _ in range(300):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        tex = render.latex_text(s)
        assert not (_latex_commands(tex) - PRINTING)
        assert "\n" not in tex
        html = md.render(render.escape(s) + " " + render.code_span(s, in_table=False))
        assert "<script" not in html and not re.search(r"<[a-z]+[^>]*\son\w+=", html)


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1+1", "-cmd|' /C calc'!A0", "@SUM(A1)", "'=already", "\t=tab"])
def test_csv_cells_are_not_formulas_and_read_back_unchanged(tmp_path, cell):
    import pandas as pd

    from policyreport.report import store

    df = pd.DataFrame({"text": [cell, "正文", "-3"], "n": [1, -2, 3]})
    store._write_csv(df, tmp_path / "t.csv")
    raw = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    assert raw.lstrip('"').startswith("'")
    back = store.read_csv(tmp_path / "t.csv")
    assert back["text"].tolist() == [cell, "正文", "-3"] and back["n"].tolist() == [1, -2, 3]


def test_an_empty_table_file_reads_as_an_empty_table_with_its_columns(tmp_path):
    import pandas as pd

    from policyreport.report import store

    store._write_csv(pd.DataFrame(), tmp_path / "tables" / "instrument_distribution.csv")
    (tmp_path / "corpus.json").write_text("{}", encoding="utf-8")
    table = store.load(tmp_path).table("instrument_distribution")
    assert table.empty and list(table.columns) == ["type", "instrument", "count", "share"]

"""Markdown for the report: document text always escaped, tables as MyST Markdown, links to paragraphs.

Document text and parameter strings are untrusted; each output has its escaper, applied where
the string enters that output: `escape` (MyST text: every ASCII punctuation mark
backslash-escaped, so directives, roles, raw HTML, math and links show as literal text),
`code_span` (MyST inline code, fenced longer than any backtick run inside), `latex_text`
(LaTeX, for the title page and running heads: every special
character replaced, so no control sequence such as \\input or \\write18 can be formed).
"""

from __future__ import annotations

import json
import math
import re
import string
from typing import TYPE_CHECKING

from policyreport.report import i18n
from policyreport.report.i18n import tr

if TYPE_CHECKING:  # the Sphinx processes import this module for its escapers: pandas costs them a second
    import pandas as pd

LINE_CHARS = 50  # Chinese characters on a line of a table in the PDF (A4, 2.2 cm margins, tables in 9 pt)
WIDE_CHARS = 56  # the same for tables of many columns, set in 8 pt
WIDE_SHARE = 0.6  # tables whose headers need more of a line are set smaller
HEADER_FLOOR = 4  # a header longer than this may wrap: it does not widen its column
NARROW_COLUMN = 6.5  # a column whose typical cell is this narrow keeps its width when there is room
MIN_COLUMN = 2  # no column narrower than two characters (plus its padding)
PADDING = 1.6  # a cell's padding (2 × \tabcolsep), in characters
TOKEN_CAP = 12  # longer Latin runs (hashes, URLs) break anyway (seqsplit, xurl)
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*)(?:<[^>]*>)?`")
_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")
# A run a line cannot break inside: Latin letters and digits, with a full-width ％ and the closing
# punctuation that may not start a line (140％；).
_TOKEN = re.compile(r"[A-Za-z0-9.,%_/-]+[％‰]?[，。；、：！？）》”’]*")
_WS = re.compile(r"[\r\n\t\v\f\u0085\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escape(text) -> str:
    """Literal text in MyST Markdown: every ASCII punctuation mark escaped, line breaks flattened,
    control characters dropped."""
    return _PUNCT.sub(r"\\\1", one_line(text))


MAX_TABLE_ROWS = 500


def one_line(text) -> str:
    """The text on one line, without control characters."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    s = _WS.sub(" ", str(text))
    return _CONTROL.sub("", s).strip()


def code_span(text, in_table: bool = True) -> str:
    """Inline code showing `text` literally: the fence is one backtick longer than the longest run
    inside (CommonMark), padded when the text starts or ends with a backtick; in a table, pipes are
    escaped (GFM tables split cells before inline parsing)."""
    s = one_line(text)
    if not s:
        return ""
    fence = "`" * (max((len(m) for m in re.findall(r"`+", s)), default=0) + 1)
    if s.startswith("`") or s.endswith("`"):
        s = f" {s} "
    if in_table:
        s = s.replace("|", "\\|")
    return f"{fence}{s}{fence}"


_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "[": "{[}",
    "]": "{]}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "-": "-{}",  # no -- or --- ligature
    "`": r"\textasciigrave{}",  # no curly quote, no ¡ or ¿ ligature
    "'": r"\textquotesingle{}",
}
LATEX_WORD = 30  # longer runs of non-space characters get break points in LaTeX


def latex_text(text) -> str:
    """Plain text as LaTeX: one line, every special character replaced by a command that prints
    it. Backslashes and braces never reach TeX as such, so the output cannot form a control
    sequence (\\input, \\write18, \\catcode …) whatever the input. Long words may break."""
    out = []
    for word in re.split(r"( +)", one_line(text)):
        chunks = [word[i : i + LATEX_WORD] for i in range(0, len(word), LATEX_WORD)] or [""]
        out.append(r"\allowbreak{}".join("".join(_LATEX.get(ch, ch) for ch in c) for c in chunks))
    return "".join(out)


def para_label(doc_id: str, n: int) -> str:
    """The stable anchor of paragraph n of a document in the sources appendix."""
    return f"src-{doc_id}-p{int(n)}"


def role_text(text: str) -> str:
    """Text safe inside a role's explicit title: no backticks, no angle brackets, one line."""
    s = _WS.sub(" ", str(text)).strip()
    return s.replace("`", "'").replace("<", "〈").replace(">", "〉").replace("\\", "＼") or "—"


# Paragraphs shown on each long document's source page ({doc_id: last paragraph shown}); a
# paragraph past the cap has no anchor, so it is named without a link. Set by the views from
# the stored corpus (see `pages.shown_paragraphs`) when a page's view is made (`load_corpus`,
# `DocumentView`): module state because `para_ref` is called from every view's table and
# sentence builders, and a page (one notebook, or one inline render) has one view and one
# data folder, so the value is fixed for the page.
PARAGRAPH_LIMITS: dict[str, int] = {}


def para_ref(doc_id: str, n, text: str | None = None) -> str:
    """A cross-reference to a source paragraph, shown as 第n段 unless text is given."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return ""
    label = role_text(text) if text else tr("第{n}段", n=int(n))
    if int(n) > PARAGRAPH_LIMITS.get(doc_id, int(n)):
        return escape(label)
    return f"{{ref}}`{label} <{para_label(doc_id, n)}>`"


def ref(label: str, text: str) -> str:
    """A cross-reference to any label, with an explicit title."""
    return f"{{ref}}`{role_text(text)} <{label}>`"


def source_label(doc_id: str) -> str:
    """The label of a document's full text in the sources appendix."""
    return f"src-{doc_id}"


def doc_label(doc_id: str) -> str:
    return f"doc-{doc_id}"


def doc_ref(doc_id: str, text: str) -> str:
    """A cross-reference to a document's chapter."""
    return f"{{ref}}`{role_text(text)} <{doc_label(doc_id)}>`"


def _shown_width(cell: str) -> float:
    """Roughly how wide a Markdown cell prints, in Chinese characters (a role shows its title)."""
    text = _ROLE.sub(r"\1", cell).replace("\\", "")
    return sum(1 if ord(ch) >= 0x2E80 else 0.55 for ch in text)


def _longest_token(cell: str) -> float:
    """The widest run of Latin letters and digits in a cell: a line cannot break inside it."""
    runs = _TOKEN.findall(_ROLE.sub(r"\1", cell).replace("\\", ""))
    return min(max((sum(0.55 if c.isascii() else 1.0 for c in r) for r in runs), default=0), TOKEN_CAP)


def _floors(header: list[str], rows: list[list[str]] | None = None) -> list[float]:
    """Each column's least width: its header (up to HEADER_FLOOR) and its longest number or code."""
    tokens = [max((_longest_token(r[j]) for r in rows or []), default=0) for j in range(len(header))]
    return [max(min(max(_shown_width(h), MIN_COLUMN), HEADER_FLOOR), t) + PADDING for h, t in zip(header, tokens)]


def _column_widths(header: list[str], rows: list[list[str]], line: float = LINE_CHARS) -> list[float]:
    """Each column's width in the PDF, in characters. Every column gets at least its header (and
    two characters); the rest of the line is shared in proportion to how much more each column's
    typical cell (90th percentile) needs, so short columns are never squeezed to one character."""
    floor, natural = _floors(header, rows), []
    for j, low in enumerate(floor):
        cells = sorted(_shown_width(r[j]) for r in rows)
        typical = cells[int(0.9 * (len(cells) - 1))] if cells else 0
        natural.append(max(typical + PADDING, low))
    if sum(natural) <= line:
        return natural
    keep = [n if n <= NARROW_COLUMN else f for n, f in zip(natural, floor)]  # short cells (第12段, 2024) stay on one line
    if sum(keep) <= WIDE_SHARE * line:
        floor = keep
    room = max(line - sum(floor), 0)
    extra = [n - f for n, f in zip(natural, floor)]
    share = room / sum(extra) if sum(extra) else 0
    return [f + e * share for f, e in zip(floor, extra)]


def latex_columns(header: list[str], rows: list[list[str]], line: float = LINE_CHARS) -> str:
    """A `tabularcolumns` spec with each column's share of the line (see `_column_widths`)."""
    units = [max(1, round(10 * w)) for w in _column_widths(header, rows, line)]
    return "".join(f"\\X{{{u}}}{{{sum(units)}}}" for u in units)


def table(df: pd.DataFrame, columns: dict[str, str] | None = None, raw: tuple[str, ...] = ()) -> str:
    """A Markdown pipe table with Chinese headers; cells escaped except the columns in `raw`
    (which the caller has built from `para_ref` / `doc_ref` / `escape`).

    In the PDF every table is a longtable with column widths of our own (`pdf_table`)."""
    if df.empty:
        return tr("（无）")
    note = ""
    if len(df) > MAX_TABLE_ROWS:  # a page stays readable (and buildable) for a huge document
        note = "\n\n" + tr("表中显示前 {shown} 行，共 {n} 行；全部见本页的 CSV 下载。", shown=MAX_TABLE_ROWS, n=len(df))
        df = df.head(MAX_TABLE_ROWS)
    cols = columns or {c: c for c in df.columns}
    header = [escape(i18n.name(h)) for h in cols.values()]  # a heading of the package's in the report's language
    rows = []
    for _, row in df.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            if c in raw:
                cells.append("" if v is None else str(v))
            elif isinstance(v, float) and not math.isnan(v):
                cells.append(escape(f"{v:g}"))
            else:
                cells.append(escape(v))
        rows.append(cells)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    body = "\n".join(lines)
    return pdf_table(header, rows, body) + note


def pdf_table(header: list[str], rows: list[list[str]], body: str) -> str:
    """Every table is a longtable in the PDF, with column widths from its content: it breaks
    across pages with its header repeated and never leaves a page half empty. A table whose
    headers alone fill most of a line (many columns) is set one size smaller (`\\policyreportwide`)."""
    wide = sum(_floors(header, rows)) > WIDE_SHARE * LINE_CHARS
    spec = latex_columns(header, rows, WIDE_CHARS if wide else LINE_CHARS)
    out = f"```{{tabularcolumns}} {spec}\n```\n\n````{{table}}\n:class: longtable\n\n{body}\n````"
    if wide:
        out = f"```{{raw}} latex\n\\begingroup\\policyreportwide\n```\n\n{out}\n\n```{{raw}} latex\n\\endgroup\n```"
    return out


def fence_for(body: str, char: str = "`") -> str:
    """A fence of `char` longer than any run of it in `body` (and at least three): no line of the
    body can close it, whatever the data in it (CommonMark fences, MyST colon fences)."""
    longest = max((len(m) for m in re.findall(re.escape(char) + "+", body)), default=0)
    return char * max(3, longest + 1)


def code_block(text: str, language: str = "text", options: dict[str, str] | None = None) -> str:
    """A MyST `code-block` directive showing `text` literally. Its fence is built from the text
    (`fence_for`), and its options always come as a YAML block (`---`), even an empty one: MyST
    reads leading lines that start with `:` as options, so text starting with `:` stays text."""
    fence = fence_for(text)
    head = "".join(f"{k}: {json.dumps(one_line(v), ensure_ascii=False)}\n" for k, v in (options or {}).items())
    return f"{fence}{{code-block}} {language}\n---\n{head}---\n{text}\n{fence}"


def only(builder: str, body: str) -> str:
    """Content for one builder (html or latex) in a colon fence longer than any colon run inside."""
    fence = fence_for(body, ":")
    return f"{fence}{{only}} {builder}\n{body}\n{fence}"


def web_only(markdown: str, note: str) -> str:
    """A long reference table kept to the site and the CSV; the PDF says where it is. The PDF
    stays a readable length (the 42 PMC scores of each document, its entities, its context lines
    are for looking up, not for reading through)."""
    if not markdown.strip() or markdown.strip() in ("（无）", tr("（无）")):
        return markdown
    return f"::::{{only}} html\n{markdown}\n::::\n\n::::{{only}} latex\n{note}\n::::"

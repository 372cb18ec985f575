"""Markdown for the report: document text always escaped, tables as MyST Markdown, links to paragraphs.

Document text and parameter strings are untrusted; each output has its escaper, applied where
the string enters that output: `escape` (MyST text: every ASCII punctuation mark
backslash-escaped, so directives, roles, raw HTML, math and links show as literal text),
`code_span` (MyST inline code, fenced longer than any backtick run inside), `latex_text`
(LaTeX, for the title page and running heads: every special
character replaced, so no control sequence such as \\input or \\write18 can be formed).
"""

from __future__ import annotations

import math
import re
import string

import pandas as pd

LONGTABLE_ROWS = 30  # Sphinx typesets tables of more rows (header included) as longtable, which cannot size its columns by itself
LINE_CHARS = 38  # Chinese characters on a line of the PDF (A4, 11 pt)
PAGE_LINES = 30  # lines of a table that fit on a page with room to spare
NARROW_COLUMN = 8
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*)(?:<[^>]*>)?`")
_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")
_WS = re.compile(r"[\r\n\t\v\f\u0085\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escape(text) -> str:
    """Literal text in MyST Markdown: every ASCII punctuation mark escaped, line breaks flattened."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    s = _WS.sub(" ", str(text)).strip()
    return _PUNCT.sub(r"\\\1", s)


def one_line(text) -> str:
    """The text on one line, without control characters."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
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


def para_ref(doc_id: str, n, text: str | None = None) -> str:
    """A cross-reference to a source paragraph, shown as 第n段 unless text is given."""
    if n is None or (isinstance(n, float) and pd.isna(n)):
        return ""
    label = role_text(text) if text else f"第{int(n)}段"
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


def _column_widths(header: list[str], rows: list[list[str]]) -> list[float]:
    """Each column's width in the PDF, in characters: narrow columns keep their typical width,
    wide ones share the rest of the line in proportion to theirs."""
    natural = []
    for j, h in enumerate(header):
        cells = sorted(_shown_width(r[j]) for r in rows)
        typical = cells[int(0.9 * (len(cells) - 1))] if cells else 0
        natural.append(max(typical, _shown_width(h), 1) + 1.5)  # + 1.5: the cell's padding
    wide = sum(w for w in natural if w > NARROW_COLUMN)
    room = max(LINE_CHARS - sum(w for w in natural if w <= NARROW_COLUMN), 0)
    scale = min(1.0, room / wide) if wide else 1.0
    return [w if w <= NARROW_COLUMN else max(NARROW_COLUMN, w * scale) for w in natural]


def latex_columns(header: list[str], rows: list[list[str]]) -> str:
    """A `tabularcolumns` spec with each column's share of the line (see `_column_widths`)."""
    units = [max(1, round(10 * w)) for w in _column_widths(header, rows)]
    return "".join(f"\\X{{{u}}}{{{sum(units)}}}" for u in units)


def _pdf_lines(header: list[str], rows: list[list[str]]) -> int:
    """Roughly how many lines the table takes in the PDF, its cells wrapped at `_column_widths`."""
    widths = _column_widths(header, rows)
    return sum(max(math.ceil(_shown_width(c) / max(w - 1.5, 1)) or 1 for c, w in zip(r, widths)) for r in [header] + rows)


def table(df: pd.DataFrame, columns: dict[str, str] | None = None, raw: tuple[str, ...] = ()) -> str:
    """A Markdown pipe table with Chinese headers; cells escaped except the columns in `raw`
    (which the caller has built from `para_ref` / `doc_ref` / `escape`).

    In the PDF a table that could be taller than a page is a longtable (it breaks across pages,
    with its header repeated) with column widths of our own; shorter ones stay in tabulary,
    which sizes the columns itself but cannot break across pages."""
    if df.empty:
        return "（无）"
    cols = columns or {c: c for c in df.columns}
    header = [escape(h) for h in cols.values()]
    rows = []
    for _, row in df.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            if c in raw:
                cells.append("" if v is None else str(v))
            elif isinstance(v, float) and not pd.isna(v):
                cells.append(escape(f"{v:g}"))
            else:
                cells.append(escape(v))
        rows.append(cells)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    body = "\n".join(lines)
    if len(rows) + 1 > LONGTABLE_ROWS or _pdf_lines(header, rows) > PAGE_LINES:
        return f"```{{tabularcolumns}} {latex_columns(header, rows)}\n```\n\n````{{table}}\n:class: longtable\n\n{body}\n````"
    return body


def quote(text: str, doc_id: str, n: int) -> str:
    """An original sentence as a block quote with a link to its paragraph."""
    return f"> {escape(text)}（{para_ref(doc_id, n)}）"

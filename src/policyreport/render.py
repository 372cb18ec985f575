"""Markdown for the report: document text always escaped, tables as MyST Markdown, links to paragraphs.

Document text is untrusted. `escape` backslash-escapes every ASCII punctuation character
(CommonMark allows that for all of them), so directives, roles, raw HTML, math, substitutions
and link syntax in a document are shown as literal text and never interpreted.
"""

from __future__ import annotations

import re
import string

import pandas as pd

_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")
_WS = re.compile(r"[\r\n\t\u2028\u2029]+")


def escape(text) -> str:
    """Literal text in MyST Markdown: every ASCII punctuation mark escaped, line breaks flattened."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    s = _WS.sub(" ", str(text)).strip()
    return _PUNCT.sub(r"\\\1", s)


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


def table(df: pd.DataFrame, columns: dict[str, str] | None = None, raw: tuple[str, ...] = ()) -> str:
    """A Markdown pipe table with Chinese headers; cells escaped except the columns in `raw`
    (which the caller has built from `para_ref` / `doc_ref` / `escape`)."""
    if df.empty:
        return "（无）"
    cols = columns or {c: c for c in df.columns}
    head = "| " + " | ".join(escape(h) for h in cols.values()) + " |"
    sep = "|" + "|".join("---" for _ in cols) + "|"
    lines = [head, sep]
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
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def quote(text: str, doc_id: str, n: int) -> str:
    """An original sentence as a block quote with a link to its paragraph."""
    return f"> {escape(text)}（{para_ref(doc_id, n)}）"

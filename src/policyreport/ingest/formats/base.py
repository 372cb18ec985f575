"""What every format reader returns, and the one error a reader raises for a file it cannot read."""

from __future__ import annotations

from dataclasses import dataclass, field


class DecodeError(ValueError):
    """The bytes are not a readable document; the message (one line) says why."""


@dataclass(frozen=True)
class Extracted:
    """One document's text as it prints (paragraphs separated by blank lines) and the publication
    record of its carrier (page metadata block, table columns …), never read as the document's own
    fields. `part` names a table's row (`12`, or `Sheet2:12` when there are several sheets), and
    `row` holds that row as read (`{"header": [...], "values": [...]}`), offered for download."""

    text: str
    publication: dict = field(default_factory=dict)
    part: str | None = None
    row: dict | None = None


@dataclass(frozen=True)
class Result:
    """What a reader made of one file: its documents, what it left out (one line each), and the
    name of the encoding read; `format` is the reader's name."""

    documents: list[Extracted]
    notes: list[str] = field(default_factory=list)
    encoding: str = ""
    format: str = ""


@dataclass(frozen=True)
class Options:
    """Settings a reader takes from the parameters: `columns` maps a role (text, title, issuer,
    doc_number, date, url) to a table's column name."""

    columns: dict = field(default_factory=dict)

"""Crawled tables (.csv, .tsv, .xlsx, .jsonl): one row, one document.

A role (text, title, issuer, doc_number, date, url) is read from the column the parameter
`table_columns` names, else from the first column whose header is one of the common names in
`dictionaries/formats.yaml`. The text column is the document; every other value goes into the
publication record (the document's own fields still come from its text). Rows without text are
counted, not analysed. Workbooks are read with their cached values (no formula is evaluated) after
the zip checks of `archive`; CSV is bounded in rows, columns and cell size.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator

from policyreport.ingest.formats import archive, fields
from policyreport.ingest.formats.base import DecodeError, Extracted, Options, Result
from policyreport.ingest.formats.encoding import decode
from policyreport.ingest.formats.words import words
from policyreport.urls import http_url

MAX_ROWS = 200_000
MAX_COLUMNS = 500
MAX_CELL = 5_000_000
ROLES = ("text", "title", "issuer", "doc_number", "date", "url")
_INDENTS = re.compile(r"[ \t]*\u3000{2,}")
_HEADER_SPACE = re.compile(r"[\s_]+")

csv.field_size_limit(MAX_CELL)  # a policy's full text easily exceeds csv's default of 128 KB a cell


def _norm(header) -> str:
    return _HEADER_SPACE.sub(" ", str(header or "")).strip().lower()


def column_roles(header: list, chosen: dict) -> dict[str, int]:
    """{role: column index}: the parameter's column for a role, else the first header that is one
    of the role's common names. A column named in the parameter but absent is a DecodeError."""
    names = [_norm(h) for h in header]
    roles: dict[str, int] = {}
    for role in ROLES:
        if chosen.get(role):
            want = _norm(chosen[role])
            if want not in names:
                raise DecodeError(f"has no column '{chosen[role]}' (parameter table_columns, role {role}): not read")
            roles[role] = names.index(want)
            continue
        for alias in words()["table_columns"][role]:
            if _norm(alias) in names and names.index(_norm(alias)) not in roles.values():
                roles[role] = names.index(_norm(alias))
                break
    return roles


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def paragraphs(text: str) -> str:
    """A crawled cell's text with its paragraphs back: a text on one line whose paragraphs were
    joined by their full-width indents gets a break before each indent."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" not in text:
        text = _INDENTS.sub("\n\n", text).strip()
    return text + "\n"


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def _record(name: str, part: str, header: list, row: list, roles: dict[str, int]) -> dict:
    rec: dict = {"format": "table", "table": name, "row": part, "labels": {}}
    rec["fields"] = {
        str(h): v for i, (h, v) in enumerate(zip(header, row)) if h not in (None, "") and v and i != roles.get("text")
    }
    for role, i in roles.items():
        value = row[i] if i < len(row) else ""
        if role == "text" or not value:
            continue
        rec[role] = value
        rec["labels"][role] = f"表格列“{header[i]}”"
    if rec.get("url"):
        rec["url"] = http_url(rec["url"]) or None
        if rec["url"] is None:
            del rec["url"]
    if rec.get("date") and fields.iso_date(rec["date"]):
        rec["page_date"] = fields.iso_date(rec["date"])
        rec["page_date_label"] = str(header[roles["date"]])
    return rec


def _sheet(name: str, sheet: str | None, header: list, rows: Iterator[tuple[int, list]], options: Options):
    """The documents of one sheet and the one-line notes on what was left out."""
    if len(header) > MAX_COLUMNS:
        raise DecodeError(f"has {len(header):,} columns, more than {MAX_COLUMNS}: not read")
    roles = column_roles(header, options.columns)
    where = f"sheet '{sheet}': " if sheet else ""
    docs, empty, ragged = [], 0, 0
    for n, row in rows:
        if not any(row):
            continue
        if len(row) > len(header) and any(row[len(header) :]):
            ragged += 1
            continue
        row = (row + [""] * len(header))[: len(header)]
        part = f"{sheet}:{n}" if sheet else str(n)
        text = row[roles["text"]] if "text" in roles else ""
        if not text.strip():
            empty += 1
            continue
        cells = {"header": list(header), "values": list(row)}  # the row as read, for its download
        docs.append(Extracted(paragraphs(text), _record(name, part, header, row, roles), part, cells))
    notes = []
    if empty:
        cols = ", ".join(str(h) for h in header if h not in (None, ""))
        why = "" if "text" in roles else f" (no text column among: {cols}; set table_columns: {{text: COLUMN}})"
        notes.append(f"{where}{_rows(empty)} without text{why}: not analysed")
    if ragged:
        notes.append(f"{where}{_rows(ragged)} with more cells than the header (ragged table): not read")
    return docs, notes


def _bounded(rows: Iterator[list], start: int, notes: list[str]) -> Iterator[tuple[int, list]]:
    for n, row in enumerate(rows, start=start):
        if n - start >= MAX_ROWS:
            notes.append(f"rows after {MAX_ROWS:,} not read (limit)")
            return
        yield n, [_cell(v) for v in row]


def _header(rows: Iterator) -> tuple[int, list]:
    """(row number, header) of a sheet: its first row with two or more values (titles above a table
    are skipped), trailing empty columns dropped."""
    for n, first in enumerate(rows, start=1):
        cells = [_cell(v) for v in first]
        if sum(1 for c in cells if c) >= 2:
            header = [c or None for c in cells]
            while header and header[-1] is None:
                header.pop()
            return n, header
    return 0, []


def _xlsx(data: bytes, name: str, options: Options) -> Result:
    import openpyxl

    zf = archive.open_zip(data)
    for member in zf.namelist():
        if member.endswith((".xml", ".rels")):
            with zf.open(member) as fh:
                archive.xml_header_check(fh.read(4096), member)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise DecodeError(f"is not a readable workbook ({type(exc).__name__}: {exc})") from None
    docs, notes = [], []
    sheets = book.worksheets
    for ws in sheets:
        rows = ws.iter_rows(values_only=True)
        at, header = _header(rows)
        if not header:
            continue
        found, said = _sheet(name, ws.title if len(sheets) > 1 else None, header, _bounded(rows, at + 1, notes), options)
        docs += found
        notes += said
    book.close()
    return Result(docs, notes, encoding="xlsx")


def _csv(data: bytes, name: str, options: Options, tab: bool) -> Result:
    text, enc = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if tab else max(",\t;", key=first.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, [])
        notes: list[str] = []
        docs, said = _sheet(name, None, [h.strip() or None for h in header], _bounded(reader, 2, notes), options)
    except csv.Error as exc:
        raise DecodeError(f"is not a readable CSV table ({exc})") from None
    return Result(docs, said + notes, encoding=enc)


def _jsonl(data: bytes, name: str, options: Options) -> Result:
    text, enc = decode(data)
    records, bad = [], 0
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            obj = None
        if not isinstance(obj, dict):
            bad += 1
            continue
        records.append((n, obj))
        if len(records) > MAX_ROWS:
            break
    header: list = []
    for _, obj in records:
        header += [k for k in obj if k not in header]
    rows = ((n, [_cell(obj.get(k)) for k in header]) for n, obj in records[:MAX_ROWS])
    docs, notes = _sheet(name, None, header, rows, options)
    if bad:
        notes.append(f"{bad:,} line{'s' if bad != 1 else ''} that {'are' if bad != 1 else 'is'} not a JSON object: not read")
    return Result(docs, notes, encoding=enc)


def read(data: bytes, options: Options, name: str = "") -> Result:
    ext = name.rsplit(".", 1)[-1].lower()
    if data[:4] == b"PK\x03\x04":
        return _xlsx(data, name, options)
    if ext == "jsonl":
        return _jsonl(data, name, options)
    return _csv(data, name, options, tab=ext == "tsv")

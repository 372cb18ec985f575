"""The analysis as DataFrames, for chapters of your own.

In a notebook or MyST page listed in the project's `_toc.yml`::

    import policyreport.data as prd

    docs = prd.documents()          # one row per document: metadata fields, length, evidence
    prd.table_names()               # the corpus tables: key_terms, instrument_counts, pmc, …
    terms = prd.table("key_terms")  # a corpus table
    outline = prd.document_table(docs.doc_id[0], "outline")

The build executes such a notebook with papermill in the book's `chapters/` folder, where the
data folder is `data/`; elsewhere, point `POLICYREPORT_DATA` (or the `data_dir` argument) at a
build's `chapters/data` folder. The tables are the CSV files the report offers for download.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from policyreport.report import store

DATA_ENV = "POLICYREPORT_DATA"
_PLACES = ("data", "chapters/data", "../data")


def data_dir(path: str | Path | None = None) -> Path:
    """The data folder: `path`, else $POLICYREPORT_DATA, else `data/` next to the running page."""
    for candidate in [path, os.environ.get(DATA_ENV), *_PLACES]:
        if candidate and (Path(candidate) / "corpus.json").is_file():
            return Path(candidate).resolve()
    raise FileNotFoundError(
        f"no analysis data found (looked in {', '.join(_PLACES)} and ${DATA_ENV}); "
        "run this page inside a policyreport build, or set POLICYREPORT_DATA to a build's chapters/data"
    )


def documents(path: str | Path | None = None) -> pd.DataFrame:
    """One row per document, in the report's order: every scalar field of its record (doc_id,
    file, title, issuer, doc_number, date, year, genre, recipient, region, level, characters …)."""
    docs = store.load(data_dir(path)).documents
    scalar = {k for d in docs for k, v in d.items() if v is None or isinstance(v, str | int | float | bool)}
    first = ["doc_id", "file", "title", "issuer", "doc_number", "date", "year", "genre"]
    columns = [c for c in first if c in scalar] + sorted(scalar - set(first))
    return pd.DataFrame([{c: d.get(c) for c in columns} for d in docs], columns=columns)


def table_names(path: str | Path | None = None) -> list[str]:
    """The names of the corpus tables, for `table`."""
    return sorted(p.stem for p in (data_dir(path) / "tables").glob("*.csv"))


def table(name: str, path: str | Path | None = None) -> pd.DataFrame:
    """A corpus table by name (see `table_names`)."""
    folder = data_dir(path)
    if name not in table_names(folder):
        raise KeyError(f"no corpus table {name!r}; the tables are: {', '.join(table_names(folder))}")
    return store.load(folder).table(name)


def document_table(doc_id: str, name: str, path: str | Path | None = None) -> pd.DataFrame:
    """One document's table (outline, quantities, commitments, entities, paragraphs …)."""
    folder = data_dir(path)
    csv = folder / "documents" / doc_id / f"{name}.csv"
    if not csv.is_file():
        names = sorted(p.stem for p in (folder / "documents" / doc_id).glob("*.csv"))
        raise KeyError(f"no table {name!r} for document {doc_id!r}; its tables are: {', '.join(names) or 'none'}")
    return store.load(folder).doc_table(doc_id, name)

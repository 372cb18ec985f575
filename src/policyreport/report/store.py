"""Results on disk: written once by the build, read by the notebooks.

Layout of a data folder: `corpus.json` (metadata of every document, skipped files, parameters,
provenance), `tables/*.csv` (corpus tables, offered for download) and
`documents/<doc_id>/*.csv` (per-document tables, also downloadable). A document's page reads
only its own folder: what it shows of the corpus (its label, its rows of the key terms and the
PMC ranking, …) is written into `documents/<doc_id>/corpus/`, so that the folder's contents are
all a cached page depends on. Text cells that a spreadsheet would run as a formula are written
with a leading ' (and read back without it).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

CSV_ENCODING = "utf-8-sig"  # Excel opens UTF-8 CSV with a BOM as Chinese text
MATRICES = ("similarity", "topics")  # tables whose row labels are data


_FORMULA = re.compile(r"'*[=+\-@\t\r]")  # a spreadsheet runs a cell starting with = + - @ as a formula
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def _defuse(v):
    """A text cell that a spreadsheet would take for a formula gets a leading ' (shown as text);
    one more ' on a cell that already starts with ' and a formula character keeps it reversible."""
    if isinstance(v, str) and _FORMULA.match(v) and not _NUMBER.fullmatch(v):
        return "'" + v
    return v


def _restore(v):
    if isinstance(v, str) and v.startswith("'") and _FORMULA.match(v[1:]) and not _NUMBER.fullmatch(v[1:]):
        return v[1:]
    return v


# Column types whose cells pandas' CSV writer writes as the objects they hold (missing ones as ''):
# text, and integers and truth values that may be missing.
_AS_OBJECTS = (pd.StringDtype, pd.BooleanDtype, pd.Int8Dtype, pd.Int16Dtype, pd.Int32Dtype, pd.Int64Dtype)
_AS_OBJECTS += (pd.UInt8Dtype, pd.UInt16Dtype, pd.UInt32Dtype, pd.UInt64Dtype)


def _cells(column: pd.Series) -> list | None:
    """A column's cells as `DataFrame.to_csv` hands them to the csv module (text defused), or None
    for a column type left to pandas."""
    dtype = column.dtype
    if pd.api.types.is_object_dtype(dtype) or isinstance(dtype, _AS_OBJECTS):
        missing = column.isna().tolist()
        return ["" if m else _defuse(v) for v, m in zip(column.tolist(), missing)]
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return column.tolist()
    if dtype == np.float64:  # pandas' own conversion: numpy's shortest repr, '' for NaN
        values = column.to_numpy()
        cells = values.astype(str).astype(object)
        cells[np.isnan(values)] = ""
        return cells.tolist()
    return None


def _plain_csv(df: pd.DataFrame) -> str | None:
    """`df.to_csv(index=False)` with Unix line ends and text defused, written by the csv module
    from the columns' cells: the same text, without pandas' cost per call (about a millisecond,
    most of the time of a document's small tables at thousands of documents). None when a column
    label or type is one this does not write as pandas does."""
    if not len(df.columns) or df.columns.has_duplicates or not all(isinstance(c, str) for c in df.columns):
        return None
    columns = []
    for i in range(df.shape[1]):
        cells = _cells(df.iloc[:, i])
        if cells is None:
            return None
        columns.append(cells)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # pandas' own writer, with its defaults
    writer.writerow(df.columns.tolist())
    writer.writerows(zip(*columns))
    return out.getvalue()


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    """A table as its CSV file holds it: UTF-8 with a BOM, formula-like text cells defused."""
    plain = None if index else _plain_csv(df)
    return (_pandas_csv(df, index) if plain is None else plain).encode(CSV_ENCODING)


def _pandas_csv(df: pd.DataFrame, index: bool = False) -> str:
    """`csv_bytes`'s text as pandas writes it: any table."""
    text = df.select_dtypes(include=["object", "str"]).columns
    if len(text):
        df = df.assign(**{c: df[c].map(_defuse) for c in text})
    return df.to_csv(index=index, lineterminator="\n")


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n").encode("utf-8")


class Disk:
    """Writes every file it is given: a data folder written once. The build writes its kept
    staging folder through the same two calls (`book.kept.KeptFolder`), which skip what did not change."""

    def write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def csv(self, path: Path, df, index: bool = False, source: str | None = None) -> None:
        """`df`, a table or a function that makes it; `source`: what the table is made from
        (`book.kept` skips a table made from the same without making it); unused here."""
        self.write(path, csv_bytes(df() if callable(df) else df, index))


DISK = Disk()


def _write_csv(df: pd.DataFrame, path: Path, index: bool = False) -> None:
    DISK.csv(path, df, index)


def write_json(obj, path: Path, out: Disk = DISK) -> None:
    out.write(path, json_bytes(obj))


def write_document(
    data_dir: Path, doc_id: str, tables: dict[str, pd.DataFrame], out: Disk = DISK, sources: dict[str, str] | None = None
) -> None:
    """A document's tables, each with what it is made from when known (`sources`, by table name)."""
    for name, df in sorted(tables.items()):
        out.csv(data_dir / "documents" / doc_id / f"{name}.csv", df, source=(sources or {}).get(name))


# The corpus tables a document's page shows its own rows of.
DOCUMENT_SLICES = ("key_terms", "kwic_derived", "pmc", "pmc_scores", "designs")
SLICES_DIR = "corpus"


def write_document_slices(
    data_dir: Path, info: dict, tables: dict[str, pd.DataFrame], labels: dict[str, str], out: Disk = DISK
) -> None:
    """What each document's page shows of the corpus, into the document's own folder: its
    metadata, its label, its paragraph limit and its rows of `DOCUMENT_SLICES` (in the table's order)."""
    from policyreport.runtime import codec

    limits = info.get("paragraph_limits", {})
    ids = [meta["doc_id"] for meta in info["documents"]]
    rows = {name: tables[name].groupby("doc_id", sort=False).indices for name in DOCUMENT_SLICES if name in tables}
    keys: dict[str, dict] = {}
    for name, where in rows.items():
        try:  # each slice's key from one encoding of the table: an unchanged slice is not cut
            keys[name] = codec.slice_keys(tables[name], {d: where.get(d, []) for d in ids})
        except TypeError:  # a value the codec cannot hold: every slice cut and compared
            keys[name] = {}

    def cut(name: str, doc_id: str):
        return lambda: tables[name].iloc[rows[name].get(doc_id, [])].reset_index(drop=True)

    for meta in info["documents"]:
        doc_id = meta["doc_id"]
        folder = data_dir / "documents" / doc_id / SLICES_DIR
        document = {"meta": meta, "label": labels[doc_id], "paragraph_limit": limits.get(doc_id)}
        write_json(document, folder / "document.json", out)
        for name in rows:
            key = keys[name].get(doc_id)
            out.csv(folder / f"{name}.csv", cut(name, doc_id), source=f"slice:{key}" if key else None)


# What corpus.json holds that a report parameter or the report's version changes: the chapters read it
# from `PAGES_DIR/report.json`, the rest from `PAGES_DIR/corpus.json`, so that a chapter that shows
# none of it reads a file that a new title leaves unchanged (notebooks are keyed by what they read).
REPORT_KEYS = ("report", "params_shown", "evaluation")
PAGES_DIR = "pages"


def write_corpus(data_dir: Path, info: dict, tables: dict[str, pd.DataFrame], out: Disk = DISK) -> None:
    write_json(info, data_dir / "corpus.json", out)  # the whole record, offered with the data
    write_json({k: v for k, v in info.items() if k not in REPORT_KEYS}, data_dir / PAGES_DIR / "corpus.json", out)
    write_json({k: info[k] for k in REPORT_KEYS if k in info}, data_dir / PAGES_DIR / "report.json", out)
    for name, df in sorted(tables.items()):
        out.csv(data_dir / "tables" / f"{name}.csv", df, index=name in MATRICES)


def _empty_columns() -> dict[str, list[str]]:
    """The columns of the corpus tables that can be empty with no column at all (written as an
    empty file): read back, they have their columns, so that a chapter can say "none"."""
    from policyreport.extract import commitments, departments, instruments

    return {
        "commitments": [*commitments.COLUMNS, "doc_id"],
        "departments": departments.COUNT_COLUMNS,
        "instrument_distribution": instruments.DIST_COLUMNS,
        "instrument_counts": ["doc_id", "type", "instrument", "count"],
    }


def read_csv(path: Path, index: bool = False, columns: list[str] | None = None) -> pd.DataFrame:
    """A table as written by the build; an empty file is an empty table (with `columns`)."""
    try:
        df = pd.read_csv(path, encoding=CSV_ENCODING, keep_default_na=False, na_values=[""], index_col=0 if index else None)
    except pd.errors.EmptyDataError:
        return pd.DataFrame(columns=columns or [])
    text = df.select_dtypes(include=["object", "str"]).columns
    return df.assign(**{c: df[c].map(_restore) for c in text}) if len(text) else df


@dataclass
class Corpus:
    """What a corpus-level notebook needs, loaded from a data folder."""

    data_dir: Path
    info: dict
    _tables: dict = field(default_factory=dict, repr=False)

    @property
    def documents(self) -> list[dict]:
        return self.info["documents"]

    def doc(self, doc_id: str) -> dict:
        return next(d for d in self.documents if d["doc_id"] == doc_id)

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = read_csv(
                self.data_dir / "tables" / f"{name}.csv", index=name in MATRICES, columns=_empty_columns().get(name)
            )
        return self._tables[name].copy()

    def doc_table(self, doc_id: str, name: str) -> pd.DataFrame:
        return read_csv(self.data_dir / "documents" / doc_id / f"{name}.csv")

    def csv_path(self, name: str, doc_id: str | None = None) -> Path:
        return self.data_dir / ("documents/" + doc_id if doc_id else "tables") / f"{name}.csv"


@dataclass
class DocumentData:
    """What a document's page reads: its own folder of the data folder, nothing else."""

    data_dir: Path
    doc_id: str

    def __post_init__(self):
        self.data_dir = Path(self.data_dir).resolve()
        self.folder = self.data_dir / "documents" / self.doc_id
        self.info = json.loads((self.folder / SLICES_DIR / "document.json").read_text(encoding="utf-8"))

    def table(self, name: str) -> pd.DataFrame:
        return read_csv(self.folder / f"{name}.csv")

    def corpus_rows(self, name: str) -> pd.DataFrame:
        """The document's rows of the corpus table `name` (one of DOCUMENT_SLICES)."""
        path = self.folder / SLICES_DIR / f"{name}.csv"
        return read_csv(path) if path.is_file() else pd.DataFrame(columns=["doc_id"])

    def csv_path(self, name: str, own: bool = True) -> Path:
        """Where a table offered for download is: the document's own, or the whole corpus table."""
        return (self.folder if own else self.data_dir / "tables") / f"{name}.csv"


class Info(dict):
    """`corpus.json` as the chapters read it: the report's own entries (`REPORT_KEYS`) are read from
    their file only when a chapter asks for one."""

    def __init__(self, data: dict, report_file: Path | None):
        super().__init__(data)
        self._report_file = report_file

    def _report(self) -> None:
        if self._report_file is not None:
            path, self._report_file = self._report_file, None
            self.update(json.loads(path.read_text(encoding="utf-8")))

    def __missing__(self, key):
        if key in REPORT_KEYS and self._report_file is not None:
            self._report()
            return self[key]
        raise KeyError(key)

    def get(self, key, default=None):
        if key in REPORT_KEYS:
            self._report()
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        if key in REPORT_KEYS:
            self._report()
        return super().__contains__(key)


_LOADED: dict = {}


def load(data_dir: str | Path) -> Corpus:
    """The data folder's corpus, read once per process while `corpus.json` is unchanged (pages
    rendered in one process share it; its tables are read once too). The build's data folder
    has it in two parts (`PAGES_DIR`); a folder with only `corpus.json` is read whole."""
    data_dir = Path(data_dir).resolve()
    stamp = (data_dir / "corpus.json").stat()
    key = (str(data_dir), stamp.st_mtime_ns, stamp.st_size)
    if key not in _LOADED:
        _LOADED.clear()
        pages = data_dir / PAGES_DIR
        if (pages / "corpus.json").is_file() and (pages / "report.json").is_file():
            info = Info(json.loads((pages / "corpus.json").read_text(encoding="utf-8")), pages / "report.json")
        else:
            info = Info(json.loads((data_dir / "corpus.json").read_text(encoding="utf-8")), None)
        _LOADED[key] = Corpus(data_dir, info)
    return _LOADED[key]

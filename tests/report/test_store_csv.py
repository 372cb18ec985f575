"""The data folder's CSV files are the text pandas writes, whether the csv module writes them from
the columns' cells (`store._plain_csv`, the common tables) or pandas itself (any other table)."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from policyreport.report import store

TEXT = ["=SUM(A1)", "-1.5", "'+x", 'a "quoted", text', "two\nlines", "\r", " 甲 ", "", None, "@at"]
EDGE_CASES = {
    "text with quotes, separators, line breaks and formulas": pd.DataFrame({"s": TEXT}),
    "text of pandas' string type, with missing cells": pd.DataFrame({"s": pd.array(TEXT, dtype="str")}),
    "floats, shortest form, missing and infinite": pd.DataFrame(
        {"f": [0.1 + 0.2, 1e-05, 1e16, 123456789.123, -0.0, np.inf, -np.inf, np.nan, 2.0, 1 / 3]}
    ),
    "integers and truth values": pd.DataFrame(
        {"i": [0, -7, 2**62], "u": np.array([1, 2, 3], dtype="uint8"), "b": [True, False, True]}
    ),
    "nullable integers and truth values": pd.DataFrame(
        {"i": pd.array([1, None, 3], dtype="Int64"), "b": pd.array([True, None, False], dtype="boolean")}
    ),
    "objects of mixed kinds": pd.DataFrame({"o": [1, 2.5, None, True, "=1", float("nan"), [1, 2], pd.NA]}),
    "one column of empty text": pd.DataFrame({"s": ["", "", "x"]}),
    "no rows": pd.DataFrame({"a": pd.Series([], dtype=object), "b": pd.Series([], dtype="int64")}),
    "float32, dates and categories (pandas writes them)": pd.DataFrame(
        {
            "f": np.array([0.1, 2.5], dtype="float32"),
            "d": pd.to_datetime(["2024-01-02", None]),
            "c": pd.Categorical(["甲", "=乙"]),
        }
    ),
    "labels that are not text (pandas writes them)": pd.DataFrame({0: [1], 1.5: [2.5]}),
    "repeated labels (pandas writes them)": pd.DataFrame([[1, "=x"]], columns=["a", "a"]),
    "no columns": pd.DataFrame(index=range(2)),
}


@pytest.mark.parametrize("df", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_a_table_s_csv_is_what_pandas_writes(df):
    assert store.csv_bytes(df) == store._pandas_csv(df).encode(store.CSV_ENCODING)


def test_the_csv_module_writes_the_common_tables():
    assert store._plain_csv(EDGE_CASES["text with quotes, separators, line breaks and formulas"]) is not None
    assert store._plain_csv(EDGE_CASES["nullable integers and truth values"]) is not None
    assert store._plain_csv(EDGE_CASES["float32, dates and categories (pandas writes them)"]) is None


def test_defused_text_reads_back_as_it_was(tmp_path):
    text = [v for v in TEXT if v != "\r"]  # written unquoted (the csv module quotes only "\n"): a reader splits the row
    path = tmp_path / "t.csv"
    path.write_bytes(store.csv_bytes(pd.DataFrame({"s": text})))
    assert store.read_csv(path)["s"].fillna("").tolist() == [v or "" for v in text]


def test_every_table_of_the_seeds_analysis_is_written_as_pandas_writes_it(seed_results, params):
    """Every per-document and corpus table the seeds give, as the build writes them: the csv
    module's text is pandas' text, and the documents' tables do not fall back to pandas."""
    from policyreport.compare.corpus import analyse_corpus
    from policyreport.extract.document import Dictionaries

    results = {r.meta["doc_id"]: copy.deepcopy(r) for r in seed_results.values()}
    tables = analyse_corpus(results, Dictionaries.load(params), params)
    document_tables = [df for r in results.values() for df in r.tables.values()]
    assert len(document_tables) > 50
    for df in [*document_tables, *(t for t in tables.values() if isinstance(t, pd.DataFrame))]:
        assert store.csv_bytes(df) == store._pandas_csv(df).encode(store.CSV_ENCODING)
    assert all(store._plain_csv(df) is not None for df in document_tables)

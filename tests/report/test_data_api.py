"""`policyreport.data` (prd): the analysis as DataFrames for a chapter of the user's own, read from
a data folder the way a build writes it."""

import pandas as pd
import pytest

import policyreport.data as prd
from policyreport.report import store


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "chapters" / "data"
    docs = [
        {
            "doc_id": "a",
            "file": "a.txt",
            "title": "关于甲的通知",
            "genre": "通知",
            "year": 2024,
            "characters": 120,
            "evidence": {"title": {"paragraph": 1}},
        },
        {"doc_id": "b", "file": "b.txt", "title": "关于乙的意见", "genre": "意见", "year": None, "characters": 80},
    ]
    store.write_corpus(folder, {"documents": docs}, {"key_terms": pd.DataFrame({"doc_id": ["a"], "term": ["=SUM(1)"]})})
    store.write_document(folder, "a", {"outline": pd.DataFrame({"paragraph": [2], "title": ["一、总体要求"]})})
    return folder


def test_documents_are_one_row_each_with_scalar_fields_first(data):
    df = prd.documents(data)
    assert list(df["doc_id"]) == ["a", "b"] and list(df.columns[:4]) == ["doc_id", "file", "title", "year"]
    assert "evidence" not in df.columns and df.loc[1, "title"] == "关于乙的意见"


def test_tables_by_name_and_a_clear_error_for_a_wrong_one(data):
    assert prd.table_names(data) == ["key_terms"]
    assert prd.table("key_terms", data).loc[0, "term"] == "=SUM(1)"  # defused on disk, restored here
    with pytest.raises(KeyError, match="the tables are: key_terms"):
        prd.table("pmc", data)
    assert prd.document_table("a", "outline", data).loc[0, "title"] == "一、总体要求"
    with pytest.raises(KeyError, match="its tables are: outline"):
        prd.document_table("a", "figures", data)


def test_the_data_folder_is_found_from_the_page_or_the_environment(data, monkeypatch, tmp_path):
    monkeypatch.chdir(data.parent)  # a page runs in chapters/
    assert prd.data_dir() == data.resolve()
    monkeypatch.chdir(tmp_path / "..")
    monkeypatch.setenv(prd.DATA_ENV, str(data))
    assert len(prd.documents()) == 2
    monkeypatch.delenv(prd.DATA_ENV)
    with pytest.raises(FileNotFoundError, match="POLICYREPORT_DATA"):
        prd.data_dir()

"""KWIC keywords fall back to the corpus's own key terms when none of the chosen ones occurs."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from policyreport.compare.context import derived_kwic
from policyreport.extract import kwic
from policyreport.params import Params

PARAS = pd.DataFrame([(1, 1, "推进河道治理工作。"), (2, 3, "加强河道清淤。")], columns=["paragraph", "line", "text"])
KEY_TERMS = pd.DataFrame(
    [("a", 1, "河道", 2, 0.5), ("a", 2, "清淤", 1, 0.2)], columns=["doc_id", "rank", "term", "count", "tfidf"]
)


def doc(kwic_rows, wrapper=()):
    return SimpleNamespace(
        tables={"kwic": pd.DataFrame(kwic_rows, columns=kwic.COLUMNS), "paragraphs": PARAS},
        meta={"publication": {"wrapper_paragraphs": list(wrapper)}},
    )


def test_fallback_when_no_keyword_occurs():
    df = derived_kwic({"a": doc([])}, KEY_TERMS, Params())
    first = df.iloc[0]
    assert (first["doc_id"], first["keyword"], first["paragraph"], first["left"], first["match"], first["right"]) == (
        "a",
        "河道",
        1,
        "推进",
        "河道",
        "治理工作。",
    )
    assert set(df["keyword"]) == {"河道", "清淤"} and len(df) == 3  # 河道 twice, 清淤 once


def test_no_fallback_when_a_chosen_keyword_occurs():
    assert derived_kwic({"a": doc([("医保", 1, "", "医保", "")])}, KEY_TERMS, Params()).empty


def test_no_line_from_a_web_pages_wrapper():
    """A crawled page's navigation and footer (its wrapper paragraphs) are not the document: the
    derived lines come from the paragraphs the chosen keywords' lines come from."""
    df = derived_kwic({"a": doc([], wrapper=[1])}, KEY_TERMS, Params())
    assert list(df["paragraph"]) == [2, 2] and set(df["keyword"]) == {"河道", "清淤"}


def test_paragraph_numbers_stay_numbers_when_a_document_has_no_line():
    """The lines of all documents are one table: a document without a line (here b, whose text holds
    none of the key terms) does not turn the paragraph numbers into text, as concatenating one
    empty table per document did."""
    other = SimpleNamespace(
        tables={"kwic": pd.DataFrame([], columns=kwic.COLUMNS), "paragraphs": PARAS.assign(text="无关内容。")},
        meta={},
    )
    df = derived_kwic({"a": doc([]), "b": other}, KEY_TERMS, Params())
    assert set(df["doc_id"]) == {"a"} and pd.api.types.is_integer_dtype(df["paragraph"])

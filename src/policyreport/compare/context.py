"""The corpus tables that read the context parameters (`kwic_*`): the keywords' collocates, and the
context lines of the corpus's own key terms when no keyword occurs. They read no other corpus
parameter, so a new keyword recomputes them alone (`execute.analyse`), and this module imports
nothing that the other corpus tables need (scikit-learn and SciPy for TF-IDF and the topic model).
"""

from __future__ import annotations

import pandas as pd

from policyreport.compare import explore
from policyreport.extract import kwic
from policyreport.extract.document import DocumentResult, kwic_paragraphs
from policyreport.params import Params

# The parameters these tables read, and no other corpus table (`compare.corpus`): the cache keys
# the other corpus tables without them.
CONTEXT_PARAMETERS = ("kwic_keywords", "kwic_window", "kwic_max_lines")


def context_tables(results: dict[str, DocumentResult], key_terms: pd.DataFrame, params: Params) -> dict[str, pd.DataFrame]:
    """The collocates of the keywords (or of derived ones, `explore.collocates`) and `derived_kwic`;
    `key_terms`: the corpus's TF-IDF key terms (`compare.corpus`)."""
    sentence_terms = {d: r.sentence_terms for d, r in sorted(results.items())}
    collocates, derived = explore.collocates(sentence_terms, list(params.kwic_keywords))
    return {
        "collocates": collocates,
        "collocate_keywords": pd.DataFrame({"derived": [derived]}),
        "kwic_derived": derived_kwic(results, key_terms, params),
    }


DERIVED_KWIC_TERMS = 5


def derived_kwic(results: dict[str, DocumentResult], key_terms: pd.DataFrame, params: Params) -> pd.DataFrame:
    """When no `kwic_keywords` occurs in any document, concordance lines for the corpus's own key terms
    (those among most documents' TF-IDF key terms, then by summed weight), cut from the paragraphs the
    keywords' lines are cut from (`kwic_paragraphs`: a web page's wrapper left out); otherwise an
    empty table."""
    cols = ["doc_id", *kwic.COLUMNS]
    if any(len(r.tables["kwic"]) for r in results.values()) or key_terms.empty:
        return pd.DataFrame(columns=cols)
    ranked = key_terms.groupby("term").agg(docs=("doc_id", "nunique"), weight=("tfidf", "sum")).reset_index()
    terms = (
        ranked.sort_values(["docs", "weight", "term"], ascending=[False, False, True])["term"].head(DERIVED_KWIC_TERMS).tolist()
    )
    rows = [
        (d, *row)
        for d, r in sorted(results.items())
        for row in kwic.kwic_rows(kwic_paragraphs(r), terms, params.kwic_window, params.kwic_max_lines)
    ]
    return pd.DataFrame(rows, columns=cols)

"""Document text is always literal in the book; corpus statistics behave as their definitions say."""

import numpy as np
import pandas as pd
import pytest

from policyreport.compare import terms
from policyreport.report import render

INJECTIONS = [
    "```{include} /etc/passwd\n```",
    "{eval-rst}`x`",
    "<script>alert(1)</script>",
    "[点我](javascript:alert(1))",
    "$$ x^2 $$",
    "{{ config }} |a|b|",
    "---\ntitle: x\n---",
    "# 标题",
    "1. 列表",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_escape_leaves_no_markup(text):
    out = render.escape(text)
    assert "\n" not in out
    for i, ch in enumerate(out):
        if ch in "`{}<>[]()$#|*_-":
            assert out[i - 1] == "\\", (text, out)


def test_role_text_cannot_close_a_role():
    assert render.role_text("a`b<c>") == "a'b〈c〉"


def test_log_odds_favours_a_term_used_only_in_one_document():
    counts = terms.count_matrix({"a": ["干细胞"] * 8 + ["医院"] * 10, "b": ["医院"] * 10 + ["医保"] * 8})
    lo = terms.weighted_log_odds(counts, 0.1).set_index(["doc_id", "term"])
    assert lo.loc[("a", "干细胞"), "z"] > 2 > abs(lo.loc[("a", "医院"), "z"])
    assert lo.loc[("b", "医保"), "z"] > 2
    assert lo.loc[("a", "干细胞"), "z"] == pytest.approx(-lo.loc[("b", "干细胞"), "z"])


def test_similarity_is_symmetric_with_unit_diagonal():
    sim, neighbours, summary = terms.similarity({"a": ["医院", "医保"], "b": ["医院", "干细胞"], "c": ["税收"]})
    assert sim.loc["a", "a"] == pytest.approx(1.0)
    assert sim.loc["a", "b"] == sim.loc["b", "a"] > 0
    assert sim.loc["a", "c"] == 0
    ab = sim.loc["a", "b"]
    assert summary["pairs"] == 3 and summary["mean"] == pytest.approx(ab / 3)
    assert (summary["doc_a"], summary["doc_b"], summary["value"], summary["ties"]) == ("a", "b", ab, 1)
    n = neighbours.set_index("doc_id")
    assert n.loc["a", "nearest"] == "b" and n.loc["a", "mean_similarity"] == pytest.approx(round(ab / 2, 4))
    assert n.loc["c", "nearest"] == "a" and n.loc["c", "nearest_similarity"] == 0  # a tie at 0: first in id order


def test_similarity_in_blocks_equals_the_whole_matrix(monkeypatch):
    """Above SIMILARITY_MATRIX_MAX the stored matrix holds the documents most similar to the rest,
    and the summary over all pairs is what the whole matrix gives."""
    import random

    import numpy as np

    rng = random.Random(5)
    vocab = [f"词{i}" for i in range(40)]
    docs = {f"d{i:03d}": rng.choices(vocab, k=rng.randint(3, 15)) for i in range(60)}
    whole, _, expected = terms.similarity(docs)
    monkeypatch.setattr(terms, "SIMILARITY_BLOCK", 7)
    monkeypatch.setattr(terms, "SIMILARITY_MATRIX_MAX", 20)
    part, neighbours, summary = terms.similarity(docs, shown=10)
    values = whole.to_numpy()[np.triu_indices(60, 1)]
    assert expected["mean"] == pytest.approx(values.mean(), rel=1e-12)
    assert summary.pop("mean") == pytest.approx(expected.pop("mean"), rel=1e-12) and summary == expected
    assert summary["value"] == values.max()
    top = (whole.sum(axis=1) - 1).sort_values(ascending=False, kind="stable").index[:10]
    assert list(part.index) == sorted(top) and part.equals(whole.loc[sorted(top), sorted(top)])
    assert neighbours["mean_similarity"].tolist() == ((whole.sum(axis=1) - 1) / 59).round(4).tolist()


def test_tfidf_ties_are_ordered_by_term():
    df = terms.tfidf_terms({"a": ["乙", "甲"], "b": ["丙"]}, 5)
    assert list(df[df.doc_id == "a"]["term"]) == sorted(["乙", "甲"])


def test_shared_terms_are_in_every_document():
    doc_terms = {"a": ["医院", "医保", "医院"], "b": ["医院", "干细胞"]}
    counts = terms.count_matrix(doc_terms)
    shared = terms.shared_terms(counts, terms.weighted_log_odds(counts), 10)
    assert list(shared["term"]) == ["医院"]


def _random_corpora():
    import random

    rng = random.Random(11)
    for _ in range(25):
        vocab = [f"词{i}" for i in range(rng.randint(2, 50))]
        yield {
            f"d{i:02d}": rng.choices(vocab, k=rng.randint(1, 30)) + ["都有"] * rng.randint(1, 3)
            for i in range(rng.randint(2, 30))
        }


def test_log_odds_of_used_terms_are_the_full_tables_rows_with_a_count():
    """The corpus tables compute log-odds only where a document uses the term: those rows are the
    full table's, bit for bit, and the distinctive and shared terms are the same from either."""
    for docs in _random_corpora():
        counts = terms.count_matrix(docs)
        full = terms.weighted_log_odds(counts, 0.1)
        used = terms.weighted_log_odds(counts, 0.1, used_only=True)
        assert len(full) == len(docs) * len(counts.terms) > len(used)
        pd.testing.assert_frame_equal(used, full[full["count"] > 0].reset_index(drop=True), check_exact=True)
        pd.testing.assert_frame_equal(terms.distinctive_terms(used, 5), terms.distinctive_terms(full, 5), check_exact=True)
        shared = terms.shared_terms(counts, used, 10)
        assert "都有" in set(shared["term"])
        pd.testing.assert_frame_equal(shared, terms.shared_terms(counts, full, 10), check_exact=True)


def test_key_terms_are_each_documents_highest_tfidf_weights():
    """`tfidf_terms` against the definition, document by document: the nonzero weights of its row,
    highest first (rounded to 12 decimals, then by term), with the term's count in the document."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    for docs in _random_corpora():
        ids = sorted(docs)
        vec = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True, norm="l2", smooth_idf=True)
        m = vec.fit_transform([docs[d] for d in ids]).toarray()
        vocab = vec.get_feature_names_out()
        rows = []
        for i, d in enumerate(ids):
            order = sorted(np.flatnonzero(m[i]), key=lambda j: (-round(float(m[i, j]), 12), vocab[j]))[:4]
            rows += [(d, r, vocab[j], docs[d].count(vocab[j]), round(float(m[i, j]), 4)) for r, j in enumerate(order, 1)]
        expected = pd.DataFrame(rows, columns=["doc_id", "rank", "term", "count", "tfidf"])
        pd.testing.assert_frame_equal(terms.tfidf_terms(docs, 4), expected, check_exact=True)


def test_top_rows_with_repeated_labels_keeps_n_rows():
    """Several documents can share a label (same issuer and year): selecting the largest rows
    must not multiply them (it once made the comparison notebook run out of memory)."""
    import pandas as pd

    from policyreport.report.views import top_rows

    df = pd.DataFrame({"a": range(100), "b": range(100)}, index=["某市卫生健康局（2018）"] * 100)
    top = top_rows(df, 30)
    assert len(top) == 30 and list(top["a"]) == list(range(70, 100))


def test_tables_get_latex_column_widths_from_their_content():
    import re

    sentence = "截至目前，全区已有8家区属公立医院获得国家药物临床试验机构认证，新增临床研究床位85张。"
    long = pd.DataFrame({"类别": ["已完成"] * 30, "数量": ["85张"] * 30, "内容": [sentence] * 30})
    md = render.table(long)
    spec = re.match(r"```\{tabularcolumns\} (.*)\n```\n\n````\{table\}\n:class: longtable\n\n\| 类别", md)
    assert spec, md[:200]
    shares = [(int(a), int(b)) for a, b in re.findall(r"\\X\{(\d+)\}\{(\d+)\}", spec.group(1))]
    assert len(shares) == 3 and len({b for _, b in shares}) == 1 and sum(a for a, _ in shares) == shares[0][1]
    assert shares[2][0] > shares[0][0] > 0  # the sentence column is the widest; 已完成 keeps its own width
    assert shares[0][0] / shares[0][1] * render.LINE_CHARS >= 4  # 3 characters + padding: not one per line
    assert md.endswith("````")
    # every table is a longtable (it breaks across pages, never leaves a page half empty)
    assert "longtable" in render.table(long.head(3))
    short = pd.DataFrame({"类别": ["已完成"] * 25, "数量": ["85张"] * 25})
    widths = re.findall(r"\\X\{(\d+)\}\{(\d+)\}", render.table(short))
    assert [int(a) for a, _ in widths] == [46, 37]  # natural widths: 已完成 3 + 1.6 padding; 85张 2 × 0.55 + 1 + 1.6

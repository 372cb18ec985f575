"""Two-state burst detection on yearly document frequencies, checked against hand-worked series.

Series A: 10 documents a year for 5 years, the term in 1, 1, 6, 6, 1 of them. p0 = 15/50 = 0.3,
p1 = 0.6, entering the burst state costs ln 5 = 1.609. Year costs (−ln likelihood without the
binomial coefficient): r = 1 → base 4.414, burst 8.757; r = 6 → base 8.651, burst 6.730.
All-base: 3·4.414 + 2·8.651 = 30.545; base, base, burst, burst, base: 3·4.414 + 2·6.730 + 1.609
= 28.313, the cheapest. The burst is years 3–4 with weight 2·(8.651 − 6.730) = 3.842.

Series B: the term in 2, 2, 4, 2, 2 of 10. p0 = 0.24, p1 = 0.48; year 3 saves 7.356 − 6.860 =
0.496 < ln 5, so no burst.
"""

import pytest

from policyreport.compare import bursts


def test_hand_worked_burst():
    found = bursts.burst_years([1, 1, 6, 6, 1], [10] * 5)
    assert [(a, b) for a, b, _ in found] == [(2, 3)]
    assert found[0][2] == pytest.approx(3.842, abs=0.002)


def test_rise_smaller_than_the_entry_cost_is_no_burst():
    assert bursts.burst_years([2, 2, 4, 2, 2], [10] * 5) == []


def test_term_in_most_documents_cannot_burst():
    assert bursts.burst_years([6, 6, 9, 6, 6], [10] * 5) == []  # p0 = 0.66, p1 would exceed 1


def _corpus(years_docs: dict[int, list[list[str]]]):
    doc_terms, years = {}, {}
    for year, docs in years_docs.items():
        for i, terms in enumerate(docs):
            doc_terms[f"{year}-{i}"] = terms
            years[f"{year}-{i}"] = year
    return doc_terms, years


def test_corpus_too_small_says_why_and_shows_nothing():
    doc_terms, years = _corpus({2020: [["医保"]] * 10, 2021: [["医保"]] * 10})
    df, reason = bursts.bursts(doc_terms, years)
    assert df.empty and "2 个年份" in reason and "20 份" in reason


def test_corpus_series_a_finds_the_burst_years():
    per_year = {2016: 1, 2017: 1, 2018: 6, 2019: 6, 2020: 1}
    doc_terms, years = _corpus({y: [["数据"]] * k + [["其他"]] * (10 - k) for y, k in per_year.items()})
    df, reason = bursts.bursts(doc_terms, years)
    row = df[df["term"] == "数据"].iloc[0]
    assert (row["start"], row["end"], row["burst_docs"], row["burst_year_docs"], row["term_docs"]) == (2018, 2019, 12, 20, 15)
    assert row["docs"].split("、") == [f"2018-{i}" for i in range(6)] + [f"2019-{i}" for i in range(6)]
    assert reason == ""


def test_years_without_documents_are_not_batches():
    """Series A issued in 2000, 2001, 2010, 2011, 2020: the same five batches, so the same burst,
    reported by the years it covers (2010–2011)."""
    per_year = {2000: 1, 2001: 1, 2010: 6, 2011: 6, 2020: 1}
    doc_terms, years = _corpus({y: [["数据"]] * k + [["其他"]] * (10 - k) for y, k in per_year.items()})
    df, _ = bursts.bursts(doc_terms, years)
    row = df[df["term"] == "数据"].iloc[0]
    assert (row["start"], row["end"]) == (2010, 2011) and row["weight"] == pytest.approx(3.842, abs=0.002)

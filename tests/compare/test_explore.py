"""Collocates (G²), repeated phrases and term trends on small examples worked out by hand."""

from __future__ import annotations

import math

import pytest

from policyreport.compare import explore as E

SENTS = {
    "d1": [["医保", "支付", "改革"], ["医保", "支付"], ["人才", "引进"]],
    "d2": [["医保", "支付", "改革"], ["人才", "培养"]],
}


def test_g2_by_hand():
    # [[2, 0], [0, 2]]: every expected count is 1, so G² = 2 · (2 ln 2 + 2 ln 2) = 8 ln 2
    assert E.g2(2, 0, 0, 2) == pytest.approx(2 * (2 * math.log(2) + 2 * math.log(2)), abs=1e-4)
    assert E.g2(1, 1, 1, 1) == 0.0  # independent


def test_collocates_of_chosen_keyword():
    df, derived = E.collocates(SENTS, ["医保"])
    assert not derived
    # 5 sentences; 医保 in 3, 支付 in 3, both in 3: [[3, 0], [0, 2]]
    row = df[df["collocate"] == "支付"].iloc[0]
    assert row["together"] == 3 and row["g2"] == pytest.approx(E.g2(3, 0, 0, 2))
    assert "人才" not in set(df["collocate"])


def test_keywords_fall_back_to_frequent_terms():
    df, derived = E.collocates(SENTS, ["干细胞"])
    assert derived and set(df["keyword"]) <= {"医保", "支付", "人才", "改革", "引进"}


def test_repeated_phrases():
    docs = {"a": [["加快", "推进", "医保", "支付", "改革"]], "b": [["深化", "医保", "支付", "改革"]]}
    df = E.ngrams(docs)
    # 医保支付改革 (3 terms) in both documents; nothing longer is shared
    assert df.to_dict("records") == [{"phrase": "医保支付改革", "n": 3, "frequency": 2, "documents": 2}]


def test_phrases_stop_at_the_sentence_and_count_documents():
    """Worked by hand: 医保支付改革 is in a once and in b twice; 支付改革试点 in b and c, and would
    be in a too if a phrase ran on from 医保支付 into the next sentence 改革试点; every phrase of 4
    or 5 terms is in one document."""
    docs = {
        "a": [["加快", "推进", "医保", "支付", "改革"], ["医保", "支付"], ["改革", "试点"]],
        "b": [["深化", "医保", "支付", "改革"], ["医保", "支付", "改革", "试点"]],
        "c": [["支付", "改革", "试点"]],
    }
    assert E.ngrams(docs).to_dict("records") == [
        {"phrase": "医保支付改革", "n": 3, "frequency": 3, "documents": 2},
        {"phrase": "支付改革试点", "n": 3, "frequency": 2, "documents": 2},
    ]


def test_a_phrase_only_inside_a_longer_one_is_left_out():
    """甲乙丙 occurs only inside 甲乙丙丁 (same documents, same count) and adds nothing; 乙丙丁 is also
    in z on its own, so it is kept with its own counts."""
    words = ["规范", "管理", "服务", "质量"]
    docs = {"x": [words], "y": [words], "z": [words[1:]]}
    assert E.ngrams(docs).to_dict("records") == [
        {"phrase": "管理服务质量", "n": 3, "frequency": 3, "documents": 3},
        {"phrase": "规范管理服务质量", "n": 4, "frequency": 2, "documents": 2},
    ]
    assert E.ngrams({}).empty and E.ngrams({"x": [words]}).empty


def test_trends_per_10k_terms():
    df = E.trends({"a": ["医保"] * 2 + ["人才"] * 8, "b": ["医保"] * 5 + ["人才"] * 5}, {"a": 2020, "b": 2021})
    t = df.set_index(["term", "year"])["per_10k"]
    assert t[("医保", 2020)] == 2000.0 and t[("医保", 2021)] == 5000.0

"""Text reuse on two short documents worked out by hand."""

from __future__ import annotations

import json

import pandas as pd

from policyreport.compare import reuse as R

COPY = "加快推进紧密型医疗联合体建设，完善分级诊疗制度体系。"
EDITED = "加快推进紧密型医疗联合体建设,完善分级诊疗制度体系。"  # only the comma differs
OTHER = "另外一个完全不同的句子内容用于测试没有重复的情况。"


def docs(date_a="2020-01-01", date_b="2021-03-01"):
    return {
        "B": ({"doc_id": "B", "date": date_b, "year": int(date_b[:4]) if date_b else None}, [(3, EDITED), (4, OTHER)]),
        "A": ({"doc_id": "A", "date": date_a, "year": int(date_a[:4]) if date_a else None}, [(7, COPY), (8, "特此函复。")]),
    }


def test_reuse_is_directed_from_earlier_to_later_with_lag():
    found, pairs, _ = R.reuse(docs())
    assert len(found) == 1
    r = found.iloc[0]
    # 2020-01-01 → 2021-03-01: 366 (2020 is a leap year) + 31 + 28 = 425 days
    assert (r["doc_from"], r["doc_to"], r["direction"], r["lag_days"], r["lag_years"]) == ("A", "B", "先→后", 425, 1)
    assert (r["paragraph_from"], r["paragraph_to"], r["containment"]) == (7, 3, 1.0)
    p = pairs.iloc[0]
    assert (p["sentences"], p["later_sentences"], p["share_of_later"]) == (1, 2, 0.5)  # one of B's two sentences


def test_same_date_has_unknown_direction():
    found, _, _ = R.reuse(docs("2021-03-01", "2021-03-01"))
    assert found.iloc[0]["direction"] == "未知"


def test_year_only_gives_years_not_days():
    d = docs()
    d["A"][0]["date"] = None
    found, _, _ = R.reuse(d)
    assert pd.isna(found.iloc[0]["lag_days"]) and found.iloc[0]["lag_years"] == 1


def test_short_formulas_and_different_sentences_are_not_reuse():
    d = docs()
    d["B"] = (d["B"][0], [(1, "特此函复。"), (4, OTHER)])
    found, pairs, _ = R.reuse(d)
    assert found.empty and pairs.empty


def test_shingles_ignore_punctuation():
    assert R.shingles(COPY) == R.shingles(EDITED)
    assert len(R.shingles("一二三四五六")) == 2  # 6 characters, shingles of 5


def test_prefix_filter_finds_exactly_what_comparing_every_pair_finds():
    """Random sentences over a small alphabet (many partial overlaps, copies and near-misses around
    the threshold): the filtered search returns the same pairs and shares as a comparison of all
    sentence pairs."""
    import random

    rng = random.Random(3)
    pool = [
        "医疗卫生服务体系建设加快推进",
        "完善分级诊疗制度",
        "加强基层医疗卫生机构能力",
        "推进公立医院改革",
        "健全药品供应保障",
    ]
    docs_ = {}
    for d in range(12):
        sents = []
        for i in range(6):
            parts = rng.sample(pool, k=rng.randint(2, 4))
            if rng.random() < 0.3:
                parts[0] = parts[0][: rng.randint(3, len(parts[0]))]
            sents.append((i + 1, "，".join(parts) + "。"))
        docs_[f"D{d:02d}"] = ({"doc_id": f"D{d:02d}", "date": f"20{10 + d}-01-01", "year": 2010 + d}, sents)
    sh = {
        (d, i): R.shingles(t)
        for d, (_, ss) in sorted(docs_.items())
        for i, (_, t) in enumerate(ss)
        if len("".join(R._KEEP.findall(t))) >= R.MIN_CHARS
    }
    brute = sorted(
        (a, b, len(sh[a] & sh[b]), min(len(sh[a]), len(sh[b])))
        for a in sh
        for b in sh
        if a < b and a[0] != b[0] and len(sh[a] & sh[b]) / min(len(sh[a]), len(sh[b])) >= R.THRESHOLD
    )
    assert len(brute) > 50 and any(n < s for _, _, n, s in brute)  # partial overlaps, not only copies
    assert R.matches(sh, R.THRESHOLD, max_documents=len(docs_)) == (brute, [])


def test_a_sentence_in_more_than_max_documents_is_listed_once_not_paired():
    """A notice forwarded by twelve counties: its sentence is one common formulation held by 12
    documents, not 66 pairs; a sentence shared by three documents is still paired (3 pairs)."""
    forwarded = "各县区要加快推进紧密型医疗联合体建设，完善分级诊疗制度体系。"
    shared = "市卫生健康委员会负责统筹协调全市基层医疗卫生机构能力建设工作。"
    docs_ = {
        f"C{i:02d}": (
            {"doc_id": f"C{i:02d}", "date": f"2020-01-{i + 1:02d}", "year": 2020},
            [(1, forwarded)] + ([(2, shared)] if i < 3 else []),
        )
        for i in range(12)
    }
    found, pairs, common = R.reuse(docs_)
    assert len(common) == 1 and common.iloc[0]["documents"] == 12 and common.iloc[0]["sentence"] == forwarded
    assert json.loads(common.iloc[0]["doc_ids"]) == sorted(docs_)
    assert set(found["sentence_to"]) == {shared} and len(found) == 3
    assert set(zip(found["doc_from"], found["doc_to"])) == {("C00", "C01"), ("C00", "C02"), ("C01", "C02")}

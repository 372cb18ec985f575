"""Topic model: UMass coherence by hand, refusal on small corpora, two planted themes recovered."""

from __future__ import annotations

import math

import pytest

from policyreport.compare import topic_model as T


def test_umass_by_hand():
    sets = {"a": {1, 2}, "b": {2, 3}, "c": {1}}
    assert T.umass(["a", "b"], sets) == pytest.approx(math.log((1 + 1) / 2))  # 0
    # (b, a): log(2/2) = 0; (c, a): log(2/2) = 0; (c, b): log((0 + 1)/2) = −0.6931 → mean −0.2310
    assert T.umass(["a", "b", "c"], sets) == pytest.approx(math.log(0.5) / 3)


def test_small_corpus_is_not_modelled():
    out = T.fit({f"d{i}": ["医院", "医保"] for i in range(5)}, {f"d{i}": {} for i in range(5)})
    assert "5 份" in out["reason"] and all(out[n].empty and list(out[n].columns) == c for n, c in T.TABLE_COLUMNS.items())


def test_two_planted_themes():
    water = ["水利", "河道", "堤防", "防汛", "水库", "灌溉"]
    school = ["学校", "教师", "学生", "课程", "教育", "校园"]
    docs = {f"w{i:02d}": water[i % 3 :] + water + ["通知"] for i in range(12)} | {
        f"s{i:02d}": school[i % 3 :] + school + ["通知"] for i in range(12)
    }
    meta = {d: {"year": 2020 + (d[0] == "s"), "level": "市级"} for d in docs}
    out = T.fit(docs, meta)
    assert out["reason"] == ""
    k = out["topic_k"]
    assert k["chosen"].sum() == 1 and int(k.loc[k["chosen"], "k"].iloc[0]) == 2
    top = out["doc_topics"].sort_values("weight", ascending=False).drop_duplicates("doc_id").set_index("doc_id")["topic"]
    assert top[[d for d in docs if d[0] == "w"]].nunique() == 1 and top[[d for d in docs if d[0] == "s"]].nunique() == 1
    assert top["w00"] != top["s00"]
    assert set(out["topic_by_year"]["year"]) == {2020, 2021}

"""Drafting dictionaries from a corpus: n-grams, organisations, candidate topics, jieba lines."""

from __future__ import annotations

import pandas as pd
import yaml

from policyreport.compare import draft
from policyreport.ingest.segment import USER_DICT_LINE


def test_ngrams_join_words_the_corpus_writes_together():
    sents = {
        "a": [["推进", "老旧", "小区", "改造"], ["老旧", "小区", "加装", "电梯"]],
        "b": [["老旧", "小区", "改造", "计划"]],
        "c": [["秸秆", "禁烧"]],
    }
    t = draft.ngrams(sents).set_index("term")
    assert (t.loc["老旧小区", "documents"], t.loc["老旧小区", "count"]) == (2, 3)
    assert "秸秆禁烧" not in t.index  # one document, once


def test_organisations_from_entity_summaries():
    es = {
        "a": pd.DataFrame(
            [("ORG", "市自然资源局", "某市自然资源局", 2), ("LOC", "河西", "河西", 1)],
            columns=["type", "text", "canonical", "mentions"],
        ),
        "b": pd.DataFrame([("ORG", "自然资源局", "某市自然资源局", 1)], columns=["type", "text", "canonical", "mentions"]),
    }
    o = draft.organisations(es).set_index("term")
    assert o.loc["某市自然资源局"].tolist() == ["机构", 2, 3] and "河西" not in o.index


def test_topics_are_disjoint_and_leave_out_places():
    docs = {
        "a": ["秸秆", "禁烧", "秸秆", "焚烧", "定州市", "秸秆禁烧"] * 3,
        "b": ["道路", "改造", "道路", "交通", "桥梁"] * 3,
    }
    topics = draft.topics(docs)
    words = [w for ws in topics.values() for w in ws]
    assert len(words) == len(set(words)) and "定州市" not in words
    assert not any(a != b and a in b for a in words for b in words)  # 秸秆 and 秸秆禁烧 are not both kept
    assert all(k.startswith("候选主题") for k in topics)


def test_written_files_load(tmp_path):
    cands = pd.DataFrame(
        [("老旧小区", "n元组", 2, 3), ("某市自然资源局", "机构", 2, 3), ("道路", "关键词", 2, 5)], columns=draft.CANDIDATE_COLUMNS
    )
    lines = draft.user_dictionary(cands, known={"道路"})
    assert lines == ["老旧小区 2000 n", "某市自然资源局 2000 nt"] and all(USER_DICT_LINE.match(x) for x in lines)
    paths = draft.write(tmp_path, "docs", cands, {"候选主题1（老旧小区）": ["老旧小区"]}, lines)
    assert yaml.safe_load(paths[0].read_text(encoding="utf-8")) == {"候选主题1（老旧小区）": ["老旧小区"]}
    assert pd.read_csv(paths[2])["term"].tolist() == ["老旧小区", "某市自然资源局", "道路"]

"""Figures and citations of the seeds against the gold file and hand-checked facts."""

import re

import pytest
from conftest import GOLD

from policyreport.extract.quantities import cn_to_number, find_quantities
from policyreport.ingest.text import Sentence

MARKERS = {"约", "超", "超过", "近", "余", "多", "以上", "左右"}


def ws(s):
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("file", sorted(GOLD))
def test_gold_figures_found_with_value_and_unit(seed_results, file):
    q = seed_results[file].tables["quantities"]
    found = {ws(t): (v, u) for t, v, u in zip(q["text"], q["value"], q["unit"])}
    missing = []
    for f in GOLD[file]["figures"]:
        t = ws(f["text"])
        match = next(
            (
                k
                for k in found
                if k == t or (k.endswith(t) and k[: -len(t)] in MARKERS) or (k.startswith(t) and k[len(t) :] in MARKERS)
            ),
            None,
        )
        if match is None:
            missing.append(f["text"])
            continue
        value, unit = found[match]
        assert float(value) == float(f["value"]), f["text"]
    # 上万份 (an indefinite amount) is knowingly not extracted; everything else is.
    assert [m for m in missing if m != "上万份"] == []


def test_seed_002_amount_and_beds(seed_results):
    q = seed_results["002_ce116f843137b983.txt"].tables["quantities"]
    rows = {t: (v, u, a) for t, v, u, a in zip(q["text"], q["value"], q["unit"], q["approx"])}
    assert rows["约212亿元"] == (212, "亿元", "约")
    assert rows["1600张"][:2] == (1600, "张")
    sentence = q.loc[q["text"] == "约212亿元", "sentence"].iloc[0]
    assert "总投资约212亿元" in sentence


def test_per_unit_rate_keeps_sentence(seed_results):
    q = seed_results["003_68f055e16da9604c.txt"].tables["quantities"]
    row = q[q["text"] == "0.75名"].iloc[0]
    assert row["value"] == 0.75 and "每万名常住人口" in row["sentence"]


@pytest.mark.parametrize(
    "text,value,unit,approx",
    [
        ("总投资约212亿元。", 212, "亿元", "约"),
        ("已累计投入超 35 亿元。", 35, "亿元", "超"),
        ("在读研究生近 300 人。", 300, "人", "近"),
        ("开展技术攻关 40 多项。", 40, "项", "多"),
        ("派驻100余名专家。", 100, "名", "余"),
        ("占比达到60%—70%。", 60, "%", None),
        ("培训周期2—3年。", 2, "年", None),
        ("新增两万张床位。", 20000, "张", None),
        ("增长140％。", 140, "%", None),
    ],
)
def test_quantity_patterns(text, value, unit, approx):
    q = find_quantities([Sentence(1, text, text)])
    assert len(q) == 1
    row = q.iloc[0]
    assert (row["value"], row["unit"], row["approx"] if isinstance(row["approx"], str) else None) == (value, unit, approx)


@pytest.mark.parametrize("text", ["2023年完成建设。", "市六届人大八次会议。", "第二类医疗器械。", "5G网络。"])
def test_not_quantities(text):
    assert find_quantities([Sentence(1, text, text)]).empty


@pytest.mark.parametrize("s,v", [("两万", 20000), ("三百", 300), ("十二", 12), ("一千五百", 1500), ("二十", 20)])
def test_chinese_numerals(s, v):
    assert cn_to_number(s) == v


@pytest.mark.parametrize("file", sorted(GOLD))
def test_citations_match_gold(seed_results, file):
    c = seed_results[file].tables["cited"]
    titles = [ws(x) for x, k in zip(c["citation"], c["kind"]) if k == "文件名称"]
    numbers = [x for x, k in zip(c["citation"], c["kind"]) if k == "文号"]
    assert titles == [ws(x) for x in GOLD[file]["cited_policies"] or []]
    assert numbers == (GOLD[file]["cited_doc_numbers"] or [])


def test_003_cites_state_council_documents(seed_results):
    c = seed_results["003_68f055e16da9604c.txt"].tables["cited"]
    assert {"国发〔2013〕40号", "国办发〔2017〕44号"} <= set(c["citation"])

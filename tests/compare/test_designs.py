"""Designs by genre, checked by hand against the texts: which documents are normative (set
measures), responses or other, and what follows for PMC, instruments and findings on the seeds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policyreport.compare import designs as D
from policyreport.compare import fit as FIT
from policyreport.compare import pmc as P
from policyreport.compare.corpus import analyse_corpus
from policyreport.extract import document as analysis
from policyreport.extract import metadata
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.text import paragraphs
from policyreport.params import Params

ROOT = Path(__file__).resolve().parents[2]
DICTS = ROOT / "src" / "policyreport" / "dictionaries"
DESIGNS = D.load_designs(DICTS / "designs.yaml")
DEV = ROOT / "tests" / "corpus-dev" / "docs"
REPLIES = ["000_aefacb9a8e91e029", "001_4d260a6c99f69cce", "002_ce116f843137b983", "004_108dd3ca0faad3cd"]
OPINION = "003_68f055e16da9604c"  # 上海市人民政府关于推进本市健康服务业高质量发展…的若干意见


@pytest.mark.parametrize(
    "genre,carried,title,doc_number,group",
    [
        (
            "人大代表建议答复",
            None,
            "市卫生健康委关于市六届人大八次会议第20200186号建议答复的函",
            "深卫健建函〔2020〕54号",
            D.RESPONSE,
        ),
        ("政协提案答复", None, "关于市政协十三届二次会议第132043号提案答复的函", None, D.RESPONSE),
        ("批复", None, "福建省人民政府关于大田县吴山乡和华兴乡撤乡设镇的批复", "闽政文〔2017〕316号", D.RESPONSE),
        ("函", None, "國務院辦公廳關於四川成都經濟技術開發區的復函", None, D.RESPONSE),  # traditional characters
        ("通知", None, "关于同意建立泰州职业技术学院的通知", None, D.RESPONSE),  # an approval written as a notice
        ("通知", "其他", "关于2022年度上海市崇明区政务公开考核评估结果的通知", None, D.OTHER),
        ("通知", "办法", "关于印发《阿坝州政务数据资源管理暂行办法》的通知", None, D.NORMATIVE),
        ("通知", None, "国务院办公厅关于部际联席会议审批程序等有关问题的通知", None, D.NORMATIVE),
        ("政府意见", None, "上海市人民政府关于推进本市健康服务业高质量发展加快建设一流医学中心城市的若干意见", None, D.NORMATIVE),
        ("条例", None, "学校卫生工作条例", None, D.NORMATIVE),
        ("其他", None, None, "中华人民共和国国务院令第735号", D.NORMATIVE),  # a 令 with no title line
        ("公告", None, "洪雅县人民政府土地征收公告", None, D.OTHER),
        ("通报", None, "国务院办公厅关于对典型经验做法给予表扬的通报", None, D.OTHER),
        (None, None, None, None, D.OTHER),
    ],
)
def test_design_by_genre(genre, carried, title, doc_number, group):
    meta = {"genre": genre, "carried_genre": carried, "title": title, "doc_number": doc_number}
    assert D.classify(meta, DESIGNS)[0] == group


@pytest.mark.parametrize(
    "file,group",
    [
        ("18_gov-office-zhengzhou-etdz-reply-letter-2000.txt", D.RESPONSE),
        ("39_sedc-taizhou-vocational-college-notice-1998.txt", D.RESPONSE),
        ("26_aba-prefecture-gov-data-measures-notice-2021.txt", D.NORMATIVE),
        ("31_school-health-work-regulations-1990.txt", D.NORMATIVE),
        ("41_hongya-land-expropriation-announcement-2021.txt", D.OTHER),
    ],
)
def test_design_of_real_documents(file, group):
    """From the genre the metadata reader gives for the real text."""
    text = (DEV / file).read_text(encoding="utf-8")
    meta = metadata.extract(paragraphs(text), Gazetteer.from_yaml(DICTS / "places.yaml")).as_dict()
    assert D.classify(meta, DESIGNS)[0] == group


def test_broken_rules_name_the_file(tmp_path):
    from policyreport.errors import UserError

    bad = tmp_path / "my_designs.yaml"
    bad.write_text("rules: [{genre: 意见, group: 规范}]\n", encoding="utf-8")
    with pytest.raises(UserError, match="my_designs.yaml.*rule 1"):
        D.load_designs(bad)


@pytest.fixture(scope="module")
def seed_tables(seed_results, params):
    results = {r.meta["doc_id"]: r for r in seed_results.values()}
    return analyse_corpus(results, analysis.Dictionaries.load(params), params)


def test_seed_replies_are_not_pmc_scored(seed_tables):
    """Review of the seeds: a reply scored 7.15 (优秀). Replies set no measures: no PMC at all."""
    assert set(seed_tables["designs"].set_index("doc_id").loc[REPLIES, "design"]) == {D.RESPONSE}
    assert seed_tables["pmc"]["doc_id"].tolist() == [OPINION]
    assert not seed_tables["pmc_scores"]["doc_id"].isin(REPLIES).any()


def test_seed_opinion_horizon_is_read_from_its_target_years(seed_tables):
    """The Shanghai 意见 sets targets for 2020, 2030 and 2035: X2 is not 0."""
    s = seed_tables["pmc_scores"].set_index("code")
    assert seed_tables["pmc"].set_index("doc_id").loc[OPINION, "X2"] > 0
    assert s.loc["X2:1", "score"] == 1 and "2020、2030、2035" in s.loc["X2:1", "evidence"]
    assert s.loc["X9:5", "score"] == 1 and s.loc["X9:5", "evidence"].startswith("标题")  # a guarantee section


@pytest.mark.parametrize("model", ["pmc.yaml", "packs/health/pmc.yaml"])
@pytest.mark.parametrize(
    "text,score",
    [
        ("着力打造产学研医协同链接的产业生态。", 0),  # seed 001: a metaphor, not the environment
        ("完善产业生态，营造创新生态。", 0),
        ("加强生态环境保护，推进污染防治。", 1),
        ("服务世界级生态岛建设。", 1),
    ],
)
def test_industrial_ecosystem_is_not_the_environment(model, text, score):
    m = P.load_model(DICTS / model)
    tables = {"paragraphs": pd.DataFrame([(1, 1, text)], columns=["paragraph", "line", "text"])}
    s = P.score_document({"doc_id": "a", "year": 2020}, tables, m).set_index("code")
    assert s.loc["X4:5", "score"] == score


def test_seed_instruments_and_gaps_cover_the_normative_document_only(seed_tables):
    """Four of five seeds are replies: the "gap" finding was an artefact of genre."""
    assert set(seed_tables["instrument_counts"]["doc_id"]) == {OPINION}
    stated = set(seed_tables["findings"]["finding"])
    assert {"instrument_gaps", "strongest_instrument_type", "top_instrument_goal"}.isdisjoint(
        stated
    )  # one document: no comparison


def test_seed_strength_is_not_a_flat_line_of_replies(seed_tables):
    s = seed_tables["strength"].set_index("doc_id")
    assert s.loc[REPLIES, "score"].isna().all() and s.loc[OPINION, "score"] == 2
    assert s.loc[REPLIES, "reason"].str.contains("量表").all()


def test_seed_target_years_name_the_dominant_document(seed_tables):
    f = seed_tables["findings"].set_index("finding").loc["target_years"]
    assert f["dominant"] == OPINION and f["dominant_share"] > 0.5


def test_constant_variables_are_listed():
    scores = pd.DataFrame(
        [
            ("a", "X1", "X1:1", "预测", 1),
            ("b", "X1", "X1:1", "预测", 0),
            ("a", "X10", "X10:1", "公开", 1),
            ("b", "X10", "X10:1", "公开", 1),
        ],
        columns=["doc_id", "level1", "code", "name", "score"],
    )
    c = P.constant_variables(scores)
    assert c[["code", "score", "documents"]].values.tolist() == [["X10:1", 1, 2]]
    assert P.constant_variables(scores[scores["doc_id"] == "a"]).empty  # one document: nothing to compare


@pytest.fixture(scope="module")
def dev_default():
    """corpus-dev (transport, land, water, education … no health) analysed with the default parameters."""
    from policyreport.ingest import corpus

    p = Params(corpus=str(DEV))
    assert p.domain_pack == "" and "packs" not in p.topics + p.goals + p.pmc + p.user_dict
    docs, _ = corpus.read_corpus(DEV, "*.txt")
    dicts = analysis.Dictionaries.load(p)
    results = {d.doc_id: analysis.analyse_document(d, dicts, p) for d in docs}
    return results, dicts, p, analyse_corpus(results, dicts, p)


def test_default_parameters_state_nothing_from_the_health_pack(dev_default):
    from policyreport.extract.goals import load_goals
    from policyreport.extract.topics import read_topics

    _, _, _, tables = dev_default
    health_topics = set(read_topics(DICTS / "packs" / "health" / "topics.yaml"))
    health_goals = set(load_goals(DICTS / "packs" / "health" / "goals.yaml").names)
    f = tables["findings"].set_index("finding")
    assert set(tables["topics"].columns).isdisjoint(health_topics)
    if "top_topic" in f.index:
        assert f.loc["top_topic", "text"] not in health_topics
    if "top_instrument_goal" in f.index:
        assert f.loc["top_instrument_goal", "text"].split(" × ")[1] not in health_goals
    assert FIT.fits(tables["codebook_fit"], "topics")  # the neutral topics reach this corpus


def test_the_health_pack_does_not_fit_corpus_dev(dev_default):
    """The health topics on transport, land and water documents: no topic finding is stated."""
    import dataclasses

    from policyreport.extract.topics import read_topics

    results, dicts, p, _ = dev_default
    health = dataclasses.replace(dicts, topics=read_topics(DICTS / "packs" / "health" / "topics.yaml"))
    tables = analyse_corpus(results, health, p)
    row = tables["codebook_fit"].set_index("codebook").loc["topics"]
    assert not row["fits"] and row["document_share"] < p.fit_min_documents
    assert "top_topic" not in set(tables["findings"]["finding"])


def test_dev_designs_pmc_and_strength(dev_default):
    """Replies (20), 批复 (3), 复函 (2) get no PMC and no strength score; the 条例 by two ministries gets 3."""
    _, _, _, tables = dev_default
    d = tables["designs"].set_index("doc_id")["design"]
    assert (d == D.RESPONSE).sum() == 26 and (d == D.NORMATIVE).sum() == 13  # 20 replies + 3 批复 + 2 函 + 1 同意 notice
    assert set(tables["pmc"]["doc_id"]) == set(d[d == D.NORMATIVE].index)
    s = tables["strength"].set_index("doc_id")
    assert s.loc[d[d == D.RESPONSE].index, "score"].isna().all()
    assert s.loc["31_school-health-work-regulations-1990", "score"] == 3

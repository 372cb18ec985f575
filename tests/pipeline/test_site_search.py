"""The site search's patches of Sphinx's Chinese search: extra terms, and the caches that keep
indexing linear in the size of the site without changing what is indexed."""

import json
import shutil
import subprocess

import pytest

from policyreport.sphinxext import site_search


def test_figures_with_units_and_doc_number_pieces_are_indexed():
    assert site_search.extra_terms("安排资金212亿元，新增30万元") == ["212亿元", "30万元"]
    assert site_search.extra_terms("嘉卫建提〔2024〕27号") == ["27号", "嘉卫建提", "27号", "嘉卫建提〔2024〕27号"]


def test_latin_terms_keep_membership_as_a_set():
    terms = site_search.LatinTerms()
    terms.extend(["PMC", "2024"])
    terms.extend(["PMC"])
    assert "PMC" in terms and "2024" in terms and "pmc" not in terms


def test_cached_split_and_stem_give_what_sphinx_gives():
    from sphinx.search import zh

    site_search.install()
    search = zh.SearchChinese({})
    text = "加强基层医疗卫生机构能力建设，安排资金212亿元（PMC indexing）。"
    first, second = search.split(text), search.split(text)
    assert first == second and "212亿元" in first and "医疗" in first and "indexing" in first
    assert search.stem("indexing") == "index"  # Latin words are stemmed as Sphinx does
    assert search.stem("PMC") == "pmc" and search.stem("医疗卫生") == "医疗卫生"


def test_stems_are_sphinx_s_for_words_with_and_without_latin_letters():
    import snowballstemmer
    from sphinx.search import zh

    site_search.install()
    search = zh.SearchChinese({})
    search.split("PMC 5G网络 it's CEOs")
    english = snowballstemmer.stemmer("english")

    def sphinx_stem(word):
        stem = english.stemWord(word.lower())
        return word.lower() if word in search.latin_terms and len(word) >= 3 and len(stem) < 3 else stem

    words = [
        "医疗卫生",
        "２０２４年",
        "Ｙｅｓ",
        "①",
        "212亿元",
        "5G网络",
        "网络5G",
        "it's",
        "'s",
        "PMC",
        "CEOs",
        "ies",
        "yes",
        "é",
    ]
    assert [search.stem(w) for w in words] == [sphinx_stem(w) for w in words]
    assert search.stem("5G网络") == "5g网络" and search.stem("CEOs") == "ceo"


def test_decimals_order_numbers_and_word_pairs_are_indexed():
    assert "285.4" in site_search.extra_terms("精准医疗产业总产出285.4亿元") and "285.4亿元" in site_search.extra_terms(
        "总产出285.4亿元"
    )
    terms = site_search.extra_terms("中华人民共和国国务院令 第707号")
    assert {"国务院令第707号", "国令第707号", "707号"} <= set(terms)
    assert "国令第290号" not in site_search.extra_terms("广东省人民政府令（第290号）")
    assert "广东省人民政府令第290号" in site_search.extra_terms("广东省人民政府令（第290号）")
    assert site_search.word_pairs("完善融资担保体系", ["完善", "融资", "担保", "体系"]) == ["完善融资", "融资担保", "担保体系"]
    assert site_search.word_pairs("推行双随机抽查", ["推行", "双", "随机", "抽查"]) == ["推行双", "双随机", "随机抽查"]
    assert site_search.word_pairs("加强的管理", ["加强", "的", "管理"]) == []


def test_a_page_s_own_doc_number_is_the_first_near_its_top():
    card = "关于X的通知 基本信息 标题 关于X的通知 文号 嘉卫建提〔2024〕27号 正文 根据国办发〔2016〕5号"
    assert site_search.own_number_terms(card) == ["嘉卫建提", "27号", "嘉卫建提〔2024〕27号"]
    assert site_search.own_number_terms("没有文号") == []


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
@pytest.mark.parametrize(
    "query, terms",
    [
        ("212", ["212"]),
        ("285.4", ["285.4"]),
        ("212亿元", ["212亿元"]),
        ("不超过4个", ["不超过", "4个"]),
        ("国令第707号", ["国令第707号"]),
        ("国务院令 第 707 号", ["国务院令第707号"]),
        ("嘉卫建提〔2024〕27号", ["嘉卫建提〔2024〕27号"]),
        ("融资担保 双随机", ["融资担保", "双随机"]),
        ("PMC index.", ["PMC", "index"]),
    ],
)
def test_the_browser_splits_queries_as_people_type_them(query, terms):
    script = site_search.JS_SPLITTER + f"\nconsole.log(JSON.stringify(splitQuery({json.dumps(query)})));"
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=60).stdout
    assert json.loads(out) == terms


def test_pruning_leaves_no_word_without_pages():
    """An incremental build re-reads some pages: words only they had must leave the index, as in a
    clean build (Sphinx kept them with no page)."""
    from types import SimpleNamespace

    from sphinx.search import IndexBuilder

    site_search.install()
    index = SimpleNamespace(
        _titles={"a": "A", "b": "B"},
        _all_titles={"a": [], "b": []},
        _filenames={"a": "a.md", "b": "b.md"},
        _mapping={"旧词": {"b"}, "共有": {"a", "b"}},
        _title_mapping={"旧标题": {"b"}},
    )
    IndexBuilder.prune(index, {"a"})
    assert index._mapping == {"共有": {"a"}} and index._title_mapping == {} and index._titles == {"a": "A"}

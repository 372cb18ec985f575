"""The site search's patches of Sphinx's Chinese search: extra terms, and the caches that keep
indexing linear in the size of the site without changing what is indexed."""

from policyreport.build import site_search


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

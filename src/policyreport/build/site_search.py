"""The site's search (Sphinx's Chinese search, jieba) made to find what readers look for in
policy documents, and to say which kind of page a result is.

- jieba cuts `212亿元` into `212` + `亿元`, and the browser looks the whole query term up, so
  figures were never found. Each number is also indexed with the Chinese characters that follow
  it (its unit: `212亿元`, `30万元`, `85张`); the search's partial matching finds shorter queries.
- A 文号 such as `嘉卫建提〔2024〕27号` is split by the browser at the brackets into `嘉卫建提`,
  `2024`, `27号`: those pieces are indexed as they are.
- The analysis chapter and the source text of a document have the same title: results say
  分析 or 原文 in front of it.
- An incremental build leaves no word behind that no page has any more: Sphinx keeps such words
  with an empty list of pages, so the index would differ from a clean build's and grow.
"""

from __future__ import annotations

import re
from functools import lru_cache

NUMBER_WITH_UNIT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?[\u4e00-\u9fff%]{1,4}")
DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})[〔［\[（(](\d{4})[〕］\]）)]第?(\d+号)")
PAGE_KINDS = (("chapters/documents/", "分析"), ("chapters/sources/", "原文"))


def extra_terms(text: str) -> list[str]:
    """The terms that jieba does not produce but readers search for: figures with their unit, 文号 pieces."""
    terms = [m.group() for m in NUMBER_WITH_UNIT.finditer(text)]
    for m in DOC_NUMBER.finditer(text):
        terms += [m.group(1), m.group(3), m.group()]
    return terms


def page_kind_title(docname: str, title: str) -> str:
    for prefix, kind in PAGE_KINDS:
        if docname.startswith(prefix) and not title.startswith(kind):
            return f"{kind}｜{title}"
    return title


class LatinTerms(list):
    """Sphinx keeps every Latin term of every page in a list and looks each indexed word up in it
    (linear in the size of the site); the same membership, kept as a set."""

    def __init__(self):
        super().__init__()
        self.seen: set[str] = set()

    def extend(self, terms) -> None:
        self.seen.update(terms)

    def __contains__(self, term) -> bool:
        return term in self.seen


def install() -> None:
    """Patch Sphinx's Chinese splitter and the index's page titles (once per process)."""
    from sphinx.search import IndexBuilder, zh

    if getattr(zh.SearchChinese, "_policyreport", False):
        return
    split = zh.SearchChinese.split

    @lru_cache(maxsize=100_000)
    def cut(self, input: str) -> tuple[str, ...]:
        return (*split(self, input), *extra_terms(input))

    def split_with_terms(self, input: str) -> list[str]:
        """Cached: tables repeat their cells (自动, 原文没有线索词 …) on every document's page."""
        return list(cut(self, input))

    feed = IndexBuilder.feed

    def feed_with_kind(self, pagename, filename, title, doctree):
        return feed(self, pagename, filename, page_kind_title(pagename, title), doctree)

    stem = zh.SearchChinese.stem

    @lru_cache(maxsize=200_000)
    def cached_stem(self, word: str, latin: bool) -> str:
        return stem(self, word)

    def stem_once(self, word: str) -> str:
        """Cached by the word and whether it was seen as a Latin term (all the stem depends on):
        the English stemmer ran on every Chinese word of every page."""
        return cached_stem(self, word, word in self.latin_terms)

    prune = IndexBuilder.prune

    def prune_words(self, docnames) -> None:
        prune(self, docnames)
        for mapping in (self._mapping, self._title_mapping):
            for word in [w for w, pages in mapping.items() if not pages]:
                del mapping[word]

    zh.SearchChinese.split = split_with_terms
    zh.SearchChinese.stem = stem_once
    zh.SearchChinese.latin_terms = LatinTerms()
    zh.SearchChinese._policyreport = True
    IndexBuilder.feed = feed_with_kind
    IndexBuilder.prune = prune_words

"""The site's search (Sphinx's Chinese search, jieba) made to find what readers look for in
policy documents, and to say which kind of page a result is.

- jieba cuts `212亿元` into `212` + `亿元`, and the browser looks the whole query term up, so
  figures were never found. Each number is also indexed with the Chinese characters that follow
  it (its unit: `212亿元`, `30万元`, `85张`); the search's partial matching finds shorter queries.
- A 文号 such as `嘉卫建提〔2024〕27号` is split by the browser at the brackets into `嘉卫建提`,
  `2024`, `27号`: those pieces are indexed as they are.
- The analysis chapter and the source text of a document have the same title: results say
  分析 or 原文 in front of it.
"""

from __future__ import annotations

import re

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


def install() -> None:
    """Patch Sphinx's Chinese splitter and the index's page titles (once per process)."""
    from sphinx.search import IndexBuilder, zh

    if getattr(zh.SearchChinese, "_policyreport", False):
        return
    split = zh.SearchChinese.split

    def split_with_terms(self, input: str) -> list[str]:
        return split(self, input) + extra_terms(input)

    feed = IndexBuilder.feed

    def feed_with_kind(self, pagename, filename, title, doctree):
        return feed(self, pagename, filename, page_kind_title(pagename, title), doctree)

    zh.SearchChinese.split = split_with_terms
    zh.SearchChinese._policyreport = True
    IndexBuilder.feed = feed_with_kind

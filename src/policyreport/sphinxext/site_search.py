"""The site's search (Sphinx's Chinese search, jieba) made to find what readers look for in
policy documents, and to say which kind of page a result is.

- jieba cuts `212亿元` into `212` + `亿元`, and the browser looks the whole query term up, so
  figures were never found. Each number is also indexed with the Chinese characters that follow
  it (its unit: `212亿元`, `30万元`, `85张`); the search's partial matching finds shorter queries.
- A 文号 such as `嘉卫建提〔2024〕27号` is indexed whole and in the pieces an older splitter made
  (`嘉卫建提`, `27号`); a 令 number in its full and short forms (国务院令第707号, 国令第707号).
- The browser cannot cut Chinese into words and Sphinx's page dropped numbers: the query splitter
  (`JS_SPLITTER`) keeps figures with their units and 文号 whole, the site's searchtools.js
  searches numbers, and adjacent words are indexed as pairs (融资担保, 双随机).
- A document's own pages rank first for its 文号 (a title term of those pages).
- Titles are stored and shown as text (`title_text`, the skeleton's `static/searchtools.js`).
- The analysis chapter and the source text of a document have the same title: results say
  分析 or 原文 in front of it.
- An incremental build leaves no word behind that no page has any more: Sphinx keeps such words
  with an empty list of pages, so the index would differ from a clean build's and grow.
- A table written as raw HTML (`execute.html_tables`) is indexed as Sphinx indexes the MyST table
  it stands for: the text of each cell and link, entities decoded. Sphinx strips the tags of raw
  HTML and splits the rest, entities and all (`&quot;` made the word `quot`).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

NUMBER_WITH_UNIT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?[\u4e00-\u9fff%]{1,4}")
DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})[〔［\[（(](\d{4})[〕］\]）)]第?(\d+号)")
# a 令's number: 国务院令第707号, 中华人民共和国国务院令 第 707 号, 广东省人民政府令（第290号）
ORDER_NUMBER = re.compile(r"(?:中华人民共和国)?([\u4e00-\u9fff]{1,12}?)令\s*[（(]?\s*第\s*(\d+)\s*号")
ORDER_SHORT = {"国务院": "国令"}  # the short forms in common use (国令第707号)
HAN = re.compile(r"[\u4e00-\u9fff]+")
TAG = re.compile(r"<[^>]*>")
STEMMED = re.compile(r"[A-Za-z']")  # what the English stemmer can change
SPHINX_TAG = re.compile(r"<[^<]+?>")  # how Sphinx strips the tags of raw HTML before indexing it
# words that never start or end a multi-word term (了 的 和 …): pairs with them are not indexed
FUNCTION_WORDS = frozenset("的 了 和 与 及 或 在 对 为 是 将 把 被 等 并 由 从 向 于 以 其 之 而 也 都 就 所".split())
PAGE_KINDS = (("chapters/documents/", "分析"), ("chapters/sources/", "原文"))
OWN_NUMBER_WITHIN = 1500  # a page's own 文号 is printed near its top (the card, the 版头)


def doc_number_terms(text: str) -> list[str]:
    """Each 文号 whole and in its pieces (the browser's old split), each 令 number in its full
    and common short forms."""
    terms = []
    for m in DOC_NUMBER.finditer(text):
        terms += [m.group(1), m.group(3), m.group()]
    for m in ORDER_NUMBER.finditer(text):
        issuer, number = m.group(1), m.group(2)
        terms += [f"{issuer}令第{number}号", f"令第{number}号", f"{number}号"]
        if issuer in ORDER_SHORT:
            terms.append(f"{ORDER_SHORT[issuer]}第{number}号")
    return terms


def word_pairs(text: str, words: list[str]) -> list[str]:
    """Two adjacent Chinese words as one term (融资担保, 双随机): readers type multi-word terms,
    and the browser cannot cut a query into words. Only pairs that occur in the text, of three
    to six characters, without a function word at either end."""
    out = []
    for a, b in zip(words, words[1:]):
        pair = a + b
        if 3 <= len(pair) <= 6 and HAN.fullmatch(pair) and a not in FUNCTION_WORDS and b not in FUNCTION_WORDS and pair in text:
            out.append(pair)
    return out


def extra_terms(text: str) -> list[str]:
    """The terms that jieba does not produce but readers search for: figures with their unit,
    decimal numbers, 文号 and 令 numbers."""
    terms = [m.group() for m in NUMBER_WITH_UNIT.finditer(text)]
    terms += [m.group() for m in DECIMAL.finditer(text)]
    return terms + doc_number_terms(text)


# The browser's query splitter (Sphinx's `js_splitter_code` for zh): a 文号 or 令 number stays
# whole, a figure stays with its unit (212亿元, 285.4, 4个), Chinese around a figure is a term of
# its own (不超过4个 → 不超过 + 4个). With the digits-only filter gone from the site's
# searchtools.js, 212 is searched for too.
JS_SPLITTER = r"""
function splitQuery(query) {
  const terms = [];
  const whole = /[\p{Script=Han}]{1,12}[〔［\[（(]\d{4}[〕］\]）)]第?\d+号|[\p{Script=Han}]{0,12}令\s*[（(]?\s*第\s*\d+\s*号/gu;
  const rest = query.replace(whole, (m) => { terms.push(m.replace(/[\s（）()]/g, "")); return " "; });
  for (const piece of rest.split(/[^\p{Letter}\p{Number}_.%\p{Emoji_Presentation}]+/u)) {
    for (const part of piece.match(/\d+(?:\.\d+)?[%\p{Script=Han}]{0,4}|[^\d]+/gu) || []) {
      const term = part.replace(/^\.+|\.+$/g, "");
      if (term) terms.push(term);
    }
  }
  return terms;
}
"""


def own_number_terms(page_text: str) -> list[str]:
    """The terms of the first 文号 or 令 number near the top of a document's page: its own."""
    head = page_text[:OWN_NUMBER_WITHIN]
    found = [m for rx in (DOC_NUMBER, ORDER_NUMBER) if (m := rx.search(head))]
    if not found:
        return []
    first = min(found, key=lambda m: m.start())
    return doc_number_terms(first.group())


def title_text(rendered: str) -> str:
    """A page title as plain text. Sphinx indexes page titles as HTML and section titles as text;
    the site's `searchtools.js` (Sphinx 7.4.7's, showing titles with `textContent`, not
    `innerHTML`) shows both as text, so markup in a document title never runs."""
    return html.unescape(re.sub(r"<[^>]*>", "", rendered or ""))


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
    from docutils import nodes
    from sphinx.search import IndexBuilder, zh

    from policyreport.execute import html_tables

    if getattr(zh.SearchChinese, "_policyreport", False):
        return
    split = zh.SearchChinese.split

    @lru_cache(maxsize=100_000)
    def cut(self, input: str) -> tuple[str, ...]:
        words = split(self, input)
        return (*words, *extra_terms(input), *word_pairs(input, words))

    def split_with_terms(self, input: str) -> list[str]:
        """Cached: tables repeat their cells (自动, 原文没有线索词 …) on every document's page."""
        return list(cut(self, input))

    feed = IndexBuilder.feed

    def feed_with_kind(self, pagename, filename, title, doctree):
        """Pages shown as text titles; a document's pages also have their own 文号 as a title term,
        so they rank first when it is searched for."""
        feed(self, pagename, filename, page_kind_title(pagename, title_text(title)), doctree)
        if pagename.startswith(tuple(prefix for prefix, _ in PAGE_KINDS)):
            for term in own_number_terms(doctree.astext()):
                self._title_mapping.setdefault(self.lang.stem(term).lower(), set()).add(pagename)

    stem = zh.SearchChinese.stem

    @lru_cache(maxsize=200_000)
    def cached_stem(self, word: str, latin: bool) -> str:
        return stem(self, word)

    def stem_once(self, word: str) -> str:
        """Cached by the word and whether it was seen as a Latin term (all the stem depends on):
        the English stemmer ran on every Chinese word of every page. A word without a Latin letter
        or an apostrophe is its own stem (the English stemmer changes nothing else; checked on
        jieba's 349,046 words), so it is not looked up in Sphinx's list of Latin terms."""
        if not STEMMED.search(word):
            return word.lower()
        return cached_stem(self, word, word in self.latin_terms)

    prune = IndexBuilder.prune

    def prune_words(self, docnames) -> None:
        """Sphinx's prune with the pages to keep as a set: it intersects every word's pages with
        them, and with the environment's dict of pages each intersection made a set of all the
        pages first (7.5 s at 10,014 pages). Then the words left without a page are dropped."""
        prune(self, set(docnames))
        for mapping in (self._mapping, self._title_mapping):
            for word in [w for w, pages in mapping.items() if not pages]:
                del mapping[word]

    collect = IndexBuilder._word_collector

    def collect_table_cells(self, doctree):
        """Sphinx's words of a page, a raw HTML table's from the text of its cells: Sphinx splits
        the text of a raw block with the tags stripped (`SPHINX_TAG`), so that text is looked up."""
        cells = {}
        for node in doctree.findall(nodes.raw):
            text = node.astext()
            if text.startswith(html_tables.START):
                cells[SPHINX_TAG.sub("", text)] = [w for piece in TAG.split(text) for w in self.lang.split(html.unescape(piece))]
        if not cells:
            return collect(self, doctree)
        split = self.lang.split
        self.lang.split = lambda text: cells[text] if text in cells else split(text)
        try:
            return collect(self, doctree)
        finally:
            del self.lang.split

    zh.SearchChinese.split = split_with_terms
    zh.SearchChinese.js_splitter_code = JS_SPLITTER
    zh.SearchChinese.stem = stem_once
    zh.SearchChinese.latin_terms = LatinTerms()
    zh.SearchChinese._policyreport = True
    IndexBuilder.feed = feed_with_kind
    IndexBuilder.prune = prune_words
    IndexBuilder._word_collector = collect_table_cells

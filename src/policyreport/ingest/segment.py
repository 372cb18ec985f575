"""Word segmentation with jieba: a private tokenizer with the project's user dictionary."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from policyreport.errors import UserError
from policyreport.ingest.patterns import CJK

if TYPE_CHECKING:
    import jieba.posseg

CONTENT_POS = {"n", "nr", "ns", "nt", "nz", "nw", "vn", "v", "j", "l", "an", "eng", "i"}
HAS_CJK = re.compile(f"[{CJK}]")
USER_DICT_LINE = re.compile(r"^\S+(\s+\d+)?(\s+[a-z]+)?$")


def read_stopwords(path: str | Path) -> frozenset[str]:
    """Stopwords: one per line, `#` starts a comment."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read the stopword list ({exc})") from None
    return frozenset(w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#"))


def check_user_dict(path: str | Path) -> None:
    """Fail with the file and line number when a user-dictionary line is not `word [freq] [pos]`."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read the jieba user dictionary ({exc})") from None
    for i, line in enumerate(lines, start=1):
        if line.strip() and not USER_DICT_LINE.match(line.strip()):
            raise UserError(f"{path}:{i}: not a jieba dictionary line ('word freq pos'): {line.strip()[:40]}")


@lru_cache(maxsize=4)
def tokenizer(user_dict: str) -> jieba.posseg.POSTokenizer:
    """A jieba POS tokenizer with the user dictionary loaded (one per dictionary and process)."""
    import jieba  # with its word tags (jieba.posseg, 0.2 s): not imported in processes that only show results
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)

    check_user_dict(user_dict)
    base = jieba.Tokenizer()
    if jieba.dt.initialized and jieba.dt.dictionary == base.dictionary:  # loaded already (`build --warm`): copied
        base.FREQ, base.total, base.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    base.load_userdict(user_dict)
    # POSTokenizer(base) would read jieba's dictionary again for its tags (a second per process):
    # the tags of that same default dictionary are already loaded by jieba.posseg's own tokenizer.
    tagger = object.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer = base
    tagger.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    return tagger


@lru_cache(maxsize=200_000)
def _tag(text: str, user_dict: str) -> tuple[tuple[str, str], ...]:
    return tuple((p.word, p.flag) for p in tokenizer(user_dict).cut(text))


def tag(text: str, user_dict: str) -> list[tuple[str, str]]:
    """(word, part of speech) pairs of a normalised text (cached: entities, terms and the
    co-word network all read the same sentences)."""
    return list(_tag(text, user_dict))


def content_terms(tagged: list[tuple[str, str]], stopwords: frozenset[str], min_length: int = 2) -> list[str]:
    """The words that count as terms: Chinese, long enough, a content part of speech, not a stopword."""
    return [
        w
        for w, pos in tagged
        if len(w) >= min_length and HAS_CJK.search(w) and w not in stopwords and (pos in CONTENT_POS or pos[:1] == "n")
    ]


def sentence_terms(sentences, user_dict: str, stopwords: frozenset[str], min_length: int = 2) -> list[list[str]]:
    """The content terms of each sentence (segmented from its `norm` form), in sentence order."""
    return [content_terms(tag(s.norm, user_dict), stopwords, min_length) for s in sentences]

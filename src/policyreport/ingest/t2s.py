"""Traditional → simplified characters (OpenCC t2s), answered at once for a text it cannot change.

OpenCC's converter is pure Python and tries every substring of a text against its dictionaries;
most texts here are simplified Chinese and come back unchanged. A text holds a dictionary entry
only if it holds one of the entries' one-character keys or one of the few longer keys made of
other characters, so a text with none of them is returned as it is, without the search.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

CONVERTER = opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _keys() -> tuple[frozenset[str], tuple[str, ...]] | None:
    """(the one-character keys, the longer keys holding none of them) of the dictionaries the
    converter loaded; None when they cannot be read, and every text is then converted."""
    try:
        keys = {k for _, _, mapping in CONVERTER.dict_cache.values() for k in mapping}
    except (AttributeError, TypeError, ValueError):
        return None
    if not keys or not all(isinstance(k, str) and k for k in keys):
        return None
    chars = frozenset(k for k in keys if len(k) == 1)
    return chars, tuple(sorted(k for k in keys if len(k) > 1 and chars.isdisjoint(k)))


def unchanged(text: str) -> bool:
    """The converter would return `text` as it is: no key of its dictionaries occurs in it."""
    keys = _keys()
    return keys is not None and keys[0].isdisjoint(text) and not any(k in text for k in keys[1])


def convert(text: str) -> str:
    """`CONVERTER.convert(text)`, without the search when `unchanged(text)`."""
    return text if unchanged(text) else CONVERTER.convert(text)

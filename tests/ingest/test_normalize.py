"""`normalize` returns a text without whitespace after NFKC at once; that shortcut gives the full
definition's answer."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from policyreport.ingest.text import _SPACE_NEAR_CJK, normalize

ROOT = Path(__file__).resolve().parents[2]


def _full(text: str) -> str:
    """`normalize` as defined: NFKC without `**`, spaces next to Chinese removed, runs of whitespace
    made one space, stripped."""
    s = _SPACE_NEAR_CJK.sub("", unicodedata.normalize("NFKC", text.replace("**", "")))
    return re.sub(r"\s+", " ", s).strip()


def test_regex_whitespace_is_what_strip_removes():
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    assert [c for c in chars if re.match(r"\s", c)] == [c for c in chars if c.isspace()]


def test_normalize_equals_its_definition():
    files = [*sorted((ROOT / "tests" / "corpus-dev" / "docs").glob("*.txt")), *sorted((ROOT / "seeds").glob("*.txt"))]
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    lines += ["¨中文", "中\u2003文", " a  b ", "**加粗**", "\u3000\u3000第一条", "ＡＢ　ｃ", "\u00a0", ""]
    assert [normalize(x) for x in lines] == [_full(x) for x in lines]
    assert normalize("¨中文") == "̈中文"  # NFKC made the space that is then removed

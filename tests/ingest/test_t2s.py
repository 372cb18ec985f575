"""The shortcuts of traditional → simplified conversion, of the metadata key and of the web-label
lookup give OpenCC's, the per-character NFKC's and the longest-first scan's own answers."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from policyreport.extract.metadata.model import fold, load_format
from policyreport.ingest import t2s

ROOT = Path(__file__).resolve().parents[2]
TRADITIONAL = ROOT / "tests" / "corpus-dev" / "docs" / "19_gov-office-chengdu-etdz-reply-letter-2000-big5.txt"


def _lines() -> list[str]:
    files = [*sorted((ROOT / "tests" / "corpus-dev" / "docs").glob("*.txt")), *sorted((ROOT / "seeds").glob("*.txt"))]
    return [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_convert_equals_opencc_on_every_line():
    lines = _lines()
    assert [t2s.convert(x) for x in lines] == [t2s.CONVERTER.convert(x) for x in lines]
    # both answers were tested: most lines are simplified and skip the search, the traditional ones do not
    assert sum(map(t2s.unchanged, lines)) > len(lines) // 2
    assert not t2s.unchanged("國務院辦公廳關於四川成都")


def test_phrases_without_a_traditional_character_are_converted():
    # 沈默 is a phrase key of OpenCC's t2s dictionary, though 沈 and 默 are no keys of their own
    assert not t2s.unchanged("他沈默了")
    assert t2s.convert("他沈默了") == t2s.CONVERTER.convert("他沈默了") == "他沉默了"


def _fold_per_character(text: str) -> str:
    """`fold` as it was written: NFKC and OpenCC called on each character where needed."""
    s = "".join(c2 if len(c2 := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)
    t = t2s.CONVERTER.convert(s)
    if len(t) != len(s):
        t = "".join(c2 if len(c2 := t2s.CONVERTER.convert(c)) == 1 else c for c in s)
    return t


def test_fold_equals_the_per_character_definition():
    lines = _lines() + ["ＡＢＣ１２３：（一）", "①㈠ﬁ㎡", "e\u0301 国務院", "\u3000 全角空格"]
    assert [fold(x) for x in lines] == [_fold_per_character(x) for x in lines]
    assert fold("ﬁ①") == "ﬁ1"  # a character whose NFKC form is longer stays itself


def test_label_at_equals_the_longest_first_scan():
    fmt = load_format()
    ordered = sorted(fmt.labels, key=len, reverse=True)
    keys = [fold(x) for x in _lines()] + [label + "：x" for label in fmt.labels] + ["", "发"]
    found = [fmt.label_at(k) for k in keys]
    assert found == [next((x for x in ordered if k.startswith(x)), None) for k in keys]
    assert sum(x is not None for x in found) >= len(fmt.labels)

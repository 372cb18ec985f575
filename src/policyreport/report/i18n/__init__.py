"""The report's language (parameter `language`: zh, the default, or en) and its message catalogue.

The Chinese text is the message id (gettext style): the views write `tr("共 {n} 份文件", n=3)`
and the templates' Markdown cells are looked up whole (`markdown`). `en.yaml` beside this module
maps each id to its English text, as a list of `{zh: …, en: …}` pairs; a message about a count
may add its English for a count of one (`one: …`, the count being the field `n` unless `count:`
names another), since Chinese has no plural and English does. In Chinese `tr` returns
its text (formatted when it is given fields); in English an id without an entry raises
`MissingTranslation`: a report never mixes in Chinese text by accident (tests/report/test_i18n.py
checks statically that every id the package uses has an entry).

`name` is for words that come from data (dictionary categories, genres, kinds of dates): the
English entry when there is one, else the word as written. Quotes and document names are data
and are never passed through either.

The language is module state set once per page (`use`): by the notebook worker before each
notebook, by the inline renderer before each page, by the build for what it writes itself, by
the Sphinx extension for the title page. It stays module state because the templates' cells run
in a Jupyter kernel (the papermill boundary: only the notebook's parameters cross it) and call
`tr` from hundreds of places, each page in one language.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
CATALOGUE = Path(__file__).with_name("en.yaml")
_CURRENT = {"language": "zh"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ISSUERS = Path(__file__).with_name("issuers.yaml")


class MissingTranslation(KeyError):
    """A Chinese message id without an English entry in the catalogue."""

    def __str__(self) -> str:
        return f"no English entry in report/i18n/en.yaml for {self.args[0]!r}"


def use(language: str) -> None:
    """Set the language of what is rendered from now on in this process."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}; the languages are {', '.join(LANGUAGES)}")
    _CURRENT["language"] = language


def language() -> str:
    return _CURRENT["language"]


def english() -> bool:
    return _CURRENT["language"] == "en"


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(str(text)))


def _key(text: str) -> str:
    return text.strip("\n")


def _entries(path: Path) -> list[dict]:
    """A catalogue file's entries, each checked to be a pair of texts {zh: …, en: …}."""
    from policyreport.errors import UserError
    from policyreport.ingest.datafiles import parse_yaml, read_text

    data = parse_yaml(read_text(Path(path), "the translations file", 5_000_000), str(path), "the translations file", 200_000)
    for i, pair in enumerate(data or []):
        if not (isinstance(pair, dict) and isinstance(pair.get("zh"), str) and isinstance(pair.get("en"), str)):
            raise UserError(f"{path}: entry {i + 1} is not a pair of texts {{zh: …, en: …}}")
        if not isinstance(pair.get("one", ""), str) or not isinstance(pair.get("count", ""), str):
            raise UserError(f"{path}: entry {i + 1}: `one` (the English for a count of one) and `count` are texts")
    return data or []


def read_pairs(path: Path) -> dict[str, str]:
    """A catalogue file as zh -> en: a YAML list of {zh: text, en: text}; a malformed file or an
    id given two different English texts is a UserError naming the file."""
    from policyreport.errors import UserError

    out: dict[str, str] = {}
    for pair in _entries(path):
        zh, en = _key(pair["zh"]), _key(pair["en"])
        if out.get(zh, en) != en:
            raise UserError(f"{path}: two English texts for {zh[:60]!r}")
        out[zh] = en
    return out


@cache
def catalogue() -> dict[str, str]:
    """The package's catalogue, zh -> en, read once per process."""
    return read_pairs(CATALOGUE)


@cache
def singulars() -> dict[str, tuple[str, str]]:
    """The package's messages about a count with an English text for a count of one:
    zh -> (the field that holds the count, the English for one)."""
    return {_key(p["zh"]): (p.get("count", "n"), _key(p["one"])) for p in _entries(CATALOGUE) if "one" in p}


def own(text: str, extra: dict[str, str]) -> str:
    """A project's text (title, author, part caption) in the report's language: its English in
    the project's catalogue (parameter `translations`) or the package's, else as written."""
    if not english():
        return text
    return extra.get(_key(text)) or lookup(text) or text


def lookup(text: str) -> str | None:
    """The English entry of a message id, or None."""
    return catalogue().get(_key(text))


def tr(text: str, **fields) -> str:
    """The message in the report's language; `fields` fill its `{name}` fields (str.format, so a
    message with fields writes a literal brace as `{{`, like the f-string it replaced)."""
    if english():
        found = lookup(text)
        if found is None:
            raise MissingTranslation(text)
        count, one = singulars().get(_key(text), (None, None))
        text = one if count is not None and str(fields.get(count)) == "1" else found
    return text.format(**fields) if fields else text


def name(text) -> str:
    """A word from data (a category, a genre, a kind of date) in the report's language: its
    English entry when the catalogue has one, else as written."""
    if not english() or not isinstance(text, str):
        return text
    return lookup(text) or text


def capital(text):
    """A table cell or label in the report's language: in English its first letter upper-case
    (the catalogue writes words such as "date of issue" for use inside a sentence)."""
    if not english() or not isinstance(text, str) or not text[:1].islower():
        return text
    return text[0].upper() + text[1:]


def names(mapping: dict) -> dict:
    """A mapping's values (column headings, legend entries) through `name`, keys kept."""
    return {k: tr(v) if isinstance(v, str) and has_cjk(v) else v for k, v in mapping.items()}


def markdown(cell: str, extra: dict | None = None) -> str:
    """A template's Markdown cell in the report's language, looked up whole: `extra` (a project's
    own catalogue, for its own templates) first, then the package's. A cell without Chinese is
    the same in both languages."""
    if not english() or not has_cjk(cell):
        return cell
    key = _key(cell)
    found = (extra or {}).get(key) or lookup(key)
    if found is None:
        raise MissingTranslation(key)
    return found + "\n" if cell.endswith("\n") else found


MONTHS = ("January February March April May June July August September October November December").split()


def date(value) -> str:
    """An ISO date (2026-12-03, 2026-12, 2026) as the report prints it: as written in Chinese,
    `3 December 2026` in English."""
    text = str(value or "")
    if not english():
        return text
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if not m:
        return text
    y, mo, d = m.groups()
    if not 1 <= int(mo) <= 12:
        return text
    return f"{int(d)} {MONTHS[int(mo) - 1]} {y}" if d else f"{MONTHS[int(mo) - 1]} {y}"


def today() -> str:
    return date(dt.date.today().isoformat())


@cache
def issuers() -> dict[str, str]:
    """English names of central issuing bodies (issuers.yaml): 国务院 -> State Council."""
    import yaml

    return {k: v for k, v in (yaml.safe_load(_ISSUERS.read_text(encoding="utf-8")) or {}).items()}


_DOC_NUMBER = re.compile(r"[〔［\[（(](\d{4})[〕］\]）)]\s*第?\s*(\d+)\s*号")
_ORDER = re.compile(r"令\s*[（(]?\s*第\s*(\d+)\s*号")


def english_label(issuer: str | None, number: str | None) -> str | None:
    """A short English label from the issuer and the 文号, without transliteration: `State
    Council [2016] No. 1`, `State Council Order No. 707`; None when the issuer has no English name
    in issuers.yaml or the 文号 has no year and number."""
    if not issuer or not number:
        return None
    first = re.split(r"[、，,\s]+", issuer.strip())[0]
    body = issuers().get(first)
    if not body:
        return None
    more = " et al." if first != issuer.strip() else ""
    m = _DOC_NUMBER.search(number)
    if m:
        return f"{body}{more} [{m.group(1)}] No. {int(m.group(2))}"
    m = _ORDER.search(number)
    if m:
        return f"{body}{more} Order No. {int(m.group(1))}"
    return None

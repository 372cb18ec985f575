"""The pieces a document is read into: lines in two forms, the format word lists, the record.

A `Line` keeps the text as written (for every value shown) and a `key` of the same length used
for matching: NFKC character by character, traditional characters read as simplified (OpenCC),
so a match found in the key is cut from the text at the same offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache

from policyreport.ingest import t2s
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.patterns import CJK
from policyreport.ingest.text import Paragraph
from policyreport.paths import DICTIONARIES

FORMAT_FILE = DICTIONARIES / "document_format.yaml"
# spaces of every width (en and em spaces indent crawled paragraphs as the ideographic space does)
_SPACES = "[ \\u3000\\u00a0\\u2000-\\u200a\\u202f\\u205f]"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK}“”]){_SPACES}+|{_SPACES}+(?=[{CJK}“”])")
_MD = re.compile(r"^#{1,6}\s*")


@dataclass(frozen=True)
class Line:
    n: int
    text: str
    key: str
    raw: str = ""  # the paragraph as written, spaces kept (joint issuers printed side by side)


# The longest value a field of an official document can plausibly take, in characters. A longer
# "contact" or "issuer" is a paragraph read as a field (a one-line crawl, a page without line
# breaks): it is not taken, and the document says so, rather than printing it as a fact.
FIELD_LIMITS = {
    "title": ("标题", 300),
    "issuer": ("发文机关", 200),
    "doc_number": ("文号", 60),
    "recipient": ("主送机关", 300),
    "signature": ("署名", 200),
    "contact": ("联系人", 120),
    "contact_person": ("联系人", 60),
    "contact_phone": ("联系电话", 60),
    "carried_title": ("所印发/转发的文件", 300),
    "answers_number": ("答复的建议/提案编号", 60),
}


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    year: int | None = None
    recipient: str | None = None
    genre: str | None = None
    carried_title: str | None = None
    carried_genre: str | None = None
    forwarded: dict = field(default_factory=dict)  # a 转发/批转 notice: the forwarded text's own title, issuer, date
    handling_result: str | None = None
    handling_class: str | None = None
    answers_number: str | None = None
    region: str | None = None
    level: str | None = None
    contact_person: str | None = None
    contact_phone: str | None = None
    contact: str | None = None
    signature: str | None = None
    title_paragraph: int | None = None
    body: tuple[int, int] = (1, 0)
    evidence: dict = field(default_factory=dict)
    null_reasons: dict = field(default_factory=dict)
    publication: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    too_long: dict = field(default_factory=dict)  # field → length of a value not taken (FIELD_LIMITS)

    def as_dict(self) -> dict:
        return asdict(self)

    def put(self, name: str, value, lines: list[Line] | Line, element: str) -> None:
        """Set a field with where it was read: paragraph number(s) and the element of the document."""
        lines = [lines] if isinstance(lines, Line) else lines
        setattr(self, name, value)
        self.evidence[name] = {"paragraph": lines[0].n, "element": element}
        if len(lines) > 1:
            self.evidence[name]["paragraphs"] = [ln.n for ln in lines]
        self.null_reasons.pop(name, None)

    def drop_overlong(self) -> None:
        """Fields longer than `FIELD_LIMITS` are not taken: null with the reason and a note."""
        for name, (label, limit) in FIELD_LIMITS.items():
            value = getattr(self, name)
            if isinstance(value, str) and len(value) > limit:
                setattr(self, name, None)
                where = (self.evidence.pop(name, None) or {}).get("paragraph")
                self.null_reasons[name] = f"读到的值长 {len(value)} 字，超过{label}的合理长度（{limit} 字），不取值"
                self.notes.append(
                    f"{'第' + str(where) + '段' if where else '文中'}读到长 {len(value)} 字的{label}，超过合理长度，未采用"
                )
                self.too_long[label] = len(value)

    def abstain(self, name: str, reason: str) -> None:
        if getattr(self, name) is None:
            self.null_reasons.setdefault(name, reason)


class _CharNFKC(dict):
    """A character's code → its NFKC form when that is one character, else the character itself
    (for `str.translate`; filled as characters are met)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        c2 = unicodedata.normalize("NFKC", c)
        self[code] = value = c2 if len(c2) == 1 else c
        return value


_NFKC_CHAR = _CharNFKC()


def nfkc_chars(text: str) -> str:
    """NFKC character by character, a character whose form is longer kept as it is: same length."""
    return text.translate(_NFKC_CHAR)


def fold(text: str) -> str:
    """The matching key of a text: same length, NFKC per character, simplified characters."""
    s = nfkc_chars(text)
    t = t2s.convert(s)
    if len(t) != len(s):
        t = "".join(c2 if len(c2 := t2s.convert(c)) == 1 else c for c in s)
    return t


def compact(text: str) -> str:
    """A line as written without Markdown heading marks and spaces next to Chinese characters."""
    return _SPACE_NEAR_CJK.sub("", _MD.sub("", text.replace("**", ""))).strip()


def to_lines(paras: list[Paragraph]) -> list[Line]:
    out = []
    for p in paras:
        t = compact(p.text)
        if t:
            out.append(Line(p.n, t, fold(t), p.text))
    return out


@dataclass(frozen=True, eq=False)
class Format:
    """Word lists of the document format (dictionaries/document_format.yaml)."""

    labels: dict[str, str]  # label → role (issuer, number, title, page_date, source, other)
    wrapper_phrases: tuple[str, ...]
    wrapper_lines: frozenset[str]
    export_markers: tuple[str, ...]
    breadcrumb_home: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    addressee_endings: tuple[str, ...]
    recipient_endings: tuple[str, ...]
    closing_formulas: tuple[str, ...]
    carrier_verbs: tuple[str, ...]
    signer_titles: tuple[str, ...]
    plain_title_endings: tuple[str, ...]
    genre_words: tuple[str, ...]
    not_addressee_starts: tuple[str, ...]
    not_addressee_words: tuple[str, ...]
    genres: tuple[tuple[str, re.Pattern], ...]
    genre_aliases: dict[str, str]
    handling_formulas: tuple[str, ...] = ()
    body_openings: tuple[str, ...] = ()
    breadcrumb_leaves: tuple[str, ...] = ()
    note_verbs: tuple[str, ...] = ()
    forwarding_verbs: tuple[str, ...] = ()
    reply_genres: tuple[str, ...] = ()
    order_short_names: tuple[tuple[str, str], ...] = ()
    report_title_endings: tuple[str, ...] = ()
    closing_labels: tuple[str, ...] = ()
    cover_issuer_labels: tuple[str, ...] = ()

    def label_at(self, key: str) -> str | None:
        """The web label a line starts with (longest first), if any."""
        return next((key[:n] for n in self._label_lengths if key[:n] in self.labels), None)

    @cached_property
    def _label_lengths(self) -> tuple[int, ...]:
        """The lengths of the labels, longest first (two labels of one length cannot both open a line)."""
        return tuple(sorted({len(x) for x in self.labels}, reverse=True))

    def org_rx(self) -> re.Pattern:
        return re.compile("(?:" + "|".join(map(re.escape, self.org_suffixes)) + ")$")


@lru_cache(maxsize=4)
def load_format(path: str = str(FORMAT_FILE)) -> Format:
    d = read_yaml(path, "the document-format dictionary")
    labels = {label: role for role, names in d["web_labels"].items() for label in names}
    aliases = {alias: name for name, names in (d.get("genre_aliases") or {}).items() for alias in names}
    return Format(
        labels,
        tuple(d["wrapper_phrases"]),
        frozenset(d["wrapper_lines"]),
        tuple(d["export_markers"]),
        tuple(d["breadcrumb_home"]),
        tuple(sorted(d["org_suffixes"], key=len, reverse=True)),
        tuple(d["addressee_endings"]),
        tuple(d["recipient_endings"]),
        tuple(d["closing_formulas"]),
        tuple(d["carrier_verbs"]),
        tuple(d["signer_titles"]),
        tuple(sorted(d["plain_title_endings"], key=len, reverse=True)),
        tuple(d["title_genre_words"]),
        tuple(d["not_addressee"]["starts"]),
        tuple(d["not_addressee"]["words"]),
        tuple((g["name"], re.compile(g["title"])) for g in d["genres"]),
        aliases,
        tuple(sorted(d.get("handling_formulas") or (), key=len, reverse=True)),
        tuple(d.get("body_openings") or ()),
        tuple(d.get("breadcrumb_leaves") or ()),
        tuple(d.get("note_verbs") or ()),
        tuple(d.get("forwarding_verbs") or ()),
        tuple(d.get("reply_genres") or ()),
        tuple((long, short) for long, short in (d.get("order_short_names") or {}).items()),
        tuple(sorted(d.get("report_title_endings") or (), key=len, reverse=True)),
        tuple(sorted(d.get("closing_labels") or (), key=len, reverse=True)),
        tuple(sorted(d.get("cover_issuer_labels") or (), key=len, reverse=True)),
    )

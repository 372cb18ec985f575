"""Cleaning a document's text into numbered paragraphs and sentences.

Two forms of each paragraph are kept: `text`, the original wording (page-break splits joined,
Markdown `**` marks removed) used for every quote; and `norm`, the form used for analysis
(NFKC, so full- and half-width punctuation and digits are alike; spaces next to Chinese removed).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from policyreport.ingest import t2s
from policyreport.ingest.flat import restore_breaks, starts_body
from policyreport.ingest.patterns import (
    CJK,
    CONTACT,
    FIELD_LINE,
    HEADING_START,
    ISSUER_SUFFIX,
    PHONE,
    TERMINAL_PUNCT,
    TITLE,
    TITLE_PLAIN,
)

_SPACE_NEAR_CJK = re.compile(
    rf"(?<=[{CJK}\u3000-\u303f\uff00-\uffef“”‘’])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{CJK}\u3000-\u303f\uff00-\uffef“”‘’])"
)
_WHITESPACE = re.compile(r"\s")  # what str.strip removes too
_WHITESPACE_RUN = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])(?![”’」』)）])|(?<=[。！？!?；;][”’」』)）])")
_MD_HEADING = re.compile(r"^#{1,6}(?=\s|[\u4e00-\u9fff])\s*")
MIN_JOIN_LENGTH = 20
_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}:\S")  # "发布机构:…", a web page's metadata line
_IN_SENTENCE = re.compile(r"[,、，]")
_GENRE_END = re.compile(
    r"(?:通知|通告|公告|批复|函|答复|意见|办法|条例|规定|决定|报告|请示|纪要|通报|方案|规划|纲要|计划)(?:\([^()]{1,30}\))?$"
)
_CLOSERS = "”’」』)）】"
_DATE_ONLY = re.compile(r"^[\d〇○零一二三四五六七八九十年月日 .\-/]{4,16}$")
_LIST_ITEM = re.compile(r"^(?:[-•·*]\s|\(?\d{1,3}[).、]|[①-⑳]|[a-zA-Z][.)])")
_STARTS_TEXT = re.compile(r"[\u4e00-\u9fff\d《“‘(（〔]")
_CLOSING = ("特此", "此复", "专此", "附件")
# A signature line (GB/T 9704-2012 §7.3.5): one or more bodies' names, nothing else; never the rest
# of a sentence cut by a page break.
_SIGNATURE = re.compile(rf"^(?:[\u4e00-\u9fff()]{{2,30}}?{ISSUER_SUFFIX.pattern[:-1]}\s*)+$")


@dataclass(frozen=True)
class Paragraph:
    n: int
    text: str
    norm: str
    line: int


@dataclass(frozen=True)
class Sentence:
    paragraph: int
    text: str
    norm: str


def normalize(text: str) -> str:
    """The analysis form of a string: NFKC, no `**`, no spaces next to Chinese characters."""
    s = unicodedata.normalize("NFKC", text.replace("**", ""))
    if _WHITESPACE.search(s) is None:
        return s  # most sentences: nothing to remove, collapse or strip
    s = _SPACE_NEAR_CJK.sub("", s)
    return _WHITESPACE_RUN.sub(" ", s).strip()


def _clean_line(line: str) -> str:
    return _INVISIBLE.sub("", line).replace("**", "").replace("\t", " ").strip(" \u3000\u00a0")


def _is_heading(line: str) -> bool:
    return bool(HEADING_START.match(normalize(_MD_HEADING.sub("", line))))


# A numbered heading that names its topic (一、关于“…”的建议): however long, it is a line of its own.
_TOPIC_HEADING = re.compile(r"^\S{1,4}[、.]\s*关于|的(?:建议|提案|议案|意见|问题|请示)[\"”’]?$")


def _continues(prev: str, nxt_raw: str) -> bool:
    """True when `prev` was cut by a hard line break in mid-sentence and `nxt_raw` carries on.

    Only a sentence in progress is continued (it has a comma or 、, or the next line ends a sentence);
    a title, heading, field line, contact line (联系人：…，联系电话：…), signature or date never is,
    nor is an indented or numbered next line, nor a signature.
    """
    if len(prev) < MIN_JOIN_LENGTH or prev[-1] in TERMINAL_PUNCT:
        return False
    if prev[-1] in _CLOSERS and len(prev) > 1 and prev[-2] in TERMINAL_PUNCT:
        return False
    if prev[0] in "（(" and prev[-1] in "）)":
        return False
    if (_is_heading(prev) and (len(prev) <= 40 or _TOPIC_HEADING.search(normalize(prev)))) or _MD_HEADING.match(prev):
        return False
    if nxt_raw[:1] in (" ", "\u3000", "\t"):
        return False
    pn = normalize(prev)
    if _GENRE_END.search(pn) or CONTACT.search(pn) or PHONE.search(pn):
        return False
    if TITLE.search(pn) or TITLE_PLAIN.match(pn) or FIELD_LINE.match(pn) or _FIELD.match(pn):
        return False
    nxt = _clean_line(nxt_raw)
    nn = normalize(nxt)
    if not nn or (nn.endswith(":") and len(nxt) <= 60) or FIELD_LINE.match(nn) or _FIELD.match(nn):
        return False
    if not _STARTS_TEXT.match(nn) or _DATE_ONLY.match(nn) or nn.startswith(_CLOSING) or _SIGNATURE.match(nn):
        return False
    if not _IN_SENTENCE.search(pn) and nn[-1] not in "。！？；!?;":
        return False
    return not _is_heading(nxt) and not _MD_HEADING.match(nxt) and not _LIST_ITEM.match(nn)


def _simplifier(raw: str):
    """OpenCC traditional → simplified for a text written in traditional characters, else None.

    Only the analysis form (`norm`) is converted; `text` stays as written. Characters are converted
    one by one where a phrase would change the length, so both forms keep the same wording."""
    sample = raw[:4000]
    converted = t2s.convert(sample)
    changed = sum(a != b for a, b in zip(sample, converted))
    if changed < max(3, len(sample) // 200):
        return None

    return _to_simplified


def _to_simplified(s: str) -> str:
    t = t2s.convert(s)
    return t if len(t) == len(s) else "".join(t2s.convert(c) for c in s)


def paragraphs(raw: str) -> list[Paragraph]:
    """Split a document into paragraphs (one per non-empty line), joining page-break splits and
    cutting a flattened line back into its elements (ingest/flat.py); a traditional-character text
    gets a simplified analysis form."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    merged: list[tuple[int, str]] = []
    simplify = _simplifier(raw)
    head = True  # no sentence has ended yet: 文号, title and addressee may still come
    for i, raw_line in enumerate(lines, start=1):
        line = _clean_line(raw_line)
        if not line:
            continue
        first, *rest = restore_breaks(line, traditional=simplify is not None, head=head)
        head = head and not starts_body(line)
        if merged and not rest and _continues(merged[-1][1], raw_line.replace("**", "")):
            merged[-1] = (merged[-1][0], merged[-1][1] + line)
        else:
            merged += [(i, first)] + [(i, piece) for piece in rest]
    paras = [Paragraph(n, text, normalize(text), line) for n, (line, text) in enumerate(merged, start=1)]
    if simplify:
        paras = [Paragraph(p.n, p.text, simplify(p.norm), p.line) for p in paras]
    return paras


def sentences(paras: list[Paragraph]) -> list[Sentence]:
    """Sentences of the original text (split after 。！？； in either width), with their paragraph."""
    out = []
    for p in paras:
        simplified = p.norm != normalize(p.text)  # a traditional text's analysis form
        for piece in _SENTENCE_END.split(p.text):
            piece = piece.strip()
            if piece:
                norm = normalize(piece)
                out.append(Sentence(p.n, piece, _to_simplified(norm) if simplified else norm))
    return out


def strip_md_heading(line: str) -> str:
    return _MD_HEADING.sub("", line)

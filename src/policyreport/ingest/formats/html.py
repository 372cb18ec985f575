"""Saved web pages: the main text apart from the site's chrome, the page's metadata apart from both.

Scripts, styles, comments, forms, navigation and hidden elements are dropped before anything is
read; nothing is fetched (no network, no external entity). The 信息公开 / 规范性文件 block and the
`<meta>` tags go into the publication record, never into the text. A paragraph's inline elements are
joined without breaks, so a 文号 spread over several `<span>`s reads as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from policyreport.ingest.formats import fields
from policyreport.ingest.formats.base import DecodeError, Extracted, Options, Result
from policyreport.ingest.formats.encoding import decode
from policyreport.ingest.formats.words import label_pattern, page_labels, spaced_labels, squeeze, words
from policyreport.ingest.patterns import HAN
from policyreport.urls import http_url

MAX_ELEMENTS = 400_000
DROP = (
    "script style noscript template iframe frame frameset object embed applet svg math canvas audio video "
    "select option button input textarea nav header footer aside head"
).split()
BLOCK = set(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption figure h1 h2 h3 h4 h5 h6 hr "
    "li main ol p pre section summary table tbody td tfoot th thead tr ul center caption".split()
)
CELL = {"td", "th"}
LABEL_CELLS = {"td", "th", "dt", "label"}
MAX_VALUE = 300
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
_NUMBER_SUFFIX = re.compile(r"[(（][^()（）]*[)）]$")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2002\u2003\u2009\u200b]+")
_FIELD_START = re.compile(r"\s*[\u4e00-\u9fff]{2,8}\s*[:：]")
_CODE = re.compile(r"[{}=]|\bfunction\b|\w\(\)")


def _text(data: bytes) -> tuple[str, str]:
    """The page decoded by its declared charset (GBK and GB2312 read as GB18030), else as text is."""
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        enc = m.group(1).decode("ascii").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else enc
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _parse(text: str):
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise DecodeError(f"is not a readable HTML page ({exc})") from None
    if any("Excessive depth" in e.message for e in parser.error_log):
        raise DecodeError("is an HTML page nested deeper than 256 levels (the parser's limit): not read")
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        raise DecodeError(f"is an HTML page of more than {MAX_ELEMENTS:,} elements: not read")
    return root


def _meta(root) -> dict[str, str]:
    """The `<meta>` tags the word list names, by record key (first one wins)."""
    names = {k.lower(): v for k, v in words()["meta_names"].items()}
    out: dict[str, str] = {}
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        value = _SPACES.sub(" ", el.get("content") or "").strip()
        if name in names and value and names[name] not in out:
            out[names[name]] = value
    return out


def _strip_chrome(root) -> None:
    """Drop what a reader never sees as text: scripts, controls, navigation, hidden elements (a whole
    page hidden until its scripts run stays)."""
    for el in list(root.iter(*DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.tag == "body" or el.getparent() is None:
            continue
        if _HIDDEN.search(el.get("style") or "") or el.get("hidden") is not None:
            el.drop_tree()


def _cjk(text: str) -> int:
    return len(HAN.findall(text))


def _own_text(el) -> int:
    """Chinese characters of an element outside its links (what a reader reads, not what it clicks)."""
    total = _cjk(el.text_content())
    links = sum(_cjk(a.text_content()) for a in el.iter("a"))
    return total - links


def _main(root):
    """The element holding the main text: a known content container with text, else the deepest
    block that keeps most of the page's text outside links."""
    wanted = set(words()["content_ids"])
    known = [
        el
        for el in root.iter()
        if isinstance(el.tag, str) and (el.get("id") in wanted or wanted & set((el.get("class") or "").split()))
    ]
    known = [el for el in known if _own_text(el) >= 50]
    if known:
        return max(known, key=_own_text)
    body = root.find("body")
    best = body if body is not None else root
    score = _own_text(best)
    while True:
        kids = [k for k in best if isinstance(k.tag, str)]
        scored = [(k, _own_text(k)) for k in kids]
        top = max(scored, key=lambda p: p[1], default=(None, 0))
        if top[0] is None or top[1] < 0.7 * score:
            return best
        best, score = top


def blocks(el) -> list[str]:
    """Paragraphs of an element: block elements and `<br>` break, inline elements join; cells of a
    table row are separated by a space."""
    out: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        s = _SPACES.sub(" ", "".join(cur)).strip()
        if s:
            out.append(s)
        cur.clear()

    for event, node in etree.iterwalk(el, events=("start", "end")):
        if not isinstance(node.tag, str):
            if event == "end" and node.tail:
                cur.append(node.tail)
            continue
        tag = node.tag.lower()
        if event == "start":
            if tag in CELL:
                cur.append(" ")
            elif tag in BLOCK:
                flush()
            if node.text:
                cur.append(node.text)
        else:
            if tag in BLOCK and tag not in CELL:
                flush()
            if node is not el and node.tail:
                cur.append(node.tail)
    flush()
    return out


def _inside(el, container) -> bool:
    return any(a is container for a in el.iterancestors()) or el is container


@dataclass(frozen=True)
class _Piece:
    """A stretch of a page's text: an element's own text (`el` set), a tail (`el` None), or an icon's
    label (`icon`: an image whose title or alt is a metadata label, standing for it)."""

    text: str
    el: object = None
    icon: bool = False


def _segments(root, container) -> list[list[_Piece]]:
    """The page's text outside the main text, cut at block and cell boundaries."""
    icons = set(page_labels())
    segs: list[list[_Piece]] = []
    cur: list[_Piece] = []

    def cut() -> None:
        if cur:
            segs.append(cur[:])
            cur.clear()

    inside = False
    for event, node in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(node.tag, str):
            if event == "end" and node.tail and not inside:
                cur.append(_Piece(node.tail))
            continue
        if node is container:
            cut()
            inside = event == "start"
            if not inside and node.tail:
                cur.append(_Piece(node.tail))
            continue
        if inside:
            continue
        tag = node.tag.lower()
        if event == "start":
            if tag in BLOCK:
                cut()
            icon = squeeze(node.get("title") or node.get("alt") or "") if tag == "img" else ""
            if icon in icons:
                cur.append(_Piece(icon, node, icon=True))
            if node.text:
                cur.append(_Piece(node.text, node))
        else:
            if tag in BLOCK:
                cut()
            if node.tail:
                cur.append(_Piece(node.tail))
    cut()
    return segs


def _value_after(el, container) -> str:
    """The value of a label standing alone in its element: the text of the element next to it (a
    table's next cell, a `<dd>`), climbing first out of wrappers holding only the label."""
    own = squeeze(el.text_content())
    while (up := el.getparent()) is not None and up.tag not in ("body", "html") and squeeze(up.text_content()) == own:
        el = up
    nxt = el.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    if nxt is None or _inside(container, nxt):
        return ""
    value = _SPACES.sub(" ", nxt.text_content()).strip(" \u3000")
    return "" if len(value) > MAX_VALUE or label_pattern().match(squeeze(value)) else value


def _fields_of(seg: list[_Piece], container) -> list[tuple[str, str]]:
    """(label as printed, value) pairs of one segment: `label：value` (several on one line), a label
    cell whose value is the next cell, an icon standing for the label."""
    text, starts = "", []
    for p in seg:
        starts.append((len(text), p))
        text += p.text + "：" if p.icon else p.text

    def piece(at: int) -> _Piece:
        return next(p for s, p in reversed(starts) if s <= at)

    opens = [s for s, p in starts if p.el is not None]
    labels = [
        m for m in spaced_labels().finditer(text) if m.start() in opens or m.start() == 0 or not HAN.match(text[m.start() - 1])
    ]
    cuts = sorted({m.start() for m in labels} | {s for s in opens if _FIELD_START.match(text, s)} | {len(text)})
    out = []
    for m in labels:
        end = next(c for c in cuts if c >= m.end())
        value = _SPACES.sub(" ", text[m.end() : end]).strip(" |｜:：\u3000")
        owner = piece(m.start())
        if not value and not text[m.end() :].strip() and owner.el is not None and not owner.icon:
            value = _value_after(owner.el, container)
        out.append((squeeze(m.group("label")), value))
    first = next((p for p in seg if p.el is not None and p.text.strip()), None)
    if not labels and first is not None and squeeze(text) in page_labels() and _in_label_cell(first.el):
        out.append((squeeze(text), _value_after(first.el, container)))
    return out


def _in_label_cell(el) -> bool:
    """Whether an element is (inside) a table's label cell, a `<dt>` or a `<label>`."""
    return any(getattr(a, "tag", None) in LABEL_CELLS for a in [el, *list(el.iterancestors())[:3]])


def page_fields(root, container) -> dict[str, str]:
    """{label as printed: value} of the page's metadata blocks outside the main text, whatever their
    markup (a table, `<ul><li>`, `<div>` or `<dl>` pairs, one line of several fields): a label is
    followed by a colon of either width, or fills a table's label cell, or is an icon's title. Its
    value runs to the next label, to the next element starting with `词：`, or to the end of its
    block; a label alone in its element takes the next element's text. The first value wins."""
    found: dict[str, str] = {}
    for seg in _segments(root, container):
        if sum(len(p.text) for p in seg) > 2_000:
            continue
        for label, value in _fields_of(seg, container):
            if value and (_is_chrome(value.strip("[]【】 ")) or _CODE.search(value) or len(value) > MAX_VALUE):
                value = ""
            if value and not found.get(label):
                found[label] = value
            else:
                found.setdefault(label, "")
    return found


def record(page: dict[str, str], meta: dict[str, str], url: str | None) -> dict:
    """The publication record of a page: its labels as printed (`fields`), each by the key its group
    gives, the `<meta>` tags (`meta`), the page's address, and whether it is a repost. Only the
    metadata block's 发布机构 is a `publisher` (a repost's reposter); a `<meta>` source names the site."""
    keys = page_labels()
    rec: dict = {"format": "html", "fields": {k: v for k, v in page.items() if v}, "meta": meta}
    rec["labels"] = {}
    for label, value in page.items():
        key = keys[label]
        if value and key not in rec:
            rec[key] = value
            rec["labels"][key] = f"网页“{label}”"
    for key in ("title", "published"):
        if key not in rec and meta.get(key):
            rec[key] = meta[key]
    for key in ("written", "published", "effective", "expires"):
        if rec.get(key):
            rec[key] = fields.iso_date(rec[key]) or rec[key]
    if rec.get("published") and fields.iso_date(rec["published"]):
        rec["page_date"] = rec["published"]
        rec["page_date_label"] = next((lab for lab in page if keys[lab] == "published" and page[lab]), "PubDate")
    site = rec.get("publisher") or rec.get("source") or meta.get("publisher")
    if site in words()["this_site"]:
        site = meta.get("site_name") or site
    if site:
        rec["site"] = site
    address = http_url(url) or http_url(meta.get("url"))
    if address:
        rec["url"] = address
    title = rec.get("title") or ""
    if title.startswith(tuple(words()["repost_marks"])):
        rec["repost"] = True
    return rec


def _is_chrome(p: str) -> bool:
    s = squeeze(p)
    return len(s) <= 40 and s.startswith(tuple(words()["chrome_lines"]))


def _with_title(paras: list[str], title: str | None) -> list[str]:
    """The page's title heads the text when the main text does not print it in its first lines."""
    if not title:
        return paras
    bare = squeeze(_NUMBER_SUFFIX.sub("", fields.unmark(title)))
    head = squeeze("".join(paras[:6]))
    return paras if not bare or bare in head else [fields.unmark(title), *paras]


def read(data: bytes, options: Options, name: str = "") -> Result:
    text, enc = _text(data)
    saved = _SAVED_FROM.search(text[:4096])
    root = _parse(text)
    meta = _meta(root)
    h1 = next((_SPACES.sub(" ", h.text_content()).strip() for h in root.iter("h1")), None)
    _strip_chrome(root)
    container = _main(root)
    paras = [p for p in blocks(container) if not _is_chrome(p)]
    page = page_fields(root, container)
    rec = record(page, meta, saved.group(1) if saved else None)
    paras = _with_title(paras, rec.get("title") or h1)
    if not any(_cjk(p) for p in paras):
        raise DecodeError("is a web page without Chinese main text: not read")
    return Result([Extracted("\n\n".join(paras) + "\n", rec)], encoding=f"html ({enc})")

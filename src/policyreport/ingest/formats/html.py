"""Saved web pages: the main text apart from the site's chrome, the page's metadata apart from both.

Scripts, styles, comments, forms, navigation and hidden elements are dropped before anything is
read; nothing is fetched (no network, no external entity). The 信息公开 / 规范性文件 block and the
`<meta>` tags go into the publication record, never into the text. A paragraph's inline elements are
joined without breaks, so a 文号 spread over several `<span>`s reads as one.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from policyreport.ingest.formats import fields
from policyreport.ingest.formats.base import DecodeError, Extracted, Options, Result
from policyreport.ingest.formats.encoding import decode
from policyreport.ingest.formats.words import label_pattern, page_labels, squeeze, words
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
LABEL_CELLS = {"td", "th", "dt"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
_NUMBER_SUFFIX = re.compile(r"[(（][^()（）]*[)）]$")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2002\u2003\u2009\u200b]+")


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


def page_fields(root, container) -> dict[str, str]:
    """{label as printed: value} of the page's metadata blocks outside the main text. A label's value
    is the rest of its element's text, its tail, or the next element (a table's next cell)."""
    rx = label_pattern()
    found: dict[str, str] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or _inside(el, container) or el.tag in ("html", "body"):
            continue
        own = squeeze(el.text or "")
        m = rx.match(own)
        if not m or len(own) > 200 or (m.end() == len(own) and not own.endswith(("：", ":")) and el.tag not in LABEL_CELLS):
            continue
        label = m.group("label")
        value = own[m.end() :] or squeeze(el.tail or "")
        if not value:
            nxt = el.getnext()
            value = _SPACES.sub(" ", nxt.text_content()).strip() if nxt is not None else ""
            if rx.match(squeeze(value)):
                value = ""
        if value and not _is_chrome(value.strip("[]【】 ")) and not any(c in value for c in "{}();=") and label not in found:
            found[label] = value.strip(" |｜:：")
        elif label not in found:
            found[label] = ""
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
    site = rec.get("publisher") or meta.get("publisher")
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

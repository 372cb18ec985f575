"""Metadata of one document: title, issuer, 文号, date, recipient, genre, handling result, ….

Every field comes from a line of the document itself; a field the text does not state is
None. Web-page lines (发布日期, 浏览量, …) are never taken as the letter's own date or number.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from policyreport.extract.gazetteer import NATIONAL, Gazetteer
from policyreport.ingest import patterns as P
from policyreport.ingest.text import Paragraph, normalize

CN_NUM = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
PREAMBLE_LINES = 15


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    year: int | None = None
    recipient: str | None = None
    genre: str | None = None
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
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _compact(s: str) -> str:
    """Remove spaces next to Chinese characters, keeping the original punctuation."""
    return re.sub(r"(?<=[\u4e00-\u9fff])[ \u3000]+|[ \u3000]+(?=[\u4e00-\u9fff])", "", s).strip()


def _cn_date(y: str, m: str, d: str) -> tuple[int, int, int]:
    def small(s: str) -> int:
        if s == "十":
            return 10
        if s.startswith("十"):
            return 10 + CN_NUM[s[1]]
        if s.endswith("十"):
            return CN_NUM[s[0]] * 10
        if "十" in s:
            return CN_NUM[s[0]] * 10 + CN_NUM[s[2]]
        return CN_NUM[s]

    return int("".join(str(CN_NUM[c]) for c in y)), small(m), small(d)


def parse_date(s: str) -> str | None:
    """ISO date of a `2020年5月19日` or `二〇二〇年五月十九日` string, None when invalid."""
    m = P.DATE.search(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = P.DATE_CN.search(s)
        if not m:
            return None
        y, mo, d = _cn_date(*m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _find_title(paras: list[Paragraph], limit: int) -> tuple[int, str] | None:
    """The first line of the preamble that reads as a document title (joining a broken title)."""
    for i, p in enumerate(paras[:limit]):
        s = _compact(p.text)
        if P.FIELD_LINE.match(p.norm) or not P.TITLE_START.search(s):
            continue
        joined = s
        for nxt in paras[i + 1 : i + 3]:
            if P.TITLE.search(normalize(joined)) or len(joined) > 80:
                break
            joined += _compact(nxt.text)
        if P.TITLE.search(normalize(joined)):
            return p.n, joined
    for p in paras[:limit]:
        if not P.FIELD_LINE.match(p.norm) and P.TITLE_PLAIN.match(p.norm):
            return p.n, _compact(p.text)
    return None


def _find_recipient(paras: list[Paragraph], after: int, limit: int) -> tuple[int, str] | None:
    for p in paras[:limit]:
        if p.n <= after:
            continue
        if p.norm.endswith(":") and len(p.norm) <= 80 and not P.FIELD_LINE.match(p.norm):
            text = re.sub(r"[:：]\s*$", "", p.text.strip())
            return p.n, P.SALUTATION.sub("", _compact(text))
    return None


def _org_line(p: Paragraph) -> bool:
    s = p.norm
    return (
        4 <= len(s) <= 30
        and bool(P.ISSUER_SUFFIX.search(s))
        and not re.search(r"[,.:;!?。，；]", s)
        and not P.FIELD_LINE.match(s)
    )


def _signature(paras: list[Paragraph], after: int) -> tuple[int | None, str | None, str | None, int | None]:
    """(first paragraph of the closing block, signing body, ISO date, date paragraph).

    The signing date is a line that is only a date, after the addressee: the last one, unless an
    earlier one directly follows the signing body (a notice whose plan is printed after it).
    """
    by_n = {p.n: i for i, p in enumerate(paras)}
    dates = [p for p in paras if p.n > after and P.DATE_LINE.match(p.norm)]
    signed = [d for d in dates if by_n[d.n] > 0 and _org_line(paras[by_n[d.n] - 1])]
    date_p = signed[0] if signed else (dates[-1] if dates else None)
    if date_p is None:
        tail = paras[-3:]
        signer = next((p for p in reversed(tail) if _org_line(p)), None)
        return (signer.n, signer.norm, None, None) if signer else (None, None, None, None)
    i = by_n[date_p.n]
    signer = next((paras[j] for j in range(i - 1, max(i - 4, -1), -1) if _org_line(paras[j])), None)
    start = signer.n if signer else date_p.n
    return start, signer.norm if signer else None, parse_date(date_p.norm), date_p.n


WEB_DATE = re.compile(r"^(?:发文日期|成文日期|发布日期)\s*:\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")
WEB_ISSUER = re.compile(r"^(?:发布机构|发文机关|发文单位)\s*:\s*(\S+)")
WEB_NUMBER = re.compile(r"^文号\s*:\s*(\S+)")


def _web_block_discrepancies(preamble: list[Paragraph], md: Metadata) -> list[str]:
    """Where a web page's metadata block contradicts the letter, the letter wins; say so."""
    notes = []
    for p in preamble:
        d = WEB_DATE.match(p.norm)
        if d and md.date:
            web = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
            if web != md.date:
                notes.append(f"网页发文日期 {web} 与落款日期 {md.date} 不一致，采用落款日期")
        i = WEB_ISSUER.match(p.norm)
        if i and md.issuer and i.group(1) != md.issuer:
            notes.append(f"网页发布机构“{i.group(1)}”与发文机关“{md.issuer}”不一致")
        n = WEB_NUMBER.match(p.norm)
        if n and md.doc_number and normalize(n.group(1)) != normalize(md.doc_number):
            notes.append(f"网页文号“{n.group(1)}”与正文文号“{md.doc_number}”不一致")
    return notes


def _genre(title: str | None, paras: list[Paragraph]) -> str:
    probe = title or " ".join(p.norm for p in paras[:5])
    for name, rx in P.GENRE_RULES:
        if rx.search(probe):
            return name
    return "其他"


def extract(paras: list[Paragraph], gazetteer: Gazetteer) -> Metadata:
    """All metadata fields of one document, None where the text does not state them."""
    md = Metadata()
    limit = min(PREAMBLE_LINES, len(paras))
    found = _find_title(paras, limit)
    if found:
        md.title_paragraph, md.title = found
    rec = _find_recipient(paras, md.title_paragraph or 0, limit)
    preamble_end = rec[0] if rec else (md.title_paragraph or 0)
    if rec:
        md.recipient = rec[1]
    preamble = [p for p in paras if p.n < preamble_end] if preamble_end else paras[:3]

    for p in preamble:
        m = P.DOC_NUMBER_LINE.match(p.norm)
        if m and md.doc_number is None:
            md.doc_number = P.DOC_NUMBER.search(_compact(p.text)).group(0)
        for rx in P.HANDLING_CLASS:
            c = rx.search(p.norm)
            if c and md.handling_class is None:
                md.handling_class = c.group(1)
    for p in paras[:limit] + paras[-8:]:
        r = P.HANDLING_RESULT.search(p.norm)
        if r and md.handling_result is None:
            md.handling_result = r.group(1)

    letterhead = next((p.norm for p in preamble if _org_line(p) and p.n != md.title_paragraph), None)
    title_issuer = None
    if md.title and "关于" in md.title:
        head = normalize(md.title.split("关于", 1)[0])
        if head and P.ISSUER_SUFFIX.search(head) and (gazetteer.places_in(head) or NATIONAL.match(head)):
            title_issuer = head
    sig_start, md.signature, md.date, _ = _signature(paras, preamble_end)
    md.issuer = letterhead or title_issuer or md.signature
    if md.signature and md.issuer and md.signature != md.issuer and not md.issuer.endswith(md.signature):
        md.notes.append(f"署名“{md.signature}”与发文机关“{md.issuer}”写法不同")

    if md.date:
        md.year = int(md.date[:4])
    elif md.doc_number:
        md.year = int(P.DOC_NUMBER.search(normalize(md.doc_number)).group(1))

    probe = [normalize(md.title or "")] + [p.norm for p in paras[preamble_end : preamble_end + 1]]
    for s in probe:
        m = P.ANSWERS_NUMBER.search(s)
        if m:
            md.answers_number = m.group(0)
            break
    md.genre = _genre(normalize(md.title) if md.title else None, paras)

    place = gazetteer.locate(md.issuer or "")
    if place:
        md.region, md.level = place

    for p in paras:
        c = P.CONTACT.search(p.norm)
        if c and md.contact_person is None:
            md.contact_person = re.split(r"[,，]\s*联系电话", c.group(1))[0].strip(" ()")
        ph = P.PHONE.search(p.norm)
        if ph and md.contact_phone is None:
            md.contact_phone = ph.group(1).strip(" ()")
    if md.contact_person:
        md.contact = md.contact_person + (f"，联系电话：{md.contact_phone}" if md.contact_phone else "")

    body_start = (rec[0] + 1) if rec else ((md.title_paragraph or 0) + 1)
    md.body = (body_start, paras[-1].n if paras else 0)
    md.notes += _web_block_discrepancies(preamble, md)
    return md

"""Fields of replies to deputies' suggestions and proposals: handling result and class, the number
of the suggestion answered, the contact person (附注) — each from its own place."""

from __future__ import annotations

import re

from policyreport.extract.metadata.dates import parse_date
from policyreport.extract.metadata.model import Format, Line, Metadata, fold
from policyreport.ingest import patterns as P
from policyreport.ingest.text import Paragraph

# The answer class as replies print it in the 版头: alone on its line or right after the 文号
# (A, B类, (A), [A], (A类)); the letter only, in group 1 or 2.
CLASS_MARK = re.compile(r"^\(?\[?([A-D])\]?\)?类?\)?$|^\(([A-D])类\)$")


def add_details(md: Metadata, head: list[Line], lines: list[Line], paras: list[Paragraph], fields: dict, fmt: Format) -> None:
    for ln in head:
        for rx in P.HANDLING_CLASS:
            c = rx.search(ln.key)
            if c and md.handling_class is None:
                md.put("handling_class", c.group(1), ln, "答复类别标注")
    if md.handling_class is None and md.genre in fmt.reply_genres:
        _class_mark(md, head)
    for ln in head + lines[-8:]:
        r = P.HANDLING_RESULT.search(ln.key)
        if r and md.handling_result is None:
            md.put("handling_result", r.group(1), ln, "办理结果")
    if md.handling_result is None and fmt.handling_formulas:
        _item_results(md, [ln for ln in lines if ln.n >= md.body[0]], fmt)
    if md.genre in fmt.reply_genres:  # only a reply answers a numbered suggestion or proposal
        _answered(md, lines)
    _contacts(md, paras)


def _class_mark(md: Metadata, head: list[Line]) -> None:
    """A reply's class letter in its 版头: after the 文号 on its line (`琼土环资函〔2006〕187号 B`,
    `…〔2019〕来信号B类`), or alone on a line beside the 文号 or title; only in a reply, where a
    lone letter there means the class, not page furniture such as font-size buttons."""
    number = fold(md.doc_number) if md.doc_number else None
    anchors = [md.evidence[f]["paragraph"] for f in ("doc_number", "title") if f in md.evidence]
    for ln in head:
        key = ln.key.strip()
        if number and number in key:
            key = key.split(number, 1)[1].strip()
        elif not any(abs(ln.n - a) <= 2 for a in anchors):  # a lone letter only beside 文号 or title
            continue
        m = CLASS_MARK.match(key)
        if m:
            md.put("handling_class", m.group(1) or m.group(2), ln, "答复类别标注")
            return


def _answered(md: Metadata, lines: list[Line]) -> None:
    """The number of the suggestion or proposal answered: in the title, else in the first paragraph."""
    probes = [(md.title or "", md.evidence.get("title", {}).get("paragraph"), "标题")]
    probes += [(ln.key, ln.n, "正文首段") for ln in lines if ln.n >= md.body[0]][:1]
    for text, n, element in probes:
        m = P.ANSWERS_NUMBER.search(text)
        if m:
            md.answers_number = m.group(0)
            md.evidence["answers_number"] = {"paragraph": n, "element": element}
            return


def _contacts(md: Metadata, paras: list[Paragraph]) -> None:
    """The contact person and phone of the 附注."""
    for p in paras:
        c = P.CONTACT.search(p.norm)
        if c and md.contact_person is None:
            md.evidence["contact"] = {"paragraph": p.n, "element": "附注（联系人）"}
            md.contact_person = re.split(r"[,，]\s*联系电话", c.group(1))[0].strip(" ()")
        ph = P.PHONE.search(p.norm)
        if ph and md.contact_phone is None:
            md.contact_phone = ph.group(1).strip(" ()")
    if md.contact_person:
        md.contact = md.contact_person + (f"，联系电话：{md.contact_phone}" if md.contact_phone else "")


def web_discrepancies(md: Metadata, fields: dict, fmt: Format) -> list[str]:
    """Where a web page's metadata block contradicts the letter, the letter wins; say so."""
    notes = []
    for label, (value, _line) in fields.items():
        role = fmt.labels[label]
        if role == "page_date" and label in ("发文日期", "成文日期", "发文时间") and md.date:
            web = parse_date(value.replace(" ", ""))
            if web and web != md.date:
                notes.append(f"网页{label} {web} 与落款日期 {md.date} 不一致，采用落款日期")
        elif role == "issuer" and md.issuer and value != md.issuer and fmt.org_rx().search(value):
            notes.append(f"网页{label}“{value}”与发文机关“{md.issuer}”不一致")
        elif role == "number" and md.doc_number and fold(value) != fold(md.doc_number) and value:
            notes.append(f"网页{label}“{value}”与正文文号“{md.doc_number}”不一致")
    return notes


def _item_results(md: Metadata, body: list[Line], fmt: Format) -> None:
    """A reply without a 办理结果： line that states a result after each item (a paragraph, or the
    end of the item's heading, that is only the formula, e.g. 采纳吸收建议。): the letter's result
    when every item states the same one; different ones → null with the reason."""
    words = "|".join(map(re.escape, fmt.handling_formulas))
    formula = re.compile(rf"(?:^|[\s”\"」])({words})(?:该|此|本)?(?:建议|提案|意见)?[。.]?$")
    found = [(m.group(1), ln) for ln in body for m in [formula.search(ln.key)] if m]
    if not found:
        return
    results = sorted({r for r, _ in found})
    if len(results) == 1:
        md.put("handling_result", results[0], found[0][1], "各条办理意见")
    else:
        md.abstain("handling_result", f"各条办理意见不同：{'、'.join(results)}")

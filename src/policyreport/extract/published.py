"""The publication record a file's carrier gives (web page metadata block, `<meta>` tags, a crawled
table's columns), joined to the one read from the text's own wrappers.

The document's fields still come from its text; the carrier's values only go into `publication`,
and where they disagree with the text a note says so. A page published by another body than the
issuer is a repost: its publisher is kept as the reposter, apart from the issuer.
"""

from __future__ import annotations

import re

from policyreport.extract.metadata.model import Metadata, fold

_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _in_order(short: str, long: str) -> bool:
    """`市人社局` for `广州市人力资源和社会保障局`: a short name (up to 5 characters) whose
    characters come in order and which ends as the long one does."""
    it = iter(long)
    return len(short) <= 5 and short[-1] == long[-1] and all(c in it for c in short)


def same_body(a: str, b: str) -> bool:
    """Whether two names can be the same body (one inside the other, or an abbreviation), for any
    of the bodies a joint name lists."""
    left = [x for x in _SEPARATORS.split(a) if x]
    right = [x for x in _SEPARATORS.split(b) if x]
    for x in left:
        for y in right:
            short, long = sorted((x, y), key=len)
            if short in long or (len(short) >= 3 and _in_order(short, long)):
                return True
    return False


def discrepancies(md: Metadata, record: dict) -> list[str]:
    """Notes where the carrier's values differ from what the document prints."""
    notes = []
    labels = record.get("labels", {})
    number = record.get("doc_number")
    if number and md.doc_number and fold(re.sub(r"\s", "", number)) != fold(re.sub(r"\s", "", md.doc_number)):
        notes.append(f"{labels.get('doc_number', '网页文号')}“{number}”与正文文号“{md.doc_number}”不一致")
    written = record.get("written")
    if written and md.date and written != md.date:
        notes.append(f"{labels.get('written', '网页成文日期')} {written} 与落款日期 {md.date} 不一致，采用落款日期")
    issuer = record.get("issuer")
    if issuer and md.issuer and not same_body(issuer, md.issuer):
        notes.append(f"{labels.get('issuer', '网页发文机关')}“{issuer}”与发文机关“{md.issuer}”不一致")
    return notes


def merge(md: Metadata, record: dict) -> None:
    """`md.publication` with the carrier's record joined in (the text's wrapper paragraphs kept),
    the reposter named, and the notes on what disagrees."""
    if not record:
        return
    text_pub = md.publication
    pub = {k: v for k, v in record.items() if k != "labels"}
    pub["fields"] = {**text_pub.get("fields", {}), **record.get("fields", {})}
    for key, value in text_pub.items():
        pub.setdefault(key, value)
    publisher = record.get("publisher")
    foreign = bool(publisher and md.issuer and not same_body(publisher, md.issuer))
    pub["reprint"] = bool(record.get("repost") or text_pub.get("reprint") or foreign)
    if pub["reprint"] and publisher:
        pub["reposter"] = publisher
        if md.issuer and foreign:
            md.notes.append(f"发布机构“{publisher}”是转载单位，发文机关为“{md.issuer}”")
    md.publication = pub
    md.notes += discrepancies(md, record)
    _unlabelled_form(md, record.get("form_pages"))
    _image_reasons(md, record.get("image_pages"))


def _unlabelled_form(md: Metadata, pages: list[int] | None) -> None:
    """On a form whose labels are only in its background picture, a value line is no title: the
    title and what was read from it are null with that reason (the value is kept in a note)."""
    if not pages or md.title is None:
        return
    where = "、".join(str(p) for p in pages[:5])
    reason = f"表单的栏目名只印在第{where}页的底图（模板图片）上，文字层只有填写的值，不能确定哪一项是标题"
    md.notes.append(f"文字层中的“{md.title}”是表单填写的值，未作为标题")
    line = (md.evidence.get("title") or {}).get("paragraph")
    for name in ("title", "doc_number", "issuer", "genre", "carried_title", "carried_genre"):
        seen = md.evidence.get(name) or {}
        if (
            name in ("title", "genre", "carried_title", "carried_genre")
            or "标题" in seen.get("element", "")
            or seen.get("paragraph") == line
            or (name == "doc_number" and line is not None and seen.get("paragraph") == line + 1)  # printed under it
        ):
            setattr(md, name, None)
            md.evidence.pop(name, None)
            md.null_reasons[name] = reason
    md.title_paragraph = None


def _image_reasons(md: Metadata, pages: list[int] | None) -> None:
    """A field the text does not state may be printed only in a page's background image: say so."""
    if not pages:
        return
    where = "、".join(str(p) for p in pages[:5])
    for name in ("title", "issuer", "doc_number", "date"):
        if getattr(md, name) is None:
            before = md.null_reasons.get(name)
            reason = f"第{where}页的底图是图片：只印在图片上的内容（如表单的栏目名）不在文字层中"
            md.null_reasons[name] = f"{before}；{reason}" if before else reason

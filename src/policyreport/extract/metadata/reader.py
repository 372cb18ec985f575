"""Reading one document into its `Metadata`: the order of the elements, then the choices between them."""

from __future__ import annotations

import re

from policyreport.extract.gazetteer import Gazetteer
from policyreport.extract.metadata import heading as H
from policyreport.extract.metadata import wrapper
from policyreport.extract.metadata.closing import closing
from policyreport.extract.metadata.details import add_details, web_discrepancies
from policyreport.extract.metadata.model import Format, Line, Metadata, fold, load_format, to_lines
from policyreport.ingest.text import Paragraph

HEAD_LINES = 60


def _abbreviates(short: str, long: str) -> bool:
    """`市卫生健康委` for `深圳市卫生健康委员会`: the characters in order, at least half of the name."""
    it = iter(long)
    return all(c in it for c in short) and 2 * len(short) >= len(long)


def title_issuer(key: str, fmt: Format, gazetteer: Gazetteer) -> str | None:
    """The issuing body a title starts with (发文机关 + 关于/印发/对 …, 发文机关 + 事由 + 公告, or a
    report's 机关 + 年份 + 事由 + 文种; a place alone before the year is no body)."""
    m = re.match(r"^(.{2,40}?)(?:关于|印发|转发|批转|对)", key)
    if m and H.is_org(m.group(1), fmt):
        return m.group(1)
    year = H.YEAR.search(key)
    if not m and year and H.is_report_title(key, fmt):  # 淮安市人民政府2024年政府信息公开工作年度报告
        return key[: year.start()] if H.is_org(key[: year.start()], fmt) else None
    if m or key.startswith("对") or not re.search(r"(?:公告|通告)$", key):
        return None
    prefixes = [key[:e] for e in range(3, min(len(key) - 2, 31)) if H.is_org(key[:e], fmt)]
    if prefixes and re.search(r"(?:人民政府|政府|办公室|办公厅|委员会|局|厅)$", prefixes[-1]):
        return prefixes[-1]
    return None


def _genre(key: str | None, fmt: Format) -> str:
    if not key:
        return "其他"
    for name, rx in fmt.genres:
        if rx.search(key):
            return name
    return "其他"


def _carrier(md: Metadata, key: str, fmt: Format) -> None:
    verbs = "|".join(fmt.carrier_verbs)
    m = re.search(rf"(?:{verbs})(?P<t>.+?)的(?:通知|决定|通告|公告)$", key)
    if m:
        carried = m.group("t").strip("《》〈〉")
        md.carried_title = carried
        md.carried_genre = _genre(carried, fmt)


def extract(paras: list[Paragraph], gazetteer: Gazetteer, fmt: Format | None = None) -> Metadata:
    """All metadata fields of one document, None (with a reason) where the text does not state them."""
    fmt = fmt or load_format()
    md = Metadata()
    lines = to_lines(paras)
    if not lines:
        md.null_reasons["title"] = "文件没有文字"
        return md
    head_kinds, fields = wrapper.classify(lines[:HEAD_LINES], fmt)
    run = H.find_title(lines, head_kinds, fmt, HEAD_LINES)
    idx = {ln.n: i for i, ln in enumerate(lines)}
    if run:
        md.put("title", H.title_text(run), run, "标题")
        md.title_paragraph = run[0].n
        title_key = H.bare("".join(x.key for x in run))
    else:
        title_key = None
        for label, (value, line) in fields.items():
            if fmt.labels[label] == "title" and H.is_title(value, fmt):
                md.put("title", line.text[line.key.index(value) :][: len(value)], line, f"网页元数据“{label}”")
                title_key = value
                break
        md.abstain("title", "文中没有标题行")

    head_end = idx[run[-1].n] + 1 if run else 0
    first_body_guess = next((i for i in range(head_end, len(lines)) if lines[i].n not in head_kinds), head_end)
    # 发文字号: a line of its own in the 版头 or under the title, or in brackets at the end of the title line.
    reach = max(head_end, first_body_guess) + 4 if run else HEAD_LINES
    number_lines = [ln for ln in lines[:reach] if ln.n not in head_kinds]
    for ln in number_lines:
        if not run and (H.SENTENCE_PUNCT.search(ln.key) or ln.key.endswith(":")):
            break
        no = H.doc_number_in(ln)
        if no:
            md.put("doc_number", no, ln, "发文字号")
            break
    if run and md.doc_number is None:
        no = H.doc_number_in(Line(run[-1].n, "".join(x.text for x in run), "".join(x.key for x in run)))
        if no:
            md.put("doc_number", no, run, "标题行内的发文字号")
    order = H.find_order(lines, HEAD_LINES, fmt)
    if order and md.doc_number is None:
        md.put("doc_number", order[0], order[3], "令号")

    # 主送机关: right after the title block (or, without a title, after the 版头).
    anchor = head_end
    if not run:
        last_no = [idx[ln.n] for ln in number_lines if H.doc_number_in(ln)]
        anchor = last_no[0] + 1 if last_no else first_body_guess
    rec = H.find_recipient(lines, anchor, head_kinds, fmt)
    if rec:
        md.put("recipient", rec.text.rstrip(" :：\u3000"), rec, "主送机关")
    else:
        md.abstain("recipient", "标题后没有主送机关行（通告、公告、规章等普发文件不写主送机关）")
    body_start = idx[rec.n] + 1 if rec else anchor
    while body_start < len(lines) and (
        lines[body_start].n in head_kinds or H.doc_number_in(lines[body_start]) or H.SIGNED.match(lines[body_start].key)
    ):
        body_start += 1

    start_n = lines[body_start].n if body_start < len(lines) else lines[-1].n + 1
    fields = {label: (v, ln) for label, (v, ln) in fields.items() if ln.n < start_n}  # the page's, not the body's
    for label, (value, line) in fields.items():
        if md.doc_number is None and fmt.labels[label] == "number" and H.DOC_NO_LINE.match(value):
            md.put("doc_number", line.text[line.key.index(value) :][: len(value)], line, f"网页元数据“{label}”")
    carrier = bool(title_key) and any(v in title_key for v in fmt.carrier_verbs)
    carried_at = _carried_start(lines, body_start, fmt) if carrier else None
    close = closing(lines[:carried_at] if carried_at else lines, body_start, fmt, first=carrier)
    if order and run and idx[order[3][-1].n] < idx[run[0].n]:
        # a 令 printed before the rules it promulgates: its own signer and date (GB/T 9704 §10.2)
        own = closing(lines[: idx[run[0].n]], idx[order[3][-1].n] + 1, fmt)
        if own.get("signer") and own.get("date"):
            close = own
    _date(md, close, order)
    if carried_at:
        _forwarded(md, lines, carried_at, title_key, fmt)
    _issuer(md, lines, run, close, order, fields, fmt, gazetteer, title_key, head_kinds)

    if md.date:
        md.year = int(md.date[:4])
        md.evidence["year"] = {**md.evidence["date"], "element": "成文日期的年份"}
    elif md.doc_number and (y := re.search(r"(?:19|20)\d{2}", md.doc_number)):
        md.year = int(y.group(0))
        md.evidence["year"] = {**md.evidence["doc_number"], "element": "发文字号中的年份"}
    md.genre = _genre(title_key, fmt)
    if run and md.genre != "其他":
        md.evidence["genre"] = {"paragraph": run[0].n, "element": "标题中的文种"}
    elif md.genre == "其他":
        md.null_reasons["genre"] = "标题没有可识别的文种" if title_key else "文中没有标题行"
    if title_key:
        _carrier(md, title_key, fmt)
    place = gazetteer.locate(fold(md.issuer or ""))  # 國務院辦公廳 is national too
    if place:
        md.region, md.level = place
        where = md.evidence.get("issuer", {}).get("paragraph")
        md.evidence["region"] = md.evidence["level"] = {"paragraph": where, "element": "由发文机关名称中的地名推得"}

    close_at = idx[close["date_line"].n] if close else len(lines) - 1
    tail_from = close_at + 1
    tail_kinds, tail_fields = wrapper.classify(lines[tail_from:], fmt)
    last = len(lines) - 1
    while last > body_start and lines[last].n in tail_kinds:
        last -= 1
    first = lines[body_start].n if body_start < len(lines) else lines[-1].n
    md.body = (first, lines[last].n)
    trailing = {ln.n for ln in lines[last + 1 :]}  # only the run of wrapper lines that ends the text
    kinds = {**{n: k for n, k in head_kinds.items() if n < first}, **{n: k for n, k in tail_kinds.items() if n in trailing}}
    tail_fields = {label: (v, ln) for label, (v, ln) in tail_fields.items() if ln.n in trailing}
    md.publication = wrapper.publication(lines, kinds, {**fields, **tail_fields}, fmt, md.issuer)
    if md.publication.get("page_date") and md.date is None:
        md.notes.append(f"文中没有成文日期，只有网页日期 {md.publication['page_date']}（不作为成文日期）")
    add_details(md, lines[:body_start], lines, paras, fields, fmt)
    md.notes += web_discrepancies(md, fields, fmt)
    for name in ("doc_number", "issuer", "date"):
        md.abstain(
            name,
            {
                "doc_number": "版头与标题下没有发文字号",
                "issuer": "没有署名、发文机关标志或标题中的发文机关",
                "date": "没有成文日期",
            }[name],
        )
    md.drop_overlong()
    return md


def _carried_start(lines: list[Line], body_start: int, fmt: Format) -> int | None:
    """Index of the carried document's title in a 印发/转发/批转 notice: the notice's own signature
    and date stand before it; the carried text's are its own (GB/T 9704-2012 §7.3.5, 附件)."""
    for i in range(body_start + 1, min(len(lines), body_start + 40)):
        k = lines[i].key
        if k.startswith("附件"):  # the 附件说明 (§7.3.4) names the carried text; it is not its title
            continue
        if H.is_title(k, fmt) and not H.is_org(k, fmt) and len(k) <= 80:
            return i
    return None


def _forwarded(md: Metadata, lines: list[Line], at: int, title_key: str, fmt: Format) -> None:
    """The forwarded (转发/批转) document's own record: title, issuer and date, kept apart."""
    if not any(v in title_key for v in fmt.forwarding_verbs):
        return
    rec: dict = {"title": lines[at].text, "paragraph": lines[at].n}
    under = lines[at + 1] if at + 1 < len(lines) else None
    own = closing(lines, at + 1, fmt)
    if own.get("signature"):
        rec["issuer"] = "、".join(t for _, t in own["signature"])
    elif under is not None and H.is_org(under.key, fmt):
        rec["issuer"] = under.text
    if own.get("date"):
        rec["date"] = own["date"]
        rec["date_paragraph"] = own["date_line"].n
    md.forwarded = rec
    md.notes.append(
        f"所转发文件《{rec['title']}》的发文机关和日期另记（{rec.get('issuer') or '未署名'}，{rec.get('date') or '无日期'}），"
        "不作为本件的发文机关和成文日期"
    )


def _date(md: Metadata, close: dict, order) -> None:
    if close.get("date"):
        glyphless = close["date_line"].key.isdigit()
        md.put("date", close["date"], close["date_line"], "成文日期" + ("（缺“年月日”字样，唯一可行读法）" if glyphless else ""))
        if glyphless:
            md.notes.append(f"成文日期印作“{close['date_line'].text}”，按唯一可行读法记为 {close['date']}")
    elif order and order[2]:
        md.put("date", order[2], order[3], "公布日期（令）")
    elif close.get("date_reason"):
        md.null_reasons["date"] = close["date_reason"]


def _issuer(md, lines, run, close, order, fields, fmt, gazetteer, title_key, kinds) -> None:
    sig = close.get("signature") or []
    if sig:
        md.signature = "、".join(t for _, t in sig)
    start = lines.index(run[0]) if run else 0
    head = _letterhead(lines, start, fmt, kinds)
    tprefix = title_issuer(title_key, fmt, gazetteer) if title_key else None
    if md.signature:
        fuller = head if head and head != md.signature and _abbreviates(md.signature, head) else None
        if fuller:
            md.put("issuer", fuller, [x for x, _ in sig], "发文机关署名（全称见发文机关标志）")
            md.notes.append(f"署名“{md.signature}”与发文机关“{fuller}”写法不同")
        else:
            md.put("issuer", md.signature, [x for x, _ in sig], "发文机关署名")
    elif order:
        md.put("issuer", order[1], order[3], "令的发布机关")
    elif tprefix:
        raw = run[0].raw.strip(" \u3000")
        both = H.joint(raw[: raw.find(tprefix[-2:]) + 2], fmt) if tprefix[-2:] in raw else None
        md.put("issuer", both or tprefix, run, "标题中的发文机关")  # 国务院　中央军委关于…: both
    elif head:
        md.put("issuer", H.joint(lines[start - 1].raw, fmt) or head, lines[start - 1], "发文机关标志")
    elif cover := _cover_issuer(lines, run, fmt):
        md.put("issuer", cover[1], cover[2], f"封面“{cover[0]}”")
    else:
        for label, (value, line) in fields.items():
            if fmt.labels[label] == "issuer" and H.is_org(value, fmt):
                md.put("issuer", value, line, f"网页元数据“{label}”")
                break


def _cover_issuer(lines: list[Line], run: list[Line] | None, fmt: Format) -> tuple[str, str, Line] | None:
    """(label, body, line) of a cover line under the title naming whose budget or accounts these are
    (预算主管部门：…, 预算单位：…)."""
    if not run or not fmt.cover_issuer_labels:
        return None
    at = lines.index(run[-1]) + 1
    labels = "|".join(map(re.escape, fmt.cover_issuer_labels))
    for ln in lines[at : at + 3]:
        m = re.match(rf"^({labels})\s*:\s*(.+)$", ln.key)
        if m and H.is_org(m.group(2), fmt):
            return m.group(1), ln.text[m.start(2) :].strip(), ln  # as printed (the key is folded)
    return None


def _letterhead(lines: list[Line], before: int, fmt: Format, kinds: dict[int, str]) -> str | None:
    for j in range(before - 1, max(before - 5, -1), -1):
        k = lines[j].key
        if lines[j].n in kinds:
            return None
        if H.doc_number_in(lines[j]) or H.SIGNED.match(k) or re.match(r"^\(?\[?[A-D]\]?\)?类?\)?$", k):
            continue
        if k.endswith("文件") and H.is_org(k[:-2], fmt):
            return lines[j].text[:-2]
        if H.is_org(k, fmt):
            return lines[j].text
        return None
    return None

"""Pages written from the stored results without a notebook: a document's full text, the document index."""

from __future__ import annotations

from pathlib import Path

from policyreport.report import i18n, originals, render
from policyreport.report.i18n import tr


def shown_paragraphs(paras, max_characters: int) -> int:
    """How many paragraphs a source page shows: all, or as many whole paragraphs as fit in
    `max_characters` (at least one), so that a huge document keeps a page that builds."""
    total = 0
    for i, text in enumerate(paras["text"], start=1):
        total += len(text)
        if total > max_characters and i > 1:
            return i - 1
    return len(paras)


def source_page(meta: dict, paras, listed: bool = True, shown: int | None = None, original: dict | None = None) -> str:
    """The full text of one document, each paragraph numbered and labelled for links (the
    first `shown` paragraphs of a long one, with the rule stated), with its original offered for
    download (`original`: the stub `originals.write` made); an orphan page (outside the sidebar
    and the PDF) when the documents are too many to list."""
    analysis_link = tr("；分析见{link}", link=render.doc_ref(meta["doc_id"], tr("本文件的分析页面")))
    lines = ([] if listed else ["---", "orphan: true", "---", ""]) + [
        f"({render.source_label(meta['doc_id'])})=",
        f"# {render.escape(meta.get('title') or meta['file'])}",
        "",
        tr(
            "源文件 `{file}`，SHA-256 `{sha}`{link}。",
            file=render.role_text(meta["file"]),
            sha=meta["sha256"],
            link=analysis_link,
        ),
        "",
    ]
    if original:
        here = Path("chapters") / "sources"  # the page's folder, as the download's path is written from it
        lines += [
            tr("下载：{link}。", link=originals.link(original, Path("chapters"), meta["doc_id"], here))
            + originals.note(original),
            "",
        ]
    shown = len(paras) if shown is None else shown
    for row in paras.head(shown).itertuples():
        lines += [f"({render.para_label(meta['doc_id'], row.paragraph)})=", f"〔{row.paragraph}〕{render.escape(row.text)}", ""]
    if shown < len(paras):
        lines += [
            tr(
                "本文件共 {n} 段、{chars} 字，超过参数 `max_source_characters`，本页只收前 {shown} 段；"
                "全文（逐段）见分析页面的“分段原文”CSV 下载，后续段落在各表中以段号标明、不带链接。",
                n=len(paras),
                chars=int(paras["text"].str.len().sum()),
                shown=shown,
            ),
            "",
        ]
    return "\n".join(lines)


GROUPINGS = (("year", "按年份", "年份不详"), ("issuer", "按发文机关", "发文机关不详"), ("genre", "按文种", "文种不详"))


def _index_rows(documents: list[dict]) -> list[str]:
    rows = [
        "| " + " | ".join(tr(h) for h in ("标题", "发文机关", "文号", "日期", "文种", "原文")) + " |",
        "|---|---|---|---|---|---|",
    ]
    for m in documents:
        title = render.doc_ref(m["doc_id"], m.get("title") or m["file"])
        cells = [title] + [render.escape(m.get(k) or "—") for k in ("issuer", "doc_number")]
        cells += [render.escape(i18n.date(m.get("date")) or "—"), render.escape(i18n.name(m.get("genre")) or "—")]
        rows.append("| " + " | ".join(cells + [render.ref(render.source_label(m["doc_id"]), tr("原文"))]) + " |")
    return rows


def document_index_page(documents: list[dict], limit: int) -> str:
    """For corpora too large to list every document in the sidebar: every document by year, and
    on the site also by issuer and by genre, each title linking to its analysis page."""
    lines = [
        "(document-index)=",
        tr("# 文件索引"),
        "",
        tr(
            "语料有 {n} 份文件，超过参数 `max_document_chapters`（{limit}），因此逐份文件的分析页面和原文页面"
            "不列入侧栏目录和 PDF，而从本索引进入（网站的全文检索也覆盖这些页面）。所有语料层面的分析覆盖全部文件。",
            n=len(documents),
            limit=limit,
        ),
        "",
    ]
    for i, (key, heading, missing) in enumerate(GROUPINGS):
        groups: dict[str, list[dict]] = {}
        missing = tr(missing)
        for m in documents:
            groups.setdefault(str(i18n.name(m.get(key)) or missing), []).append(m)
        order = sorted(groups, key=lambda g: (g == missing, g))
        body = [f"## {tr(heading)}", ""]
        for g in order:
            body += [tr("### {group}（{n} 份）", group=render.escape(g), n=len(groups[g])), "", *_index_rows(groups[g]), ""]
        if i == 0:
            lines += body
        else:  # the PDF keeps one index: by year
            lines += ["::::{only} html", *body, "::::", ""]
    return "\n".join(lines) + "\n"

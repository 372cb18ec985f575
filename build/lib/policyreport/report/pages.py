"""Pages written from the stored results without a notebook: a document's full text, the document index."""

from __future__ import annotations

from policyreport.report import render


def source_page(meta: dict, paras, chapter: bool = True) -> str:
    """The full text of one document, each paragraph numbered and labelled for links."""
    analysis_link = f"；分析见{render.doc_ref(meta['doc_id'], '本文件的分析章节')}" if chapter else ""
    lines = [
        f"({render.source_label(meta['doc_id'])})=",
        f"# {render.escape(meta.get('title') or meta['file'])}",
        "",
        f"源文件 `{render.role_text(meta['file'])}`，SHA-256 `{meta['sha256']}`{analysis_link}。",
        "",
    ]
    for row in paras.itertuples():
        lines += [f"({render.para_label(meta['doc_id'], row.paragraph)})=", f"〔{row.paragraph}〕{render.escape(row.text)}", ""]
    return "\n".join(lines)


def document_index_page(documents: list[dict], limit: int) -> str:
    """For large corpora: one table row per document instead of one chapter each."""
    lines = [
        "(document-index)=",
        "# 文件索引",
        "",
        f"语料有 {len(documents)} 份文件，超过参数 `max_document_chapters`（{limit}），因此不逐份成章；"
        "下表列出每份文件的元数据，标题链接到附录中的原文。所有语料层面的分析仍覆盖全部文件。",
        "",
        "| 标题 | 发文机关 | 文号 | 日期 | 文种 | 字数 |",
        "|---|---|---|---|---|---|",
    ]
    for m in documents:
        title = render.ref(render.source_label(m["doc_id"]), m.get("title") or m["file"])
        cells = (
            [title] + [render.escape(m.get(k) or "—") for k in ("issuer", "doc_number", "date", "genre")] + [str(m["characters"])]
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"

"""One document's chapter (`chapters/documents/<doc_id>`)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from policyreport.report import charts, originals, render
from policyreport.report.i18n import capital, date, english, tr
from policyreport.report.i18n import name as word
from policyreport.report.render import escape, para_ref
from policyreport.report.store import DocumentData
from policyreport.report.views.common import FIELDS, NOT_STATED, design_basis, download
from policyreport.report.views.pmc import evidence_table, surface
from policyreport.urls import http_url


def _cut(text, n: int = 40) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


_PUBLICATION_SOURCES = (
    "转载页面，非发文机关原件",
    "网页标注",
    "数据库导出页眉",
    "网页、表格或数据库导出页眉",
    "OFD 签章（不计入正文）",
    "OFD 批注层（不计入正文）",
    "网页或表格标注",
    "不计入任何分析",
)  # the sources of the publication rows (through tr where they are shown)


class DocumentView:
    """One document's results, as a notebook in `chapters/documents/` sees them: read from the
    document's own data folder only (see `store.DocumentData`), which keys the cached page."""

    def __init__(self, data_dir: str, doc_id: str):
        self.data = DocumentData(data_dir, doc_id)
        self.doc_id = doc_id
        self.meta = self.data.info["meta"]
        limit = self.data.info.get("paragraph_limit")
        render.PARAGRAPH_LIMITS = {doc_id: limit} if limit is not None else {}
        self.here = Path.cwd()

    def table(self, name: str) -> pd.DataFrame:
        return self.data.table(name)

    def evidence(self, key: str) -> str:
        """Where a field was read: the element of the document and links to its paragraph(s)."""
        ev = (self.meta.get("evidence") or {}).get(key)
        if not ev:
            return "—"
        paras = ev.get("paragraphs") or [ev["paragraph"]]
        return tr(
            "{element}（{paras}）",
            element=escape(field_element(ev["element"])),
            paras=tr("、").join(para_ref(self.doc_id, n) for n in paras),
        )

    def card(self) -> str:
        """Each field with its value and where it came from; a null field says why it is null."""
        reasons = self.meta.get("null_reasons") or {}
        rows = []
        for key, name in FIELDS:
            v = self.meta.get(key)
            shown = word(name)
            if v not in (None, ""):
                v = date(v) if key == "date" else word(v) if key in ("genre", "level", "carried_genre") else v
                rows.append((shown, escape(v), self.evidence(key)))
            elif reasons.get(key):
                rows.append((shown, tr("（未取值：{reason}）", reason=escape(stored_note(reasons[key]))), "—"))
            else:
                rows.append((shown, tr(NOT_STATED), "—"))
        rows.append((tr("本报告中的简称"), escape(self.data.info["label"]), tr("图表与链接中使用")))
        rows.append((tr("篇幅"), tr("{chars} 字，{paras} 段", chars=self.meta["characters"], paras=self.meta["paragraphs"]), "—"))
        rows.append(("SHA-256", f"`{self.meta['sha256']}`", "—"))
        rows.append((tr("原文"), render.ref(render.source_label(self.doc_id), capital(tr("全文（附录）"))), "—"))
        df = pd.DataFrame([(capital(a), b, capital(c)) for a, b, c in rows], columns=["项目", "内容", "依据"])
        table = render.table(df, raw=("内容", "依据"))
        # the original below the table, which then keeps only links to the document's own text
        # (execute.html_tables writes such a table as HTML once)
        stub = originals.read_stub(self.data.folder)  # in the page's own folder: it keys the page
        if not stub:
            return table
        return (
            f"{table}\n\n"
            + tr("下载：{link}。", link=originals.link(stub, self.data.data_dir.parent, self.doc_id, self.here))
            + originals.note(stub)
        )

    def publication(self) -> str:
        """The page, database, table or file carrier the text was taken from (site, reposter, page
        date, export, URL, seals and annotations), with links to the wrapper paragraphs, which no
        analysis reads. Empty when there is none."""
        pub = self.meta.get("publication") or {}
        rows = []
        site = pub.get("site")
        if pub.get("reprint"):
            rows.append(("转载来源", escape(pub.get("reposter") or site or tr("网页未标明来源")), "转载页面，非发文机关原件"))
        elif site:
            rows.append(("发布网站", escape(site), "网页标注"))
        if pub.get("page_date"):
            label = escape(word(pub.get("page_date_label", "")))
            rows.append(("发布日期", escape(date(pub["page_date"])), tr("网页或表格标注“{label}”", label=label)))
        if pub.get("export"):
            rows.append(("导出来源", escape(pub["export"]), "数据库导出页眉"))
        if pub.get("url"):
            url = http_url(pub["url"])
            rows.append(("网址", f"<{url}>" if url else escape(pub["url"]), "网页、表格或数据库导出页眉"))
        for seal in pub.get("signatures") or []:
            who = "，".join(escape(str(v)) for v in (seal.get("provider"), seal.get("date")) if v)
            rows.append(("电子印章或签名", who or "有", "OFD 签章（不计入正文）"))
        for note in pub.get("annotations") or []:
            rows.append(("批注", escape(_cut(note)), "OFD 批注层（不计入正文）"))
        used = {pub.get("page_date_label")}
        others = [
            tr("{label}：{value}", label=escape(word(k)), value=escape(_cut(v)))
            for k, v in (pub.get("fields") or {}).items()
            if k not in used and v != site
        ]
        if others:
            rows.append(("其他网页标注", tr("；").join(others), "网页或表格标注"))
        paras = pub.get("wrapper_paragraphs") or []
        if paras:
            rows.append(("网页或数据库外壳", "、".join(para_ref(self.doc_id, n) for n in paras), "不计入任何分析"))
        if not rows:
            return ""
        rows = [(capital(tr(a)), b, capital(tr(c) if c in _PUBLICATION_SOURCES else c)) for a, b, c in rows]
        intro = tr("**发布信息**：本文取自网页、数据库、表格或版式文件；下列信息来自其载体，不属于公文本身。") + "\n\n"
        df = pd.DataFrame(rows, columns=["项目", "内容", "依据"])
        return intro + render.table(df, raw=("内容", "依据"))

    def notes(self) -> str:
        notes = self.meta.get("notes") or []
        return "\n".join(f"- {escape(stored_note(n))}" for n in notes)

    def outline(self) -> str:
        df = self.table("outline")
        if df.empty:
            return tr("本文件正文没有编号结构。")
        df = df.assign(
            link=[para_ref(self.doc_id, n) for n in df["paragraph"]],
            indent=["　" * (int(d) - 1) + escape(m) for d, m in zip(df["depth"], df["marker"])],
        )
        columns = {"indent": "编号", "title": "标题", "level": "编号格式", "link": "位置"}
        full = render.table(df, columns, raw=("indent", "link"))
        top = df[df["depth"] == df["depth"].min()]
        if len(top) == len(df):
            return full
        # the PDF lists the first level; every level is on the site, in the CSV and in the appendix text
        return (
            f"::::{{only}} html\n{full}\n::::\n\n::::{{only}} latex\n{render.table(top, columns, raw=('indent', 'link'))}\n\n"
            + tr("上表只列第一级标题（共 {n} 个编号标题，全部见本报告网站本章或“结构”CSV 下载）。", n=len(df))
            + "\n::::"
        )

    def key_terms(self) -> pd.DataFrame:
        return self.data.corpus_rows("key_terms")

    def key_terms_figure(self):
        return charts.bar_terms(self.key_terms())

    def key_terms_download(self) -> str:
        """The figure shows the key terms; their counts and weights are in the CSV, not printed twice."""
        return download(self.data.csv_path("key_terms", own=False), tr("关键词（CSV，含各文件的频次与 TF-IDF）"), self.here)

    def kwic(self) -> str:
        df, note = self.table("kwic"), ""
        if df.empty:
            df = self.data.corpus_rows("kwic_derived").drop(columns=["doc_id"])
            if df.empty:
                return tr("所选关键词未在本文件中出现。")
            note = (
                tr("参数 `kwic_keywords` 中的关键词都没有出现在本语料中，以下改用语料的关键词（多数文件的 TF-IDF 关键词）。")
                + "\n\n"
            )
        df = df.assign(
            left=[escape(x) for x in df["left"]],
            right=[escape(x) for x in df["right"]],
            match=[f"**{escape(x)}**" for x in df["match"]],
            link=[para_ref(self.doc_id, n) for n in df["paragraph"]],
        )
        return note + render.web_only(
            render.table(
                df,
                {"keyword": "关键词", "left": "左侧语境", "match": "关键词", "right": "右侧语境", "link": "位置"},
                raw=("left", "match", "right", "link"),
            ),
            tr("关键词语境的逐条列表见本报告网站本章，或“关键词语境”CSV 下载。"),
        )

    def quantities(self) -> str:
        """One row per sentence with its figures as written, each with its type (and 约 when the
        text marks it approximate); values, units and markers one per row are in the CSV."""
        df = self.table("quantities")
        if df.empty:
            return tr("本文件未提及带单位的数字。")
        df = df.assign(
            shown=[
                tr("{value}（{kind}，约数）", value=t, kind=word(k))
                if str(a) == "True"
                else tr("{value}（{kind}）", value=t, kind=word(k))
                for t, k, a in zip(df["text"], df["kind"], df["approx"])
            ]
        )
        rows = df.groupby(["paragraph", "sentence"], sort=False)["shown"].agg(tr("；").join).reset_index()
        rows = rows.assign(link=[para_ref(self.doc_id, n) for n in rows["paragraph"]])
        return render.table(rows, {"shown": "数字（类型）", "sentence": "所在句子", "link": "位置"}, raw=("link",))

    def citations(self) -> str:
        df = self.table("cited")
        if df.empty:
            return tr("本文件未引用其他文件。")
        df = df.assign(
            link=[para_ref(self.doc_id, n) for n in df["paragraph"]],
            shown=[
                escape(f"《{c}》" + (f"（{n}）" if isinstance(n, str) and n else "") if k == "文件名称" else c)
                for k, c, n in zip(df["kind"], df["citation"], df["doc_number"])
            ],
            kind=[word(k) for k in df["kind"]],
        )
        return render.table(
            df,
            {"kind": "类型", "shown": "被引文件", "mentions": "次数", "sentence": "首次出现的句子", "link": "位置"},
            raw=("shown", "link"),
        )

    def entities(self, top: int = 25) -> str:
        df = self.table("entity_summary")
        if df.empty:
            return tr("未识别出机构、人物或地名。")
        names = {"ORG": tr("机构"), "PERSON": tr("人物"), "PLACE": tr("地名")}
        total = len(df)
        # every kind gets its most mentioned names in, then the rest by mentions (a list cut at the
        # first 25 organisations would never show a person or a place)
        each = df.groupby("type", sort=False).head(max(1, top // 5))
        rest = df.drop(each.index).sort_values("mentions", ascending=False, kind="stable")
        df = df.loc[sorted(list(each.index) + list(rest.index[: max(0, top - len(each))]))]
        df = df.assign(kind=[names.get(t, t) for t in df["type"]], link=[para_ref(self.doc_id, n) for n in df["paragraph"]])
        table = render.table(
            df, {"kind": "类型", "text": "名称", "role": "身份", "mentions": "次数", "link": "首次出现"}, raw=("link",)
        )
        compact = tr("；").join(
            tr(
                "{kind}：{items}",
                kind=k,
                items=tr("、").join(tr("{name}（{n}）", name=escape(t), n=m) for t, m in zip(g["text"], g["mentions"])),
            )
            for k, g in df.groupby("kind", sort=False)
        )
        return (
            tr(
                "共识别 {total} 个不同的名称，下面列出其中 {n} 个（每类提及最多的若干个，其余按提及次数，括号内为提及次数；全部见 CSV 下载）。",
                total=total,
                n=len(df),
            )
            + f"\n\n::::{{only}} html\n{table}\n::::\n\n::::{{only}} latex\n{compact}"
            + tr("。")
            + "\n::::"
        )

    def downloads(self) -> str:
        names = {
            "quantities": "数字与指标",
            "citations": "引用",
            "entities": "机构、人物与地名",
            "outline": "结构",
            "kwic": "关键词语境",
            "commitments": "已完成与承诺",
            "instruments": "政策工具编码",
            "departments": "牵头部门",
            "paragraphs": "分段原文",
        }
        return tr("、").join(
            download(self.data.csv_path(n), tr("{label}（CSV）", label=tr(label)), self.here) for n, label in names.items()
        )

    def commitments(self) -> str:
        df = self.table("commitments")
        if df.empty:
            return tr("本文件没有识别出已完成事项或承诺。")
        df = df.assign(
            status=[word(x) for x in df["status"]],
            year=[str(int(y)) if pd.notna(y) else "" for y in df["target_year"]],
            deadline=[x if isinstance(x, str) else "" for x in df.get("deadline", pd.Series("", index=df.index))],
            link=[para_ref(self.doc_id, n) for n in df["paragraph"]],
        )
        names = {
            "status": "类别",
            "deadline": "期限（原文）",
            "year": "目标年份",
            "quantities": "数量",
            "clause": "内容",
            "link": "位置",
        }
        return render.table(df, names, raw=("link",))

    def design(self) -> tuple[str, str]:
        """(group, group name) of this document by its genre ('' when the build recorded none)."""
        row = self.data.corpus_rows("designs")
        return (str(row["design"].iloc[0]), str(row["design_name"].iloc[0])) if len(row) else ("", "")

    def instruments(self) -> str:
        df = self.table("instruments")
        if df.empty:
            return tr("本文件没有编码到政策工具。")
        group, name = self.design()
        note = (
            tr(
                "本文件属于{group}，不设定面向一般对象的措施；下列编码只说明分句中出现了哪些工具词，不计入全语料的工具占比、工具 × 目标与 PMC。",
                group=escape(word(name)),
            )
            + "\n\n"
            if group and group != "normative"
            else ""
        )
        t = (
            df.groupby(["type", "instrument"])
            .size()
            .rename("count")
            .reset_index()
            .sort_values(["type", "count", "instrument"], ascending=[True, False, True])
        )
        shown = t.assign(type=[word(x) for x in t["type"]], instrument=[word(x) for x in t["instrument"]])
        table = render.table(shown, {"type": "类型", "instrument": "政策工具", "count": "分句数"})
        compact = tr("；").join(
            tr(
                "{kind}：{items}",
                kind=escape(word(k)),
                items=tr("、").join(f"{escape(word(i))} {c}" for i, c in zip(g["instrument"], g["count"])),
            )
            for k, g in t.groupby("type", sort=True)
        )
        compact_line = tr("各类工具编码的分句数——{compact}。", compact=compact)
        return note + f"::::{{only}} html\n{table}\n::::\n\n::::{{only}} latex\n{compact_line}\n::::"

    def pmc_row(self) -> pd.Series | None:
        rows = self.data.corpus_rows("pmc")
        return None if rows.empty else rows.iloc[0]

    def has_pmc(self) -> bool:
        return self.pmc_row() is not None

    def pmc_index(self) -> str:
        r = self.pmc_row()
        return (
            "—"
            if r is None
            else tr("{pmc:.2f}（{grade}，第 {rank} 名）", pmc=r["pmc"], grade=word(r["grade"]), rank=int(r["rank"]))
        )

    def pmc_sentence(self) -> str:
        """The document's PMC index, or why it has none (its genre group)."""
        if self.has_pmc():
            return tr(
                "本文件的 PMC 指数为 {index}（满分 10；方法见{{ref}}`policy`）。下表逐项列出二级变量的得分与证据；"
                "审读者可在参数 `pmc_overrides` 指定的文件中改写任何得分。",
                index=self.pmc_index(),
            )
        row = self.data.corpus_rows("designs")
        why = (
            tr(
                "按文种分组属于“{group}”（{basis}）",
                group=escape(word(row["design_name"].iloc[0])),
                basis=escape(design_basis(row["basis"].iloc[0])),
            )
            if len(row)
            else tr("不是规范性文件")
        )
        return tr("本文件{why}，不设定面向一般对象的措施，因此不计算 PMC 指数（方法见{{ref}}`policy`）。", why=why)

    def pmc_figure(self):
        r = self.pmc_row()
        return charts.pmc_surfaces(
            {f"PMC {r['pmc']:.2f}" if r is not None else "": surface(r) if r is not None else surface(pd.Series())}, 1
        )

    def pmc_evidence(self) -> str:
        return render.web_only(
            evidence_table(self.data.corpus_rows("pmc_scores"), self.doc_id),
            tr("各二级变量的得分与证据见本报告网站本章，或“PMC 评分”CSV 下载。"),
        )


def stored_note(text) -> str:
    """A note or a reason for a null field written by the extraction (extract.metadata, Chinese,
    kept as stored) in the report's language, translated when it is shown: the known sentences with
    their values as written (names, numbers, quotes), a fixed reason through the catalogue, else as
    stored. Reasons joined by “；” are translated one by one."""
    if not english() or not isinstance(text, str):
        return text
    if "；" in text:
        return tr("；").join(stored_note(part) for part in text.split("；"))
    if m := re.fullmatch(r"文中没有成文日期，只有网页日期 (.+)（不作为成文日期）", text, re.S):
        return tr("文中没有成文日期，只有网页日期 {date}（不作为成文日期）", date=date(m[1]))
    if m := re.fullmatch(r"署名“(.+)”与发文机关“(.+)”写法不同", text, re.S):
        return tr("署名“{signature}”与发文机关“{issuer}”写法不同", signature=m[1], issuer=m[2])
    if m := re.fullmatch(r"成文日期印作“(.+)”，按唯一可行读法记为 (.+)", text, re.S):
        return tr("成文日期印作“{printed}”，按唯一可行读法记为 {date}", printed=m[1], date=date(m[2]))
    if m := re.fullmatch(r"(.+?) (\S+) 与落款日期 (\S+) 不一致，采用落款日期", text, re.S):
        return tr("{label} {value} 与落款日期 {date} 不一致，采用落款日期", label=word(m[1]), value=date(m[2]), date=date(m[3]))
    if m := re.fullmatch(r"(.+?)“(.+)”与发文机关“(.+)”不一致", text, re.S):
        return tr("{label}“{value}”与发文机关“{issuer}”不一致", label=word(m[1]), value=m[2], issuer=m[3])
    if m := re.fullmatch(r"(.+?)“(.+)”与正文文号“(.+)”不一致", text, re.S):
        return tr("{label}“{value}”与正文文号“{number}”不一致", label=word(m[1]), value=m[2], number=m[3])
    if m := re.fullmatch(r"发布机构“(.+)”是转载单位，发文机关为“(.+)”", text, re.S):
        return tr("发布机构“{publisher}”是转载单位，发文机关为“{issuer}”", publisher=m[1], issuer=m[2])
    if m := re.fullmatch(r"文字层中的“(.+)”是表单填写的值，未作为标题", text, re.S):
        return tr("文字层中的“{value}”是表单填写的值，未作为标题", value=m[1])
    if m := re.fullmatch(r"第(\d+)段读到长 (\d+) 字的(.+?)，超过合理长度，未采用", text, re.S):
        return tr("第{para}段读到长 {n} 字的{field}，超过合理长度，未采用", para=int(m[1]), n=int(m[2]), field=word(m[3]).lower())
    if m := re.fullmatch(r"文中读到长 (\d+) 字的(.+?)，超过合理长度，未采用", text, re.S):
        return tr("文中读到长 {n} 字的{field}，超过合理长度，未采用", n=int(m[1]), field=word(m[2]).lower())
    if m := re.fullmatch(r"读到的值长 (\d+) 字，超过(.+?)的合理长度（(\d+) 字），不取值", text, re.S):
        return tr(
            "读到的值长 {n} 字，超过{field}的合理长度（{limit} 字），不取值",
            n=int(m[1]),
            field=word(m[2]).lower(),
            limit=int(m[3]),
        )
    if m := re.fullmatch(r"所转发文件《(.+)》的发文机关和日期另记（(.*)，(.*)），不作为本件的发文机关和成文日期", text, re.S):
        return tr(
            "所转发文件《{title}》的发文机关和日期另记（{issuer}，{date}），不作为本件的发文机关和成文日期",
            title=m[1],
            issuer=word(m[2]),
            date=date(word(m[3])),
        )
    if m := re.fullmatch(r"第(.+)页的底图是图片：只印在图片上的内容（如表单的栏目名）不在文字层中", text, re.S):
        return tr("第{pages}页的底图是图片：只印在图片上的内容（如表单的栏目名）不在文字层中", pages=m[1].replace("、", tr("、")))
    if m := re.fullmatch(r"表单的栏目名只印在第(.+)页的底图（模板图片）上，文字层只有填写的值，不能确定哪一项是标题", text, re.S):
        return tr(
            "表单的栏目名只印在第{pages}页的底图（模板图片）上，文字层只有填写的值，不能确定哪一项是标题",
            pages=m[1].replace("、", tr("、")),
        )
    if m := re.fullmatch(r"各条办理意见不同：(.+)", text, re.S):
        return tr("各条办理意见不同：{results}", results=m[1])
    return word(text)


def field_element(text) -> str:
    """Where a field was read (extract.metadata's evidence element, Chinese) in the report's
    language: through the catalogue, a web page's metadata label kept as written."""
    if not english() or not isinstance(text, str):
        return text
    if m := re.fullmatch(r"网页元数据“(.+)”", text, re.S):
        return tr("网页元数据“{label}”", label=word(m[1]))
    return word(text)

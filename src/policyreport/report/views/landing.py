"""The landing page: the abstract with its key findings, and how to cite the report."""

from __future__ import annotations

import re

import pandas as pd

from policyreport.compare.reuse import SHINGLE, THRESHOLD
from policyreport.report import i18n
from policyreport.report.i18n import name, tr
from policyreport.report.render import escape, para_ref
from policyreport.report.summary import corpus_phrase
from policyreport.report.views.common import CorpusView
from policyreport.report.views.common import words as _words

_BASES = {  # the base of a finding: n documents of a scope
    "规范性文件": lambda n: tr("基于 {n} 份规范性文件", n=n),
    "文件": lambda n: tr("基于 {n} 份文件", n=n),
    "答复": lambda n: tr("基于 {n} 份答复", n=n),
}
_REPLY_PART = re.compile(r"(.+?) (\d+) 点(?:；|$)")
_LAG = re.compile(r"(约 )?(\d+) ([天年])")


def _cell(text) -> str:
    """`instrument × goal` with each side in the report's language."""
    text = str(text)
    if not i18n.english():
        return escape(text)
    return " × ".join(escape(name(w)) for w in text.split(" × "))


def _handled(text) -> str:
    """The reply points by verdict (`采纳 3 点；解释说明 1 点`: a verdict may itself hold 、) in the report's language."""
    text = str(text)
    if not i18n.english():
        return escape(text)
    parts = _REPLY_PART.findall(text)
    if not parts or "；".join(f"{v} {n} 点" for v, n in parts) != text:
        return escape(text)
    return tr("；").join(tr("{verdict} {n} 点", verdict=escape(name(v)), n=int(n)) for v, n in parts)


def _lag(text) -> str:
    """The interval between two documents (`12 天`, `约 2 年`) in the report's language."""
    text = str(text)
    m = _LAG.fullmatch(text)
    if not i18n.english() or not m:
        return escape(text)
    n = int(m.group(2))
    if m.group(3) == "天":
        return tr("{n} 天", n=n)
    return tr("约 {n} 年", n=n) if m.group(1) else tr("{n} 年", n=n)


class LandingView(CorpusView):
    """What the landing page shows."""

    def _where(self, f: dict) -> str:
        """The evidence of a finding: its document and paragraph."""
        return tr("{doc}（{para}）", doc=self.link(f["doc_a"], 20), para=para_ref(f["doc_a"], int(f["paragraph"])))

    def _base(self, f: dict, scope: str, before: str = "") -> str:
        """In parentheses after `before`: the base of a finding (n documents of `scope`) and the document
        contributing more than half of it."""
        n = f.get("base")
        parts = [before] if before else []
        if pd.notna(n):
            parts.append(_BASES[scope](int(n)))
        if pd.notna(f.get("dominant")) and f.get("dominant"):
            parts.append(
                tr(
                    "其中{doc}一份占 {share:.0%}，结论主要反映这一份文件",
                    doc=self.link(f["dominant"], 20),
                    share=float(f["dominant_share"]),
                )
            )
        return tr("（{parts}）", parts=tr("；").join(parts)) if parts else ""

    def finding_lines(self) -> list[str]:
        """One sentence per finding that is distinct, with its base; a tie is stated as a tie, never as "the most"."""
        out = []
        f = self.finding("strongest_instrument_type")
        if f:
            types = _words(f["text"])
            lead = tr("{types}工具占比最高", types=types) if f["ties"] == 1 else tr("{types}工具并列占比最高", types=types)
            out.append(
                tr(
                    "按文件平均占比（每份文件权重相同），{lead}，平均占各文件工具编码的 {value:.1%}{base}，见{{ref}}`policy`。",
                    lead=lead,
                    value=f["value"],
                    base=self._base(f, "规范性文件"),
                )
            )
        f = self.finding("instrument_gaps")
        if f and pd.notna(f.get("base")) and int(f["base"]) >= 2:
            fields = {"base": int(f["base"]), "names": _words(f["text"])}
            if int(f["value"]) == 0:
                out.append(
                    tr(
                        "在设定措施的 {base} 份规范性文件中，编码表中的{names}没有任何一份使用（答复类等文件不设定措施，不计入）。",
                        **fields,
                    )
                )
            else:
                out.append(
                    tr(
                        "在设定措施的 {base} 份规范性文件中，编码表中的{names}只有 {n} 份使用（答复类等文件不设定措施，不计入）。",
                        n=int(f["value"]),
                        **fields,
                    )
                )
        f = self.finding("top_instrument_goal")
        if f:
            lead = tr("最集中的组合是") if f["ties"] == 1 else tr("{n} 个组合并列最集中，其一是", n=int(f["ties"]))
            out.append(
                tr(
                    "政策工具 × 政策目标：{lead}“{cell}”{base}，例见{where}。",
                    lead=lead,
                    cell=_cell(f["text"]),
                    base=self._base(f, "规范性文件", tr("文件平均占比 {value:.1%}", value=f["value"])),
                    where=self._where(f),
                )
            )
        f = self.finding("target_years")
        if f:
            last = str(f["text"]).split("—")[-1]
            far = tr("最远的目标年份为 {year} 年", year=escape(last)) + (
                tr("（{n} 条，其一）", n=int(f["ties"])) if f["ties"] > 1 else ""
            )
            out.append(
                tr(
                    "{n} 条承诺写明了目标年份{base}；{far}，见{where}。",
                    n=int(f["value"]),
                    base=self._base(f, "文件", tr("{years} 年", years=escape(str(f["text"])))),
                    far=far,
                    where=self._where(f),
                )
            )
        f = self.finding("pmc_top")
        if f:
            lead = (
                tr("最高的是{doc}", doc=self.link(f["doc_a"], 20))
                if f["ties"] == 1
                else tr("最高值由 {n} 份文件并列", n=int(f["ties"]))
            )
            out.append(
                tr(
                    "PMC 指数在 {range} 之间{base}，{lead}（{value:.2f}），见{{ref}}`policy`。",
                    range=escape(f["text"]),
                    base=self._base(f, "规范性文件", tr("满分 10")),
                    lead=lead,
                    value=f["value"],
                )
            )
        f = self.finding("reply_handling")
        if f:
            out.append(
                tr(
                    "建议、提案答复共 {n} 点{base}：{handled}（按标记词判定，逐条见{{ref}}`policy`）。",
                    n=int(f["value"]),
                    base=self._base(f, "答复"),
                    handled=_handled(f["text"]),
                )
            )
        f = self.finding("most_reuse")
        if f and f["ties"] == 1 and pd.notna(f.get("base")) and int(f["base"]) > 0:
            if f["sentence"] == "未知":
                order = tr("（先后未知）")
            else:
                order = tr("，间隔 {lag}", lag=_lag(f["text"])) if f["text"] else ""
            n, m = int(f["value"]), int(f["base"])
            out.append(
                tr(
                    "文本复用：{b}正文 {m} 句中有 {n} 句（{share:.0%}）的 {shingle} 字片段至少 {threshold}% 见于{a}的一句{order}，"
                    "见{{ref}}`comparison`。",
                    b=self.link(f["doc_b"], 20),
                    m=m,
                    n=n,
                    share=n / m,
                    a=self.link(f["doc_a"], 20),
                    shingle=SHINGLE,
                    threshold=round(THRESHOLD * 100),
                    order=order,
                )
            )
        f = self.finding("most_similar_pair")
        if f and f["ties"] == 1:
            out.append(
                tr(
                    "用词最接近的两份文件是{a}与{b}（TF-IDF 余弦相似度 {value:.3f}），见{{ref}}`comparison`。",
                    a=self.link(f["doc_a"], 20),
                    b=self.link(f["doc_b"], 20),
                    value=f["value"],
                )
            )
        f = self.finding("top_topic")
        if f and f["ties"] == 1:
            out.append(
                tr(
                    "按主题词典，平均覆盖最高的主题是“{topic}”{base}，见{{ref}}`comparison`。",
                    topic=escape(name(f["text"])),
                    base=self._base(f, "文件", tr("每万字 {value:.1f} 次，各文件按字数归一后平均", value=f["value"])),
                )
            )
        f = self.finding("largest_amount")
        if f and f["ties"] == 1:
            out.append(tr("文中提及的最大金额为“{amount}”，见{where}。", amount=escape(f["text"]), where=self._where(f)))
        f = self.finding("most_cited")
        if f and f["ties"] == 1 and f["value"] > 1:
            out.append(tr("被最多文件引用的文件是 {doc}（{n} 份文件引用）。", doc=escape(f["text"]), n=int(f["value"])))
        return out

    def abstract(self) -> str:
        """The corpus in one sentence, then the key findings, each linked to its evidence."""
        out = [
            tr(
                "本报告对 {corpus}进行计算文本分析。报告中的所有数字均由程序从原文计算得出，引文均链接到原文段落。",
                corpus=escape(corpus_phrase(self.docs)),
            ),
        ]
        out += ["", self.scope_sentence()]
        lines = self.finding_lines()
        if lines:
            out += ["", tr("**主要发现**"), ""] + [f"- {x}" for x in lines]
        unfit = self.unfit_sentence()
        if unfit:
            out += ["", unfit]
        return "\n".join(out)

    def scope_sentence(self) -> str:
        """The designs of the corpus (which analyses cover which documents) and the largest document's share of the text."""
        d = self.optional_table("designs")
        out = ""
        if not d.empty:
            n = d["design_name"].value_counts()
            groups = tr("、").join(tr("{genre} {n} 份", genre=escape(name(g)), n=c) for g, c in n.items())
            if "normative" not in set(d["design"]):
                out = tr(
                    "按文种分组：{groups}。政策工具、工具 × 目标、PMC 指数与工具缺口只在设定措施的规范性文件中计算（本语料没有规范性文件，这些分析从略）。",
                    groups=groups,
                )
            else:
                out = tr(
                    "按文种分组：{groups}。政策工具、工具 × 目标、PMC 指数与工具缺口只在设定措施的规范性文件中计算。",
                    groups=groups,
                )
        chars = pd.Series({x["doc_id"]: int(x.get("characters") or 0) for x in self.docs})
        if len(chars) > 1 and chars.sum():
            top = chars.idxmax()
            share = chars[top] / chars.sum()
            if share > 0.5:
                out += tr(
                    "{doc}一份占全部文字的 {share:.0%}，凡按字数或分句汇总的数字都主要反映这一份文件，下文的比较因此按文件平均或按字数归一。",
                    doc=self.link(top, 20),
                    share=share,
                )
        return out

    def unfit_sentence(self) -> str:
        """The codebooks that do not fit the corpus, so that no finding was stated from them."""
        f = self.optional_table("codebook_fit")
        if f.empty or f["fits"].all():
            return ""
        bad = f[~f["fits"].astype(bool)]
        parts = [
            tr(
                "{name}只覆盖 {documents} 份{scope}中的 {reached} 份（{share:.0%}）、{unit}的 {unit_share:.0%}",
                name=escape(name(r.name)),
                documents=int(r.documents),
                scope=escape(name(r.scope)),
                reached=int(r.documents_reached),
                share=r.document_share,
                unit=escape(name(r.unit)),
                unit_share=r.unit_share,
            )
            for r in bad.itertuples()
        ]
        return tr("；").join(parts) + tr("，低于适用门槛，因此不据此陈述发现（门槛与各编码表漏掉的内容见{ref}`methods`）。")

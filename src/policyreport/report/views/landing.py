"""The landing page: the abstract with its key findings, and how to cite the report."""

from __future__ import annotations

import pandas as pd

from policyreport.report.render import escape, para_ref
from policyreport.report.summary import corpus_phrase
from policyreport.report.views.common import CorpusView


class LandingView(CorpusView):
    """What the landing page shows."""

    def _where(self, f: dict) -> str:
        """The evidence of a finding: its document and paragraph."""
        return f"{self.link(f['doc_a'], 20)}（{para_ref(f['doc_a'], int(f['paragraph']))}）"

    def _base(self, f: dict, scope: str, before: str = "") -> str:
        """In parentheses after `before`: the base of a finding (n documents of `scope`) and the document
        contributing more than half of it."""
        n = f.get("base")
        parts = [before] if before else []
        if pd.notna(n):
            parts.append(f"基于 {int(n)} 份{scope}")
        if pd.notna(f.get("dominant")) and f.get("dominant"):
            parts.append(f"其中{self.link(f['dominant'], 20)}一份占 {float(f['dominant_share']):.0%}，结论主要反映这一份文件")
        return f"（{'；'.join(parts)}）" if parts else ""

    def finding_lines(self) -> list[str]:
        """One sentence per finding that is distinct, with its base; a tie is stated as a tie, never as "the most"."""
        out = []
        f = self.finding("strongest_instrument_type")
        if f:
            lead = f"{escape(f['text'])}工具占比最高" if f["ties"] == 1 else f"{escape(f['text'])}工具并列占比最高"
            out.append(
                f"按文件平均占比（每份文件权重相同），{lead}，平均占各文件工具编码的 {f['value']:.1%}"
                f"{self._base(f, '规范性文件')}，见{{ref}}`policy`。"
            )
        f = self.finding("instrument_gaps")
        if f and pd.notna(f.get("base")) and int(f["base"]) >= 2:
            where = "没有任何一份使用" if int(f["value"]) == 0 else f"只有 {int(f['value'])} 份使用"
            out.append(
                f"在设定措施的 {int(f['base'])} 份规范性文件中，编码表中的{escape(f['text'])}{where}（答复类等文件不设定措施，不计入）。"
            )
        f = self.finding("top_instrument_goal")
        if f:
            lead = "最集中的组合是" if f["ties"] == 1 else f"{int(f['ties'])} 个组合并列最集中，其一是"
            out.append(
                f"政策工具 × 政策目标：{lead}“{escape(f['text'])}”"
                + self._base(f, "规范性文件", f"文件平均占比 {f['value']:.1%}")
                + f"，例见{self._where(f)}。"
            )
        f = self.finding("target_years")
        if f:
            last = str(f["text"]).split("—")[-1]
            far = f"最远的目标年份为 {escape(last)} 年" + (f"（{int(f['ties'])} 条，其一）" if f["ties"] > 1 else "")
            out.append(
                f"{int(f['value'])} 条承诺写明了目标年份{self._base(f, '文件', escape(str(f['text'])) + ' 年')}；{far}，见{self._where(f)}。"
            )
        f = self.finding("pmc_top")
        if f:
            lead = f"最高的是{self.link(f['doc_a'], 20)}" if f["ties"] == 1 else f"最高值由 {int(f['ties'])} 份文件并列"
            out.append(
                f"PMC 指数在 {escape(f['text'])} 之间{self._base(f, '规范性文件', '满分 10')}，{lead}（{f['value']:.2f}），见{{ref}}`policy`。"
            )
        f = self.finding("reply_handling")
        if f:
            out.append(
                f"建议、提案答复共 {int(f['value'])} 点"
                + self._base(f, "答复")
                + f"：{escape(f['text'])}（按标记词判定，逐条见{{ref}}`policy`）。"
            )
        f = self.finding("most_reuse")
        if f and f["ties"] == 1:
            order = "（先后未知）" if f["sentence"] == "未知" else (f"，间隔 {escape(f['text'])}" if f["text"] else "")
            out.append(
                f"文本复用：{self.link(f['doc_b'], 20)}有 {int(f['value'])} 句与{self.link(f['doc_a'], 20)}的句子近乎相同{order}，见{{ref}}`comparison`。"
            )
        f = self.finding("most_similar_pair")
        if f and f["ties"] == 1:
            out.append(
                f"用词最接近的两份文件是{self.link(f['doc_a'], 20)}与{self.link(f['doc_b'], 20)}（TF-IDF 余弦相似度 {f['value']:.3f}），见{{ref}}`comparison`。"
            )
        f = self.finding("top_topic")
        if f and f["ties"] == 1:
            out.append(
                f"按主题词典，平均覆盖最高的主题是“{escape(f['text'])}”"
                + self._base(f, "文件", f"每万字 {f['value']:.1f} 次，各文件按字数归一后平均")
                + "，见{ref}`comparison`。"
            )
        f = self.finding("largest_amount")
        if f and f["ties"] == 1:
            out.append(f"文中提及的最大金额为“{escape(f['text'])}”，见{self._where(f)}。")
        f = self.finding("most_cited")
        if f and f["ties"] == 1 and f["value"] > 1:
            out.append(f"被最多文件引用的文件是 {escape(f['text'])}（{int(f['value'])} 份文件引用）。")
        return out

    def abstract(self) -> str:
        """The corpus in one sentence, then the key findings, each linked to its evidence."""
        out = [
            f"本报告对 {escape(corpus_phrase(self.docs))}进行计算文本分析。报告中的所有数字均由程序从原文计算得出，引文均链接到原文段落。",
        ]
        out += ["", self.scope_sentence()]
        lines = self.finding_lines()
        if lines:
            out += ["", "**主要发现**", ""] + [f"- {x}" for x in lines]
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
            out = (
                "按文种分组："
                + "、".join(f"{escape(g)} {c} 份" for g, c in n.items())
                + "。政策工具、工具 × 目标、PMC 指数与工具缺口只在设定措施的规范性文件中计算"
                + ("（本语料没有规范性文件，这些分析从略）。" if "normative" not in set(d["design"]) else "。")
            )
        chars = pd.Series({x["doc_id"]: int(x.get("characters") or 0) for x in self.docs})
        if len(chars) > 1 and chars.sum():
            top = chars.idxmax()
            share = chars[top] / chars.sum()
            if share > 0.5:
                out += f"{self.link(top, 20)}一份占全部文字的 {share:.0%}，凡按字数或分句汇总的数字都主要反映这一份文件，下文的比较因此按文件平均或按字数归一。"
        return out

    def unfit_sentence(self) -> str:
        """The codebooks that do not fit the corpus, so that no finding was stated from them."""
        f = self.optional_table("codebook_fit")
        if f.empty or f["fits"].all():
            return ""
        bad = f[~f["fits"].astype(bool)]
        parts = [
            f"{escape(r.name)}只覆盖 {int(r.documents)} 份{escape(r.scope)}中的 {int(r.documents_reached)} 份（{r.document_share:.0%}）、"
            f"{escape(r.unit)}的 {r.unit_share:.0%}"
            for r in bad.itertuples()
        ]
        return "；".join(parts) + "，低于适用门槛，因此不据此陈述发现（门槛与各编码表漏掉的内容见{ref}`methods`）。"

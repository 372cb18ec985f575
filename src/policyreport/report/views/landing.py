"""The landing page: the abstract with its key findings, and how to cite the report."""

from __future__ import annotations

from policyreport.report.render import escape, para_ref
from policyreport.report.summary import corpus_phrase
from policyreport.report.views.common import CorpusView


class LandingView(CorpusView):
    """What the landing page shows."""

    def _where(self, f: dict) -> str:
        """The evidence of a finding: its document and paragraph."""
        return f"{self.link(f['doc_a'], 20)}（{para_ref(f['doc_a'], int(f['paragraph']))}）"

    def finding_lines(self) -> list[str]:
        """One sentence per finding that is distinct; a tie is stated as a tie, never as "the most"."""
        out = []
        f = self.finding("strongest_instrument_type")
        if f:
            lead = f"{escape(f['text'])}工具占比最高" if f["ties"] == 1 else f"{escape(f['text'])}工具并列占比最高"
            out.append(
                f"按文件平均占比（每份文件权重相同），{lead}，平均占各文件工具编码的 {f['value']:.1%}，见{{ref}}`policy`。"
            )
        f = self.finding("instrument_gaps")
        if f:
            where = "没有任何文件使用" if int(f["value"]) == 0 else f"只在 {int(f['value'])} 份文件中出现"
            out.append(f"政策工具的缺口：编码表中的{escape(f['text'])}{where}。")
        f = self.finding("top_instrument_goal")
        if f:
            lead = "最集中的组合是" if f["ties"] == 1 else f"{int(f['ties'])} 个组合并列最集中，其一是"
            out.append(
                f"政策工具 × 政策目标：{lead}“{escape(f['text'])}”（文件平均占比 {f['value']:.1%}），例见{self._where(f)}。"
            )
        f = self.finding("target_years")
        if f:
            last = str(f["text"]).split("—")[-1]
            far = f"最远的目标年份为 {escape(last)} 年" + (f"（{int(f['ties'])} 条，其一）" if f["ties"] > 1 else "")
            out.append(f"{int(f['value'])} 条承诺写明了目标年份（{escape(f['text'])} 年）；{far}，见{self._where(f)}。")
        f = self.finding("pmc_top")
        if f:
            lead = f"最高的是{self.link(f['doc_a'], 20)}" if f["ties"] == 1 else f"最高值由 {int(f['ties'])} 份文件并列"
            out.append(f"PMC 指数在 {escape(f['text'])} 之间（满分 10），{lead}（{f['value']:.2f}），见{{ref}}`policy`。")
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
                f"按主题词典，平均覆盖最高的主题是“{escape(f['text'])}”（每万字 {f['value']:.1f} 次），见{{ref}}`comparison`。"
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
        lines = self.finding_lines()
        if lines:
            out += ["", "**主要发现**", ""] + [f"- {x}" for x in lines]
        return "\n".join(out)

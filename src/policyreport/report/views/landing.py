"""The landing page: the abstract with its key findings, and how to cite the report."""

from __future__ import annotations

import re

import pandas as pd

from policyreport.report.render import escape, para_ref
from policyreport.report.views.common import CorpusView


class LandingView(CorpusView):
    """What the landing page shows."""

    def undated(self) -> list[dict]:
        return [d for d in self.docs if not d.get("date")]

    def abstract(self) -> str:
        """Key findings, each computed from the results and linked to its evidence."""
        n = len(self.docs)
        genres = pd.Series([d["genre"] for d in self.docs]).value_counts()
        years = sorted(d["year"] for d in self.docs if d.get("year"))
        n_quant = sum(len(self.corpus.doc_table(d["doc_id"], "quantities")) for d in self.docs)
        out = [
            f"本报告对 {n} 份政策文件进行计算文本分析（"
            + "、".join(f"{escape(g)} {c} 份" for g, c in genres.items())
            + (f"，{years[0]}—{years[-1]} 年" if years else "")
            + "）。报告中的所有数字均由程序从原文计算得出，引文均链接到原文段落。",
            "",
            "**主要发现**",
            "",
        ]
        big = self.finding("largest_amount")
        if big:
            out.append(
                f"- 文中提及的最大金额为“{escape(big['text'])}”，见{self.link(big['doc_a'], 24)}（{para_ref(big['doc_a'], int(big['paragraph']))}）。"
            )
        out.append(f"- 全语料共提及带单位的数字 {n_quant} 处，逐一列于各文件章节的“数字与指标”表。")
        if n > 1:
            pair = self.finding("most_similar_pair")
            a, b, s = pair["doc_a"], pair["doc_b"], pair["value"]
            out.append(
                f"- 用词最接近的两份文件是{self.link(a, 20)}与{self.link(b, 20)}（TF-IDF 余弦相似度 {s:.3f}），见{{ref}}`comparison`。"
            )
        top = self.finding("top_topic")
        if top:
            out.append(f"- 按主题词典，平均覆盖最高的主题是“{escape(top['text'])}”（每万字 {top['value']:.1f} 次）。")
        cited = self.finding("most_cited")
        if cited:
            out.append(f"- 被最多文件引用的文件是 {escape(cited['text'])}（{int(cited['value'])} 份文件引用）。")
        undated = self.undated()
        if undated:
            out.append(f"- {len(undated)} 份文件没有落款日期：" + "、".join(self.link(d["doc_id"], 20) for d in undated) + "。")
        return "\n".join(out)

    def bibtex(self) -> str:
        """The report's own BibTeX entry in a fence longer than any backtick run inside it."""
        entry = self.info["report"]["bibtex"]
        longest = max((len(m) for m in re.findall(r"`+", entry)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}bibtex\n{entry}{fence}"

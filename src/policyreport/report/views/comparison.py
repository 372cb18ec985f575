"""The comparison chapter: similarity, distinctive and shared terms, topics, links between documents."""

from __future__ import annotations

import pandas as pd

from policyreport.report import charts, render
from policyreport.report.render import escape, para_ref
from policyreport.report.views.common import MAX_FIGURE_ROWS, CorpusView, top_rows


class ComparisonView(CorpusView):
    """What the comparison chapter shows."""

    def similarity_figure(self):
        sim = self.corpus.table("similarity")
        if len(sim) > MAX_FIGURE_ROWS:
            keep = (sim.sum(axis=1) - 1).sort_values(ascending=False, kind="stable").index[:MAX_FIGURE_ROWS]
            sim = sim.loc[sorted(keep), sorted(keep)]
        return charts.heatmap(self._relabel(sim), cmap="Blues")

    def shared_terms(self) -> str:
        df = self.corpus.table("shared_terms")
        return (
            render.table(df, {"term": "词语", "total": "总频次", "max_abs_z": "最大 |z|"})
            if not df.empty
            else "没有所有文件都使用的词语。"
        )

    def distinctive_terms(self) -> str:
        df = self.corpus.table("distinctive_terms")
        if df.empty:
            return "（至少两份文件时才有此分析。）"
        rows = []
        for doc_id, g in df.groupby("doc_id", sort=True):
            terms = "、".join(f"{escape(t)}（{z:.1f}）" for t, z in zip(g["term"], g["z"]))
            rows.append({"doc": self.short_link(doc_id), "terms": terms})
        return render.table(pd.DataFrame(rows), {"doc": "文件", "terms": "特色词（z 值）"}, raw=("doc", "terms"))

    def topic_matrix(self) -> pd.DataFrame:
        return self._relabel(self.corpus.table("topics"))

    def topic_figure(self):
        return charts.heatmap(top_rows(self.topic_matrix()), fmt="{:.0f}", cmap="Oranges")

    def links(self, kinds=("引用文件", "机构", "地名"), limit: int = 40) -> str:
        df = self.corpus.table("links")
        df = df[df["kind"].isin(kinds)].head(limit)
        if df.empty:
            return "没有发现文件之间共同引用的文件或共同提及的机构、地名。"
        df = df.assign(
            a=[
                f"{self.short_link(a)}：{escape(s)}（{para_ref(a, p)}）"
                for a, s, p in zip(df["doc_a"], df["sentence_a"], df["paragraph_a"])
            ],
            b=[
                f"{self.short_link(b)}：{escape(s)}（{para_ref(b, p)}）"
                for b, s, p in zip(df["doc_b"], df["sentence_b"], df["paragraph_b"])
            ],
        )
        return render.table(
            df, {"kind": "联系", "item": "共同对象", "a": "文件甲中的句子", "b": "文件乙中的句子"}, raw=("a", "b")
        )

    def link_counts(self) -> pd.Series:
        return self.corpus.table("links")["kind"].value_counts()

    def synthesis(self) -> str:
        """What the comparison tables say, in two or three sentences; ties are said to be ties."""
        sim = self.corpus.table("similarity")
        if len(sim) < 2:
            return "语料只有一份文件，本章的比较没有意义。"
        values = [float(sim.iloc[i, j]) for i in range(len(sim)) for j in range(i + 1, len(sim))]
        out = [f"各文件两两之间的 TF-IDF 余弦相似度平均为 {sum(values) / len(values):.3f}（{len(values)} 对）"]
        pair = self.finding("most_similar_pair")
        if pair and pair["ties"] == 1:
            out.append(
                f"，最接近的是“{escape(self.label(pair['doc_a']))}”与“{escape(self.label(pair['doc_b']))}”（{pair['value']:.3f}）"
            )
        elif pair:
            out.append(f"，最高值 {pair['value']:.3f} 由 {int(pair['ties'])} 对文件并列")
        pairs = self.corpus.table("document_pairs")
        out.append(f"。{len(pairs)} 对文件共同引用了文件或提及同一机构、地名。")
        top = self.finding("top_topic")
        if top and top["ties"] == 1:
            out.append(f"按主题词典，平均覆盖最高的主题是“{escape(top['text'])}”。")
        return "".join(out)

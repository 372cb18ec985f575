"""The comparison chapter: similarity, distinctive and shared terms, topics, links between documents."""

from __future__ import annotations

import re

import pandas as pd

from policyreport.report import charts, render
from policyreport.report.i18n import english, name, tr
from policyreport.report.render import escape, para_ref
from policyreport.report.views.bursts import BurstView
from policyreport.report.views.common import MAX_FIGURE_ROWS, CorpusView, download, top_rows
from policyreport.report.views.outside_citations import OutsideCitationView


class ComparisonView(OutsideCitationView, BurstView, CorpusView):
    """What the comparison chapter shows."""

    def similarity_figure(self):
        sim = self.corpus.table("similarity")
        if len(sim) > MAX_FIGURE_ROWS:  # the documents most similar to the rest
            means = self.corpus.table("similarity_neighbours").set_index("doc_id")["mean_similarity"]
            keep = sorted(means.sort_values(ascending=False, kind="stable").index[:MAX_FIGURE_ROWS])
            sim = sim.loc[keep, keep]
        return charts.heatmap(self._relabel(sim), cmap="Blues")

    def similarity_note(self) -> str:
        """Which documents the figure and the matrix CSV hold, and where every document's nearest one is."""
        n = len(self.docs)
        shown = len(self.corpus.table("similarity"))
        table = download(self.corpus.csv_path("similarity_neighbours"), tr("各文件的平均相似度与最相似文件（CSV）"), self.here)
        if n <= MAX_FIGURE_ROWS:
            return tr("图中为全部 {n} 份文件；每份文件与其余文件的平均相似度及最相似的文件见{table}。", n=n, table=table)
        held = tr("相似度矩阵（CSV）含全部文件") if shown == n else tr("相似度矩阵（CSV）也只含这 {n} 份", n=shown)
        return tr(
            "语料共 {n} 份文件，图中只画出与其余文件平均相似度最高的 {top} 份，{held}；每份文件的平均相似度及最相似的文件见{table}。",
            n=n,
            top=MAX_FIGURE_ROWS,
            held=held,
            table=table,
        )

    def shared_terms(self) -> str:
        df = self.corpus.table("shared_terms")
        return (
            render.table(df, {"term": "词语", "total": "总频次", "max_abs_z": "最大 |z|"})
            if not df.empty
            else tr("没有所有文件都使用的词语。")
        )

    def distinctive_terms(self) -> str:
        df = self.corpus.table("distinctive_terms")
        if df.empty:
            return tr("（至少两份文件时才有此分析。）")
        rows = []
        for doc_id, g in df.groupby("doc_id", sort=True):
            terms = tr("、").join(tr("{term}（{z:.1f}）", term=escape(t), z=z) for t, z in zip(g["term"], g["z"]))
            rows.append({"doc": self.short_link(doc_id), "terms": terms})
        return render.table(pd.DataFrame(rows), {"doc": "文件", "terms": "特色词（z 值）"}, raw=("doc", "terms"))

    def topic_matrix(self) -> pd.DataFrame:
        m = self._relabel(self.corpus.table("topics"))
        return m.rename(columns=lambda c: name(c) if isinstance(c, str) else c)

    def topic_figure(self):
        return charts.heatmap(top_rows(self.topic_matrix()), fmt="{:.0f}", cmap="Oranges")

    def links(self, kinds=("引用文件", "机构", "地名"), limit: int = 40) -> str:
        df = self.corpus.table("links")
        df = df[df["kind"].isin(kinds)].head(limit)
        if df.empty:
            return tr("没有发现文件之间共同引用的文件或共同提及的同一机构。")
        df = df.assign(
            a=[
                tr("{doc}：{sentence}（{where}）", doc=self.short_link(a), sentence=escape(s), where=para_ref(a, p))
                for a, s, p in zip(df["doc_a"], df["sentence_a"], df["paragraph_a"])
            ],
            b=[
                tr("{doc}：{sentence}（{where}）", doc=self.short_link(b), sentence=escape(s), where=para_ref(b, p))
                for b, s, p in zip(df["doc_b"], df["sentence_b"], df["paragraph_b"])
            ],
            kind=[name(k) for k in df["kind"]],
        )
        return render.table(
            df, {"kind": "联系", "item": "共同对象", "a": "文件甲中的句子", "b": "文件乙中的句子"}, raw=("a", "b")
        )

    def link_counts(self) -> pd.Series:
        return self.corpus.table("links")["kind"].value_counts()

    def synthesis(self) -> str:
        """What the comparison tables say, in two or three sentences; ties are said to be ties."""
        summary = self.corpus.table("similarity_summary")
        if summary.empty or not summary["pairs"].iloc[0]:
            return tr("语料只有一份文件，本章的比较没有意义。")
        s = summary.iloc[0]
        out = [tr("各文件两两之间的 TF-IDF 余弦相似度平均为 {mean:.3f}（{pairs} 对）", mean=s["mean"], pairs=int(s["pairs"]))]
        pair = self.finding("most_similar_pair")
        if pair and pair["ties"] == 1:
            out.append(
                tr(
                    "，最接近的是“{a}”与“{b}”（{value:.3f}）",
                    a=escape(self.label(pair["doc_a"])),
                    b=escape(self.label(pair["doc_b"])),
                    value=pair["value"],
                )
            )
        elif pair:
            out.append(tr("，最高值 {value:.3f} 由 {n} 对文件并列", value=pair["value"], n=int(pair["ties"])))
        pairs = self.corpus.table("document_pairs")
        out.append(tr("。{n} 对文件共同引用了同一文件或提及同一机构。", n=len(pairs)))
        top = self.finding("top_topic")
        if top and top["ties"] == 1:
            out.append(tr("按主题词典，平均覆盖最高的主题是“{topic}”。", topic=escape(name(top["text"]))))
        return "".join(out)

    def reuse_pairs(self) -> str:
        """Every directed pair with reused sentences, and the rule for stating one on the landing page."""
        df = self.corpus.table("reuse_pairs")
        if df.empty:
            return tr("没有发现一份文件重复使用另一份文件句子的情况。")
        p = self.info.get("reuse_rule") or {}
        rule = ""
        if "reuse_min_sentences" in p and "reuse_min_share" in p:
            rule = tr(
                "摘要只在后发文件至少有 {n} 句复用、且占其正文句子至少 {share:.0%} 时陈述复用"
                "（参数 `reuse_min_sentences`、`reuse_min_share`）：一两句相同多是共同引用上级文件或套话，"
                "长文件中的几句也只是旁及，都不足以说明一份文件沿用了另一份。",
                n=int(p["reuse_min_sentences"]),
                share=float(p["reuse_min_share"]),
            )
        df = df.sort_values(["sentences", "doc_from", "doc_to"], ascending=[False, True, True])
        df = df.assign(
            a=[self.short_link(d) for d in df["doc_from"]],
            b=[self.short_link(d) for d in df["doc_to"]],
            lag=[
                tr("{n} 天", n=int(x)) if pd.notna(x) else (tr("约 {n} 年", n=int(y)) if pd.notna(y) else "—")
                for x, y in zip(df["lag_days"], df["lag_years"])
            ],
            share=[f"{x:.1%}" for x in df["share_of_later"]],
        )
        names = {
            "a": "先发文件",
            "b": "后发文件",
            "direction": "方向",
            "lag": "间隔",
            "sentences": "重复句数",
            "later_sentences": "后发文件句数",
            "share": "占后发文件句子",
        }
        table = render.table(df, names, raw=("a", "b"))
        return f"{rule}\n\n{table}" if rule else table

    def reuse_common(self, limit: int = 10) -> str:
        """The rule for sentences copied into many documents, and those sentences (held by most documents first)."""
        from policyreport.compare.reuse import MAX_DOCUMENTS, SHINGLE

        df = self.corpus.table("reuse_common")
        rule = tr(
            "逐字出现在超过 {max_docs} 份文件中的句子（如上级文件被逐级转发）视为通用表述，只列出一次及其所在文件数，"
            "不逐对计为复用；出现在超过 {max_docs} 份文件中的 {shingle} 字片段也不用于查找候选句对。",
            max_docs=MAX_DOCUMENTS,
            shingle=SHINGLE,
        )
        if df.empty:
            return rule + tr("本语料没有这样的句子。")
        shown = df.head(limit)
        more = (
            tr("（共 {n} 句，表中列出所在文件最多的 {shown} 句）", n=len(df), shown=len(shown))
            if len(df) > len(shown)
            else tr("（共 {n} 句）", n=len(df))
        )
        link = download(self.corpus.csv_path("reuse_common"), tr("通用表述（CSV，含所在文件）"), self.here)
        table = render.table(shown, {"sentence": "句子", "documents": "所在文件数"})
        return rule + tr("本语料的通用表述{more}：", more=more) + f"\n\n{table}\n\n" + tr("数据下载：{link}", link=link)

    def reuse_passages(self, limit: int = 30) -> str:
        """The reused sentences side by side, each linked to its paragraph."""
        df = self.corpus.table("reuse")
        if df.empty:
            return ""
        df = df.head(limit).assign(
            a=[
                tr("{sentence}（{where}）", sentence=escape(s), where=para_ref(d, p))
                for s, d, p in zip(df["sentence_from"].head(limit), df["doc_from"].head(limit), df["paragraph_from"].head(limit))
            ],
            b=[
                tr("{sentence}（{where}）", sentence=escape(s), where=para_ref(d, p))
                for s, d, p in zip(df["sentence_to"].head(limit), df["doc_to"].head(limit), df["paragraph_to"].head(limit))
            ],
            c=[f"{x:.2f}" for x in df["containment"].head(limit)],
        )
        return render.table(df, {"a": "先发文件中的句子", "b": "后发文件中的句子", "c": "重合度"}, raw=("a", "b"))

    def topic_model_reason(self) -> str:
        return topic_reason(str(self.corpus.table("topic_status")["reason"].fillna("").iloc[0]))

    def topic_model_terms(self) -> str:
        t = self.corpus.table("topic_terms")
        if t.empty:
            return self.topic_model_reason()
        k = self.corpus.table("topic_k")
        chosen = k[k["chosen"]].iloc[0]
        rows = t.groupby("topic", sort=False)["term"].agg(lambda x: "、".join(escape(w) for w in x)).reset_index()
        rows["topic"] = [topic_name(x) for x in rows["topic"]]
        head = tr(
            "按 UMass 一致性在 {tried} 中选定 k={k}。",
            tried=tr("、").join(tr("k={k}（{c:.2f}）", k=int(a), c=b) for a, b in zip(k["k"], k["coherence"])),
            k=int(chosen["k"]),
        )
        return head + "\n\n" + render.table(rows, {"topic": "主题", "term": "主题词（权重从高到低）"}, raw=("term",))

    def topic_trend_figure(self):
        t = self.corpus.table("topic_by_year")
        m = t.pivot_table(index="topic", columns="year", values="weight", fill_value=0)
        m.columns = [str(int(c)) for c in m.columns]
        m = m.rename(index=topic_name)
        return charts.heatmap(m, "年份", "主题", fmt="{:.2f}", cmap="Purples")

    def has_topic_trend(self) -> bool:
        return not self.corpus.table("topic_by_year").empty

    def collocates(self) -> str:
        df = self.corpus.table("collocates")
        if df.empty:
            return tr("没有找到搭配词。")
        derived = bool(self.corpus.table("collocate_keywords")["derived"].iloc[0])
        note = tr("参数 `kwic_keywords` 中的关键词都没有出现在本语料中，以下改用语料中最常见的词。") + "\n\n" if derived else ""
        rows = df.groupby("keyword", sort=False).apply(
            lambda g: tr("、").join(
                tr("{word}（{n}，{g2:.1f}）", word=escape(c), n=a, g2=x)
                for c, a, x in zip(g["collocate"], g["together"], g["g2"])
            ),
            include_groups=False,
        )
        t = pd.DataFrame({"keyword": [escape(k) for k in rows.index], "collocates": rows.to_numpy()})
        return note + render.table(
            t, {"keyword": "关键词", "collocates": "搭配词（同句次数，G²）"}, raw=("keyword", "collocates")
        )

    def ngrams(self) -> str:
        df = self.corpus.table("ngrams")
        if df.empty:
            return tr("没有两份以上文件共同使用的短语。")
        return render.table(df, {"phrase": "短语", "n": "词数", "frequency": "次数", "documents": "文件数"})

    def trends_figure(self):
        t = self.corpus.table("term_trends")
        m = t.pivot_table(index="term", columns="year", values="per_10k", fill_value=0)
        m.columns = [str(int(c)) for c in m.columns]
        return charts.heatmap(m, "年份", "词语", fmt="{:.0f}", cmap="Blues")

    def has_trends(self) -> bool:
        t = self.corpus.table("term_trends")
        return not t.empty and t["year"].nunique() > 1


def topic_name(topic) -> str:
    """A topic of the topic model (主题1, numbered when it is fitted) in the report's language."""
    m = re.fullmatch(r"主题(\d+)", str(topic))
    return tr("主题{n}", n=int(m[1])) if m else topic


def topic_reason(text: str) -> str:
    """The stored reason why no topic model was fitted (compare.topic_model, Chinese), translated
    when it is shown."""
    if not english():
        return text
    if m := re.fullmatch(r"语料只有 (\d+) 份文件，少于 (\d+) 份，主题模型只会描述单份文件，因此不拟合。", text):
        return tr("语料只有 {n} 份文件，少于 {min} 份，主题模型只会描述单份文件，因此不拟合。", n=int(m[1]), min=int(m[2]))
    if m := re.fullmatch(r"出现在至少两份、至多九成文件中的词语只有 (\d+) 个，不足以区分主题，因此不拟合主题模型。", text):
        return tr("出现在至少两份、至多九成文件中的词语只有 {n} 个，不足以区分主题，因此不拟合主题模型。", n=int(m[1]))
    return text

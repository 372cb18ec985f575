"""What the notebooks show: Markdown blocks and charts built from the stored results.

The notebooks stay thin (load, call, display, glue); the wording of tables lives here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from policyreport.report import charts, render
from policyreport.report.render import escape, para_ref
from policyreport.report.store import Corpus, load

FIELDS = [
    ("title", "标题"),
    ("issuer", "发文机关"),
    ("doc_number", "文号"),
    ("date", "落款日期"),
    ("year", "年份"),
    ("recipient", "主送"),
    ("genre", "文种"),
    ("answers_number", "答复的建议/提案编号"),
    ("handling_result", "办理结果"),
    ("handling_class", "答复类别"),
    ("region", "地区"),
    ("level", "行政层级"),
    ("contact", "联系人"),
    ("file", "源文件"),
    ("encoding", "编码"),
]
NOT_STATED = "（文中未载明）"
MAX_FIGURE_ROWS = 30  # a figure shows at most this many documents; the CSV tables have all of them


def top_rows(df: pd.DataFrame, n: int = MAX_FIGURE_ROWS) -> pd.DataFrame:
    """The n rows with the largest totals, in their original order (figures stay legible)."""
    if len(df) <= n:
        return df
    totals = df.sum(axis=1, numeric_only=True).to_numpy()
    keep = sorted(sorted(range(len(df)), key=lambda i: -totals[i])[:n])
    return df.iloc[keep]


def show(markdown: str) -> None:
    """Display a Markdown block (nothing at all when it is empty)."""
    from IPython.display import Markdown, display

    if markdown and markdown.strip():
        display(Markdown(markdown))


def glue_figure(name: str, fig) -> None:
    """Glue a figure for a numbered {glue:figure} and close it so it is not shown a second time."""
    import matplotlib.pyplot as plt
    from myst_nb import glue

    glue(name, fig, display=False)
    plt.close(fig)


def short_title(meta: dict, n: int = 30) -> str:
    t = meta.get("title") or meta["file"]
    return t if len(t) <= n else t[: n - 1] + "…"


def label(meta: dict) -> str:
    """A short label for charts: the issuer (or file) and year."""
    who = meta.get("issuer") or meta["file"]
    return f"{who}（{meta['year']}）" if meta.get("year") else who


def download(path: Path, text: str, base: Path) -> str:
    rel = os.path.relpath(path, base).replace(os.sep, "/")
    return f"{{download}}`{render.role_text(text)} <{rel}>`"


class DocumentView:
    """One document's results, as a notebook in `chapters/documents/` sees them."""

    def __init__(self, data_dir: str, doc_id: str):
        self.corpus: Corpus = load(data_dir)
        self.doc_id = doc_id
        self.meta = self.corpus.doc(doc_id)
        self.here = Path.cwd()

    def table(self, name: str) -> pd.DataFrame:
        return self.corpus.doc_table(self.doc_id, name)

    def card(self) -> str:
        rows = []
        for key, name in FIELDS:
            v = self.meta.get(key)
            rows.append((name, escape(v) if v not in (None, "") else NOT_STATED))
        rows.append(("篇幅", f"{self.meta['characters']} 字，{self.meta['paragraphs']} 段"))
        rows.append(("SHA-256", f"`{self.meta['sha256']}`"))
        rows.append(("原文", render.ref(render.source_label(self.doc_id), "全文（附录）")))
        df = pd.DataFrame(rows, columns=["项目", "内容"])
        return render.table(df, raw=("内容",))

    def notes(self) -> str:
        notes = self.meta.get("notes") or []
        return "\n".join(f"- {escape(n)}" for n in notes)

    def outline(self) -> str:
        df = self.table("outline")
        if df.empty:
            return "本文件正文没有编号结构。"
        df = df.assign(
            link=[para_ref(self.doc_id, n) for n in df["paragraph"]],
            indent=["　" * (int(d) - 1) + escape(m) for d, m in zip(df["depth"], df["marker"])],
        )
        return render.table(df, {"indent": "编号", "title": "标题", "level": "层级", "link": "位置"}, raw=("indent", "link"))

    def key_terms(self) -> pd.DataFrame:
        kt = self.corpus.table("key_terms")
        return kt[kt["doc_id"] == self.doc_id].reset_index(drop=True)

    def key_terms_figure(self):
        return charts.bar_terms(self.key_terms())

    def key_terms_table(self) -> str:
        return render.table(self.key_terms(), {"rank": "排序", "term": "词语", "count": "频次", "tfidf": "TF-IDF"})

    def kwic(self) -> str:
        df = self.table("kwic")
        if df.empty:
            return "所选关键词未在本文件中出现。"
        df = df.assign(
            left=[escape(x) for x in df["left"]],
            right=[escape(x) for x in df["right"]],
            match=[f"**{escape(x)}**" for x in df["match"]],
            link=[para_ref(self.doc_id, n) for n in df["paragraph"]],
        )
        return render.table(
            df,
            {"keyword": "关键词", "left": "左侧语境", "match": "关键词", "right": "右侧语境", "link": "位置"},
            raw=("left", "match", "right", "link"),
        )

    def quantities(self) -> str:
        """One row per sentence with its figures as written, each with its type (and 约 when the
        text marks it approximate); values, units and markers one per row are in the CSV."""
        df = self.table("quantities")
        if df.empty:
            return "本文件未提及带单位的数字。"
        df = df.assign(
            shown=[
                f"{t}（{k}{'，约数' if isinstance(a, str) and a else ''}）"
                for t, k, a in zip(df["text"], df["kind"], df["approx"])
            ]
        )
        rows = df.groupby(["paragraph", "sentence"], sort=False)["shown"].agg("；".join).reset_index()
        rows = rows.assign(link=[para_ref(self.doc_id, n) for n in rows["paragraph"]])
        return render.table(rows, {"shown": "数字（类型）", "sentence": "所在句子", "link": "位置"}, raw=("link",))

    def citations(self) -> str:
        df = self.table("cited")
        if df.empty:
            return "本文件未引用其他文件。"
        df = df.assign(
            link=[para_ref(self.doc_id, n) for n in df["paragraph"]],
            shown=[escape(f"《{c}》" if k == "文件名称" else c) for k, c in zip(df["kind"], df["citation"])],
        )
        return render.table(
            df,
            {"kind": "类型", "shown": "被引文件", "mentions": "次数", "sentence": "首次出现的句子", "link": "位置"},
            raw=("shown", "link"),
        )

    def entities(self, top: int = 25) -> str:
        df = self.table("entity_summary")
        if df.empty:
            return "未识别出机构、人物或地名。"
        names = {"ORG": "机构", "PERSON": "人物", "PLACE": "地名"}
        df = df.head(top).assign(
            kind=[names.get(t, t) for t in df["type"].head(top)],
            link=[para_ref(self.doc_id, n) for n in df["paragraph"].head(top)],
        )
        return render.table(
            df, {"kind": "类型", "text": "名称", "role": "身份", "mentions": "次数", "link": "首次出现"}, raw=("link",)
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
        return "、".join(
            download(self.corpus.csv_path(n, self.doc_id), f"{label}（CSV）", self.here) for n, label in names.items()
        )

    def commitments(self) -> str:
        df = self.table("commitments")
        if df.empty:
            return "本文件没有识别出已完成事项或承诺。"
        df = df.assign(
            year=[str(int(y)) if pd.notna(y) else "" for y in df["target_year"]],
            link=[para_ref(self.doc_id, n) for n in df["paragraph"]],
        )
        return render.table(
            df, {"status": "类别", "year": "目标年份", "quantities": "数量", "clause": "内容", "link": "位置"}, raw=("link",)
        )

    def instruments(self) -> str:
        df = self.table("instruments")
        if df.empty:
            return "本文件没有编码到政策工具。"
        t = (
            df.groupby(["type", "instrument"])
            .size()
            .rename("count")
            .reset_index()
            .sort_values(["type", "count", "instrument"], ascending=[True, False, True])
        )
        return render.table(t, {"type": "类型", "instrument": "政策工具", "count": "分句数"})


class CorpusView:
    """The corpus-level results, as the overview, comparison, methods and landing pages see them."""

    def __init__(self, data_dir: str):
        self.corpus: Corpus = load(data_dir)
        self.info = self.corpus.info
        self.docs = self.corpus.documents
        self.here = Path.cwd()

    def label(self, doc_id: str) -> str:
        return label(self.corpus.doc(doc_id))

    def _ref(self, doc_id: str, text: str) -> str:
        """A link to the document's chapter, or to its full text when the corpus is too large for chapters."""
        if self.info.get("document_chapters", True):
            return render.doc_ref(doc_id, text)
        return render.ref(render.source_label(doc_id), text)

    def link(self, doc_id: str, n: int = 30) -> str:
        return self._ref(doc_id, short_title(self.corpus.doc(doc_id), n))

    def short_link(self, doc_id: str) -> str:
        """A link to a document labelled by issuer and year (for narrow table columns)."""
        return self._ref(doc_id, self.label(doc_id))

    # --- overview -------------------------------------------------------------------------
    def overview_table(self) -> str:
        rows = []
        for d in self.docs:
            handling = "；".join(
                x for x in (d.get("handling_result"), f"{d['handling_class']}类" if d.get("handling_class") else None) if x
            )
            rows.append(
                {
                    "title": self.link(d["doc_id"], 40),
                    "issuer": d.get("issuer"),
                    "doc_number": d.get("doc_number") or "—",
                    "date": d.get("date") or (f"{d['year']}（仅年份）" if d.get("year") else "—"),
                    "region": d.get("region") or "—",
                    "level": d.get("level") or "—",
                    "genre": d.get("genre"),
                    "recipient": d.get("recipient") or "—",
                    "handling": handling or "—",
                    "characters": d["characters"],
                    "sections": d["sections"],
                }
            )
        df = pd.DataFrame(rows)
        return render.table(
            df,
            {
                "title": "标题",
                "issuer": "发文机关",
                "doc_number": "文号",
                "date": "日期",
                "region": "地区",
                "level": "层级",
                "genre": "文种",
                "recipient": "主送",
                "handling": "办理结果/类别",
                "characters": "字数",
                "sections": "部分数",
            },
            raw=("title",),
        )

    def timeline_figure(self):
        if len(self.docs) > MAX_FIGURE_ROWS:
            years = pd.Series([d["year"] for d in self.docs if d.get("year")]).value_counts().sort_index()
            return charts.outline_bars(years.rename(index=str), "文件数")
        rows = [
            {"date": d.get("date"), "year": d.get("year"), "label": self.label(d["doc_id"])} for d in self.docs if d.get("year")
        ]
        rows.sort(key=lambda r: (r["date"] or f"{r['year']}-07-01", r["label"]))
        return charts.timeline(pd.DataFrame(rows, columns=["date", "year", "label"]))

    def undated(self) -> list[dict]:
        return [d for d in self.docs if not d.get("date")]

    # --- comparison -----------------------------------------------------------------------
    def labels(self) -> dict[str, str]:
        """doc_id -> short label, made unique (several documents can share issuer and year)."""
        out, seen = {}, {}
        for d in self.docs:
            base = self.label(d["doc_id"])
            seen[base] = seen.get(base, 0) + 1
            out[d["doc_id"]] = base if seen[base] == 1 else f"{base}·{seen[base]}"
        return out

    def _relabel(self, df: pd.DataFrame) -> pd.DataFrame:
        names = self.labels()
        return df.rename(index=names, columns=names)

    def similarity_figure(self):
        sim = self.corpus.table("similarity")
        if len(sim) > MAX_FIGURE_ROWS:
            keep = (sim.sum(axis=1) - 1).sort_values(ascending=False, kind="stable").index[:MAX_FIGURE_ROWS]
            sim = sim.loc[sorted(keep), sorted(keep)]
        return charts.heatmap(self._relabel(sim), cmap="Blues")

    def most_similar_pair(self) -> tuple[str, str, float]:
        sim = self.corpus.table("similarity")
        best = None
        ids = list(sim.index)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                v = float(sim.loc[a, b])
                if best is None or v > best[2]:
                    best = (a, b, v)
        return best

    def similarity_sentence(self) -> str:
        """The most similar pair in words, or why there is none (a corpus of one document)."""
        pair = self.most_similar_pair()
        if pair is None:
            return f"语料只有 {len(self.docs)} 份文件，无法比较文件之间的相似度（至少需要 2 份文件）。"
        a, b, s = pair
        return f"最相近的一对是“{self.label(a)}”与“{self.label(b)}”，相似度为 {s:.3f}。"

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

    def top_topic(self) -> tuple[str, float]:
        t = self.corpus.table("topics")
        mean = t.mean(axis=0).sort_values(ascending=False)
        return str(mean.index[0]), float(mean.iloc[0])

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

    # --- findings for the abstract --------------------------------------------------------
    def largest_amount(self) -> dict | None:
        best = None
        for d in self.docs:
            q = self.corpus.doc_table(d["doc_id"], "quantities")
            q = q[q["unit"].isin(["亿元", "万亿元"])]
            for row in q.itertuples():
                v = float(row.value) * (10_000 if row.unit == "万亿元" else 1)
                if best is None or v > best["yi"]:
                    best = {
                        "yi": v,
                        "text": row.text,
                        "doc_id": d["doc_id"],
                        "paragraph": int(row.paragraph),
                        "sentence": row.sentence,
                    }
        return best

    def most_cited(self) -> tuple[str, int] | None:
        counts: dict[str, set] = {}
        shown = {}
        for d in self.docs:
            c = self.corpus.doc_table(d["doc_id"], "cited")
            for row in c.itertuples():
                counts.setdefault(row.key, set()).add(d["doc_id"])
                shown.setdefault(row.key, f"《{row.citation}》" if row.kind == "文件名称" else row.citation)
        if not counts:
            return None
        key = sorted(counts, key=lambda k: (-len(counts[k]), k))[0]
        return shown[key], len(counts[key])

    # --- methods and provenance -----------------------------------------------------------
    def params_table(self) -> str:
        df = pd.DataFrame(sorted(self.info["params_shown"].items()), columns=["参数", "取值"])
        df["取值"] = [render.code_span(v) for v in df["取值"]]
        df["参数"] = [render.code_span(k) for k in df["参数"]]
        return render.table(df, raw=("参数", "取值"))

    def versions_table(self) -> str:
        df = pd.DataFrame(sorted(self.info["provenance"]["versions"].items()), columns=["软件", "版本"])
        return render.table(df)

    def hashes_table(self) -> str:
        df = pd.DataFrame([{"file": d["file"], "sha": f"`{d['sha256']}`", "enc": d["encoding"]} for d in self.docs])
        return render.table(df, {"file": "源文件", "sha": "SHA-256", "enc": "编码"}, raw=("sha",))

    def skipped(self) -> str:
        sk = self.info["skipped"]
        if not sk:
            return "语料中的所有文件均已分析，没有跳过的文件。"
        return "\n".join(f"- `{render.role_text(s['file'])}`：{escape(s['reason'])}" for s in sk)

    def downloads(self) -> str:
        names = {
            "overview": "文件一览",
            "key_terms": "关键词",
            "similarity": "相似度矩阵",
            "distinctive_terms": "特色词（log-odds）",
            "shared_terms": "共有词",
            "topics": "主题覆盖",
            "links": "文件间联系",
            "commitments": "已完成与承诺",
            "instrument_counts": "政策工具编码",
            "instrument_topic": "工具×主题矩阵",
            "departments": "牵头部门",
            "network_nodes": "共词网络节点",
            "network_edges": "共词网络边",
            "document_pairs": "文件关联",
        }
        return "、".join(download(self.corpus.csv_path(n), f"{label}（CSV）", self.here) for n, label in names.items())

    def bibtex(self) -> str:
        """The report's own BibTeX entry in a fence longer than any backtick run inside it."""
        entry = self.info["report"]["bibtex"]
        longest = max((len(m) for m in re.findall(r"`+", entry)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}bibtex\n{entry}{fence}"

    def regenerate(self) -> str:
        r = self.info["report"]
        lines = [
            "在本项目的代码版本"
            + (f" `{r['commit']}`" if r.get("commit") else "")
            + " 下运行以下命令，可用同样的语料和参数重新生成本报告"
            "（参数文件随报告提供："
            + download(self.corpus.data_dir / "params.used.yaml", "params.used.yaml", self.here)
            + "，放在项目根目录；其中的相对路径相对于该文件所在目录）：",
            "",
            "```bash",
            r["command"],
            "```",
        ]
        return "\n".join(lines)

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
        big = self.largest_amount()
        if big:
            out.append(
                f"- 文中提及的最大金额为“{escape(big['text'])}”，见{self.link(big['doc_id'], 24)}（{para_ref(big['doc_id'], big['paragraph'])}）。"
            )
        out.append(f"- 全语料共提及带单位的数字 {n_quant} 处，逐一列于各文件章节的“数字与指标”表。")
        if n > 1:
            a, b, s = self.most_similar_pair()
            out.append(
                f"- 用词最接近的两份文件是{self.link(a, 20)}与{self.link(b, 20)}（TF-IDF 余弦相似度 {s:.3f}），见{{ref}}`comparison`。"
            )
        topic, rate = self.top_topic()
        out.append(f"- 按主题词典，平均覆盖最高的主题是“{escape(topic)}”（每万字 {rate:.1f} 次）。")
        cited = self.most_cited()
        if cited:
            out.append(f"- 被最多文件引用的文件是 {escape(cited[0])}（{cited[1]} 份文件引用）。")
        undated = self.undated()
        if undated:
            out.append(f"- {len(undated)} 份文件没有落款日期：" + "、".join(self.link(d["doc_id"], 20) for d in undated) + "。")
        return "\n".join(out)

    # --- policy analysis ------------------------------------------------------------------
    def _by_doc(self, df: pd.DataFrame, column: str, order: list[str]) -> pd.DataFrame:
        if df.empty:
            return pd.DataFrame()
        t = df.groupby(["doc_id", column]).size().unstack(fill_value=0)
        t = t.reindex(columns=[c for c in order if c in t.columns])
        return t.rename(index=self.labels())

    def commitment_counts(self) -> pd.DataFrame:
        return self._by_doc(self.corpus.table("commitments"), "status", ["已完成", "承诺"])

    def commitments_figure(self):
        return charts.stacked_bars(top_rows(self.commitment_counts()), "分句数")

    def promises(self, limit: int = 60) -> str:
        df = self.corpus.table("commitments")
        if df.empty:
            return "没有识别出承诺。"
        df = df[df["status"] == "承诺"].copy()
        df["year_sort"] = df["target_year"].fillna(9999)
        df = df.sort_values(["year_sort", "doc_id", "paragraph"]).head(limit)
        df = df.assign(
            doc=[self.short_link(d) for d in df["doc_id"]],
            year=[str(int(y)) if pd.notna(y) else "—" for y in df["target_year"]],
            link=[para_ref(d, p) for d, p in zip(df["doc_id"], df["paragraph"])],
        )
        return render.table(
            df,
            {"doc": "文件", "year": "目标年份", "quantities": "数量", "clause": "承诺内容", "link": "位置"},
            raw=("doc", "link"),
        )

    def instrument_types(self) -> pd.DataFrame:
        counts = self.corpus.table("instrument_counts")
        if counts.empty:
            return pd.DataFrame()
        t = counts.groupby(["doc_id", "type"])["count"].sum().unstack(fill_value=0)
        return t.rename(index=self.labels())

    def instruments_figure(self):
        return charts.stacked_bars(top_rows(self.instrument_types()), "编码次数")

    def instrument_distribution(self) -> str:
        df = self.corpus.table("instrument_distribution")
        if df.empty:
            return "没有编码到政策工具。"
        df = df.assign(share=[f"{x:.1%}" for x in df["share"]])
        return render.table(df, {"type": "类型", "instrument": "政策工具", "count": "次数", "share": "占比"})

    def instrument_topic_figure(self):
        m = self.corpus.table("instrument_topic")
        return charts.heatmap(m, "主题", "政策工具", fmt="{:.0f}", cmap="Greens")

    def instrument_examples(self) -> str:
        rows = []
        for d in self.docs:
            coded = self.corpus.doc_table(d["doc_id"], "instruments")
            for row in coded.drop_duplicates("instrument").itertuples():
                rows.append(
                    {
                        "doc_id": d["doc_id"],
                        "type": row.type,
                        "instrument": row.instrument,
                        "keyword": row.keyword,
                        "clause": row.clause,
                        "paragraph": row.paragraph,
                    }
                )
        if not rows:
            return "没有编码到政策工具。"
        df = pd.DataFrame(rows).drop_duplicates("instrument").sort_values(["type", "instrument"])
        df = df.assign(
            doc=[self.short_link(x) for x in df["doc_id"]], link=[para_ref(a, b) for a, b in zip(df["doc_id"], df["paragraph"])]
        )
        return render.table(
            df,
            {"type": "类型", "instrument": "政策工具", "keyword": "关键词", "clause": "例句", "doc": "文件", "link": "位置"},
            raw=("doc", "link"),
        )

    def departments(self, top: int = 20) -> str:
        df = self.corpus.table("departments")
        if df.empty:
            return "语料中的文件没有标注牵头部门。"
        return render.table(df.head(top), {"department": "部门", "lead": "牵头（列第一位）", "total": "参与条款数"})

    def departments_figure(self, top: int = 15):
        df = self.corpus.table("departments").head(top)
        return charts.bar_terms(df, value="total", label="department", xlabel="参与条款数")

    def has_departments(self) -> bool:
        return not self.corpus.table("departments").empty

    def network_figure(self):
        return charts.network_figure(self.corpus.table("network_nodes"), self.corpus.table("network_edges"))

    def network_edges(self, top: int = 15) -> str:
        df = self.corpus.table("network_edges").head(top)
        return render.table(df, {"source": "词语甲", "target": "词语乙", "weight": "共现句数", "strength": "Jaccard"})

    def document_graph(self):
        links = self.corpus.table("links")
        linked = sorted(set(links["doc_a"]) | set(links["doc_b"]))
        if len(linked) > MAX_FIGURE_ROWS:
            degree = pd.concat([links["doc_a"], links["doc_b"]]).value_counts()
            linked = sorted(degree.sort_values(ascending=False, kind="stable").index[:MAX_FIGURE_ROWS])
            links = links[links["doc_a"].isin(linked) & links["doc_b"].isin(linked)]
        ids = linked if len(self.docs) > MAX_FIGURE_ROWS else [d["doc_id"] for d in self.docs]
        labels = self.labels()
        return charts.document_graph_figure(links, {i: labels[i] for i in ids})

    def evaluation(self) -> str:
        ev = self.info.get("evaluation")
        if not ev:
            return "参数 `gold` 未指定或其中没有本语料的文件，因此没有评估。"
        df = pd.DataFrame(ev["table"])
        df["precision"] = ["—" if pd.isna(x) else f"{x:.3f}" for x in df["precision"]]
        df["recall"] = [f"{x:.3f}" for x in df["recall"]]
        return render.table(
            df,
            {
                "field": "字段",
                "documents": "文件数",
                "tp": "正确",
                "fp": "误报",
                "fn": "漏报",
                "precision": "精确率",
                "recall": "召回率",
            },
        )

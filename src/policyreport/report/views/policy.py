"""The policy chapter: commitments, instruments, departments, networks."""

from __future__ import annotations

import pandas as pd

from policyreport.report import charts, render
from policyreport.report.render import escape, para_ref
from policyreport.report.views.common import MAX_FIGURE_ROWS, top_rows
from policyreport.report.views.instrument_goal import InstrumentGoalView
from policyreport.report.views.measures import MeasuresView
from policyreport.report.views.networks import NetworkView
from policyreport.report.views.pmc import PmcView
from policyreport.report.views.strength import StrengthView


class PolicyView(InstrumentGoalView, NetworkView, StrengthView, PmcView, MeasuresView):
    """What the policy chapter shows."""

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

    def promises(self) -> str:
        """Per document: clauses done and promised, the target years, and a link to the document's
        own list (the rows are printed once, in the document chapters; all are in the CSV)."""
        df = self.corpus.table("commitments")
        if df.empty:
            return "没有识别出承诺。"
        rows = []
        for doc_id, g in df.groupby("doc_id", sort=True):
            years = g.loc[g["status"] == "承诺", "target_year"].dropna().astype(int).value_counts().sort_index()
            where = (
                render.ref(f"commit-{doc_id}", "逐条列表")
                if self.info.get("document_chapters", True)
                else render.ref(render.source_label(doc_id), "原文")
            )
            rows.append(
                {
                    "doc": self.short_link(doc_id),
                    "done": int((g["status"] == "已完成").sum()),
                    "promise": int((g["status"] == "承诺").sum()),
                    "years": "、".join(f"{y}（{n}）" for y, n in years.items()) or "—",
                    "where": where,
                }
            )
        return render.table(
            pd.DataFrame(rows),
            {"doc": "文件", "done": "已完成", "promise": "承诺", "years": "承诺的目标年份（分句数）", "where": "详见"},
            raw=("doc", "where"),
        )

    def instrument_types(self, shares: bool = False) -> pd.DataFrame:
        """Documents × instrument types: coded clauses, or each document's shares (rows sum to 1)."""
        counts = self.corpus.table("instrument_counts")
        if counts.empty:
            return pd.DataFrame()
        t = counts.groupby(["doc_id", "type"])["count"].sum().unstack(fill_value=0)
        if shares:
            t = t.div(t.sum(axis=1), axis=0)
        return t.rename(index=self.labels())

    def instruments_figure(self):
        return charts.stacked_bars(top_rows(self.instrument_types(shares=True)) * 100, "各类工具占本文件编码的百分比")

    def instrument_distribution(self) -> str:
        df = self.corpus.table("instrument_distribution")
        if df.empty:
            return "规范性文件中没有编码到政策工具。"
        fit = self.fit_sentence("instruments")
        df = df.assign(
            share=[f"{x:.1%}" for x in df["share"]],
            mean_share=[f"{x:.1%}" for x in df["mean_share"]],
            per_1000=[f"{x:.3f}" for x in df["per_1000"]],
        )
        names = {
            "type": "类型",
            "instrument": "政策工具",
            "count": "次数",
            "share": "占全部编码",
            "mean_share": "文件平均占比",
            "per_1000": "每千字（文件平均）",
        }
        return (fit + "\n\n" if fit else "") + render.table(df, names)

    def instrument_examples(self) -> str:
        rows = []
        d_table = self.optional_table("designs")
        normative = set(d_table.loc[d_table["design"] == "normative", "doc_id"]) if not d_table.empty else None
        for d in self.docs:
            if normative is not None and d["doc_id"] not in normative:
                continue  # replies and other documents set no measures
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

    def document_graph(self):
        """The stored `document_pairs` drawn; above MAX_FIGURE_ROWS linked documents, those sharing
        the most items."""
        pairs = self.corpus.table("document_pairs")
        linked = sorted(set(pairs["doc_a"]) | set(pairs["doc_b"]))
        if len(linked) > MAX_FIGURE_ROWS:
            ends = pd.concat([pairs.rename(columns={"doc_a": "doc"}), pairs.rename(columns={"doc_b": "doc"})])
            degree = ends.groupby("doc")["shared"].sum()
            linked = sorted(degree.sort_values(ascending=False, kind="stable").index[:MAX_FIGURE_ROWS])
            pairs = pairs[pairs["doc_a"].isin(linked) & pairs["doc_b"].isin(linked)]
        ids = linked if len(self.docs) > MAX_FIGURE_ROWS else [d["doc_id"] for d in self.docs]
        labels = self.labels()
        return charts.document_graph_figure(pairs, {i: labels[i] for i in ids})

    def reply_section(self) -> str:
        """Replies to suggestions and proposals point by point: what was asked, what the reply does, the class it states."""
        pts = self.optional_table("reply_points")
        if pts.empty:
            return "语料中没有人大代表建议或政协提案的答复。"
        summ = self.optional_table("reply_summary")
        verdicts = pts["verdict"].value_counts()
        out = [
            f"{pts['doc_id'].nunique()} 份答复共 {len(pts)} 点（答复按“关于……”的一级标题分点，没有这类标题的整份算一点）："
            + "、".join(f"{escape(v)} {n} 点" for v, n in verdicts.items())
            + f"；{int((pts['promised'] > 0).sum())} 点含承诺，其中 {int((pts['target_years'].fillna('') != '').sum())} 点写明了目标年份。"
        ]
        stated = summ["handling_class"].dropna() if not summ.empty else pd.Series(dtype=str)
        if len(stated):
            out.append(
                f"{len(stated)} 份答复自标了办理类别（"
                + "、".join(f"{escape(str(k))} 类 {n} 份" for k, n in stated.value_counts().sort_index().items())
                + "）。类别的含义由各地、各部门的建议提案办理办法规定，划分并不统一（有三类、四类，也有甲乙丙），本报告照录答复的标注，不跨地区合并比较。"
            )
        rows = pts.assign(
            doc=[self.short_link(d) for d in pts["doc_id"]],
            asked_shown=[escape(str(a)[:60]) + ("…" if len(str(a)) > 60 else "") for a in pts["asked"]],
            where=[para_ref(d, int(p)) for d, p in zip(pts["doc_id"], pts["paragraph"])],
            years=[escape(_years(y)) or "—" for y in pts["target_years"]],
            ev=[escape(str(e)) if isinstance(e, str) and e else "—" for e in pts["evidence"]],
        )
        names = {
            "doc": "答复",
            "point": "点",
            "asked_shown": "所提内容",
            "verdict": "办理方式",
            "done": "已办分句",
            "promised": "承诺分句",
            "years": "目标年份",
            "ev": "判定依据",
            "where": "位置",
        }
        return "".join(out) + "\n\n" + render.table(rows, names, raw=("doc", "where", "asked_shown", "ev"))

    def synthesis(self) -> str:
        """The chapter's tables in a few sentences: commitments, instruments, goals; ties said to be ties."""
        out = []
        com = self.corpus.table("commitments")
        if not com.empty:
            done, promised = int((com["status"] == "已完成").sum()), int((com["status"] == "承诺").sum())
            dated = int(((com["status"] == "承诺") & com["target_year"].notna()).sum())
            out.append(f"全语料识别出已完成事项 {done} 条、承诺 {promised} 条，其中 {dated} 条承诺写明了目标年份。")
        f = self.finding("strongest_instrument_type")
        if f:
            lead = "占比最高" if f["ties"] == 1 else "并列占比最高"
            out.append(f"政策工具中{escape(f['text'])}{lead}（各文件平均 {f['value']:.1%}）。")
        g = self.finding("instrument_gaps")
        if g and pd.notna(g.get("base")) and int(g["base"]) >= 2:
            where = "没有任何一份使用" if int(g["value"]) == 0 else f"只有 {int(g['value'])} 份使用"
            out.append(f"在 {int(g['base'])} 份编码到工具的规范性文件中，{escape(g['text'])}{where}。")
        return "".join(out)


def _years(value) -> str:
    """Target years as written in the table (2025, 2025、2030), never as a float read back from CSV (2025.0)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""The comparison chapter's burst terms (Kleinberg two-state model on yearly document frequencies)."""

from __future__ import annotations

import matplotlib.pyplot as plt

from policyreport.compare import bursts
from policyreport.report import charts, render
from policyreport.report.views.common import CorpusView, download

FIGURE_TERMS = 20


class BurstView(CorpusView):
    """Burst terms: the table, a bar per burst over the years, or why there are none."""

    def has_bursts(self) -> bool:
        return not self.corpus.table("bursts").empty

    def burst_summary(self) -> str:
        status = self.corpus.table("burst_status")
        reason = status["reason"].iloc[0] if not status.empty and isinstance(status["reason"].iloc[0], str) else ""
        if not self.has_bursts():
            return render.escape(reason) or "没有突发词。"
        df = self.corpus.table("bursts")
        kept = f"（按权重列出前 {bursts.TOP} 个）" if len(df) >= bursts.TOP else ""
        return (
            f"共检出 {len(df)} 个突发{kept}；{{numref}}`fig-bursts` 画出权重最高的 "
            f"{min(len(df), FIGURE_TERMS)} 个突发，方块是突发期内有发文的年份。"
        )

    def burst_table(self) -> str:
        df = self.corpus.table("bursts")
        if df.empty:
            return ""
        df = df.assign(
            years=[f"{a}—{b}" if a != b else str(a) for a, b in zip(df["start"], df["end"])],
            weight=[f"{w:.2f}" for w in df["weight"]],
            share=[f"{r}/{d}" for r, d in zip(df["burst_docs"], df["burst_year_docs"])],
            docs=["；".join(self.short_link(x) for x in str(ds).split("、")) for ds in df["docs"]],
        )
        names = {
            "term": "词语",
            "years": "突发年份",
            "weight": "权重",
            "share": "突发期使用该词的文件/全部文件",
            "term_docs": "使用该词的文件总数",
            "docs": "突发期使用该词的文件",
        }
        return (
            render.table(df, names, raw=("docs",))
            + "\n\n数据下载："
            + download(self.corpus.csv_path("bursts"), "突发词（CSV）", self.here)
        )

    def burst_figure(self) -> plt.Figure:
        charts.setup()
        df = self.corpus.table("bursts").head(FIGURE_TERMS).iloc[::-1].reset_index(drop=True)
        years = self.corpus.table("overview")["year"].dropna().astype(int)
        issued = sorted(set(years))
        fig, ax = plt.subplots(figsize=(8, 0.32 * len(df) + 1.2))
        for i, (a, b) in enumerate(zip(df["start"], df["end"])):
            ax.plot([a, b], [i, i], color=charts.BAR, alpha=0.4, linewidth=1)
            ax.broken_barh([(y - 0.4, 0.8) for y in issued if a <= y <= b], (i - 0.35, 0.7), color=charts.BAR)
        ax.set_yticks(range(len(df)), [f"{t}（{w:.1f}）" for t, w in zip(df["term"], df["weight"])])
        ax.set_xlim(years.min() - 0.5, years.max() + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("发文年份（括号内为突发权重）")
        ax.grid(axis="x", alpha=0.3)
        fig.tight_layout()
        return fig

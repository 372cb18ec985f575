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
        return (
            f"共检出 {len(df)} 个突发（按权重取前 {bursts.TOP} 个）；{{numref}}`fig-bursts` 画出权重最高的 "
            f"{min(len(df), FIGURE_TERMS)} 个突发所在的年份。"
        )

    def burst_table(self) -> str:
        df = self.corpus.table("bursts")
        if df.empty:
            return ""
        df = df.assign(
            years=[f"{a}—{b}" if a != b else str(a) for a, b in zip(df["start"], df["end"])],
            weight=[f"{w:.2f}" for w in df["weight"]],
            share=[f"{r}/{d}" for r, d in zip(df["burst_docs"], df["burst_year_docs"])],
        )
        names = {
            "term": "词语",
            "years": "突发年份",
            "weight": "权重",
            "share": "突发期使用该词的文件/全部文件",
            "term_docs": "使用该词的文件总数",
        }
        return render.table(df, names) + "\n\n数据下载：" + download(self.corpus.csv_path("bursts"), "突发词（CSV）", self.here)

    def burst_figure(self) -> plt.Figure:
        charts.setup()
        df = self.corpus.table("bursts").head(FIGURE_TERMS).iloc[::-1].reset_index(drop=True)
        fig, ax = plt.subplots(figsize=(8, 0.32 * len(df) + 1.2))
        ax.barh(range(len(df)), df["end"] - df["start"] + 1, left=df["start"] - 0.5, color=charts.BAR, alpha=0.8)
        ax.set_yticks(range(len(df)), [f"{t}（{w:.1f}）" for t, w in zip(df["term"], df["weight"])])
        years = self.corpus.table("overview")["year"].dropna().astype(int)
        ax.set_xlim(years.min() - 0.5, years.max() + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("发文年份（括号内为突发权重）")
        ax.grid(axis="x", alpha=0.3)
        fig.tight_layout()
        return fig

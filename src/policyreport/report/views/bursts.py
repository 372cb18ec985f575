"""The comparison chapter's burst terms (Kleinberg two-state model on yearly document frequencies)."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt

from policyreport.compare import bursts
from policyreport.report import charts, render
from policyreport.report.i18n import english, tr
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
            return render.escape(burst_reason(reason)) or tr("没有突发词。")
        df = self.corpus.table("bursts")
        kept = tr("（按权重列出前 {n} 个）", n=bursts.TOP) if len(df) >= bursts.TOP else ""
        return tr(
            "共检出 {n} 个突发{kept}；{{numref}}`fig-bursts` 画出权重最高的 {shown} 个突发，方块是突发期内有发文的年份。",
            n=len(df),
            kept=kept,
            shown=min(len(df), FIGURE_TERMS),
        )

    def burst_table(self) -> str:
        df = self.corpus.table("bursts")
        if df.empty:
            return ""
        df = df.assign(
            years=[f"{a}—{b}" if a != b else str(a) for a, b in zip(df["start"], df["end"])],
            weight=[f"{w:.2f}" for w in df["weight"]],
            share=[f"{r}/{d}" for r, d in zip(df["burst_docs"], df["burst_year_docs"])],
            docs=[tr("；").join(self.short_link(x) for x in str(ds).split("、")) for ds in df["docs"]],
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
            + "\n\n"
            + tr("数据下载：")
            + download(self.corpus.csv_path("bursts"), tr("突发词（CSV）"), self.here)
        )

    def burst_figure(self) -> plt.Figure:
        df = self.corpus.table("bursts").head(FIGURE_TERMS).iloc[::-1].reset_index(drop=True)
        years = self.corpus.table("overview")["year"].dropna().astype(int)
        return charts.bursts(df[["term", "weight", "start", "end"]], years)


def burst_reason(text: str) -> str:
    """The stored reason why there are no bursts (compare.bursts, Chinese), translated when it is shown."""
    if not english() or not text:
        return text
    m = re.fullmatch(
        r"有年份的文件 (\d+) 份、跨 (\d+) 个年份；突发词检测要求至少 (\d+) 份有年份的文件、"
        r"至少 (\d+) 个不同年份，否则某一年的一两份文件就会造成“突发”，因此不做检测。",
        text,
    )
    if m:
        return tr(
            "有年份的文件 {n} 份、跨 {years} 个年份；突发词检测要求至少 {min_docs} 份有年份的文件、"
            "至少 {min_years} 个不同年份，否则某一年的一两份文件就会造成“突发”，因此不做检测。",
            n=int(m[1]),
            years=int(m[2]),
            min_docs=int(m[3]),
            min_years=int(m[4]),
        )
    m = re.fullmatch(r"(\d+) 份有年份的文件（(\d+)—(\d+) 年）中没有词语的文件频率出现突发。", text)
    if m:
        return tr("{n} 份有年份的文件（{first}—{last} 年）中没有词语的文件频率出现突发。", n=int(m[1]), first=m[2], last=m[3])
    return text

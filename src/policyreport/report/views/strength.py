"""The policy chapter's strength section: 政策力度 per document, by year and by administrative level."""

from __future__ import annotations

import re

import pandas as pd

from policyreport.compare.strength import JOINT
from policyreport.report import charts, render
from policyreport.report.i18n import name, tr
from policyreport.report.render import escape
from policyreport.report.views.common import CorpusView

_JOINT = re.compile(re.escape(JOINT.lstrip("；")).replace(re.escape("{by}"), "(.+)"))


def _basis(text: str) -> str:
    """A score's basis (the scale's source; a joint document's class) in the report's language."""
    parts = []
    for part in text.split("；"):
        m = _JOINT.fullmatch(part)
        parts.append(tr(JOINT.lstrip("；"), by=m[1]) if m else name(part))
    return tr("；").join(parts)


class StrengthView(CorpusView):
    """Policy strength (彭纪生 et al. 2008) read from the stored `strength*` tables."""

    def strength_table(self) -> str:
        df = self.corpus.table("strength")
        if df.empty:
            return tr("没有文件。")
        df = df.assign(
            doc=[self.short_link(d) for d in df["doc_id"]],
            shown=[str(int(s)) if pd.notna(s) else "—" for s in df["score"]],
            why=[escape(_basis(b)) if isinstance(b, str) else escape(name(r)) for b, r in zip(df["basis"], df["reason"])],
            issuer_class=[name(x) for x in df["issuer_class"].fillna("—")],
            genre_class=[name(x) for x in df["genre_class"].fillna("—")],
        )
        names = {"doc": "文件", "issuer_class": "机关类别", "genre_class": "文种类别", "shown": "力度", "why": "依据或未评分原因"}
        return render.table(df, names, raw=("doc", "why"))

    def strength_groups(self, column: str) -> str:
        df = self.corpus.table(f"strength_by_{column}")
        if df.empty:
            return tr("文件没有可用的年份。") if column == "year" else tr("文件没有可用的行政层级。")
        if column == "year":
            df[column] = [str(int(y)) for y in df[column]]
        df = df.assign(
            mean=["—" if pd.isna(x) else f"{x:.2f}" for x in df["mean"]],
            total=["—" if pd.isna(x) else f"{x:.0f}" for x in df["total"]],
        )
        first = "年份" if column == "year" else "行政层级"
        if column != "year":
            df[column] = [name(x) for x in df[column]]
        return render.table(
            df, {column: first, "documents": "文件数", "scored": "已评分", "mean": "平均力度", "total": "力度合计"}
        )

    def strength_figure(self):
        df = self.corpus.table("strength_by_year").dropna(subset=["mean"])
        series = pd.Series(
            df["mean"].to_numpy(), index=[tr("{year}（{n} 份）", year=int(y), n=n) for y, n in zip(df["year"], df["scored"])]
        )
        return charts.outline_bars(series, "平均政策力度（1–5）", xlim=(0, 5))

    def has_strength_years(self) -> bool:
        """A figure only for a series that varies (a flat line of equal means says nothing)."""
        df = self.corpus.table("strength_by_year").dropna(subset=["mean"])
        return len(df) > 1 and df["mean"].nunique() > 1

    def strength_synthesis(self) -> str:
        df = self.corpus.table("strength")
        scored = df[df["score"].notna()]
        if scored.empty:
            return tr("量表没有覆盖语料中的任何文件，因此没有政策力度。")
        counts = scored["score"].astype(int).value_counts().sort_index(ascending=False)
        spread = tr("、").join(tr("{score} 分 {n} 份", score=s, n=n) for s, n in counts.items())
        out = tr("{n} 份文件可按量表评分（{spread}），{m} 份没有评分。", n=len(scored), spread=spread, m=len(df) - len(scored))
        unscored = df[df["score"].isna()]
        if len(unscored):
            why = unscored["reason"].fillna("原因不详").value_counts()
            out += tr(
                "未评分的原因：{reasons}。",
                reasons=tr("；").join(tr("{reason}（{n} 份）", reason=escape(name(r)), n=n) for r, n in why.items()),
            )
        if counts.size == 1 and len(scored) > 1:
            out += tr(
                "已评分的文件力度全部相同（{score} 分），力度不区分这些文件，因此不画年度走势。", score=int(counts.index[0])
            )
        return out

"""The overview chapter: the metadata of every document and the timeline."""

from __future__ import annotations

import pandas as pd

from policyreport.report import charts, render
from policyreport.report.views.common import MAX_FIGURE_ROWS, CorpusView


class OverviewView(CorpusView):
    """What the overview chapter shows."""

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

    def synthesis(self) -> str:
        """The corpus's make-up in two sentences, read off the metadata."""
        if not self.docs:
            return ""
        genres = pd.Series([d.get("genre") or "未识别文种" for d in self.docs]).value_counts()
        levels = pd.Series([d.get("level") or "层级未识别" for d in self.docs]).value_counts()
        issuers = {d["issuer"] for d in self.docs if d.get("issuer")}
        return (
            f"本章概览语料的构成：{len(self.docs)} 份文件出自 {len(issuers)} 个发文机关；按文种，"
            + "、".join(f"{render.escape(g)} {c} 份" for g, c in genres.items())
            + "；按行政层级，"
            + "、".join(f"{render.escape(g)} {c} 份" for g, c in levels.items())
            + "。"
        )

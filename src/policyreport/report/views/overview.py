"""The overview chapter: the metadata of every document and the timeline."""

from __future__ import annotations

import pandas as pd

from policyreport.report import charts, render
from policyreport.report.citation import DATED_BY_PAGE, DATED_BY_YEAR, dating
from policyreport.report.i18n import date, name, tr
from policyreport.report.labels import field
from policyreport.report.views.common import MAX_FIGURE_ROWS, CorpusView


def _dated(meta: dict) -> str:
    """The overview's date cell: the 成文日期, else the year (仅年份), else the page's date (发布日期)."""
    kind, when = dating(meta)
    if kind == DATED_BY_YEAR:
        return tr("{date}（仅年份）", date=date(when))
    if kind == DATED_BY_PAGE:
        return tr("{date}（发布日期）", date=date(when))
    return date(when) or "—"


class OverviewView(CorpusView):
    """What the overview chapter shows."""

    def overview_table(self) -> str:
        rows = []
        for d in self.docs:
            handling = tr("；").join(
                x
                for x in (d.get("handling_result"), tr("{cls}类", cls=d["handling_class"]) if d.get("handling_class") else None)
                if x
            )
            rows.append(
                {
                    "label": self.link(d["doc_id"]),
                    "title": d.get("title") or d["file"],
                    "date": _dated(d),
                    "region": d.get("region") or "—",
                    "level": name(d.get("level")) or "—",
                    "genre": name(d.get("genre")),
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
                "label": "简称",
                "title": "标题",
                "date": "日期",
                "region": field("region"),
                "level": field("level"),
                "genre": field("genre"),
                "recipient": field("recipient"),
                "handling": "办理结果/类别",
                "characters": "字数",
                "sections": "部分数",
            },
            raw=("label",),
        )

    def timeline_rows(self) -> pd.DataFrame:
        """One row per document that can be placed in time: date, how it is dated, label."""
        rows = []
        for d in self.docs:
            kind, when = dating(d)
            if kind:
                rows.append(
                    {
                        "date": when if kind != DATED_BY_YEAR else None,
                        "year": int(when[:4]),
                        "kind": kind,
                        "label": self.label(d["doc_id"]),
                    }
                )
        rows.sort(key=lambda r: (r["date"] or f"{r['year']}-07-01", r["label"]))
        return pd.DataFrame(rows, columns=["date", "year", "kind", "label"])

    def timeline_figure(self):
        rows = self.timeline_rows()
        if len(self.docs) > MAX_FIGURE_ROWS:
            return charts.outline_bars(rows["year"].value_counts().sort_index().rename(index=str), "文件数")
        return charts.timeline(rows)

    def undated(self) -> list[dict]:
        """Documents without a 成文日期 (dated by year, by their web page, or not at all)."""
        return [d for d in self.docs if not d.get("date")]

    def dated_by(self, kind: str | None) -> list[dict]:
        return [d for d in self.docs if dating(d)[0] == kind]

    def synthesis(self) -> str:
        """The corpus's make-up in two sentences, read off the metadata."""
        if not self.docs:
            return ""
        genres = pd.Series([d.get("genre") or "未识别文种" for d in self.docs]).value_counts()
        levels = pd.Series([d.get("level") or "层级未识别" for d in self.docs]).value_counts()
        issuers = {d["issuer"] for d in self.docs if d.get("issuer")}
        return tr(
            "本章概览语料的构成：{n} 份文件出自 {issuers} 个发文机关；按文种，{genres}；按行政层级，{levels}。",
            n=len(self.docs),
            issuers=len(issuers),
            genres=tr("、").join(tr("{genre} {n} 份", genre=render.escape(name(g)), n=c) for g, c in genres.items()),
            levels=tr("、").join(tr("{genre} {n} 份", genre=render.escape(name(g)), n=c) for g, c in levels.items()),
        )

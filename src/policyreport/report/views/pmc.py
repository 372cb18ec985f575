"""The PMC index section: comparison table, surfaces, evidence, and the reviewer's template."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from policyreport.report import charts, render
from policyreport.report.i18n import english, lookup, name, tr
from policyreport.report.render import escape, para_ref
from policyreport.report.views.common import MAX_FIGURE_ROWS, CorpusView

SURFACE = ["X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8", "X9"]  # read row by row into 3×3


def surface(row: pd.Series) -> np.ndarray:
    return np.array([float(row.get(x, 0.0)) for x in SURFACE]).reshape(3, 3)


def evidence_table(scores: pd.DataFrame, doc_id: str) -> str:
    """One row per second-level variable of one document, with its evidence and paragraph link."""
    df = scores[scores["doc_id"] == doc_id]
    if df.empty:
        return tr("没有 PMC 评分。")
    df = df.assign(
        var=[f"{c} {escape(name(n))}" for c, n in zip(df["code"], df["name"])],
        level=[f"{a} {escape(name(b))}" for a, b in zip(df["level1"], df["level1_name"])],
        ev=[escape(pmc_evidence(e)) for e in df["evidence"]],
        source=[name(x) for x in df["source"]],
        link=[para_ref(doc_id, p) if pd.notna(p) else "" for p in df["paragraph"]],
    )
    names = {"level": "一级变量", "var": "二级变量", "score": "得分", "source": "来源", "ev": "证据", "link": "位置"}
    return render.table(df, names, raw=("var", "level", "ev", "link"))


class PmcView(CorpusView):
    """PMC index of every document (Ruiz Estrada 2011) read from the stored `pmc` tables."""

    def pmc_summary(self) -> pd.DataFrame:
        return self.corpus.table("pmc")

    def pmc_table(self) -> str:
        df = self.pmc_summary()
        if df.empty:
            return tr("没有 PMC 评分。")
        df = df.sort_values(["rank", "doc_id"])
        levels = [c for c in df.columns if c.startswith("X")]
        shown = df.assign(doc=[self.short_link(d) for d in df["doc_id"]], pmc=[f"{x:.2f}" for x in df["pmc"]])
        shown = shown.assign(**{c: [f"{x:.2f}" for x in df[c]] for c in levels})
        shown = shown.assign(grade=[name(g) for g in df["grade"]])
        names = {"rank": "排名", "doc": "文件"} | {c: c for c in levels} | {"pmc": "PMC", "grade": "等级"}
        return render.table(shown, names, raw=("doc",))

    def pmc_figure(self):
        df = self.pmc_summary().sort_values(["rank", "doc_id"]).head(min(MAX_FIGURE_ROWS, 9))
        labels = self.labels()
        return charts.pmc_surfaces(
            {f"{labels[r.doc_id][:14]}\nPMC {r.pmc:.2f}": surface(pd.Series(r._asdict())) for r in df.itertuples()}
        )

    def pmc_evidence(self, doc_id: str) -> str:
        return evidence_table(self.corpus.table("pmc_scores"), doc_id)

    def pmc_excluded(self) -> str:
        """The documents left out of the PMC index (not normative), named with their group."""
        d = self.optional_table("designs")
        if d.empty:
            return ""
        out = d[d["design"] != "normative"]
        if out.empty:
            return ""
        groups = tr("；").join(
            tr("{group}：{docs}", group=escape(name(group)), docs=tr("、").join(self.short_link(x) for x in g["doc_id"]))
            for group, g in out.groupby("design_name", sort=False)
        )
        return tr(
            "PMC 指数评价的是设定措施的政策方案，只对规范性文件计算；以下 {n} 份文件不评分（{groups}）。",
            n=len(out),
            groups=groups,
        )

    def pmc_constant(self) -> str:
        """Second-level variables with the same score in every scored document: they do not discriminate."""
        c = self.optional_table("pmc_constant")
        if c.empty:
            return ""
        items = tr("、").join(
            tr("{code} {variable}（均为 {score}）", code=escape(code), variable=escape(name(v)), score=int(score))
            for code, v, score in zip(c["code"], c["name"], c["score"])
        )
        return tr(
            "以下 {n} 个二级变量在全部 {documents} 份已评分文件中得分相同，不区分文件，排名的差异来自其余变量：{items}。",
            n=len(c),
            documents=int(c["documents"].iloc[0]),
            items=items,
        )

    def pmc_synthesis(self) -> str:
        df = self.pmc_summary()
        excluded = self.pmc_excluded()
        if df.empty:
            return excluded or tr("语料中没有规范性文件，因此没有 PMC 指数。")
        top = df[df["rank"] == 1]
        grades = df["grade"].value_counts()
        if len(df) == 1:
            out = tr(
                "只有 1 份规范性文件，其 PMC 指数为 {pmc:.2f}（{grade}，满分 10），没有可比较的文件",
                pmc=df["pmc"].iloc[0],
                grade=escape(name(df["grade"].iloc[0])),
            )
        else:
            out = tr(
                "{n} 份规范性文件的 PMC 指数在 {low:.2f}—{high:.2f} 之间（满分 10），等级分布：{grades}",
                n=len(df),
                low=df["pmc"].min(),
                high=df["pmc"].max(),
                grades=tr("、").join(tr("{genre} {n} 份", genre=escape(name(g)), n=n) for g, n in grades.items()),
            )
        if len(top) == 1 and len(df) > 1:
            out += tr("；最高的是“{doc}”。", doc=escape(self.label(top["doc_id"].iloc[0])))
        elif len(df) > 1:
            out += tr("；最高值由 {n} 份文件并列。", n=len(top))
        overridden = int((self.corpus.table("pmc_scores")["source"] == "人工改写").sum())
        out = out.rstrip("。").rstrip(".") + tr("。")
        out += tr("其中 {n} 个得分经审读者人工改写。", n=overridden) if overridden else tr("全部得分为自动判定，尚未经人工审读。")
        return " ".join(x for x in (out, excluded, self.pmc_constant()) if x)


def pmc_evidence(text) -> str:
    """The stored evidence of a PMC score (compare.pmc, Chinese) in the report's language,
    translated when it is shown: the fixed sentences and the frames around quotes; the quotes, the
    headings and the clauses stay as written."""
    if not english() or not isinstance(text, str):
        return text
    if m := re.fullmatch(r"元数据“(.+?)”：(.*)", text, re.S):
        return tr("元数据“{field}”：{value}", field=name(m[1]), value=name(m[2]))
    if m := re.fullmatch(r"没有编码到(.+)", text, re.S):
        return tr("没有编码到{instruments}", instruments=tr("、").join(name(w) for w in m[1].split("、")))
    if m := re.fullmatch(r"标题“(.+)”", text, re.S):
        return tr("标题“{heading}”", heading=m[1])
    if m := re.fullmatch(r"目标年份 (.+?) 年，距(.+?) (\d+) 年均不在 (\d+)—(\d+) 年内", text, re.S):
        return tr(
            "目标年份 {years} 年，距{base} {year} 年均不在 {lo}—{hi} 年内",
            years=m[1].replace("、", tr("、")),
            base=name(m[2]),
            year=m[3],
            lo=m[4],
            hi=m[5],
        )
    if m := re.fullmatch(r"“(.+)”：目标年份 (.+?) 年，距(.+?) (\d+) 年 (-?\d+) 年", text, re.S):
        return tr(
            "“{words}”：目标年份 {years} 年，距{base} {year} 年 {span} 年",
            words=m[1],
            years=m[2].replace("、", tr("、")),
            base=name(m[3]),
            year=m[4],
            span=m[5],
        )
    if m := re.fullmatch(r"([^：“”]{1,12})：(.+)", text, re.S):  # instrument: the coded clause
        if lookup(m[1]):
            return tr("{instrument}：{clause}", instrument=name(m[1]), clause=m[2])
    return name(text)

"""The policy chapter: commitments, instruments, departments, networks."""

from __future__ import annotations

import re

import pandas as pd

from policyreport.report import charts, render
from policyreport.report.i18n import english, name, tr
from policyreport.report.render import escape, para_ref
from policyreport.report.views.common import MAX_FIGURE_ROWS, top_rows, words
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
        """Per document: clauses done and promised, the target years the clauses write, the promises
        whose deadline writes no year (6月底前: counted apart, never given the document's year), and a
        link to the document's own list (the rows are printed once, in the document chapters; all are
        in the CSV)."""
        df = self.corpus.table("commitments")
        if df.empty:
            return tr("没有识别出承诺。")
        df = df.assign(undated=undated_promises(df))
        rows = []
        for doc_id, g in df.groupby("doc_id", sort=True):
            years = g.loc[g["status"] == "承诺", "target_year"].dropna().astype(int).value_counts().sort_index()
            where = (
                render.ref(f"commit-{doc_id}", tr("逐条列表"))
                if self.info.get("document_chapters", True)
                else render.ref(render.source_label(doc_id), tr("原文"))
            )
            rows.append(
                {
                    "doc": self.short_link(doc_id),
                    "done": int((g["status"] == "已完成").sum()),
                    "promise": int((g["status"] == "承诺").sum()),
                    "years": tr("、").join(tr("{y}（{n}）", y=y, n=n) for y, n in years.items()) or "—",
                    "undated": int(g["undated"].sum()),
                    "where": where,
                }
            )
        names = {
            "doc": "文件",
            "done": "已完成",
            "promise": "承诺",
            "years": "承诺的目标年份（分句数）",
            "undated": "期限未写年份的承诺",
            "where": "详见",
        }
        return render.table(pd.DataFrame(rows), names, raw=("doc", "where"))

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
            return tr("规范性文件中没有编码到政策工具。")
        fit = self.fit_sentence("instruments")
        df = df.assign(
            share=[f"{x:.1%}" for x in df["share"]],
            mean_share=[f"{x:.1%}" for x in df["mean_share"]],
            per_1000=[f"{x:.3f}" for x in df["per_1000"]],
            type=[name(x) for x in df["type"]],
            instrument=[name(x) for x in df["instrument"]],
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
            return tr("没有编码到政策工具。")
        df = pd.DataFrame(rows).drop_duplicates("instrument").sort_values(["type", "instrument"])
        df = df.assign(
            doc=[self.short_link(x) for x in df["doc_id"]],
            link=[para_ref(a, b) for a, b in zip(df["doc_id"], df["paragraph"])],
            type=[name(x) for x in df["type"]],
            instrument=[name(x) for x in df["instrument"]],
        )
        return render.table(
            df,
            {"type": "类型", "instrument": "政策工具", "keyword": "关键词", "clause": "例句", "doc": "文件", "link": "位置"},
            raw=("doc", "link"),
        )

    def departments(self, top: int = 20) -> str:
        df = self.corpus.table("departments")
        if df.empty:
            return tr("语料中的文件没有标注牵头部门。")
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
        """Replies to suggestions and proposals: a computed synthesis, each stated handling class with its
        meaning under a checked rule (or why none is given), and every point with its paragraph evidence."""
        pts = self.optional_table("reply_points")
        if pts.empty:
            return tr("语料中没有人大代表建议或政协提案的答复。")
        for col, default in (("stated", ""), ("promised_dated", 0), ("explained", 0)):
            pts[col] = pts[col].fillna(default) if col in pts else default
        out = [reply_synthesis(pts, self.labels())]
        classes = self.reply_classes(self.optional_table("reply_summary"))
        if classes:
            out.append(classes)
        rows = pts.assign(
            doc=[self.short_link(d) for d in pts["doc_id"]],
            asked_shown=[escape(str(a)[:60]) + ("…" if len(str(a)) > 60 else "") for a in pts["asked"]],
            said=[escape(str(x)) if x else "—" for x in pts["stated"]],
            where=[para_ref(d, int(p)) for d, p in zip(pts["doc_id"], pts["paragraph"])],
            promises=[
                tr("{n}（{k} 句有目标年份：{years}）", n=int(n), k=int(k), years=escape(_years(y))) if int(k) else str(int(n))
                for n, k, y in zip(pts["promised"], pts["promised_dated"], pts["target_years"])
            ],
            ev=[escape(reply_evidence(e)) if isinstance(e, str) and e else "—" for e in pts["evidence"]],
            verdict=[name(v) for v in pts["verdict"]],
        )
        names = {
            "doc": "答复",
            "point": "点",
            "asked_shown": "所提内容",
            "said": "答复自述",
            "verdict": "办理方式（按分句证据）",
            "done": "已完成分句",
            "promises": "承诺分句",
            "explained": "解释说明分句",
            "ev": "判定依据（段落与原文）",
            "where": "位置",
        }
        return "\n\n".join(out) + "\n\n" + render.table(rows, names, raw=("doc", "where", "asked_shown", "ev", "said"))

    def reply_classes(self, summ: pd.DataFrame) -> str:
        """The handling class or result each reply states, with the class's meaning where a checked rule of
        the reply's jurisdiction and channel gives it, and a plain 'not known' where none does."""
        if summ.empty:
            return ""
        summ = summ.copy()
        for col in ("handling_class", "handling_result", "stated_points", "class_meaning", "class_jurisdiction"):
            summ[col] = summ[col].fillna("").astype(str) if col in summ else ""
        summ = summ[(summ["handling_class"] != "") | (summ["handling_result"] != "") | (summ["stated_points"] != "")]
        if summ.empty:
            return tr("没有答复自标办理类别或办理结果。")
        rows = []
        for r in summ.itertuples():
            if r.class_meaning:
                meaning = tr(
                    "{cls} 类：{meaning}（依据{where}的分类，来源见本节“方法与局限”）",
                    cls=escape(r.handling_class),
                    meaning=escape(r.class_meaning),
                    where=escape(name(r.class_jurisdiction)),
                )
            elif r.handling_class:
                meaning = tr(
                    "未能核实答复所在地、渠道的分类规则，{cls} 类的含义只能以答复自己的表述为准", cls=escape(r.handling_class)
                )
            else:
                meaning = "—"
            said = tr("、").join(x for x in dict.fromkeys([r.handling_result, r.stated_points]) if x)
            rows.append(
                {
                    "doc": self.short_link(r.doc_id),
                    "cls": escape(r.handling_class) or "—",
                    "said": escape(said) or "—",
                    "meaning": meaning,
                }
            )
        known = int((summ["class_meaning"] != "").sum())
        labelled = int((summ["handling_class"] != "").sum())
        lead = (
            tr(
                "{labelled} 份答复自标了办理类别，其中 {known} 份能按所在地、渠道经核对的分类解释，"
                "{unknown} 份所在地的分类规则未能核实（同一字母在各地含义不同，不借用别处的分类，也不跨地区合并比较）。",
                labelled=labelled,
                known=known,
                unknown=labelled - known,
            )
            if labelled
            else tr("没有答复自标办理类别。")
        )
        return (
            lead
            + "\n\n"
            + render.table(
                pd.DataFrame(rows),
                {"doc": "答复", "cls": "自标类别", "said": "答复自述的办理结果", "meaning": "类别的含义"},
                raw=("doc", "cls", "said", "meaning"),
            )
        )

    def synthesis(self) -> str:
        """The chapter's tables in a few sentences: commitments, instruments, goals; ties said to be ties."""
        out = []
        com = self.corpus.table("commitments")
        if not com.empty:
            done, promised = int((com["status"] == "已完成").sum()), int((com["status"] == "承诺").sum())
            dated = int(((com["status"] == "承诺") & com["target_year"].notna()).sum())
            out.append(
                tr(
                    "全语料识别出已完成事项 {done} 条、承诺 {promised} 条，其中 {dated} 条承诺写明了目标年份。",
                    done=done,
                    promised=promised,
                    dated=dated,
                )
            )
            undated = int(undated_promises(com).sum())
            if undated:
                out.append(
                    tr(
                        "另有 {n} 条承诺的期限没有写年份（如“6月底前”“年内”），目标年份记为空，不按发文年份补出。",
                        n=undated,
                    )
                )
        f = self.finding("strongest_instrument_type")
        if f:
            fields = {"types": words(f["text"]), "value": f["value"]}
            if f["ties"] == 1:
                out.append(tr("政策工具中{types}占比最高（各文件平均 {value:.1%}）。", **fields))
            else:
                out.append(tr("政策工具中{types}并列占比最高（各文件平均 {value:.1%}）。", **fields))
        g = self.finding("instrument_gaps")
        if g and pd.notna(g.get("base")) and int(g["base"]) >= 2:
            fields = {"base": int(g["base"]), "names": words(g["text"])}
            if int(g["value"]) == 0:
                out.append(tr("在 {base} 份编码到工具的规范性文件中，{names}没有任何一份使用。", **fields))
            else:
                out.append(tr("在 {base} 份编码到工具的规范性文件中，{names}只有 {n} 份使用。", n=int(g["value"]), **fields))
        return "".join(out)


def undated_promises(com: pd.DataFrame) -> pd.Series:
    """Which rows of a commitments table are promises with a deadline that writes no year."""
    if "deadline" not in com:
        return pd.Series(False, index=com.index)
    written = com["deadline"].map(lambda x: isinstance(x, str) and bool(x))
    return (com["status"] == "承诺") & com["target_year"].isna() & written


def reply_synthesis(pts: pd.DataFrame, labels: dict[str, str] | None = None) -> str:
    """The replies in a few computed sentences, each count with its base; no ranking words."""
    from policyreport.compare.replies import VERDICTS, synthesis

    s = synthesis(pts)
    v = s["verdicts"]
    out = [
        tr(
            "语料中有 {replies} 份人大代表建议、政协提案的答复，按“关于……”的一级标题分为 {points} 点"
            "（没有这类标题的答复整份算一点）。按分句证据，{verdicts}（n = {points} 点）。",
            replies=s["replies"],
            points=s["points"],
            verdicts=tr("；").join(tr("{verdict} {n} 点", verdict=escape(name(k)), n=v[k]) for k in VERDICTS if v[k]),
        )
    ]
    if s["promises"]:
        out.append(
            tr(
                "{points} 点含承诺，共 {promises} 个承诺分句，其中 {dated} 个写明了目标年份（n = {promises} 个承诺分句）。",
                points=s["points_promising"],
                promises=s["promises"],
                dated=s["promises_dated"],
            )
        )
    else:
        out.append(tr("没有识别出承诺分句。"))
    out.append(tr("{n} 点含解释说明（暂不能办、条件不具备、缺乏前提等）。", n=s["points_explaining"]))
    per_doc = pts.groupby("doc_id").size()
    if len(per_doc) > 1 and per_doc.max() * 2 > len(pts):
        d = per_doc.idxmax()
        out.append(tr("其中 {doc} 一份占 {n} 点，超过全部的一半。", doc=escape((labels or {}).get(d, d)), n=int(per_doc.max())))
    return "".join(out)


def _years(value) -> str:
    """Target years as written in the table (2025, 2025、2030), never as a float read back from CSV (2025.0)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def reply_evidence(text: str) -> str:
    """The stored evidence of a reply point (compare.replies, Chinese, items joined by “；”) in the
    report's language, translated when it is shown; the quoted clauses stay as written."""
    if not english():
        return text
    out = []
    for part in text.split("；"):
        if m := re.fullmatch(r"(.+?)：第(\d+)段“(.*)”等 (\d+) 句", part, re.S):
            out.append(tr("{label}：第{para}段“{clause}”等 {n} 句", label=name(m[1]), para=int(m[2]), clause=m[3], n=int(m[4])))
        elif m := re.fullmatch(r"(.+?)：第(\d+)段“(.*)”", part, re.S):
            out.append(tr("{label}：第{para}段“{clause}”", label=name(m[1]), para=int(m[2]), clause=m[3]))
        elif m := re.fullmatch(r"答复自述“(.*)”与分句证据不一致", part, re.S):
            out.append(tr("答复自述“{stated}”与分句证据不一致", stated=m[1]))
        else:
            out.append(part)
    return tr("；").join(out)

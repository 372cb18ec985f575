"""The policy chapter's instrument × goal section (and × lead department): tables, figure, synthesis."""

from __future__ import annotations

import pandas as pd

from policyreport.compare.policy_matrix import NO_DEPARTMENT, NO_GOAL
from policyreport.report import charts, render
from policyreport.report.i18n import name, tr
from policyreport.report.render import escape, para_ref
from policyreport.report.views.common import CorpusView, download

GOALLESS_WARNING = 0.75  # above this share of goalless codings the goals codebook is flagged
MAX_LINKS = 6  # paragraph links shown per cell; the CSV has them all


class InstrumentGoalView(CorpusView):
    """Instrument × goal: raw counts, document-weighted shares, rates per 1,000 characters, evidence."""

    def _order(self, cells: pd.DataFrame, column: str = "goal", last: str = NO_GOAL) -> tuple[list[str], list[str]]:
        dist = self.corpus.table("instrument_distribution")
        rows = [r for r in dist["instrument"] if r in set(cells["instrument"])] if not dist.empty else []
        totals = cells.groupby(column)["count"].sum()
        cols = sorted((c for c in totals.index if c != last), key=lambda c: (-int(totals[c]), c))
        return rows, cols + ([last] if last in totals.index else [])

    def goal_cells(self) -> pd.DataFrame:
        return self.corpus.table("instrument_goal")

    def goal_matrix(self, value: str = "mean_share") -> pd.DataFrame:
        cells = self.goal_cells()
        if cells.empty:
            return pd.DataFrame()
        rows, cols = self._order(cells)
        m = cells.pivot_table(index="instrument", columns="goal", values=value, aggfunc="sum", fill_value=0)
        return m.reindex(index=rows, columns=cols, fill_value=0)

    def goal_figure(self):
        """Mean shares in %, without the 未归类目标 column (it would set the colour scale; the table has it)."""
        m = self.goal_matrix().drop(columns=[NO_GOAL], errors="ignore") * 100
        return charts.heatmap(m, "政策目标", "政策工具", fmt="{:.1f}", cmap="Greens")

    def goal_table(self) -> str:
        """The matrix of raw counts, each cell linked to the first clause behind it."""
        cells = self.goal_cells()
        if cells.empty:
            return tr("没有编码到政策工具，因此没有工具 × 目标矩阵。")
        ev = self.corpus.table("instrument_goal_evidence")
        first = ev.drop_duplicates(["instrument", "goal"]).set_index(["instrument", "goal"])
        rows, cols = self._order(cells)
        count = cells.set_index(["instrument", "goal"])["count"]
        kind = cells.drop_duplicates("instrument").set_index("instrument")["type"]
        out = []
        for r in rows:
            row = {"type": name(kind[r]), "instrument": name(r)}
            for c in cols:
                n = int(count.get((r, c), 0))
                row[c] = para_ref(first.loc[(r, c), "doc_id"], first.loc[(r, c), "paragraph"], str(n)) if n else ""
            out.append(row)
        names = {"type": "类型", "instrument": "政策工具"} | {c: c for c in cols}
        return render.table(pd.DataFrame(out), names, raw=tuple(cols))

    def goal_evidence(self, limit: int = 25) -> str:
        """Every non-empty cell (most clauses first) with links to all its paragraphs."""
        cells = self.goal_cells()
        if cells.empty:
            return ""
        ev = self.corpus.table("instrument_goal_evidence")
        cells = cells[cells["goal"] != NO_GOAL].sort_values(["count", "instrument", "goal"], ascending=[False, True, True])
        rows = []
        for c in cells.head(limit).itertuples():
            e = ev[(ev["instrument"] == c.instrument) & (ev["goal"] == c.goal)].drop_duplicates(["doc_id", "paragraph"])
            shown = e.head(MAX_LINKS)
            links = tr("；").join(
                tr("{doc}：{paras}", doc=self.short_link(d), paras=tr("、").join(para_ref(d, p) for p in g["paragraph"]))
                for d, g in shown.groupby("doc_id", sort=False)
            )
            more = tr("（共 {n} 段）", n=len(e)) if len(e) > MAX_LINKS else ""
            rows.append(
                {
                    "cell": f"{escape(name(c.instrument))} × {escape(name(c.goal))}",
                    "count": int(c.count),
                    "documents": int(c.documents),
                    "share": f"{c.mean_share:.1%}",
                    "rate": f"{c.per_1000:.3f}",
                    "links": links + more,
                }
            )
        names = {
            "cell": "工具 × 目标",
            "count": "分句数",
            "documents": "文件数",
            "share": "文件平均占比",
            "rate": "每千字",
            "links": "原文段落",
        }
        return render.table(pd.DataFrame(rows), names, raw=("cell", "links"))

    def department_table(self, top: int = 8) -> str:
        cells = self.corpus.table("instrument_department")
        cells = cells[cells["department"] != NO_DEPARTMENT] if not cells.empty else cells
        if cells.empty:
            return tr("语料中没有标注牵头部门的条款，因此没有工具 × 牵头部门表。")
        totals = cells.groupby("department")["count"].sum().sort_values(ascending=False, kind="stable")
        keep = list(totals.index[:top])
        rows, _ = self._order(cells, "department", NO_DEPARTMENT)
        m = cells[cells["department"].isin(keep)].pivot_table(
            index="instrument", columns="department", values="count", aggfunc="sum", fill_value=0
        )
        m = m.reindex(index=[r for r in rows if r in m.index], columns=keep, fill_value=0).reset_index()
        return render.table(m, {"instrument": "政策工具"} | {k: k for k in keep})

    def goal_synthesis(self) -> str:
        """Two sentences read off the tables; a tie is said to be a tie."""
        cells = self.goal_cells()
        if cells.empty:
            return ""
        coded = cells[cells["goal"] != NO_GOAL]
        n_goalless = int(cells.loc[cells["goal"] == NO_GOAL, "count"].sum())
        total = int(self.corpus.table("instrument_distribution")["count"].sum())
        out = []
        if not coded.empty and self.fits("goals") and self.fits("instruments"):
            shown = coded["mean_share"].round(3)  # as printed: equal at 0.1 % is a tie
            top = coded["mean_share"][shown == shown.max()].max()
            best = coded[shown == shown.max()]
            names = tr("、").join(
                tr("“{pair}”", pair=f"{escape(name(i))} × {escape(name(g))}") for i, g in zip(best["instrument"], best["goal"])
            )
            n_docs = self.corpus.table("instrument_goal_evidence")["doc_id"].nunique()
            if len(best) > 1:
                out.append(
                    tr(
                        "在编码到工具的 {n} 份规范性文件中，按文件平均占比，并列最集中的组合是{names}（{top:.1%}）。",
                        n=n_docs,
                        names=names,
                        top=top,
                    )
                )
            else:
                out.append(
                    tr(
                        "在编码到工具的 {n} 份规范性文件中，按文件平均占比，最集中的组合是{names}（{top:.1%}）。",
                        n=n_docs,
                        names=names,
                        top=top,
                    )
                )
        out.append(
            tr(
                "全部 {total} 个工具编码中，{n} 个（{share:.0%}）所在分句没有命中目标词。",
                total=total,
                n=n_goalless,
                share=n_goalless / total,
            )
        )
        fit = self.fit_sentence("goals")
        if fit:
            out.append(fit)
        elif total and n_goalless / total > GOALLESS_WARNING:
            out.append(tr("目标编码表与本语料的领域不太相符，建议用参数 `goals` 换用适合本领域的目标编码表。"))
        return "".join(out)

    def coder_agreement(self) -> str:
        """How the clauses were coded, and the coder's agreement with hand coding on held-out documents."""
        k = self.corpus.table("coder_agreement")
        out = tr(
            "政策工具按分句编码（标题、表格单元格、日期、附件标签和责任单位注记不是编码单位），依据本工具的编码手册"
            "（docs/coding-manual.md，Rothwell & Zegveld 的供给型、环境型、需求型三类 {cite:p}`rothwell1985`）。"
            "编码结合分句规则（否定、名称、限制性标记等）与以人工编码分句训练的统计分类器（字符 n 元 TF-IDF 与逻辑回归，"
            "scikit-learn {cite:p}`pedregosa2011`）；训练和参数选择只用开发部分，留出的文件不用于训练。"
        )
        if k.empty:
            return out
        n, docs = int(k["clauses"].iloc[0]), int(k["documents"].iloc[0])
        k = k.assign(
            agreement=[f"{x:.1%}" if pd.notna(x) else "—" for x in k["agreement"]],
            kappa=[f"{x:.2f}" if pd.notna(x) else "—" for x in k["kappa"]],
            f1=[f"{x:.2f}" for x in k["f1"]],
        )[["type", "manual_yes", "auto_yes", "agreement", "kappa", "f1"]]
        names = {
            "type": "工具类型",
            "manual_yes": "人工编码",
            "auto_yes": "自动编码",
            "agreement": "一致率",
            "kappa": "Cohen's κ",
            "f1": "F1",
        }
        return (
            out
            + tr(
                "在留出的 {n} 个分句（{docs} 份未参与训练的文件）上，自动编码与人工编码的一致性如下"
                "（按类型计是否使用；一般认为两名人工编码者之间 κ ≥ 0.70 可以接受，自动编码未达到时，按类型的统计应谨慎解读）：",
                n=n,
                docs=docs,
            )
            + "\n\n"
            + render.table(k, names)
            + self.between_coders()
        )

    def between_coders(self) -> str:
        """The two human coders' agreement on a blind sample of the held-out clauses: the ceiling
        against which the coder's agreement is read."""
        b = self.optional_table("between_coders")
        types = b[b["type"] != "unit"] if not b.empty else b
        if types.empty:
            return ""
        kappas = tr("、").join(
            tr("{type} {kappa:.2f}", type=escape(name(r.type)), kappa=float(r.kappa))
            for r in types.itertuples()
            if pd.notna(r.kappa)
        )
        return "\n\n" + tr(
            "第二名编码者按同一编码手册，在不看第一名编码者的编码和自动编码的情况下，重新编码了留出部分的 {sample} 个分句；"
            "两人都认作编码单位的 {n} 个分句上，两名人工编码者按类型的 Cohen's κ 为 {kappas}。"
            "自动编码的一致性应与这一人工编码者之间的一致性对照解读。",
            sample=int(b["clauses"].iloc[0]),
            n=int(types["clauses"].iloc[0]),
            kappas=kappas,
        )

    def intercoder(self) -> str:
        """The blind sample to download, and κ when manual codes were given."""
        sample = self.corpus.table("coding_sample")
        out = (
            tr("人工编码样本（{n} 个分句，不含自动编码结果）：", n=len(sample))
            + download(self.corpus.csv_path("coding_sample"), "coding_sample.csv", self.here)
            + tr(
                "。编码者在 `manual_types` 列填写分句使用的工具类型（多个用“、”分隔，没有则留空），保存后用参数 `manual_codes` 指定该文件，下一次生成报告时计算 Cohen's κ {cite:p}`cohen1960`。"
            )
        )
        k = self.corpus.table("kappa")
        if k.empty:
            return out + tr("本次没有提供人工编码，因此没有 κ。")
        k = k.assign(
            agreement=[f"{x:.1%}" if pd.notna(x) else "—" for x in k["agreement"]],
            kappa=[f"{x:.3f}" if pd.notna(x) else tr("—（样本不足或无人编码）") for x in k["kappa"]],
        )
        names = {
            "type": "工具类型",
            "clauses": "样本分句",
            "auto_yes": "自动编码",
            "manual_yes": "人工编码",
            "agreement": "一致率",
            "kappa": "Cohen's κ",
        }
        return out + "\n\n" + render.table(k, names)

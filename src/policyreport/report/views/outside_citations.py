"""The comparison chapter's citation graph: corpus documents and the outside documents they cite."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import patheffects

from policyreport.report import charts, render
from policyreport.report.figure_cache import kept
from policyreport.report.i18n import tr
from policyreport.report.render import escape, para_ref
from policyreport.report.views.common import CorpusView, download

FIGURE_OUTSIDE = 15  # outside documents drawn (the table and the CSV have all of them)
TABLE_ROWS = 40


def outside_label(title, number, n: int = 26) -> str:
    """《title》 (shortened) or, when only the 文号 is known, the 文号."""
    if isinstance(title, str) and title:
        t = title if len(title) <= n else title[: n - 1] + "…"
        return f"《{t}》"
    return str(number)


@kept
def bipartite_figure(edges: pd.DataFrame, cited: pd.DataFrame, labels: dict[str, str]) -> plt.Figure:
    """Citing documents in the left column, outside documents in the right one, one row each (so
    labels never overlap); a citing document sits at the mean height of what it cites, which keeps
    crossings few. Outside documents: the FIGURE_OUTSIDE first of `cited` (rank, then key)."""
    charts.setup()
    right = cited.head(FIGURE_OUTSIDE).reset_index(drop=True)
    shown = edges[edges["key"].isin(set(right["key"]))]
    ry = {k: -i for i, k in enumerate(right["key"])}
    for _ in range(2):  # barycentre ordering: citing documents, then outside documents within a rank
        mean_y = shown["key"].map(ry).groupby(shown["doc_id"]).mean()
        left = sorted(mean_y.index, key=lambda d: (-mean_y[d], labels.get(d, d)))
        lpos = {d: -i for i, d in enumerate(left)}
        pull = shown["doc_id"].map(lpos).groupby(shown["key"]).mean()
        order = sorted(right.index, key=lambda i: (right.at[i, "rank"], -pull[right.at[i, "key"]], right.at[i, "key"]))
        right = right.loc[order].reset_index(drop=True)
        ry = {k: -i for i, k in enumerate(right["key"])}
    ry = {k: len(right) - 1 + y for k, y in ry.items()}
    rows = max(len(left), len(right), 1)
    scale_l = (rows - 1) / max(len(left) - 1, 1) if len(left) > 1 else 0
    scale_r = (rows - 1) / max(len(right) - 1, 1) if len(right) > 1 else 0
    ly = {d: (len(left) - 1 - i) * scale_l for i, d in enumerate(left)}
    ry = {k: y * scale_r for k, y in ry.items()}
    fig, ax = plt.subplots(figsize=(8.5, 0.27 * rows + 1.0))
    ax.set_axis_off()
    family = plt.rcParams["font.family"][0]
    stroke = [patheffects.withStroke(linewidth=3, foreground="white")]
    for row in shown.itertuples(index=False):
        ax.plot([0, 1], [ly[row.doc_id], ry[row.key]], color=charts.BAR, alpha=0.45, linewidth=1.2)
    ax.scatter([0] * len(ly), list(ly.values()), s=40, color="#c77c2e", zorder=3)
    ax.scatter([1] * len(ry), list(ry.values()), s=[30 + 25 * n for n in right["citing_docs"]], color=charts.BAR, zorder=3)
    for d, y in ly.items():
        ax.text(
            -0.03,
            y,
            charts._short(labels.get(d, d), 22),
            ha="right",
            va="center",
            fontsize=9.5,
            family=family,
            path_effects=stroke,
        )
    for r in right.itertuples(index=False):
        text = tr("{name}（{n}）", name=outside_label(r.title, r.doc_number), n=r.citing_docs)
        ax.text(1.03, ry[r.key], text, ha="left", va="center", fontsize=9.5, family=family, path_effects=stroke)
    ax.set_xlim(-0.9, 2.0)
    ax.set_ylim(-0.8, rows - 0.2)
    ax.set_title(tr("语料文件（左）引用的语料外文件（右，括号内为引用它的语料文件数）"), fontsize=11)
    fig.tight_layout()
    return fig


class OutsideCitationView(CorpusView):
    """Which corpus documents cite which outside documents: figure, tables, CSV."""

    def has_outside_citations(self) -> bool:
        return not self.corpus.table("outside_citations").empty

    def outside_figure(self):
        return bipartite_figure(self.corpus.table("outside_citations"), self.corpus.table("outside_cited"), self.labels())

    def outside_summary(self) -> str:
        cited, edges = self.corpus.table("outside_cited"), self.corpus.table("outside_citations")
        if cited.empty:
            return tr("语料的 {n} 份文件没有引用语料以外的文件（以《》书名或文号计），因此没有引文网络。", n=len(self.docs))
        citing = edges["doc_id"].nunique()
        top = cited[cited["rank"] == 1]
        names = tr("、").join(outside_label(t, n, 60) for t, n in zip(top["title"], top["doc_number"]))
        n = int(top["citing_docs"].iloc[0])
        if n == 1:
            lead = tr("每个语料外文件都只被一份语料文件引用，没有哪份被引最多。")
        elif len(top) > 1:
            lead = tr("被引最多的是并列的 {k} 份：{names}，各被 {n} 份语料文件引用。", k=len(top), names=escape(names), n=n)
        else:
            lead = tr("被引最多的是{names}，被 {n} 份语料文件引用。", names=escape(names), n=n)
        return (
            tr(
                "{citing} 份语料文件共引用了 {cited} 份语料以外的文件（{edges} 条引用关系，同一文件对只计一次）。",
                citing=citing,
                cited=len(cited),
                edges=len(edges),
            )
            + lead
            + (tr("{numref}`fig-outside-citations` 画出被引次数排在前面的文件。") if len(cited) else "")
        )

    def outside_table(self, limit: int = TABLE_ROWS) -> str:
        """The outside documents by citing documents, each citing document linked to its paragraph."""
        cited, edges = self.corpus.table("outside_cited"), self.corpus.table("outside_citations")
        if cited.empty:
            return ""
        first = edges.sort_values(["doc_id", "paragraph"]).groupby("key")
        where = {
            k: tr("；").join(
                tr("{doc}（{where}）", doc=self.short_link(d), where=para_ref(d, p)) for d, p in zip(g["doc_id"], g["paragraph"])
            )
            for k, g in first
        }
        df = cited.head(limit).assign(
            name=[escape(outside_label(t, None, 60)) if isinstance(t, str) else "—" for t in cited["title"].head(limit)],
            number=[escape(n) if isinstance(n, str) else "—" for n in cited["doc_number"].head(limit)],
            where=[where[k] for k in cited["key"].head(limit)],
        )
        more = "\n\n" + tr("只列前 {n} 个，全部见 CSV。", n=limit) if len(cited) > limit else ""
        names = {"rank": "名次", "name": "文件名称", "number": "文号", "citing_docs": "引用它的语料文件数", "where": "引用位置"}
        return render.table(df, names, raw=("name", "number", "where")) + more

    def outside_downloads(self) -> str:
        return tr("、").join(
            download(self.corpus.csv_path(n), tr(label), self.here)
            for n, label in (("outside_cited", "语料外被引文件（CSV）"), ("outside_citations", "引用关系（CSV）"))
        )

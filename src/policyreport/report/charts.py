"""Charts for the report. Each function takes tables and returns a matplotlib Figure; in a build's
kernel a figure whose inputs did not change comes from the cache instead (`figure_cache.kept`)."""

from __future__ import annotations

import math
import textwrap
from unittest import mock

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.lines import Line2D

from policyreport.compare import network
from policyreport.report.figure_cache import kept
from policyreport.report.fonts import setup
from policyreport.report.i18n import capital, name, tr

setup()
BAR = "#3b6ea5"
LAYOUT_SEED = 42
PALETTE = plt.get_cmap("tab10").colors
OTHER_COLOUR = "#b0b0b0"


def _short(s: str, n: int = 18) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _wrap(s: str, n: int) -> str:
    """A tick label on lines of n characters: document labels stay whole, so they stay unique."""
    return "\n".join(textwrap.wrap(s, n)) or s


@kept
def bar_terms(df: pd.DataFrame, value: str = "tfidf", label: str = "term", xlabel: str = "TF-IDF 权重") -> plt.Figure:
    """Horizontal bars, largest on top."""
    fig, ax = plt.subplots(figsize=(6, max(2.0, 0.3 * len(df) + 0.8)))
    d = df.iloc[::-1]
    ax.barh(d[label], d[value], color=BAR)
    ax.set_xlabel(name(xlabel))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


@kept
def heatmap(matrix: pd.DataFrame, title_x: str = "", title_y: str = "", fmt: str = "{:.2f}", cmap: str = "Blues") -> plt.Figure:
    """A labelled heatmap with the value in each cell."""
    rows, cols = matrix.shape
    fig, ax = plt.subplots(figsize=(max(4.5, 0.9 * cols + 2.5), max(3.0, 0.5 * rows + 1.5)))
    values = matrix.to_numpy(dtype=float)
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    # categories from the dictionaries (instruments, goals, topics) in the report's language; document labels as they are
    ax.set_xticks(range(cols), [_wrap(name(str(c)), 10) for c in matrix.columns], rotation=40, ha="right")
    ax.set_yticks(range(rows), [_wrap(name(str(r)), 22) for r in matrix.index])
    vmax = np.nanmax(values) if values.size else 0
    for i in range(rows):
        for j in range(cols):
            v = values[i, j]
            ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8, color="white" if v > 0.6 * vmax else "black")
    ax.set_xlabel(name(title_x))
    ax.set_ylabel(name(title_y))
    fig.colorbar(im, ax=ax, shrink=0.8)
    fig.tight_layout()
    return fig


# How each kind of dating is drawn on the timeline: (marker, edge colour, face colour, legend).
TIMELINE_MARKERS = {
    "成文日期": ("o", BAR, BAR, "成文日期"),
    "仅知年份": ("D", "#c77c2e", "white", "仅知年份（取年中）"),
    "发布日期": ("s", "#7a4fa0", "white", "仅知网页发布日期"),
}


@kept
def timeline(df: pd.DataFrame) -> plt.Figure:
    """Documents on a time axis, each marked by how it is dated (`kind`: 成文日期, 仅知年份 at
    mid-year, 发布日期 of the page it was taken from), with a legend of the kinds shown."""
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.45 * len(df) + 1.3)))
    d = df.reset_index(drop=True)
    if "kind" not in d:
        d["kind"] = ["成文日期" if isinstance(x, str) else "仅知年份" for x in d["date"]]

    def when(row) -> pd.Timestamp:
        return pd.Timestamp(row["date"]) if isinstance(row["date"], str) else pd.Timestamp(f"{int(row['year'])}-07-01")

    for i, row in d.iterrows():
        marker, edge, face, _ = TIMELINE_MARKERS[row["kind"]]
        x = when(row)
        ax.plot([x], [i], marker=marker, markersize=8, color=edge, markerfacecolor=face, linestyle="none")
        ax.annotate(row["label"], (x, i), xytext=(8, 0), textcoords="offset points", va="center", fontsize=9)
    legend = [
        Line2D([], [], marker=m, markersize=8, color=e, markerfacecolor=f, linestyle="none", label=capital(name(text)))
        for kind, (m, e, f, text) in TIMELINE_MARKERS.items()
        if kind in set(d["kind"])
    ]
    ax.set_yticks([])
    ax.set_ylim(-0.8, len(d) - 0.2)
    ax.invert_yaxis()
    xs = [when(r) for _, r in d.iterrows()]
    if xs:
        lo, hi = min(xs), max(xs)
        ax.set_xlim(lo - pd.Timedelta(days=200), hi + pd.Timedelta(days=1400))
        ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False, fontsize=9)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.set_xlabel(tr("日期"))
    fig.tight_layout()
    return fig


@kept
def outline_bars(counts: pd.Series, xlabel: str = "数量", xlim: tuple[float, float] | None = None) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(5, max(2.0, 0.35 * len(counts) + 0.8)))
    ax.barh([str(i) for i in counts.index[::-1]], counts.values[::-1], color=BAR)
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.set_xlabel(name(xlabel))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


@kept
def stacked_bars(table: pd.DataFrame, xlabel: str = "数量") -> plt.Figure:
    """Horizontal stacked bars: rows are the bars (top to bottom), columns the stacked parts."""
    fig, ax = plt.subplots(figsize=(7, max(2.2, 0.5 * len(table) + 1.2)))
    rows = table.iloc[::-1]
    left = np.zeros(len(rows))
    labels = [_wrap(str(i), 22) for i in rows.index]
    colours = ["#3b6ea5", "#e08a3c", "#5a9e6f", "#b05a7a", "#8c8c8c"]
    for k, col in enumerate(rows.columns):
        values = rows[col].to_numpy(dtype=float)
        ax.barh(labels, values, left=left, color=colours[k % len(colours)], label=name(str(col)))
        left = left + values
    ax.set_xlabel(name(xlabel))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=max(len(rows.columns), 1), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


@kept
def bursts(df: pd.DataFrame, years: pd.Series) -> plt.Figure:
    """Burst terms (rows of `df`: term, weight, start, end; bottom to top), their bursts as lines
    and the years with documents inside a burst as blocks; `years`: the documents' years."""
    issued = sorted(set(years))
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(df) + 1.2))
    for i, (a, b) in enumerate(zip(df["start"], df["end"])):
        ax.plot([a, b], [i, i], color=BAR, alpha=0.4, linewidth=1)
        ax.broken_barh([(y - 0.4, 0.8) for y in issued if a <= y <= b], (i - 0.35, 0.7), color=BAR)
    ax.set_yticks(range(len(df)), [tr("{term}（{w:.1f}）", term=t, w=w) for t, w in zip(df["term"], df["weight"])])
    ax.set_xlim(years.min() - 0.5, years.max() + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(tr("发文年份（括号内为突发权重）"))
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def _colour(community: int):
    return PALETTE[community] if community < len(PALETTE) else OTHER_COLOUR


def _proportional(values, lo: float, hi: float) -> list[float]:
    """lo + (hi - lo) * value / max: proportional to the value, so 2 is drawn twice as big as 1."""
    values = [max(float(v), 0.0) for v in values]
    top = max(values, default=0.0) or 1.0
    return [lo + (hi - lo) * v / top for v in values]


def remove_crossings(coords: np.ndarray, target_coords: np.ndarray, step: int) -> np.ndarray:
    """adjustText's `remove_crossings` with the segment tests done at once in numpy: its loop tested
    each pair of label-to-point segments in Python (0.4 s of the network figure's 1 s), always
    against the segments as they were before any swap; the same pairs are swapped, in the same order."""
    mid = np.hstack([np.mean(coords[:, :2], axis=1)[:, np.newaxis], np.mean(coords[:, 2:], axis=1)[:, np.newaxis], target_coords])
    later, earlier = np.tril_indices(len(mid), k=-1)
    x1, y1, x2, y2 = mid[later].T
    x3, y3, x4, y4 = mid[earlier].T
    denom = (y4 - y3) * (x2 - x1) - (x4 - x3) * (y2 - y1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ua = ((x4 - x3) * (y1 - y3) - (y4 - y3) * (x1 - x3)) / denom
        ub = ((x2 - x1) * (y1 - y3) - (y2 - y1) * (x1 - x3)) / denom
    crossing = (denom != 0) & ~((ua < 0) | (ua > 1)) & ~((ub < 0) | (ub > 1))
    for i, j in zip(later[crossing], earlier[crossing]):
        coords[i], coords[j] = coords[j].copy(), coords[i].copy()
    return coords


@kept
def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, seed: int = LAYOUT_SEED) -> plt.Figure:
    """The co-word network's largest connected component: Kamada–Kawai layout on distance 1/ochiai
    (deterministic), node area ~ frequency, colour = community (beyond the tenth in grey), edge width ~
    Ochiai; labels moved apart by adjustText. Isolated words and smaller components are not drawn (they
    would stretch the layout) and are counted in the title; the node table lists them all."""
    import adjustText

    setup()
    g = network.graph(nodes, edges)
    fig, ax = plt.subplots(figsize=(9, 7.5))
    ax.set_axis_off()
    if g.number_of_edges() == 0:
        ax.text(0.5, 0.5, tr("没有可绘制的共现关系"), ha="center", va="center", transform=ax.transAxes)
        return fig
    main = network.main_subgraph(g)
    order = [t for t in nodes["term"] if t in main]
    by_term = nodes.set_index("term")
    pos = nx.kamada_kawai_layout(main, weight="distance")
    drawn = [(a, b) for a, b in zip(edges["source"], edges["target"]) if a in main and b in main]
    ochiai = [main.edges[a, b]["ochiai"] for a, b in drawn]
    nx.draw_networkx_edges(
        main, pos, ax=ax, edgelist=drawn, width=_proportional(ochiai, 0.3, 5.0), edge_color="#8a8a8a", alpha=0.4
    )
    nx.draw_networkx_nodes(
        main,
        pos,
        ax=ax,
        nodelist=order,
        node_size=_proportional(by_term.loc[order, "frequency"], 60, 1400),
        node_color=[_colour(int(c)) for c in by_term.loc[order, "community"]],
        alpha=0.85,
        linewidths=0.8,
        edgecolors="white",
    )
    family = plt.rcParams["font.family"][0]
    texts = [
        ax.text(
            *pos[t],
            t,
            fontsize=9,
            family=family,
            ha="center",
            va="center",
            path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
        )
        for t in order
    ]
    xs, ys = zip(*pos.values())
    pad_x, pad_y = 0.1 * (max(xs) - min(xs) or 1), 0.08 * (max(ys) - min(ys) or 1)
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    # a fixed number of iterations, not adjustText's default time limit: the same figure on any machine
    with mock.patch.object(adjustText, "remove_crossings", remove_crossings):
        adjustText.adjust_text(
            texts, ax=ax, expand=(1.1, 1.3), iter_lim=300, arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5}
        )
    isolated = sum(1 for t in g if g.degree(t) == 0)
    others = g.number_of_nodes() - main.number_of_nodes() - isolated
    left_out = tr("、").join(
        x
        for x in (
            tr("孤立词 {n} 个", n=isolated) if isolated else "",
            tr("其他连通成分 {n} 个词", n=others) if others else "",
        )
        if x
    )
    title = tr("共词网络主成分：{nodes} 个词，{edges} 条边，颜色为社群", nodes=main.number_of_nodes(), edges=len(drawn))
    ax.set_title(title + (tr("（未画出：{what}）", what=left_out) if left_out else ""), fontsize=11)
    fig.tight_layout()
    return fig


@kept
def issuer_figure(nodes: pd.DataFrame, edges: pd.DataFrame) -> plt.Figure:
    """The co-issuer network: issuing bodies joined by the documents they issued together."""
    setup()
    g = nx.Graph()
    g.add_nodes_from(n for n in nodes["issuer"] if n in set(edges["source"]) | set(edges["target"]))
    g.add_weighted_edges_from(edges[["source", "target", "weight"]].itertuples(index=False))
    fig, ax = plt.subplots(figsize=(8, 6.5))
    ax.set_axis_off()
    pos = nx.circular_layout(sorted(g.nodes)) if g.number_of_nodes() > 1 else {n: (0.0, 0.0) for n in g}
    nx.draw_networkx_edges(g, pos, ax=ax, width=_proportional(edges["weight"], 0.5, 6.0), edge_color="#3b6ea5", alpha=0.5)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=300, node_color="#c77c2e", edgecolors="white")
    for n, (x, y) in pos.items():
        ax.annotate(
            _short(n, 16),
            (x, y),
            xytext=(0, 10 if y >= 0 else -10),
            textcoords="offset points",
            ha="center",
            va="bottom" if y >= 0 else "top",
            fontsize=8.5,
            family=plt.rcParams["font.family"][0],
        )
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.35, 1.35)
    ax.set_title(tr("联合发文网络（边：共同署名的文件数）"), fontsize=11)
    fig.tight_layout()
    return fig


@kept
def document_graph_figure(pairs: pd.DataFrame, labels: dict[str, str]) -> plt.Figure:
    """The stored `document_pairs` table drawn: documents on a circle (sorted by id, so the layout is fixed); an edge joins two documents
    that share cited documents, organisations or places, width ~ number of shared items, labelled
    with that number and the kinds."""
    setup()
    docs = sorted(set(labels) | set(pairs["doc_a"]) | set(pairs["doc_b"]))
    g = nx.Graph()
    g.add_nodes_from(docs)
    for row in pairs.itertuples(index=False):
        g.add_edge(row.doc_a, row.doc_b, shared=int(row.shared), kinds=row.kinds)
    fig, ax = plt.subplots(figsize=(9, 7.5))
    ax.set_axis_off()
    if not docs:
        ax.text(0.5, 0.5, tr("没有文件"), ha="center", va="center", transform=ax.transAxes)
        return fig
    pos = nx.circular_layout(docs) if len(docs) > 1 else {docs[0]: (0.0, 0.0)}
    family = plt.rcParams["font.family"][0]
    if len(pairs):
        edgelist = list(zip(pairs["doc_a"], pairs["doc_b"]))
        nx.draw_networkx_edges(
            g, pos, ax=ax, edgelist=edgelist, width=_proportional(pairs["shared"], 0.0, 8.0), edge_color="#3b6ea5", alpha=0.5
        )
        nx.draw_networkx_edge_labels(
            g,
            pos,
            ax=ax,
            font_size=8,
            font_family=family,
            edge_labels={(r.doc_a, r.doc_b): f"{r.shared}（{r.kinds}）" for r in pairs.itertuples(index=False)},
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    nx.draw_networkx_nodes(g, pos, ax=ax, nodelist=docs, node_size=500, node_color="#c77c2e", edgecolors="white")
    for doc in docs:
        x, y = pos[doc]
        lines = textwrap.wrap(labels.get(doc, doc), 16) or [doc]
        text = "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")
        ax.annotate(
            text,
            (x, y),
            xytext=(0, 14 if y >= 0 else -14),
            textcoords="offset points",
            ha="center",
            va="bottom" if y >= 0 else "top",
            fontsize=8.5,
            family=family,
            path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
        )
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.35, 1.35)
    ax.set_title(tr("文件之间的关联（边：共同引用的文件与共同提及的机构的个数）"), fontsize=11)
    fig.tight_layout()
    return fig


@kept
def pmc_surfaces(surfaces: dict[str, np.ndarray], columns: int = 3) -> plt.Figure:
    """One PMC surface per document: the 3×3 matrix (X1 X2 X3 / X4 X5 X6 / X7 X8 X9) as a 3-D surface,
    height 0–1, each panel titled with the document's label and index; a row's ticks name its
    variables (X4–X6) and a column's its place in the row, so that each cell can be read off."""
    setup()
    n = max(len(surfaces), 1)
    cols = min(columns, n)
    rows = math.ceil(n / cols)
    fig = plt.figure(figsize=(3.6 * cols, 3.4 * rows))
    grid = np.arange(3)
    x, y = np.meshgrid(grid, grid)
    for k, (label, z) in enumerate(surfaces.items(), start=1):
        ax = fig.add_subplot(rows, cols, k, projection="3d")
        ax.plot_surface(x, y, np.asarray(z, dtype=float), cmap="viridis", vmin=0, vmax=1, edgecolor="#555555", linewidth=0.4)
        ax.set_zlim(0, 1)
        ax.set_xticks(grid, ["1", "2", "3"], fontsize=7)
        ax.set_yticks(grid, [f"X{3 * r + 1}–X{3 * r + 3}" for r in grid], fontsize=6)
        ax.tick_params(axis="z", labelsize=7)
        ax.set_title(name(label), fontsize=9)
    fig.tight_layout()
    return fig

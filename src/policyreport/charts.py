"""Charts for the report. Each function takes a table and returns a matplotlib Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .fonts import setup

setup()
BAR = "#3b6ea5"


def _short(s: str, n: int = 18) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def bar_terms(df: pd.DataFrame, value: str = "tfidf", label: str = "term", xlabel: str = "TF-IDF 权重") -> plt.Figure:
    """Horizontal bars, largest on top."""
    fig, ax = plt.subplots(figsize=(6, max(2.0, 0.3 * len(df) + 0.8)))
    d = df.iloc[::-1]
    ax.barh(d[label], d[value], color=BAR)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def heatmap(matrix: pd.DataFrame, title_x: str = "", title_y: str = "", fmt: str = "{:.2f}", cmap: str = "Blues") -> plt.Figure:
    """A labelled heatmap with the value in each cell."""
    rows, cols = matrix.shape
    fig, ax = plt.subplots(figsize=(max(4.5, 0.9 * cols + 2.5), max(3.0, 0.5 * rows + 1.5)))
    values = matrix.to_numpy(dtype=float)
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(cols), [_short(str(c), 10) for c in matrix.columns], rotation=40, ha="right")
    ax.set_yticks(range(rows), [_short(str(r), 22) for r in matrix.index])
    vmax = np.nanmax(values) if values.size else 0
    for i in range(rows):
        for j in range(cols):
            v = values[i, j]
            ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8, color="white" if v > 0.6 * vmax else "black")
    ax.set_xlabel(title_x)
    ax.set_ylabel(title_y)
    fig.colorbar(im, ax=ax, shrink=0.8)
    fig.tight_layout()
    return fig


def timeline(df: pd.DataFrame) -> plt.Figure:
    """Documents on a time axis: dated ones at their date, undated ones (year only) at mid-year."""
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.45 * len(df) + 1)))
    d = df.reset_index(drop=True)
    def when(row) -> pd.Timestamp:
        return pd.Timestamp(row["date"]) if isinstance(row["date"], str) else pd.Timestamp(f"{int(row['year'])}-07-01")

    for i, row in d.iterrows():
        exact = isinstance(row["date"], str)
        x = when(row)
        ax.plot([x], [i], marker="o" if exact else "D", markersize=8, color=BAR if exact else "#c77c2e",
                markerfacecolor=BAR if exact else "white")
        ax.annotate(_short(row["label"], 26), (x, i), xytext=(8, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks([])
    ax.set_ylim(-0.8, len(d) - 0.2)
    ax.invert_yaxis()
    xs = [when(r) for _, r in d.iterrows()]
    if xs:
        lo, hi = min(xs), max(xs)
        ax.set_xlim(lo - pd.Timedelta(days=200), hi + pd.Timedelta(days=900))
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.set_xlabel("日期（圆点：落款日期；菱形：仅知年份，取年中）")
    fig.tight_layout()
    return fig


def outline_bars(counts: pd.Series, xlabel: str = "数量") -> plt.Figure:
    fig, ax = plt.subplots(figsize=(5, max(2.0, 0.35 * len(counts) + 0.8)))
    ax.barh([str(i) for i in counts.index[::-1]], counts.values[::-1], color=BAR)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def stacked_bars(table: pd.DataFrame, xlabel: str = "数量") -> plt.Figure:
    """Horizontal stacked bars: rows are the bars (top to bottom), columns the stacked parts."""
    fig, ax = plt.subplots(figsize=(7, max(2.2, 0.5 * len(table) + 1.2)))
    rows = table.iloc[::-1]
    left = np.zeros(len(rows))
    labels = [_short(str(i), 22) for i in rows.index]
    colours = ["#3b6ea5", "#e08a3c", "#5a9e6f", "#b05a7a", "#8c8c8c"]
    for k, col in enumerate(rows.columns):
        values = rows[col].to_numpy(dtype=float)
        ax.barh(labels, values, left=left, color=colours[k % len(colours)], label=str(col))
        left = left + values
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig

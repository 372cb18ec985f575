"""Helpers every chapter view shares: display, glue, labels, links and the corpus base view."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from policyreport.report import render
from policyreport.report.store import Corpus, load

FIELDS = [
    ("title", "标题"),
    ("issuer", "发文机关"),
    ("doc_number", "文号"),
    ("date", "落款日期"),
    ("year", "年份"),
    ("recipient", "主送"),
    ("genre", "文种"),
    ("answers_number", "答复的建议/提案编号"),
    ("handling_result", "办理结果"),
    ("handling_class", "答复类别"),
    ("region", "地区"),
    ("level", "行政层级"),
    ("contact", "联系人"),
    ("file", "源文件"),
    ("encoding", "编码"),
]
NOT_STATED = "（文中未载明）"
MAX_FIGURE_ROWS = 30  # a figure shows at most this many documents; the CSV tables have all of them


def top_rows(df: pd.DataFrame, n: int = MAX_FIGURE_ROWS) -> pd.DataFrame:
    """The n rows with the largest totals, in their original order (figures stay legible)."""
    if len(df) <= n:
        return df
    totals = df.sum(axis=1, numeric_only=True).to_numpy()
    keep = sorted(sorted(range(len(df)), key=lambda i: -totals[i])[:n])
    return df.iloc[keep]


# Set while a page is rendered without a kernel (build.inline): what a cell shows, glues or
# draws goes to it instead of the notebook's outputs.
SINK = None


def show(markdown: str) -> None:
    """Display a Markdown block (nothing at all when it is empty)."""
    if not (markdown and markdown.strip()):
        return
    if SINK is not None:
        SINK.show(markdown)
        return
    from IPython.display import Markdown, display

    display(Markdown(markdown))


def glue(name: str, value, display: bool = False) -> None:
    """myst-nb's glue, or the page renderer's when there is no kernel."""
    if SINK is not None:
        SINK.glue(name, value)
        return
    from myst_nb import glue as nb_glue

    nb_glue(name, value, display=display)


def glue_figure(name: str, fig) -> None:
    """Glue a figure for a numbered {glue:figure} and close it so it is not shown a second time."""
    import matplotlib.pyplot as plt

    if SINK is not None:
        SINK.figure(name, fig)
    else:
        glue(name, fig)
    plt.close(fig)


def short_title(meta: dict, n: int = 30) -> str:
    t = meta.get("title") or meta["file"]
    return t if len(t) <= n else t[: n - 1] + "…"


def label(meta: dict) -> str:
    """A short label for charts: the issuer (or file) and year."""
    who = meta.get("issuer") or meta["file"]
    return f"{who}（{meta['year']}）" if meta.get("year") else who


def download(path: Path, text: str, base: Path) -> str:
    rel = os.path.relpath(path, base).replace(os.sep, "/")
    return f"{{download}}`{render.role_text(text)} <{rel}>`"


def load_corpus(data_dir: str) -> Corpus:
    """The stored corpus; paragraph links follow the caps of its long source pages."""
    corpus = load(data_dir)
    render.PARAGRAPH_LIMITS = corpus.info.get("paragraph_limits", {})
    return corpus


class CorpusView:
    """The corpus-level results; each corpus chapter's view extends it."""

    def __init__(self, data_dir: str):
        self.corpus: Corpus = load_corpus(data_dir)
        self.info = self.corpus.info
        self.docs = self.corpus.documents
        self.here = Path.cwd()

    def finding(self, name: str) -> dict | None:
        """One row of the stored findings table (see `compare.findings`), or None."""
        f = self.corpus.table("findings")
        rows = f[f["finding"] == name]
        return None if rows.empty else rows.iloc[0].to_dict()

    def label(self, doc_id: str) -> str:
        return label(self.corpus.doc(doc_id))

    def _ref(self, doc_id: str, text: str) -> str:
        """A link to the document's chapter, or to its full text when the corpus is too large for chapters."""
        if self.info.get("document_chapters", True):
            return render.doc_ref(doc_id, text)
        return render.ref(render.source_label(doc_id), text)

    def link(self, doc_id: str, n: int = 30) -> str:
        return self._ref(doc_id, short_title(self.corpus.doc(doc_id), n))

    def short_link(self, doc_id: str) -> str:
        """A link to a document labelled by issuer and year (for narrow table columns)."""
        return self._ref(doc_id, self.label(doc_id))

    def labels(self) -> dict[str, str]:
        """doc_id -> short label, made unique (several documents can share issuer and year)."""
        out, seen = {}, {}
        for d in self.docs:
            base = self.label(d["doc_id"])
            seen[base] = seen.get(base, 0) + 1
            out[d["doc_id"]] = base if seen[base] == 1 else f"{base}·{seen[base]}"
        return out

    def _relabel(self, df: pd.DataFrame) -> pd.DataFrame:
        names = self.labels()
        return df.rename(index=names, columns=names)

    def downloads(self) -> str:
        names = {
            "overview": "文件一览",
            "key_terms": "关键词",
            "similarity": "相似度矩阵",
            "distinctive_terms": "特色词（log-odds）",
            "shared_terms": "共有词",
            "topics": "主题覆盖",
            "links": "文件间联系",
            "commitments": "已完成与承诺",
            "instrument_counts": "政策工具编码",
            "instrument_goal": "工具×目标矩阵",
            "instrument_goal_documents": "工具×目标（逐文件）",
            "instrument_goal_evidence": "工具×目标的编码分句",
            "instrument_department": "工具×牵头部门",
            "departments": "牵头部门",
            "network_nodes": "共词网络节点",
            "network_edges": "共词网络边",
            "document_pairs": "文件关联",
            "issuer_edges": "联合发文网络",
            "strength": "政策力度",
            "strength_by_year": "政策力度（按年份）",
            "strength_by_level": "政策力度（按层级）",
            "findings": "主要发现",
            "measures": "措施比较",
            "reuse": "文本复用（句子）",
            "reuse_pairs": "文本复用（文件对）",
            "coding_sample": "人工编码样本",
            "kappa": "编码者间信度",
            "pmc": "PMC 指数",
            "pmc_scores": "PMC 二级变量得分与证据",
        }
        return "、".join(download(self.corpus.csv_path(n), f"{label}（CSV）", self.here) for n, label in names.items())

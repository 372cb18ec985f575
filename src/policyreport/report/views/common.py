"""Helpers every chapter view shares: display, glue, labels, links and the corpus base view."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from policyreport.extract.fields import CARD_FIELDS as FIELDS  # noqa: F401 (the document card reads it from here)
from policyreport.report import i18n, render
from policyreport.report.i18n import tr
from policyreport.report.store import Corpus, load

NOT_STATED = "（文中未载明）"  # through tr where it is shown
MAX_FIGURE_ROWS = 30  # a figure shows at most this many documents; the CSV tables have all of them


def top_rows(df: pd.DataFrame, n: int = MAX_FIGURE_ROWS) -> pd.DataFrame:
    """The n rows with the largest totals, in their original order (figures stay legible)."""
    if len(df) <= n:
        return df
    totals = df.sum(axis=1, numeric_only=True).to_numpy()
    keep = sorted(sorted(range(len(df)), key=lambda i: -totals[i])[:n])
    return df.iloc[keep]


def design_basis(text) -> str:
    """The stored basis of a document's group (compare.designs.classify, Chinese) in the report's
    language, translated when it is shown: the genre and the rule's note through `name`."""
    if not i18n.english() or not isinstance(text, str):
        return text
    if text == "没有识别出文种":
        return tr("没有识别出文种")
    if m := re.fullmatch(r"印发、转发的文件文种为“(.*)”", text, re.S):
        return tr("印发、转发的文件文种为“{genre}”", genre=i18n.name(m[1]))
    if m := re.fullmatch(r"文种“(.*?)”不属于任何一组的规则", text, re.S):
        return tr("文种“{genre}”不属于任何一组的规则", genre=i18n.name(m[1]))
    if m := re.fullmatch(r"文种“(.*?)”：(.*)", text, re.S):
        return tr("文种“{genre}”：{note}", genre=i18n.name(m[1]), note=i18n.name(m[2]))
    return text


# Set while a page is rendered without a kernel (execute.inline.render): what a cell shows, glues
# or draws goes to it instead of the notebook's outputs. Module state on purpose: the template's
# cells are the same source in a Jupyter kernel and inline, and call `show`/`glue` without a sink;
# the renderer sets it around one page and restores the previous value.
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
    """Glue a figure for a numbered {glue:figure} and close it so it is not shown a second time; a
    figure drawn by a chart that keeps its figures (`figure_cache.kept`) is stored as it is shown."""
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from policyreport.report import figure_cache

    if SINK is not None:
        SINK.figure(name, fig)
    else:
        glue(name, figure_cache.shown(fig))
    if isinstance(fig, Figure):
        plt.close(fig)


LABEL_TITLE_CHARS = 18  # a title in a label is cut in the middle to this many characters
LABEL_ISSUER_CHARS = 14  # and so is a long issuer


def _first_issuer(issuer: str) -> tuple[str, str]:
    """The first body of an issuer (cut to its length), and how a label names the issuer: a joint
    issuer by its first body and 等 (et al. in English)."""
    parts = [p for p in re.split(r"[、，,\s]+", issuer) if p]
    first = _middle_cut(parts[0], LABEL_ISSUER_CHARS)
    return first, tr("{issuer}等", issuer=first) if len(parts) > 1 else first


def _middle_cut(s: str, n: int = LABEL_TITLE_CHARS) -> str:
    """s cut to about n characters in the middle: the head says the subject, the tail keeps the
    genre and the number a reply answers (a run of digits is never cut)."""
    if len(s) <= n:
        return s
    head = n * 4 // 9
    cut = len(s) - (n - head - 1)
    while cut > head and s[cut - 1].isascii() and s[cut - 1].isalnum():
        cut -= 1
    if cut > head + 1 and s[cut].isascii():  # 会…第2024 breaks before the digits in the PDF; 会…2024 cannot
        cut -= 1
    return s[:head] + "…" + s[cut:]


def base_label(meta: dict) -> str:
    """A document's short name: issuer and 文号 (the 文号 alone when it names the issuer), else the
    issuer and its title without the issuer and 关于, cut in the middle; else the file name."""
    issuer, number, title = meta.get("issuer"), meta.get("doc_number"), meta.get("title")
    if i18n.english():  # an English report: the issuer's English name and the 文号's year and number, where derivable
        english = i18n.english_label(issuer, number)
        if english:
            return english
    first, who = _first_issuer(issuer) if issuer else ("", "")
    if number:
        return number if not who or first in number else f"{who} {number}"
    if not title:
        return tr("{who}：{title}", who=who, title=meta["file"]) if who else meta["file"]
    if issuer and title.startswith(issuer):
        title = title[len(issuer) :]
    title = _middle_cut(re.sub(r"^关于", "", title))
    return tr("{who}：{title}", who=who, title=title) if who and first not in title else title


def document_labels(docs: list[dict]) -> dict[str, str]:
    """doc_id -> label, the same in every table, figure and link of the report, unique across the
    corpus: labels that coincide get the year, then a running number (·2, ·3) in corpus order."""
    out = {d["doc_id"]: base_label(d) for d in docs}
    twins = Counter(out.values())
    for d in docs:
        b = out[d["doc_id"]]
        if twins[b] > 1 and d.get("year") and str(d["year"]) not in b:
            out[d["doc_id"]] = f"{b}（{d['year']}）"
    twins, seen = Counter(out.values()), Counter()
    for d in docs:
        b = out[d["doc_id"]]
        if twins[b] > 1:
            seen[b] += 1
            out[d["doc_id"]] = f"{b}·{seen[b]}"
    return out


def words(text, sep: str = "、") -> str:
    """A list of words from data (instrument types, genres, sub-instruments) in the report's
    language, escaped: as stored in Chinese, each word through `name` in English."""
    text = str(text)
    if not i18n.english():
        return render.escape(text)
    return tr("、").join(render.escape(i18n.name(w)) for w in text.split(sep))


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

    def optional_table(self, name: str) -> pd.DataFrame:
        """A corpus table, or an empty one when the data folder has none (made by an older build)."""
        return self.corpus.table(name) if self.corpus.csv_path(name).is_file() else pd.DataFrame()

    def fit_sentence(self, codebook: str) -> str:
        """How well one codebook fits the corpus (compare.fit), in one sentence; '' without the table."""
        f = self.optional_table("codebook_fit")
        row = f[f["codebook"] == codebook] if not f.empty else f
        if row.empty:
            return ""
        r = row.iloc[0]
        verdict = tr("契合本语料") if bool(r["fits"]) else tr("与本语料不契合，摘要不据此陈述发现")
        return tr(
            "{name}命中 {documents} 份{scope}中的 {reached} 份（{document_share:.0%}）、{unit}的 {unit_share:.0%}，{verdict}（门槛与漏掉的内容见{{ref}}`methods`）。",
            name=render.escape(i18n.name(r["name"])),
            documents=int(r["documents"]),
            scope=render.escape(i18n.name(r["scope"])),
            reached=int(r["documents_reached"]),
            document_share=float(r["document_share"]),
            unit=render.escape(i18n.name(r["unit"])),
            unit_share=float(r["unit_share"]),
            verdict=verdict,
        )

    def fits(self, codebook: str) -> bool:
        """Whether a codebook fits the corpus (True when the build recorded no fit)."""
        f = self.optional_table("codebook_fit")
        row = f[f["codebook"] == codebook] if not f.empty else f
        return row.empty or bool(row["fits"].iloc[0])

    def finding(self, name: str) -> dict | None:
        """One row of the stored findings table (see `compare.findings`), or None."""
        f = self.corpus.table("findings")
        rows = f[f["finding"] == name]
        return None if rows.empty else rows.iloc[0].to_dict()

    def label(self, doc_id: str) -> str:
        """The document's label (see `document_labels`): the same in every chapter."""
        return self.labels()[doc_id]

    def _ref(self, doc_id: str, text: str) -> str:
        """A link to the document's chapter, or to its full text when the corpus is too large for chapters."""
        if self.info.get("document_chapters", True):
            return render.doc_ref(doc_id, text)
        return render.ref(render.source_label(doc_id), text)

    def link(self, doc_id: str, n: int | None = None) -> str:
        """A link to a document, shown by its label (n is kept for callers; labels are already short)."""
        return self._ref(doc_id, self.label(doc_id))

    def short_link(self, doc_id: str) -> str:
        return self._ref(doc_id, self.label(doc_id))

    def labels(self) -> dict[str, str]:
        """doc_id -> label, unique across the corpus (computed once per view)."""
        if getattr(self, "_labels", None) is None:
            self._labels = document_labels(self.docs)
        return self._labels

    def _relabel(self, df: pd.DataFrame) -> pd.DataFrame:
        names = self.labels()
        return df.rename(index=names, columns=names)

    def downloads(self) -> str:
        names = {
            "overview": "文件一览",
            "key_terms": "关键词",
            "similarity": "相似度矩阵",
            "similarity_neighbours": "各文件的平均相似度与最相似文件",
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
            "collocates": "搭配词",
            "ngrams": "重复短语",
            "term_trends": "词语的年份趋势",
            "topic_terms": "主题模型的主题词",
            "doc_topics": "主题模型的文件—主题权重",
            "reuse": "文本复用（句子）",
            "reuse_pairs": "文本复用（文件对）",
            "reuse_common": "通用表述（逐字出现在多份文件中的句子）",
            "coding_sample": "人工编码样本",
            "kappa": "编码者间信度",
            "pmc": "PMC 指数",
            "pmc_scores": "PMC 二级变量得分与证据",
        }
        return tr("、").join(
            download(self.corpus.csv_path(n), f"{tr(label)} (CSV)" if i18n.english() else f"{label}（CSV）", self.here)
            for n, label in names.items()
        )

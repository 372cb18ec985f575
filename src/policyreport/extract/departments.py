"""Lead departments: the "(牵头部门:A、B、C)" notes that some policies put after each numbered measure.

A note names the departments responsible for the measure; the first one listed leads (牵头),
the others co-lead or take part. Each (measure, department) pair becomes a row, so one can count
which departments carry most of a policy. The note is read in either width ((（ :： 、，) and
under the labels of dictionaries/departments.yaml (parameter `departments`); the measure is the numbered heading the note belongs to.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policyreport.errors import UserError
from policyreport.extract.structure import heading_kind
from policyreport.ingest.datafiles import read_yaml
from policyreport.ingest.text import Paragraph, normalize, strip_md_heading
from policyreport.paths import DICTIONARIES

LABELS_FILE = DICTIONARIES / "departments.yaml"


@dataclass(frozen=True)
class NoteLabels:
    """The labels that introduce a list of responsible departments (dictionaries/departments.yaml),
    and the two forms of the note built from them."""

    labels: tuple[str, ...]

    @functools.cached_property
    def _alternatives(self) -> str:
        return "|".join(map(re.escape, sorted(self.labels, key=len, reverse=True)))

    @functools.cached_property
    def annotation(self) -> re.Pattern:
        """A bracketed note anywhere in a paragraph: (牵头部门:市卫生计生委、市科委) in either width."""
        return re.compile(
            rf"[(（【〔\[]\s*(?P<label>{self._alternatives})\s*[:：]\s*(?P<names>[^()（）【】〔〕\[\]]+?)\s*[)）】〕\]]"
        )

    @functools.cached_property
    def annotation_line(self) -> re.Pattern:
        """A note standing alone as a paragraph, without brackets: 责任单位:市卫生健康委、市财政局。"""
        return re.compile(rf"^\s*(?P<label>{self._alternatives})\s*[:：]\s*(?P<names>.+?)\s*[。.;；]?\s*$")

    @classmethod
    def from_yaml(cls, path: str | Path) -> NoteLabels:
        data = read_yaml(path, "the department-note labels")
        labels = data.get("labels") if isinstance(data, dict) else None
        if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels) or not labels:
            raise UserError(f"{path}: needs a non-empty 'labels' list of words")
        return cls(tuple(labels))


@functools.cache
def default_labels() -> NoteLabels:
    return NoteLabels.from_yaml(LABELS_FILE)


# Separators between department names; a trailing 等 ("……等部门" is kept as written) is dropped.
SEPARATOR = re.compile(r"\s*[、，,；;/／]\s*|\s+")
TRAILING = re.compile(r"(?:等|等单位|等部门)$")
# The measure's title is its heading up to the first sentence end.
TITLE_END = re.compile(r"[。;；]")

COLUMNS = ["paragraph", "measure", "department", "position"]
COUNT_COLUMNS = ["department", "lead", "total"]


def strip_annotations(text: str, labels: NoteLabels | None = None) -> str:
    """The text without its responsibility notes (so that they are not read as policy content)."""
    return (labels or default_labels()).annotation.sub("", text)


def split_departments(names: str) -> list[str]:
    """Department names of a note, in the order listed, normalised (NFKC), without duplicates."""
    out: list[str] = []
    for part in SEPARATOR.split(normalize(names)):
        name = TRAILING.sub("", part.strip(" 。.:"))
        if name and name not in out:
            out.append(name)
    return out


def _own_title(p: Paragraph, labels: NoteLabels) -> str | None:
    """The heading of a paragraph that starts with a numbering marker, up to its first 。."""
    if not heading_kind(p.norm):
        return None
    text = strip_annotations(strip_md_heading(p.text), labels).strip()
    return TITLE_END.split(text, maxsplit=1)[0].strip()


def _previous_title(n: int, paras: list[Paragraph], outline: pd.DataFrame | None, labels: NoteLabels) -> str | None:
    """The heading of the last numbered paragraph before paragraph `n` (from the outline if given)."""
    if outline is not None and len(outline):
        rows = outline[(outline["paragraph"] < n) & (outline["level"] != "一是")]
        if len(rows):
            last = rows.iloc[-1]
            return (str(last["marker"]) + str(last["title"])).rstrip("。;；…")
        return None
    for p in reversed([p for p in paras if p.n < n]):
        title = _own_title(p, labels)
        if title:
            return title
    return None


def lead_departments(
    paragraphs: list[Paragraph], outline: pd.DataFrame | None = None, labels: NoteLabels | None = None
) -> pd.DataFrame:
    """One row per (measure, department) named in a responsibility note (columns: COLUMNS).

    `measure` is the numbered heading of the paragraph holding the note ("50.强化……建设"), or,
    when the note stands in a paragraph of its own, of the last numbered paragraph before it
    (taken from `outline`, a `structure.outline` table, when given). `position` is 1 for the
    department listed first (the lead) and 2, 3, … for the others. `labels` defaults to the package's.
    """
    labels = labels or default_labels()
    rows = []
    for p in paragraphs:
        notes = [m.group("names") for m in labels.annotation.finditer(p.text)]
        if not notes:
            m = labels.annotation_line.match(p.text)
            notes = [m.group("names")] if m else []
        if not notes:
            continue
        measure = _own_title(p, labels) or _previous_title(p.n, paragraphs, outline, labels)
        for names in notes:
            for i, dept in enumerate(split_departments(names), start=1):
                rows.append((p.n, measure, dept, i))
    return pd.DataFrame(rows, columns=COLUMNS)


def department_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Per department: measures it leads (listed first) and measures it is named in at all.

    Sorted by total (descending), then name, so that ties come out in the same order every run.
    """
    if df.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    g = df.groupby("department")
    out = pd.DataFrame(
        {
            "lead": g["position"].apply(lambda s: int((s == 1).sum())),
            "total": g.size(),
        }
    ).reset_index()
    out = out.sort_values(["total", "department"], ascending=[False, True], kind="mergesort")
    return out[COUNT_COLUMNS].reset_index(drop=True)

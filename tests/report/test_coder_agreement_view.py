"""The policy chapter's paragraph on the coder's agreement with hand coding (no book is built)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from policyreport.compare import intercoder
from policyreport.report.views.instrument_goal import InstrumentGoalView


class _Corpus:
    def __init__(self, tables):
        self.tables = tables

    def table(self, name):
        return self.tables[name]

    def csv_path(self, name):
        return Path("/nonexistent") / f"{name}.csv"  # optional tables (the second coder's) absent


def view(table: pd.DataFrame) -> InstrumentGoalView:
    v = object.__new__(InstrumentGoalView)
    v.corpus = _Corpus({"coder_agreement": table})
    return v


def test_states_the_held_out_size_and_kappa():
    t = pd.DataFrame(
        [("供给型", 308, 100, 90, 0.8, 0.5123, 0.6, 0.5, 0.55, 28), ("需求型", 308, 30, 35, 0.9, None, 0.5, 0.6, 0.545, 28)],
        columns=intercoder.HELD_OUT_COLUMNS,
    )
    text = view(t).coder_agreement()
    assert "留出的 308 个分句（28 份未参与训练的文件）" in text
    assert "0\\.51" in text and "0\\.55" in text and "| — |" in text  # the table escapes the dots


def test_without_a_table_only_the_method_is_stated():
    text = view(pd.DataFrame(columns=intercoder.HELD_OUT_COLUMNS)).coder_agreement()
    assert "编码手册" in text and "留出" in text

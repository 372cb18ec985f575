"""The burst section says why it shows nothing, and counts what it shows."""

import pandas as pd

from policyreport.compare import bursts
from policyreport.report.views.bursts import BurstView


class Stub:
    def __init__(self, tables):
        self.tables = tables

    def table(self, name):
        return self.tables[name]


def view(rows, reason):
    v = BurstView.__new__(BurstView)
    v.corpus = Stub({"bursts": pd.DataFrame(rows, columns=bursts.COLUMNS), "burst_status": pd.DataFrame({"reason": [reason]})})
    return v


def test_too_small_a_corpus_gives_the_reason_and_nothing_else():
    v = view([], "有年份的文件 4 份、跨 3 个年份；突发词检测要求至少 20 份有年份的文件")
    assert not v.has_bursts() and v.burst_summary().startswith("有年份的文件 4 份")


def test_summary_counts_the_bursts():
    v = view([("数据", 2018, 2019, 3.842, 12, 20, 15, "a、b")], "")
    assert v.burst_summary().startswith("共检出 1 个突发；")

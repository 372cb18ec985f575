"""Chart details a reader relies on to read a figure without its caption."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from policyreport.report import charts  # noqa: E402


def test_a_pmc_surface_names_the_variables_of_each_row():
    """Cell (row r, column c) of the 3×3 surface is X(3r + c + 1), as `views.pmc.surface` lays the
    scores out: the rows' ticks name their variables, the columns' the place in the row."""
    fig = charts.pmc_surfaces({"文件\nPMC 5.00": np.arange(1, 10).reshape(3, 3) / 10})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["X1–X3", "X4–X6", "X7–X9"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3"]

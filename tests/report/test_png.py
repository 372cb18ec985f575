"""Figures written as PNG: the pixels matplotlib's own PNG has, RGB where every pixel is opaque."""

from __future__ import annotations

import io
from binascii import a2b_base64

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
from PIL import Image  # noqa: E402

from policyreport.report import charts, fonts, png  # noqa: E402


def matplotlib_png(fig, **kw) -> Image.Image:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, **kw)
    return Image.open(io.BytesIO(buf.getvalue()))


@pytest.fixture
def bars():
    fonts.setup()
    fig = charts.outline_bars(pd.Series({"规划": 12, "法规管制": 7, "金融支持": 3}), "分句数")
    yield fig
    plt.close(fig)


@pytest.mark.parametrize("bbox", [None, "tight"])
def test_opaque_figure_is_rgb_with_matplotlibs_pixels_and_resolution(bars, bbox):
    kw = {"bbox_inches": bbox, "facecolor": bars.get_facecolor(), "edgecolor": bars.get_edgecolor()}
    ours, theirs = Image.open(io.BytesIO(png.figure_png(bars, 150, **kw))), matplotlib_png(bars, **kw)
    assert (ours.mode, theirs.mode) == ("RGB", "RGBA")
    assert ours.size == theirs.size and ours.info["dpi"] == theirs.info["dpi"]
    assert np.array_equal(np.asarray(ours), np.asarray(theirs)[..., :3])


def test_translucent_figure_keeps_its_alpha():
    fig, ax = plt.subplots(figsize=(2, 1))
    fig.patch.set_alpha(0.0)
    ax.plot([0, 1], [0, 1])
    ours, theirs = Image.open(io.BytesIO(png.figure_png(fig, 150))), matplotlib_png(fig)
    plt.close(fig)
    assert ours.mode == "RGBA"
    assert np.array_equal(np.asarray(ours), np.asarray(theirs))


def test_notebook_output_is_the_inline_backends_figure_as_rgb(bars):
    out = fonts._notebook_png(bars)
    ours = Image.open(io.BytesIO(a2b_base64(out)))
    theirs = matplotlib_png(bars, bbox_inches="tight", facecolor=bars.get_facecolor(), edgecolor=bars.get_edgecolor())
    assert ours.mode == "RGB" and np.array_equal(np.asarray(ours), np.asarray(theirs)[..., :3])
    empty = plt.figure()
    assert fonts._notebook_png(empty) is None
    plt.close(empty)

"""Figures kept by their inputs (`report.figure_cache`): a key tells apart what a chart can tell
apart, a kept figure shows the display data a new draw shows, and outside a build nothing is kept."""

import hashlib

import matplotlib
import numpy as np
import pandas as pd
import pytest
from IPython.core.formatters import format_display_data

from policyreport.execute import reads
from policyreport.report import charts, figure_cache, fonts, i18n
from policyreport.runtime.cache import Cache


def _fp(obj) -> str:
    h = hashlib.sha256()
    figure_cache.fingerprint(obj, h)
    return h.hexdigest()


BASE = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}, index=["p", "q"])

# (what changed, the other value): each must give another fingerprint than BASE
DIFFERENT = [
    ("a value", BASE.assign(a=[1, 3])),
    ("a text", BASE.assign(b=["x", "z"])),
    ("a column's type", BASE.assign(a=[1.0, 2.0])),
    ("a column's name", BASE.rename(columns={"a": "c"})),
    ("the column order", BASE[["b", "a"]]),
    ("the index", BASE.rename(index={"q": "r"})),
    ("the index's name", BASE.rename_axis("doc")),
    ("the row order", BASE.iloc[::-1]),
    ("a number written as text", BASE.assign(b=[1, "y"])),
    ("one more row", pd.concat([BASE, BASE.iloc[:1]])),
]


@pytest.mark.parametrize("what,other", DIFFERENT, ids=[d[0] for d in DIFFERENT])
def test_a_table_that_differs_in_anything_a_chart_shows_gets_another_fingerprint(what, other):
    assert _fp(other) != _fp(BASE)


def test_equal_arguments_get_equal_fingerprints():
    assert _fp(BASE) == _fp(BASE.copy()) == _fp(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}, index=["p", "q"]))
    assert _fp({"x": np.array([1.5, np.nan])}) == _fp({"x": np.array([1.5, np.nan])})
    assert _fp(pd.Series([1, 2], name="n")) != _fp(pd.Series([1, 2], name="m"))
    assert _fp({"a": 1, "b": 2}) != _fp({"b": 2, "a": 1})  # a chart may draw a mapping in its order
    assert _fp((1, "1")) != _fp(("1", 1))


def test_an_argument_it_cannot_describe_is_not_keyed():
    with pytest.raises(figure_cache.Unkeyable):
        _fp([object()])


@pytest.fixture()
def kept(tmp_path):
    """A build's figure cache, and figures shown as PNG as in a build's kernel (`fonts.setup`)."""
    from IPython.core.interactiveshell import InteractiveShell
    from matplotlib.figure import Figure

    png = InteractiveShell.instance().display_formatter.formatters["image/png"]
    png.for_type(Figure, fonts._notebook_png)
    figure_cache.use(str(tmp_path / "cache"), "code-1")
    yield Cache(tmp_path / "cache")
    figure_cache.use(None)
    i18n.use("zh")
    png.pop(Figure, None)


def _entries(cache: Cache) -> list:
    folder = cache.folder / figure_cache.KIND
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


SERIES = pd.Series([3, 1], index=["甲", "乙"])


def test_outside_a_build_a_chart_returns_its_figure():
    fig = charts.outline_bars(SERIES)
    assert isinstance(fig, matplotlib.figure.Figure) and not hasattr(fig, figure_cache._PENDING)
    assert figure_cache.shown(fig) is fig


def test_a_kept_figure_shows_what_the_drawn_figure_shows(kept):
    drawn = charts.outline_bars(SERIES, "文件数")
    assert isinstance(drawn, matplotlib.figure.Figure)
    expected = format_display_data(drawn)
    shown = figure_cache.shown(drawn)
    assert format_display_data(shown) == expected
    assert len(_entries(kept)) == 1
    again = charts.outline_bars(SERIES.copy(), "文件数")
    assert isinstance(again, figure_cache.KeptFigure)
    assert format_display_data(again) == expected
    assert "image/png" in expected[0] and expected[0]["image/png"]


def test_a_changed_argument_language_or_code_draws_again(kept):
    figure_cache.shown(charts.outline_bars(SERIES))
    assert isinstance(charts.outline_bars(SERIES.replace(1, 2)), matplotlib.figure.Figure)
    assert isinstance(charts.outline_bars(SERIES, "份数"), matplotlib.figure.Figure)
    assert isinstance(charts.outline_bars(SERIES, xlim=(0, 5)), matplotlib.figure.Figure)
    i18n.use("en")
    assert isinstance(charts.outline_bars(SERIES), matplotlib.figure.Figure)
    i18n.use("zh")
    figure_cache.use(str(kept.folder), "code-2")
    assert isinstance(charts.outline_bars(SERIES), matplotlib.figure.Figure)
    figure_cache.use(str(kept.folder), "code-1")
    assert isinstance(charts.outline_bars(SERIES), figure_cache.KeptFigure)


def test_force_draws_every_figure_and_rewrites_its_entry(kept):
    figure_cache.shown(charts.outline_bars(SERIES))
    (entry,) = (kept.folder / figure_cache.KIND).iterdir()
    entry.write_bytes(b"stale")
    figure_cache.use(str(kept.folder), "code-1", enabled=False)
    drawn = charts.outline_bars(SERIES)
    assert isinstance(drawn, matplotlib.figure.Figure)
    figure_cache.shown(drawn)
    figure_cache.use(str(kept.folder), "code-1")
    assert isinstance(charts.outline_bars(SERIES), figure_cache.KeptFigure)


def test_an_unsigned_entry_is_refused_and_the_figure_drawn(kept):
    figure_cache.shown(charts.outline_bars(SERIES))
    (entry,) = (kept.folder / figure_cache.KIND).iterdir()
    raw = entry.read_bytes()
    entry.write_bytes(raw.replace(b"image/png", b"image/PNG"))  # contents changed, signature not
    assert isinstance(charts.outline_bars(SERIES), matplotlib.figure.Figure)
    assert not entry.exists()


def test_entries_are_not_recorded_as_what_a_notebook_read(kept, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "t.csv").write_text("a\n1\n", encoding="utf-8")
    reads.start(str(data))
    try:
        pd.read_csv(data / "t.csv")
        figure_cache.shown(charts.outline_bars(SERIES))
        assert isinstance(charts.outline_bars(SERIES), figure_cache.KeptFigure)
        recorded = reads.recorded()
    finally:
        reads._STATE["root"] = None
    assert "t.csv" in recorded
    assert not [r for r in recorded if str(kept.folder) in r]

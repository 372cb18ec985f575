"""One place that makes matplotlib draw Chinese: register a Noto CJK font, deterministic output."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import matplotlib

FONT_CANDIDATES = (
    "NotoSansCJKsc-Regular.otf",  # shipped by the PyPI package mplfonts (same font on every machine)
)
SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
)


def font_path() -> Path:
    """The Noto Sans CJK SC file: the copy in the mplfonts package, else Debian's fonts-noto-cjk."""
    try:
        import mplfonts

        bundled = Path(mplfonts.__file__).parent / "fonts" / FONT_CANDIDATES[0]
        if bundled.is_file():
            return bundled
    except ImportError:
        pass
    for p in SYSTEM_FONTS:
        if Path(p).is_file():
            return Path(p)
    raise FileNotFoundError("no Noto Sans CJK font found: install the Python package mplfonts or Debian's fonts-noto-cjk")


@lru_cache(maxsize=1)
def setup() -> str:
    """Register the CJK font, make it the default family, and fix the output metadata.

    Returns the family name. Idempotent. `svg.hashsalt` and empty date metadata make the
    same figure give the same bytes on every run. Figures are laid out at the resolution they
    are saved at: `tight_layout` then measures the text with the renderer that saving reuses
    (matplotlib keeps one per size and resolution, and the text's sizes with it), not with another
    (7 % of a document page's time at thousands of documents).
    """
    from matplotlib import font_manager

    path = font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams.update(
        {
            "font.family": [family],
            "font.sans-serif": [family, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "text.parse_math": False,  # a "$" in a document's title is text, not mathtext
            "svg.hashsalt": "policyreport",
            "svg.fonttype": "path",
            "figure.dpi": 150,
            "savefig.dpi": 150,
            "figure.max_open_warning": 0,
        }
    )
    notebook_formats()
    return family


def notebook_formats() -> None:
    """In an IPython kernel, figures are shown as PNG written by `_notebook_png` (a no-op elsewhere).
    `setup` does it in the process that imports the charts; a kernel forked from a process that
    imported them before it was a kernel (`execute.forked_kernel`) does it when it starts."""
    try:
        from IPython import get_ipython

        ip = get_ipython()
        if ip is not None:
            from matplotlib.figure import Figure
            from matplotlib_inline.backend_inline import set_matplotlib_formats

            set_matplotlib_formats("png")
            ip.display_formatter.formatters["image/png"].for_type(Figure, _notebook_png)
    except ImportError:
        pass


def _notebook_png(fig) -> str | None:
    """A figure's PNG in a notebook's output, as IPython's inline backend makes it (tight bounding
    box, the figure's colours, nothing for an empty figure), but written by `report.png`."""
    if not fig.axes and not fig.lines:
        return None
    from binascii import b2a_base64

    from policyreport.report.png import figure_png

    data = figure_png(
        fig, matplotlib.rcParams["savefig.dpi"], bbox_inches="tight", facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor()
    )
    return b2a_base64(data, newline=False).decode("ascii")

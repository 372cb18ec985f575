"""Figures as PNG files of their drawn pixels, without an alpha channel where every pixel is opaque.

Matplotlib writes every PNG as RGBA. The PDF driver decodes each figure's alpha channel into a soft
mask of its own: at 60 documents, 93 opaque figures took 3.1 s to convert as RGBA and 2.2 s as RGB.
The pixels are taken from matplotlib's raw output (the same drawing, `savefig`'s size, tight
bounding box and colours) and written by Pillow, which also spares matplotlib's second copy.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

COMPRESS_LEVEL = 3  # zlib level: a quarter less time than Pillow's 6 for files 2 % larger


class _Pixels(io.BytesIO):
    """A file for matplotlib's raw output that keeps the renderer's buffer as an array of its shape
    (rows, columns, RGBA): `print_raw` writes the buffer itself, a memoryview of that shape."""

    pixels: np.ndarray | None = None

    def write(self, data) -> int:
        self.pixels = np.array(data, dtype=np.uint8, copy=True)
        return self.pixels.nbytes


def figure_png(fig, dpi: float, **savefig) -> bytes:
    """`fig` drawn as `fig.savefig(..., dpi=dpi, **savefig)` draws it, as PNG bytes: RGB when no
    pixel is translucent, RGBA otherwise; the resolution recorded as matplotlib records it."""
    out = _Pixels()
    fig.savefig(out, format="rgba", dpi=dpi, **savefig)
    rgba = out.pixels
    if rgba is None or rgba.ndim != 3 or rgba.shape[2] != 4:
        raise RuntimeError("matplotlib's raw output is not the renderer's RGBA buffer: policyreport.report.png needs updating")
    pixels = rgba[..., :3] if bool((rgba[..., 3] == 255).all()) else rgba
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels)).save(buf, format="png", compress_level=COMPRESS_LEVEL, dpi=(dpi, dpi))
    return buf.getvalue()

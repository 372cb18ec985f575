"""Figures kept by what they are drawn from, so that a chapter run again because one of its tables
changed draws again only the figures whose own inputs changed.

A chart function decorated with `kept` is keyed by its name, its arguments (tables by their values,
index, column names and types), the report's language, matplotlib's settings and font, the
versions of the drawing libraries and the code. In a build's kernel (`use`), a known key gives the
figure's display data (its PNG and its text) as the last draw made them; `glue_figure` stores them
after a draw. They are the bytes a new draw gives, because Agg and `report.png` are deterministic,
so an incremental build equals a `--force` build, which draws every figure again and rewrites the
entries. Entries live in the build's signed cache (`runtime.cache`, kind "figures"). Outside a
build's kernel (tests, a user's own session, pages rendered without a kernel) a decorated function
draws and returns its figure as it always does.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

KIND = "figures"
VERSION = "1"
_STATE: dict = {"cache": None, "code": ""}
_PENDING = "_policyreport_kept"  # set on a drawn figure: (function name, key) to store it under


def use(folder: str | None, code: str = "", enabled: bool = True) -> None:
    """Keep figures in the cache at `folder` (the build's), keyed also by the code's hash; `enabled`
    False draws every figure and rewrites its entry (`--force`); `folder` None keeps nothing."""
    from policyreport.runtime.cache import Cache

    _STATE["cache"] = Cache(Path(folder), enabled=enabled) if folder else None
    _STATE["code"] = code


class Unkeyable(TypeError):
    """An argument this module cannot describe by value: the figure is drawn and not kept."""


def _values(values) -> bytes:
    a = np.asarray(values)
    if a.dtype.kind in "biufcmM":
        return a.dtype.str.encode() + b"|" + np.ascontiguousarray(a).tobytes()
    return "\x1f".join(map(repr, a.tolist())).encode()


def _index(index: pd.Index, h) -> None:
    h.update(f"{type(index).__name__}|{index.dtype}|{list(index.names)!r}|{len(index)}".encode())
    h.update(_values(index))


def fingerprint(obj, h) -> None:
    """Feed `obj`'s value into the hash `h`: tables with their index, column names and types, so
    that two arguments get the same fingerprint only when a chart cannot tell them apart."""
    if isinstance(obj, pd.DataFrame):
        h.update(f"DataFrame|{obj.shape}|{obj.attrs!r}".encode())
        _index(obj.index, h)
        _index(obj.columns, h)
        for _, column in obj.items():
            h.update(f"|{column.dtype}|".encode())
            h.update(_values(column))
    elif isinstance(obj, pd.Series):
        h.update(f"Series|{obj.name!r}|{obj.dtype}|{obj.attrs!r}".encode())
        _index(obj.index, h)
        h.update(_values(obj))
    elif isinstance(obj, np.ndarray):
        h.update(f"ndarray|{obj.shape}|".encode())
        h.update(_values(obj))
    elif isinstance(obj, dict):
        h.update(f"dict|{len(obj)}".encode())
        for k, v in obj.items():  # in order: a chart may draw them in that order
            fingerprint(k, h)
            fingerprint(v, h)
    elif isinstance(obj, (list, tuple)):
        h.update(f"{type(obj).__name__}|{len(obj)}".encode())
        for v in obj:
            fingerprint(v, h)
    elif obj is None or isinstance(obj, (str, bool, int, float, np.generic)):
        h.update(f"{type(obj).__name__}:{obj!r}".encode())
    else:
        raise Unkeyable(type(obj).__name__)
    h.update(b"\0")


def _settings() -> str:
    """What a chart draws with besides its arguments: language, matplotlib's settings (after the
    font is set up) and font file, the drawing libraries' versions."""
    import matplotlib
    import PIL

    from policyreport.report import fonts, i18n

    fonts.setup()
    font = fonts.font_path()
    return repr(
        (
            i18n.language(),
            sorted((k, repr(v)) for k, v in matplotlib.rcParams.items()),
            str(font),
            font.stat().st_size,
            matplotlib.__version__,
            PIL.__version__,
            np.__version__,
            pd.__version__,
        )
    )


def key(fn, args: tuple, kwargs: dict) -> str:
    """The key of `fn(*args, **kwargs)`'s figure (raises `Unkeyable`)."""
    h = hashlib.sha256(f"{VERSION}|{fn.__module__}.{fn.__qualname__}|{_STATE['code']}|".encode())
    h.update(_settings().encode())
    fingerprint(list(args), h)
    fingerprint(sorted(kwargs.items()), h)
    return h.hexdigest()


class KeptFigure:
    """A figure shown from the cache: it displays as the stored display data."""

    def __init__(self, bundle: dict, metadata: dict):
        self.bundle, self.metadata = bundle, metadata

    def _repr_mimebundle_(self, include=None, exclude=None):
        return dict(self.bundle), dict(self.metadata)


def _entry(name: str, k: str):
    from policyreport.execute import reads

    with reads.paused():  # an entry is a result, not an input of the notebook
        stored = _STATE["cache"].load_object(KIND, name, k)
    if isinstance(stored, dict) and isinstance(stored.get("bundle"), dict) and isinstance(stored.get("metadata"), dict):
        return KeptFigure(stored["bundle"], stored["metadata"])
    return None


def kept(fn):
    """Decorate a chart function (arguments to a matplotlib Figure): in a build's kernel it returns
    the figure's `KeptFigure` when its key is known, else the drawn figure marked to be stored."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if _STATE["cache"] is None:
            return fn(*args, **kwargs)
        try:
            k = key(fn, args, kwargs)
        except Unkeyable:
            return fn(*args, **kwargs)
        name = fn.__qualname__
        found = _entry(name, k)
        if found is not None:
            return found
        fig = fn(*args, **kwargs)
        setattr(fig, _PENDING, (name, k))
        return fig

    return wrapper


def shown(fig):
    """What `glue_figure` glues: a drawn figure marked by `kept` becomes its display data, stored
    for the next build; anything else is returned as it is."""
    pending = getattr(fig, _PENDING, None)
    if pending is None or _STATE["cache"] is None:
        return fig
    from IPython.core.formatters import format_display_data

    from policyreport.execute import reads

    bundle, metadata = format_display_data(fig)
    out = KeptFigure(bundle, metadata)
    with reads.paused():
        _STATE["cache"].save_object(KIND, pending[0], pending[1], {"bundle": dict(bundle), "metadata": dict(metadata)})
    return out

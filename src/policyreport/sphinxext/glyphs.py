"""Characters the PDF cannot show. The LaTeX fonts are Latin Modern for Latin text and Noto Serif
CJK SC for Chinese (see skeleton/_config.yml). xeCJK sends a character to the Latin font unless it
is in its CJK class, so ▲ ★ ① Ⅱ ≥ κ, which only Noto has, printed blank: `cjk_class` declares
every such character CJK, read from the two fonts' own tables. What neither font has (emoji,
right-to-left scripts, rare symbols) is blank in the PDF, and each document holding any gets a
warning that names the characters."""

from __future__ import annotations

import subprocess
import unicodedata
from functools import cache

PDF_FONTS = ("Latin Modern Roman", "Noto Serif CJK SC")
IGNORED = set("\t\n\r\f\v\u200b\u200c\u200d\u2060\ufeff")


@cache
def covered(families: tuple[str, ...] = PDF_FONTS) -> frozenset[int] | None:
    """Code points one of the fonts has a glyph for; None when a font or fontconfig is missing."""
    cmap: set[int] = set()
    for family in families:
        font = _cmap(family)
        if font is None:
            return None
        cmap |= font
    return frozenset(cmap)


_CMAPS: dict[str, set[int] | None] = {}  # family -> its code points, filled by `remember` from the cache


def font_file(family: str) -> str | None:
    """The file fontconfig gives for `family` (None when it substitutes another font or fails)."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", family], capture_output=True, text=True, timeout=30, check=True
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    if len(found) < 2 or family not in found[0]:
        return None  # fontconfig substituted another font
    return found[1].strip()


FONT_STORE_BYTES = 10_000_000  # the user's store of code points: a few font versions


def remember(cache, families: tuple[str, ...] = PDF_FONTS) -> None:
    """Read the fonts' code points from `cache` (a `runtime.cache.Cache`), or from the user's store
    (`runtime.cache.user_store`, also read by a `--force` build: they are facts of the installed
    fonts, not of the build), when their files are those of an earlier build; else read them from
    the fonts (0.6 s: the CJK font's tables are large) and store them in both as data."""
    import os

    from policyreport.runtime.cache import digest, load_through, save_through, user_store

    files = {f: font_file(f) for f in families}
    try:
        stamps = [f"{f}:{p}:{os.stat(p).st_size}:{os.stat(p).st_mtime_ns}" for f, p in files.items() if p]
    except OSError:
        return
    key = digest("cmaps", *stamps, len(stamps))
    store = user_store("fonts")
    stored = load_through(cache, store, "fonts", "pdf-cmaps", key)
    if isinstance(stored, dict) and set(stored) == set(families):
        _CMAPS.update({f: None if v is None else set(v) for f, v in stored.items()})
        covered.cache_clear()
        return
    cmaps = {f: _cmap(f, files[f]) for f in families}
    save_through(
        cache, store, "fonts", "pdf-cmaps", key, {f: None if v is None else sorted(v) for f, v in cmaps.items()}, FONT_STORE_BYTES
    )


def _cmap(family: str, path: str | None = "") -> set[int] | None:
    if family in _CMAPS:
        return _CMAPS[family]
    path = font_file(family) if path == "" else path
    if path is None:
        return None
    try:
        from fontTools.ttLib import TTCollection, TTFont

        fonts = TTCollection(path).fonts if path.endswith(".ttc") else [TTFont(path)]
        cmap: set[int] = set()
        for font in fonts[:1] if path.endswith(".otf") else fonts:
            cmap.update(font.getBestCmap() or {})
    except (OSError, ValueError, ImportError):
        cmap = None
    _CMAPS[family] = cmap
    return cmap


# Ends the LaTeX font setup when the build has already added `cjk_class` (book/stage.py), so that the
# LaTeX builder does not read the fonts again (sphinxext/latex.py).
CJK_CLASS_DONE = "% policyreport: CJK class declared\n"
XECJK_CJK_FROM = 0x2E80  # from here on xeCJK's own CJK class (radicals, ideographs, full-width forms)


def cjk_class() -> str:
    """`\\xeCJKDeclareCharClass` lines giving the CJK font every character below U+2E80 that the
    Latin font lacks and the CJK font has; empty when fontconfig cannot find the fonts."""
    latin, cjk = covered(PDF_FONTS[:1]), covered(PDF_FONTS[1:])
    if latin is None or cjk is None:
        return ""
    points = sorted(c for c in cjk - latin if 0x80 <= c < XECJK_CJK_FROM)
    ranges: list[list[int]] = []
    for c in points:
        if ranges and c == ranges[-1][1] + 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    spans = [f'"{a:04X} -> "{b:04X}' if a != b else f'"{a:04X}' for a, b in ranges]
    return "".join(f"\\xeCJKDeclareCharClass{{CJK}}{{{', '.join(spans[i : i + 40])}}}\n" for i in range(0, len(spans), 40))


def missing(text: str) -> list[str]:
    """The distinct characters of `text` that the PDF font cannot show, in order of appearance."""
    cmap = covered()
    if cmap is None:
        return []
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in seen and ch not in IGNORED and ord(ch) not in cmap and unicodedata.category(ch) not in ("Cc", "Cf"):
            seen[ch] = None
    return list(seen)


def warning(file: str, text: str) -> str | None:
    """One line naming the document and a few of the characters, or None."""
    chars = missing(text)
    if not chars:
        return None
    shown = ", ".join(f"{c} U+{ord(c):04X}" for c in chars[:5])
    more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
    return f"warning: {file}: {len(chars)} character(s) that the PDF font cannot show ({shown}{more}); they are blank in the PDF"

"""Where the package keeps its data: notebook templates, the book skeleton, default dictionaries.

They ship inside the package (package data), so an installed policyreport builds from any folder.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
SKELETON = PACKAGE / "skeleton"
DICTIONARIES = PACKAGE / "dictionaries"
VALIDATION = PACKAGE / "validation"  # hand checks of the extraction, shipped with the code


def display_path(path: str | Path) -> str:
    """A path as the report shows it: relative to the working folder when inside it, the package's
    own data as `policyreport/…`, otherwise absolute (the same on every machine that builds alike)."""
    p = Path(path).resolve()
    for base, prefix in ((Path.cwd(), ""), (PACKAGE, "policyreport/")):
        try:
            return prefix + p.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(p)

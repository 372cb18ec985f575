"""The format readers' word lists (`dictionaries/formats.yaml`), loaded once."""

from __future__ import annotations

import re
from functools import cache

from policyreport.ingest.datafiles import read_yaml
from policyreport.paths import DICTIONARIES

FILE = DICTIONARIES / "formats.yaml"
_SPACE = re.compile(r"[\s\u3000\u00a0]+")


def squeeze(text: str) -> str:
    """A label as compared: no spaces of any width (`文　　号` is `文号`)."""
    return _SPACE.sub("", text)


@cache
def words() -> dict:
    return read_yaml(FILE, "format word lists")


@cache
def page_labels() -> dict[str, str]:
    """{label: record key} of a web page's metadata block, longest label first."""
    pairs = [(label, key) for key, labels in words()["page_labels"].items() for label in labels]
    return dict(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def label_pattern() -> re.Pattern:
    """A label at the start of a string, followed by a colon (either width) or the end."""
    alts = "|".join(re.escape(x) for x in page_labels())
    return re.compile(rf"^(?P<label>{alts})\s*(?:[:：]|$)")


@cache
def spaced_labels() -> re.Pattern:
    """A label followed by a colon (either width) anywhere in a line, spaces of any width allowed
    between its characters (`索　引　号：`), longest label first."""
    gap = r"[\s\u3000\u00a0]*"
    alts = "|".join(gap.join(re.escape(c) for c in label) for label in page_labels())
    return re.compile(rf"(?P<label>{alts}){gap}[:：]")

"""Web addresses and DOIs from documents and parameters: only absolute http(s) URLs made of the
characters RFC 3986 allows, without credentials, and DOIs of the form Crossref recommends. Anything else (another scheme such as `javascript:`, a space, a
line break, `<`, `>`, a backtick, a quote or a brace) is not a URL, so no address can carry
markup or a role into a page, a citation file, robots.txt or the sitemap."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%"
FIND_URL = re.compile(rf"https?://[{URL_CHARS}]+")
_WHOLE = re.compile(rf"[{URL_CHARS}]+")
DOI = re.compile(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]+")  # Crossref's pattern for modern DOIs


def _url_char(ch: str) -> bool:
    """RFC 3986 characters, and the letters an IRI may hold (报告 in a path): no space, control,
    invisible or full-width-space character."""
    return bool(_WHOLE.fullmatch(ch)) or (ord(ch) > 0x7F and unicodedata.category(ch)[0] not in "CZ")


def http_url(text) -> str | None:
    """`text` if it is an absolute http(s) URL (or IRI) with a host and only URL characters, else None."""
    if not isinstance(text, str) or not text or not all(_url_char(ch) for ch in text):
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - a port that is not a number in range raises ValueError
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    return text


def find_url(text: str) -> str | None:
    """The first http(s) URL in a line of text, cut where URL characters end."""
    m = FIND_URL.search(text)
    return http_url(m.group(0).rstrip(".,;:!?'()[]")) if m else None

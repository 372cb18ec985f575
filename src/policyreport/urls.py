"""Web addresses from documents and parameters: only absolute http(s) URLs made of the
characters RFC 3986 allows. Anything else (another scheme such as `javascript:`, a space, a
line break, `<`, `>`, a backtick, a quote or a brace) is not a URL, so no address can carry
markup or a role into a page, a citation file, robots.txt or the sitemap."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%"
FIND_URL = re.compile(rf"https?://[{URL_CHARS}]+")
_WHOLE = re.compile(rf"[{URL_CHARS}]+")


def http_url(text) -> str | None:
    """`text` if it is an absolute http(s) URL with a host and only URL characters, else None."""
    if not isinstance(text, str) or not _WHOLE.fullmatch(text):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def find_url(text: str) -> str | None:
    """The first http(s) URL in a line of text, cut where URL characters end."""
    m = FIND_URL.search(text)
    return http_url(m.group(0).rstrip(".,;:!?'()[]")) if m else None

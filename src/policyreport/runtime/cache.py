"""Content-addressed caches: per-document analyses and executed notebooks.

Entries hold data only (JSON through `codec`, or a file's bytes): nothing read from the cache
is ever run. Each entry is signed (HMAC-SHA256) with a key kept outside the output folder, in the
user's cache folder (`key_file`): an entry planted by someone who can write the output folder but
not that key (an executed notebook whose HTML would reach the site, say) is refused. A cached result is used only when its key matches, and every key covers what the result was
computed from (the document's bytes, the parameters and the dictionary files they name, the
code version, and for a notebook the exact data files it reads), so a stale result is never
shown. `--force` ignores the caches. The cache is bounded (`Cache.prune`, run after each build).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
import time
from pathlib import Path

from policyreport.runtime import codec


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode())
        h.update(b"\0")
    return h.hexdigest()


MAGIC = b"policyreport-cache-2\n"
KEY_ENV = "POLICYREPORT_CACHE_KEY"  # a file holding the signing key (default: key_file())


def key_file() -> Path:
    """Where the signing key lives: $POLICYREPORT_CACHE_KEY, else $XDG_CACHE_HOME/policyreport/cache.key."""
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "policyreport" / "cache.key"


_KEY: dict[str, bytes] = {}


def signing_key() -> bytes:
    """The user's signing key, made (32 random bytes, readable by the user only) on first use. Where
    it can be neither read nor made, a key of this process only: entries then never match in a
    later build, which recomputes them (correct, only slower)."""
    path = str(key_file())
    if path not in _KEY:
        try:
            p = Path(path)
            if not p.is_file():
                p.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(os.urandom(32))
            key = p.read_bytes()
            _KEY[path] = key if len(key) >= 32 else os.urandom(32)
        except OSError:
            _KEY[path] = os.urandom(32)
    return _KEY[path]


def _sign(data: bytes) -> bytes:
    return hmac.new(signing_key(), data, hashlib.sha256).hexdigest().encode()


MAX_BYTES = 2_000_000_000  # the cache's bound: least recently used entries go first
MAX_AGE_DAYS = 90  # and an entry unused for this long goes whatever the size
NAME_CHARS = 60


class Cache:
    """Entries are written atomically (a unique temporary file, then a rename) with a SHA-256 of
    their contents, verified on every read: a damaged or truncated entry is dropped, noted in
    `notes` and recomputed. Reading an entry marks it used; `prune` keeps the folder bounded."""

    def __init__(self, folder: Path, enabled: bool = True):
        self.folder = folder
        self.enabled = enabled
        self.notes: list[str] = []

    def _path(self, kind: str, name: str, key: str, suffix: str) -> Path:
        """Bounded file names: a long name is cut and made unique by its hash."""
        if len(name) > NAME_CHARS:
            name = name[:NAME_CHARS] + "-" + hashlib.sha256(name.encode()).hexdigest()[:12]
        return self.folder / kind / f"{name}-{key[:20]}{suffix}"

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + _sign(data) + b"\n" + data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _read(self, path: Path) -> bytes | None:
        """The entry's contents if it is there and intact (else None, and a damaged one is removed)."""
        if not self.enabled or not path.is_file():
            return None
        raw = path.read_bytes()
        head = len(MAGIC) + 65
        if raw[: len(MAGIC)] == MAGIC and len(raw) >= head:
            data = raw[head:]
            if hmac.compare_digest(_sign(data), raw[len(MAGIC) : head - 1]):
                os.utime(path)  # used now: pruned last
                return data
        path.unlink(missing_ok=True)
        self.notes.append(f"cache: damaged or unsigned entry {path.relative_to(self.folder)} removed; recomputed")
        return None

    def load_object(self, kind: str, name: str, key: str):
        """The object stored under `key`, or None. Entries are JSON read by `codec` (data, never
        code): one that is not, even with a valid checksum, is removed and recomputed."""
        path = self._path(kind, name, key, ".json")
        data = self._read(path)
        if data is None:
            return None
        try:
            return codec.loads(data)
        except codec.NotData:
            path.unlink(missing_ok=True)
            self.notes.append(f"cache: entry {path.relative_to(self.folder)} is not cached data; removed and recomputed")
            return None

    def save_object(self, kind: str, name: str, key: str, obj) -> None:
        self._write(self._path(kind, name, key, ".json"), codec.dumps(obj))

    def fetch_file(self, kind: str, name: str, key: str, dest: Path) -> bool:
        data = self._read(self._path(kind, name, key, dest.suffix))
        if data is None:
            return False
        if dest.is_symlink() or not (dest.is_file() and dest.stat().st_size == len(data) and dest.read_bytes() == data):
            dest.parent.mkdir(parents=True, exist_ok=True)  # a file already in place (a kept folder) is not written again
            if dest.is_symlink():
                dest.unlink()
            dest.write_bytes(data)
        return True

    def store_file(self, kind: str, name: str, key: str, src: Path) -> None:
        self._write(self._path(kind, name, key, src.suffix), src.read_bytes())

    def state(self) -> dict:
        data = self._read(self.folder / "state.json")
        try:
            return json.loads(data) if data else {}
        except ValueError:
            return {}

    def save_state(self, state: dict) -> None:
        self._write(self.folder / "state.json", json.dumps(state, sort_keys=True).encode())

    def prune(self, max_bytes: int = MAX_BYTES, max_age_days: float = MAX_AGE_DAYS, keep_since: float | None = None) -> int:
        """Bound the cache: drop entries unused for `max_age_days`, then the least recently used
        until the total is at most `max_bytes`. Entries used since `keep_since` (this build's
        start) are kept whatever the bound. Returns the number of entries removed."""
        if not self.folder.is_dir():
            return 0
        now = time.time()
        entries = sorted(
            ((p.stat().st_mtime, p.stat().st_size, p) for p in self.folder.glob("*/*") if p.is_file()), key=lambda e: e[0]
        )
        total = sum(size for _, size, _ in entries)
        removed = 0
        for mtime, size, path in entries:
            if keep_since is not None and mtime >= keep_since:
                continue
            if now - mtime > max_age_days * 86400 or total > max_bytes:
                path.unlink(missing_ok=True)
                total -= size
                removed += 1
        return removed


def user_store(name: str) -> Cache:
    """A store of the user's beside the signing key ($XDG_CACHE_HOME/policyreport/`name`), for what
    is the same in every output folder and after `--force`, which ignores the build's own cache:
    a fitted model, the fonts' code points (as jieba keeps its dictionary and matplotlib its font
    list). Entries are signed like the build cache's."""
    return Cache(key_file().parent / name)


def load_through(cache: Cache, store: Cache, kind: str, name: str, key: str):
    """The entry from the build's cache, else from the user's `store` (then copied into the build's)."""
    stored = cache.load_object(kind, name, key)
    if stored is not None:
        return stored
    stored = store.load_object(kind, name, key)
    if stored is not None and cache.enabled:
        cache.save_object(kind, name, key, stored)
    return stored


def save_through(cache: Cache, store: Cache, kind: str, name: str, key: str, value, max_bytes: int) -> None:
    """Into the build's cache and the user's `store`, kept under `max_bytes` (a store that cannot be
    written is left out)."""
    cache.save_object(kind, name, key, value)
    try:
        store.save_object(kind, name, key, value)
        store.prune(max_bytes=max_bytes)
    except OSError:
        pass

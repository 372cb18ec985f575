"""Content-addressed caches: per-document analyses and executed notebooks.

A cached result is used only when its key matches, and every key covers what the result was
computed from (the document's bytes, the parameters and the dictionary files they name, the
code version, and for a notebook the exact data files it reads), so a stale result is never
shown. `--force` ignores the caches.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def files_digest(paths: list[Path], base: Path) -> str:
    """Hash of the names (relative to base) and contents of files, in sorted order."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path, enabled: bool = True):
        self.folder = folder
        self.enabled = enabled

    def _path(self, kind: str, name: str, key: str, suffix: str) -> Path:
        return self.folder / kind / f"{name}-{key[:20]}{suffix}"

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def load_object(self, kind: str, name: str, key: str):
        path = self._path(kind, name, key, ".pkl")
        if not self.enabled or not path.is_file():
            return None
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a damaged cache entry is recomputed, never trusted
            return None

    def save_object(self, kind: str, name: str, key: str, obj) -> None:
        self._write(self._path(kind, name, key, ".pkl"), pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))

    def fetch_file(self, kind: str, name: str, key: str, dest: Path) -> bool:
        path = self._path(kind, name, key, dest.suffix)
        if not self.enabled or not path.is_file():
            return False
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        return True

    def store_file(self, kind: str, name: str, key: str, src: Path) -> None:
        self._write(self._path(kind, name, key, src.suffix), src.read_bytes())

    def state(self) -> dict:
        path = self.folder / "state.json"
        try:
            return json.loads(path.read_text(encoding="utf-8")) if self.enabled else {}
        except (OSError, ValueError):
            return {}

    def save_state(self, state: dict) -> None:
        self._write(self.folder / "state.json", json.dumps(state, sort_keys=True).encode())

    def prune(self, kind: str, keep: set[Path]) -> None:
        """Drop entries of a kind that the last build did not use (the cache stays bounded)."""
        folder = self.folder / kind
        if folder.is_dir():
            for p in folder.iterdir():
                if p not in keep:
                    p.unlink(missing_ok=True)

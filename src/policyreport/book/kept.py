"""The staging folder kept between builds: a file is rewritten only when what it is made of changed.

Writing every data file of a large corpus afresh costs more than everything else a one-document
change does (pandas' CSV writer, and removing the old folder from the disk). The kept folder is
written through the calls of `store.Disk`: `write` skips a file whose bytes are those it already
holds, `csv` skips even the making of a table's file when the table (its values, their types,
the labels) is the one it was last made from by the same code and library versions (`salt`). What is known of each file is recorded beside the folder (`<folder>.json`) with the
file's stamp (`runtime.stamps`), and believed only while the file still has that stamp: a file
written by anyone since, or left half-written by a killed build, is written again. `close` removes
every file this build did not write (the files of documents that left the corpus, of pages no
longer made, a notebook's leftovers), except what this build's notebooks write into the folder
after it, and records the rest. Without a record (the first build, `--force`), a file whose bytes
are already the right ones is still kept as it is.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path

from policyreport.runtime import stamps


class KeptFolder:
    """Writes into `root`, kept between builds; `close` sweeps and records it."""

    def __init__(self, root: Path, salt: str, fresh: bool = False):
        self.root = root
        self.record = root.with_name(root.name + ".json")
        old = {} if fresh else stamps.load(self.record)
        self.old = stamps.entries(old, "files")
        self.keyed = old.get("salt") == salt  # what a key stands for holds for the same code only
        self.salt = salt
        self.files: dict[str, list] = {}
        self.written = 0
        root.mkdir(parents=True, exist_ok=True)

    def _known(self, rel: str, path: Path) -> list | None:
        """The record of `rel` ([key, contents key, sha256, *stamp]) when the file still has the
        stamp recorded."""
        entry = self.old.get(rel)
        if entry is None or len(entry) != 7:
            return None
        return entry if stamps.stamp(path) == entry[3:] else None

    def write(self, path: Path, data: bytes, keys: tuple[str | None, str | None] = (None, None)) -> None:
        """`path` holds `data`: written unless it already does."""
        rel = path.relative_to(self.root).as_posix()
        sha = hashlib.sha256(data).hexdigest()
        known, now = self._known(rel, path), stamps.stamp(path)
        if known is not None:
            same = known[2] == sha
        else:  # nothing recorded: read it (cheaper than writing it, and it keeps its times for Sphinx)
            same = now is not None and now[1] == len(data) and path.read_bytes() == data
        if not same:
            if now is None and path.is_dir() and not path.is_symlink():  # a folder where the file goes
                shutil.rmtree(path)
            elif now is None and os.path.lexists(path):  # a link: written in its place, not through it
                path.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self.written += 1
            now = stamps.stamp(path)
        self.files[rel] = [*keys, sha, *now]

    def csv(self, path: Path, df, index: bool = False, source: str | None = None) -> None:
        """`path` holds the table `df` (or the table the function `df` makes, made only when
        `source` is not the one recorded) as `store.csv_bytes` writes it, written only when it changed.

        The quick key is `source` when the caller knows what the table is made from (a document's
        analysis key and the table's name: nothing else to compute), else the table's pickle, which
        also depends on how the table lies in memory (its blocks, which strings are one object): a
        table fresh from the analysis and the same table read back from the cache pickle
        differently. When the pickle differs, the contents key (the table as the cache stores
        it, `runtime.codec`: values and types only) decides; when a source differs, the file's
        bytes do (`write`), as cheap to make (`store.csv_bytes`) as that key."""
        from policyreport.report.store import csv_bytes
        from policyreport.runtime import codec

        rel = path.relative_to(self.root).as_posix()
        if source is not None:
            quick = f"source:{source}"
        else:
            df = df() if callable(df) else df
            quick = hashlib.sha256(pickle.dumps((df, index), protocol=5)).hexdigest()
        known = self._known(rel, path) if self.keyed else None
        if known is not None and known[0] == quick:
            self.files[rel] = known
            return
        df = df() if callable(df) else df
        contents = None  # a new source: the table is new too, as a rule, and its file's bytes decide
        if source is None:
            try:
                contents = hashlib.sha256(codec.dumps((df, index))).hexdigest()
            except TypeError:  # a table the cache cannot hold (a MultiIndex): made and compared
                pass
        if known is not None and contents is not None and known[1] == contents:
            self.files[rel] = [quick, *known[1:]]
            return
        self.write(path, csv_bytes(df, index), (quick, contents))

    def shas(self, folder: Path) -> dict[str, str]:
        """The SHA-256 of each file written or kept below `folder`, by its path there."""
        prefix = folder.relative_to(self.root).as_posix() + "/"
        return {rel[len(prefix) :]: entry[2] for rel, entry in self.files.items() if rel.startswith(prefix) and len(entry) == 7}

    def close(self, keep: list[Path] = ()) -> None:
        """Remove the files and empty folders this build did not write, except those below `keep`
        (what the notebooks write into the folder after this: they write every such file again),
        then record the files written."""
        keep_rel = {p.relative_to(self.root).as_posix() for p in keep}
        for folder, dirs, names in os.walk(self.root, topdown=False):
            here = Path(folder)
            for name in names:
                rel = (here / name).relative_to(self.root)
                kept = rel.as_posix() in self.files or keep_rel.intersection(map(Path.as_posix, (rel, *rel.parents)))
                if not kept or (here / name).is_symlink():  # the build makes no links: nothing is written through one
                    (here / name).unlink()
            for name in dirs:
                sub = here / name
                if sub.is_symlink():
                    sub.unlink()
                elif not any(sub.iterdir()):
                    sub.rmdir()
        stamps.save(self.record, {"salt": self.salt, "files": self.files})

"""Reading the corpus: find the files, decode them, reject what cannot be analysed.

Source files are only ever opened for reading. A bad file is reported as `Skipped`
(file name + reason) so that the rest of the corpus is still analysed.
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from policyreport.errors import UserError
from policyreport.ingest import formats
from policyreport.ingest.formats.base import DecodeError
from policyreport.ingest.formats.encoding import decode

__all__ = ["Document", "Skipped", "DecodeError", "decode", "read_corpus", "find_files", "read_file"]

WHITESPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]*")
MAX_BYTES = 20_000_000
MAX_BINARY_BYTES = 100_000_000  # PDF, Word, OFD and workbooks carry fonts and images besides their text
MAX_ID = 60
BUILD_MARK = ".lock"  # the lock file of a report's build folder (runtime/lock.py): never a corpus sub-folder


@dataclass(frozen=True)
class Document:
    """One document: `path` is the file it came from (kept for download; a table's for each of its
    rows), `file` names it (`policies.xlsx#12` for a row), `publication` is what its carrier says
    about it (page metadata, table columns), `format` the reader that read it; `row` is a table
    row as read (header and values), None for a whole file."""

    doc_id: str
    file: str
    path: Path
    sha256: str
    encoding: str
    text: str
    format: str = "text"
    publication: dict = field(default_factory=dict, hash=False, compare=False)
    row: dict | None = field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


def doc_id_for(file_name: str, taken: set[str], sha: str) -> str:
    """A stable, label-safe id from the file name (ASCII letters, digits, - and _)."""
    stem = Path(file_name).stem.lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")
    if len(slug) > MAX_ID:  # the id names files (notebooks, pages, cache entries): keep it short
        slug = slug[:MAX_ID].strip("-_") + "-" + sha[:8]
    if not slug or slug in taken:
        slug = f"{slug or 'doc'}-{sha[:8]}"
    return slug


def check_pattern(pattern: str) -> None:
    """The pattern names files inside the corpus folder: no absolute path, no `..`."""
    parts = PurePosixPath(pattern.replace("\\", "/")).parts
    if not pattern.strip() or pattern.startswith(("/", "~")) or ".." in parts or re.match(r"^[A-Za-z]:", pattern):
        raise UserError(
            f"parameter 'pattern' ({pattern!r}) must name files inside the corpus folder: "
            "no absolute path and no '..' (use the 'corpus' parameter to choose the folder)"
        )


_BRACES = re.compile(r"\{([^{}]*)\}")


def expand(pattern: str) -> list[str]:
    """`*.{txt,pdf}` → `*.txt`, `*.pdf` (one level of braces, as in a shell)."""
    m = _BRACES.search(pattern)
    if not m:
        return [pattern]
    return [p for alt in m.group(1).split(",") for p in expand(pattern[: m.start()] + alt + pattern[m.end() :])]


def _matches(rel: str, pattern: str) -> bool:
    """Case-insensitive: a.TXT is as much a text file as a.txt."""
    rel = rel.lower()
    return any(
        fnmatch.fnmatchcase(rel, p) if "/" in p else fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], p)
        for p in expand(pattern.lower())
    )


def find_files(folder: Path, pattern: str, recursive: bool = False) -> tuple[list[tuple[Path, Checked]], list[Skipped]]:
    """The files of the corpus folder that the pattern names, and what was left out, with reasons.

    The rules: the pattern is matched case-insensitively against the file name (or, when it
    contains '/', the path inside the folder); sub-folders are read only when `recursive`;
    hidden files and folders (name starting with '.') and build folders are not read; a file must be a regular
    file inside the corpus folder once symbolic links are resolved (no link out of the folder,
    no device, FIFO or socket). Each file comes with what was checked (`Checked`): the reader
    opens exactly that file, or refuses.
    """
    check_pattern(pattern)
    if not folder.exists():
        raise UserError(f"{folder}: corpus folder does not exist")
    if not folder.is_dir():
        raise UserError(f"{folder}: corpus path is not a folder")
    root = folder.resolve()
    files: list[tuple[Path, Checked]] = []
    skipped: list[Skipped] = []

    def walk(d: Path, prefix: str) -> None:
        for entry in sorted(os.scandir(d), key=lambda e: e.name):
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if entry.name.startswith(".") or (Path(entry.path) / BUILD_MARK).is_file():
                    continue  # hidden, or a report's build folder
                if not recursive:
                    if _holds_match(Path(entry.path), pattern):
                        skipped.append(
                            Skipped(rel + "/", f"{rel}/ is a sub-folder: not read (set 'recursive: true' to read sub-folders)")
                        )
                    continue
                walk(Path(entry.path), rel + "/")
            elif _matches(rel, pattern):
                reason = _refusal(Path(entry.path), root, entry.name)
                if isinstance(reason, str):
                    skipped.append(Skipped(rel, f"{rel} {reason}"))
                else:
                    files.append((Path(entry.path), reason))

    walk(folder, "")
    if not files and not skipped:
        raise UserError(f"{folder}: no files matching '{pattern}' in the corpus folder")
    return files, skipped


def _holds_match(folder: Path, pattern: str) -> bool:
    """Whether a sub-folder holds a file the pattern names (so that leaving it out is worth a note)."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not (Path(dirpath) / d / BUILD_MARK).is_file()]
        base = Path(dirpath).relative_to(folder)
        if any(_matches((base / f).as_posix(), pattern) for f in filenames if not f.startswith(".")):
            return True
    return False


@dataclass(frozen=True)
class Checked:
    """The file a path led to when it was checked: its real path and its identity (device, inode)."""

    real: Path
    dev: int
    ino: int


def _refusal(path: Path, root: Path, name: str) -> str | Checked:
    """Why a matching file is not read, or the file that was checked."""
    if name.startswith("."):
        return "is a hidden file: not read"
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "is a broken or looping symbolic link: not read"
    if not real.is_relative_to(root):
        return "is a symbolic link to a file outside the corpus folder: refused"
    st = real.stat()
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file (device, FIFO, socket or folder): refused"
    return Checked(real, st.st_dev, st.st_ino)


def _read_bytes(path: Path, name: str, checked: Checked | None) -> bytes:
    """The bytes of the file that was checked (same device and inode, no link followed at the last
    step): a file swapped for a link between the check and the read is refused."""
    target = checked.real if checked else path
    limit = MAX_BINARY_BYTES if formats.EXTENSIONS.get(formats.extension(name)) in formats.BINARY | {"tables"} else MAX_BYTES
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DecodeError("became a symbolic link after it was checked: refused") from None
        raise
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if checked and (st.st_dev, st.st_ino) != (checked.dev, checked.ino):
            raise DecodeError("changed into another file after it was checked: refused")
        if not stat.S_ISREG(st.st_mode):
            raise DecodeError("is not a regular file: refused")
        if st.st_size > limit:
            raise DecodeError(f"is {st.st_size:,} bytes, larger than the limit of {limit:,} bytes")
        data = fh.read(limit + 1)
    if not data:
        raise DecodeError("is empty")
    return data


def _row_id(name: str, part: str) -> str:
    """The id a table's row is named by: the table's name and the row (`policies-r12`)."""
    return f"{Path(name).stem}-r{part.replace(':', '-')}.row"


def read_file(
    path: Path, taken: set[str], name: str | None = None, checked: Checked | None = None, options: formats.Options | None = None
) -> tuple[list[Document], list[str]]:
    """The documents of one file (one, or one per row of a table) and what its reader left out
    (one line each); DecodeError for a file that cannot be read at all."""
    name = name or path.name
    data = _read_bytes(path, name, checked)
    result = formats.read(name, data, options)
    sha = hashlib.sha256(data).hexdigest()
    docs = []
    for ex in result.documents:
        if WHITESPACE.fullmatch(ex.text):
            if ex.part is None:
                raise DecodeError("contains only whitespace")
            continue
        if ex.part is None:
            doc = Document(doc_id_for(name, taken, sha), name, path, sha, result.encoding, ex.text, result.format, ex.publication)
        else:
            key = json.dumps([sha, ex.part, ex.text, ex.publication, ex.row], ensure_ascii=False, sort_keys=True, default=str)
            row_sha = hashlib.sha256(key.encode()).hexdigest()  # the row as read: keys its analysis and its download
            doc_id = doc_id_for(_row_id(name, ex.part), taken, row_sha)
            doc = Document(
                doc_id, f"{name}#{ex.part}", path, row_sha, result.encoding, ex.text, result.format, ex.publication, ex.row
            )
        taken.add(doc.doc_id)
        docs.append(doc)
    if not docs and not result.notes:
        raise DecodeError("contains only whitespace")
    return docs, result.notes


def original_bytes(doc: Document) -> bytes:
    """The bytes of a whole-file document read again for its download, through the same checks
    as the first read; DecodeError when they are no longer the bytes that were analysed (the file
    changed during the build)."""
    data = _read_bytes(doc.path, doc.file, None)
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        raise DecodeError("changed while the report was being built (its bytes are not those analysed): build again")
    return data


def read_document(path: Path, taken: set[str], name: str | None = None, checked: Checked | None = None) -> Document:
    """Read one single-document file; raises DecodeError for unusable input."""
    docs, notes = read_file(path, taken, name, checked)
    if not docs:
        raise DecodeError(notes[0] if notes else "holds no document")
    return docs[0]


def text_key(text: str) -> str:
    """What two copies of one text share whatever their line endings, encoding or spacing: the
    hash of the text without any whitespace (full-width spaces included)."""
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()


def read_corpus(
    folder: str | Path, pattern: str = formats.SUPPORTED_PATTERN, recursive: bool = False, columns: dict | None = None
) -> tuple[list[Document], list[Skipped]]:
    """All readable documents of a folder (sorted by path; a table gives one per row with text) and
    what was skipped, with reasons (see `find_files` for which files are read). `columns` maps a
    table's roles to its column names (parameter `table_columns`)."""
    docs: list[Document] = []
    folder = Path(folder)
    paths, skipped = find_files(folder, pattern, recursive)
    options = formats.Options(columns=dict(columns or {}))
    by_hash: dict[str, str] = {}
    by_text: dict[str, str] = {}
    taken: set[str] = set()
    for path, checked in paths:
        name = path.relative_to(folder).as_posix()
        try:
            found, notes = read_file(path, taken, name, checked, options)
        except DecodeError as exc:
            skipped.append(Skipped(name, f"{name} {exc}"))
            continue
        except OSError as exc:
            skipped.append(Skipped(name, f"{name} cannot be read ({exc.strerror or exc})"))
            continue
        skipped += [Skipped(name, f"{name} {note}") for note in notes]
        for doc in found:
            if doc.sha256 in by_hash:
                skipped.append(Skipped(doc.file, f"{doc.file} is a byte-identical duplicate of {by_hash[doc.sha256]}"))
                taken.discard(doc.doc_id)
                continue
            same = text_key(doc.text)
            if same in by_text:
                skipped.append(
                    Skipped(
                        doc.file, f"{doc.file} is a duplicate of {by_text[same]} (the same text but for line endings or spaces)"
                    )
                )
                taken.discard(doc.doc_id)
                continue
            by_hash[doc.sha256], by_text[same] = doc.file, doc.file
            docs.append(doc)
    return docs, skipped

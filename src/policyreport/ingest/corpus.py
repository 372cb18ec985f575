"""Reading the corpus: find the files, decode them, reject what cannot be analysed.

Source files are only ever opened for reading. A bad file is reported as `Skipped`
(file name + reason) so that the rest of the corpus is still analysed.
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from policyreport.errors import UserError
from policyreport.ingest.patterns import HAN

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WHITESPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]*")
MAX_BYTES = 20_000_000
MAX_ID = 60
BUILD_MARK = ".lock"  # the lock file of a report's build folder (build/lock.py): never a corpus sub-folder


@dataclass(frozen=True)
class Document:
    doc_id: str
    file: str
    path: Path
    sha256: str
    encoding: str
    text: str


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


class DecodeError(ValueError):
    """The bytes are not a readable text document; the message says why."""


def _is_plausible(text: str) -> bool:
    """Reject decodings that are mostly control characters, private-use or rare code points."""
    if not text:
        return True
    bad = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == "\ufffd" or cat in ("Co", "Cs", "Cn") or (cat == "Cc" and ch not in "\t\n\r\f\v"):
            bad += 1
    return bad / len(text) < 0.01


def _common_share(text: str) -> float:
    """Share of characters that ordinary Chinese/ASCII text is made of."""
    common = sum(
        1
        for ch in text
        if ch.isascii() or HAN.match(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·"
    )
    return common / max(len(text), 1)


def decode(data: bytes) -> tuple[str, str]:
    """Decode a document's bytes: BOM first, then UTF-8, then GB18030 (a superset of GBK).

    Returns (text, encoding name). Raises DecodeError with a reason a user understands.
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {enc} byte-order mark but does not decode as {enc} ({exc.reason})") from None
            text = text.lstrip("\ufeff")
            if not _is_plausible(text):
                raise DecodeError(f"decodes as {enc} to unreadable characters")
            return text, enc
    if b"\x00" in data:
        raise DecodeError("is a binary file (contains NUL bytes), not a text document")
    try:
        text = data.decode("utf-8")
        enc = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
            enc = "gb18030"
        except UnicodeDecodeError:
            raise DecodeError("is neither UTF-8 nor GB18030/GBK text (undecodable bytes)") from None
        if _common_share(text) < 0.9:
            raise DecodeError("is neither UTF-8 nor GBK text (decoding gives garbage)") from None
    if not _is_plausible(text):
        raise DecodeError(f"decodes as {enc} to control or unassigned characters (binary or corrupt file)")
    return text, enc


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


def _matches(rel: str, pattern: str) -> bool:
    """Case-insensitive: a.TXT is as much a text file as a.txt."""
    rel, pattern = rel.lower(), pattern.lower()
    return fnmatch.fnmatchcase(rel, pattern) if "/" in pattern else fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], pattern)


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


def read_document(path: Path, taken: set[str], name: str | None = None, checked: Checked | None = None) -> Document:
    """Read and decode one file; raises DecodeError for unusable input. With `checked`, the file
    opened must be the one that was checked (same device and inode, no link followed at the last
    step): a file swapped for a link between the check and the read is refused."""
    target = checked.real if checked else path
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
        if st.st_size > MAX_BYTES:
            raise DecodeError(f"is {st.st_size:,} bytes, larger than the limit of {MAX_BYTES:,} bytes")
        data = fh.read(MAX_BYTES + 1)
    if not data:
        raise DecodeError("is empty")
    text, enc = decode(data)
    if WHITESPACE.fullmatch(text):
        raise DecodeError("contains only whitespace")
    sha = hashlib.sha256(data).hexdigest()
    return Document(doc_id_for(name or path.name, taken, sha), name or path.name, path, sha, enc, text)


def text_key(text: str) -> str:
    """What two copies of one text share whatever their line endings, encoding or spacing: the
    hash of the text without any whitespace (full-width spaces included)."""
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()


def read_corpus(folder: str | Path, pattern: str = "*.txt", recursive: bool = False) -> tuple[list[Document], list[Skipped]]:
    """All readable documents of a folder (sorted by path) and the files skipped, with reasons
    (see `find_files` for which files are read)."""
    docs: list[Document] = []
    folder = Path(folder)
    paths, skipped = find_files(folder, pattern, recursive)
    by_hash: dict[str, str] = {}
    by_text: dict[str, str] = {}
    taken: set[str] = set()
    for path, checked in paths:
        name = path.relative_to(folder).as_posix()
        try:
            doc = read_document(path, taken, name, checked)
        except DecodeError as exc:
            skipped.append(Skipped(name, f"{name} {exc}"))
            continue
        except OSError as exc:
            skipped.append(Skipped(name, f"{name} cannot be read ({exc.strerror or exc})"))
            continue
        if doc.sha256 in by_hash:
            skipped.append(Skipped(name, f"{name} is a byte-identical duplicate of {by_hash[doc.sha256]}"))
            continue
        same = text_key(doc.text)
        if same in by_text:
            skipped.append(
                Skipped(name, f"{name} is a duplicate of {by_text[same]} (the same text but for line endings or spaces)")
            )
            continue
        by_hash[doc.sha256], by_text[same] = name, name
        taken.add(doc.doc_id)
        docs.append(doc)
    return docs, skipped

"""Provenance: versions, hashes, the report's version id and the command that regenerates it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import subprocess
from pathlib import Path

from policyreport.paths import PACKAGE

PACKAGES = (
    "policyreport",
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "papermill",
    "jieba",
    "pandas",
    "matplotlib",
    "scikit-learn",
    "networkx",
    "sphinxcontrib-bibtex",
    "nbformat",
    "jupytext",
)
# What the report's output depends on besides the corpus and the parameters (dictionaries are
# parameters, hashed by content in `Params.digest`; the package data every analysis reads is in
# `params.FIXED_DATA`): code, templates, the book skeleton and the citation style.
CODE_GLOBS = (
    "**/*.py",
    "templates/*",
    "skeleton/**/*",
    "report/csl/*.csl",
    "report/i18n/*.yaml",  # the English catalogue and issuer names
    "dictionaries/formats.yaml",  # how files are read
    "dictionaries/divisions.csv",  # the national divisions an issuer's region and level are read from
    "dictionaries/coding_manual.yaml",  # the coding manual the policy chapter cites
    "validation/commitments_check.yaml",  # the hand check the methods chapter states
    "validation/second_coder.yaml",  # the second coder's codes, agreement the policy chapter states
)


def package_versions() -> dict[str, str]:
    from importlib import metadata  # 40 ms to import: a warm build's command needs `code_hash` alone

    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "未安装"
    return out


def code_hash(root: Path = PACKAGE) -> str:
    """SHA-256 over the files that shape the output (code, templates, book skeleton, citation style)."""
    h = hashlib.sha256()
    for pattern in CODE_GLOBS:
        for p in sorted(root.glob(pattern)):
            if p.is_file():
                h.update(p.relative_to(root).as_posix().encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def report_version(doc_hashes: list[str], p_hash: str, c_hash: str) -> str:
    """A short id of this exact report: corpus bytes + parameters + code."""
    h = hashlib.sha256("\n".join(sorted(doc_hashes) + [p_hash, c_hash]).encode())
    return h.hexdigest()[:12]


def build_date() -> str:
    """Today, or the date of SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.date.today().isoformat()


def build_epoch() -> int:
    """SOURCE_DATE_EPOCH when set, else the build date's midnight (UTC) in seconds: the PDF's
    creation date, which xdvipdfmx reads from SOURCE_DATE_EPOCH instead of the clock, so that two
    builds of a report on one day write the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return int(epoch)
    day = dt.date.fromisoformat(build_date())
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def git_commit(root: Path = PACKAGE) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None

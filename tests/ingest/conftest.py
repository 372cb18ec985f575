"""Fixtures of the format tests: the real test files and one document read and analysed."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyreport.extract import document as analysis
from policyreport.ingest import corpus

FILES = Path(__file__).resolve().parents[1] / "formats"


@pytest.fixture(scope="session")
def dictionaries(params):
    return analysis.Dictionaries.load(params)


@pytest.fixture(scope="session")
def analysed(params, dictionaries):
    """analysed(name) → (Document, meta) of a file in tests/formats, read and analysed once."""
    done: dict[str, tuple] = {}

    def run(name: str):
        if name not in done:
            docs, _ = corpus.read_file(FILES / name, set(), name)
            done[name] = (docs[0], analysis.analyse_document(docs[0], dictionaries, params).meta)
        return done[name]

    return run

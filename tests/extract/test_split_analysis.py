"""A large document's analysis with its parts split across worker processes, and a few documents
analysed by workers that inherit jieba and the classifier, equal the analysis in one process: every
table (pandas.testing, exact), the metadata, the terms and the text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas.testing as pdt
import pytest

from policyreport.execute import analyse as stage
from policyreport.extract import classifier
from policyreport.extract.document import Dictionaries, analyse_document
from policyreport.ingest.corpus import Document, read_corpus
from policyreport.params import load_params
from policyreport.runtime.cache import Cache

ROOT = Path(__file__).resolve().parents[2]


def test_runs_cut_items_into_consecutive_runs():
    items = list(range(10))
    assert stage.runs(items, 3) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert stage.runs(items, 20) == [[x] for x in items]
    assert stage.runs(items, 1) == [items]
    assert stage.runs([], 4) == [[]]


def _large_document() -> Document:
    """The development documents one after another as one document (their numbering, headings,
    notes and addressee lines meet at many run boundaries)."""
    docs, _ = read_corpus(ROOT / "tests" / "corpus-dev" / "docs")
    text = "\n\n".join(d.text.strip() for d in docs) + "\n"
    return dataclasses.replace(docs[0], doc_id="large", file="large.txt", text=text, sha256="large")


def _assert_same(a, b) -> None:
    assert a.meta == b.meta
    assert a.sentence_terms == b.sentence_terms
    assert a.norm_text == b.norm_text
    assert list(a.tables) == list(b.tables)
    for name in a.tables:
        pdt.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True, obj=name)


@pytest.fixture
def model_cache(tmp_path):
    """A build cache for the instrument classifier the workers read (as `analyse` sets it up)."""
    cache = Cache(tmp_path / "cache")
    classifier.use_cache(cache, "test")
    yield cache
    classifier._STORE.clear()  # noqa: SLF001 — the next test fits or reads its own
    classifier.model_for.cache_clear()


def test_split_analysis_equals_one_process(monkeypatch, model_cache):
    params = load_params(corpus=ROOT / "tests" / "corpus-dev" / "docs")
    dicts = Dictionaries.load(params)
    doc = _large_document()
    here = analyse_document(doc, dicts, params)
    assert len(here.tables["entities"]) > 500 and len(here.tables["instruments"]) > 500  # a real test of the joins
    submitted = []
    submit = stage.PoolRunner.submit
    monkeypatch.setattr(stage.PoolRunner, "submit", lambda self, *a: submitted.append(self.count) or submit(self, *a))
    monkeypatch.setattr(stage, "SPLIT_CHARACTERS", len(doc.text))
    monkeypatch.setattr(stage, "RUNS_PER_WORKER", 19)  # runs of uneven length, many boundaries
    ((_, split),) = list(stage._analyse_all([doc], params, dicts, 2, None, model_cache, "test"))  # noqa: SLF001
    assert submitted == [38, 38, 38]  # sentences, clauses, decisions: each in 38 runs on 2 workers
    _assert_same(here, split)


def test_a_document_without_a_clause_to_code(monkeypatch, model_cache):
    """A title and a date: no coding unit, so no mean cue vector; nothing coded, in one process and split."""
    params = load_params(corpus=ROOT / "tests" / "corpus-dev" / "docs")
    dicts = Dictionaries.load(params)
    doc = dataclasses.replace(_large_document(), text="通知\n\n2021年1月1日\n")
    here = analyse_document(doc, dicts, params)
    assert here.tables["instruments"].empty and here.tables["goals"].empty
    monkeypatch.setattr(stage, "SPLIT_CHARACTERS", 1)
    ((_, split),) = list(stage._analyse_all([doc], params, dicts, 2, None, model_cache, "test"))  # noqa: SLF001
    _assert_same(here, split)


def test_a_few_documents_analysed_by_workers_that_inherit_jieba_and_the_classifier(monkeypatch, model_cache):
    """Two or more documents go to worker processes forked after this process loaded jieba, the
    classifier and the dictionaries; the workers load none of them and give the one-process result."""
    import os

    from policyreport.extract import document as document_module
    from policyreport.extract.document import Dictionaries as D

    params = load_params(corpus=ROOT / "tests" / "corpus-dev" / "docs")
    dicts = Dictionaries.load(params)
    docs = read_corpus(ROOT / "tests" / "corpus-dev" / "docs")[0][:3]
    here = {d.doc_id: analyse_document(d, dicts, params) for d in docs}

    def no_loading(*args, **kwargs):
        raise AssertionError("a worker loaded the dictionaries again")

    def in_process(doc, *args, **kwargs):
        result = analyse_document(doc, *args, **kwargs)
        result.meta["pid"] = os.getpid()
        return result

    monkeypatch.setattr(D, "load", no_loading)  # the forked workers inherit this
    monkeypatch.setattr(document_module, "analyse_document", in_process)
    inherited = dict(stage._analyse_all(docs, params, dicts, 2, None, model_cache, "test"))  # noqa: SLF001
    assert sorted(d.doc_id for d in inherited) == sorted(here)
    assert os.getpid() not in {r.meta["pid"] for r in inherited.values()}  # analysed by the workers
    for doc, result in inherited.items():
        del result.meta["pid"]
        _assert_same(here[doc.doc_id], result)

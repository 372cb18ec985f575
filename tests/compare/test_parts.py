"""The corpus tables made from documents' parts kept in the cache are those made from scratch.

The development corpus (43 real documents) is analysed once; each scenario computes the tables of
corpus A (every part computed and kept, as a build does), then those of corpus B from the cache,
and compares them with the tables computed from scratch on B: column by column and as the bytes
the cache would store. B differs from A by one changed, added or removed document, by a changed
parameter that parts read, or by the code version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from policyreport.compare import parts
from policyreport.compare.corpus import analyse_corpus
from policyreport.execute import analyse as stage
from policyreport.extract import document as analysis
from policyreport.ingest.corpus import read_corpus
from policyreport.params import Params
from policyreport.runtime import codec
from policyreport.runtime.cache import Cache, digest
from policyreport.runtime.progress import Progress

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "corpus-dev" / "docs"
CHANGED = "28_beijing-eit-data-zone-guiding-opinions-2022"  # a normative document: PMC scores, coding units
SOURCE = "27_baotou-digital-gov-evaluation-notice-2022"  # two of its sentences are copied into CHANGED
REMOVED = "02_lufu-subdistrict-suggestion-reply-2019"  # a reply
ADDED_FROM = "01_yanchi-edu-proposal-reply-2021"  # the added document: a copy of this reply, re-dated


def _document(doc, doc_id: str, text: str):
    return dataclasses.replace(
        doc, doc_id=doc_id, file=f"{doc_id}.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest()
    )


@pytest.fixture(scope="module")
def dev():
    p = Params(corpus=str(DEV))
    dicts = analysis.Dictionaries.load(p)
    docs = {d.doc_id: d for d in read_corpus(DEV, "*.txt")[0]}
    lines = docs[CHANGED].text.splitlines()
    copied = "".join(line.strip() for line in docs[SOURCE].text.splitlines()[16:18])
    assert len(copied) > 60
    changed = _document(
        docs[CHANGED], CHANGED, "\n".join([*lines[:20], "　　" + copied, *lines[20:]]).replace("利用2-3年时间", "利用3-5年时间")
    )
    added = _document(docs[ADDED_FROM], "44_added-reply", docs[ADDED_FROM].text.replace("2021-10-22", "2022-03-01"))
    results = {d: analysis.analyse_document(doc, dicts, p) for d, doc in docs.items()}
    return p, dicts, results, analysis.analyse_document(changed, dicts, p), analysis.analyse_document(added, dicts, p)


@pytest.fixture(scope="module")
def earlier(dev, tmp_path_factory):
    """Corpus A's tables and the cache its build left: every document's part kept."""
    p, dicts, results, *_ = dev
    folder = tmp_path_factory.mktemp("earlier") / "cache"
    return _tables(results, dicts, p, Cache(folder), "code"), folder


def _after(dev, scenario: str, tmp_path: Path):
    """(params, results, code version) of corpus B."""
    p, _, results, changed, added = dev
    if scenario == "changed":
        return p, results | {CHANGED: changed}, "code"
    if scenario == "added":
        return p, results | {added.meta["doc_id"]: added}, "code"
    if scenario == "removed":
        return p, {d: r for d, r in results.items() if d != REMOVED}, "code"
    if scenario == "pmc model":
        model = tmp_path / "pmc.yaml"
        text = Path(p.pmc).read_text(encoding="utf-8")
        assert '"目前", "现状", "截至", "累计"' in text
        model.write_text(text.replace('"目前", "现状", "截至", "累计"', '"目前"'), encoding="utf-8")
        return p.replace(pmc=str(model)), results, "code"
    assert scenario == "code"
    return p, results, "other code"


def _tables(results, dicts, params, cache, code):
    a_hash = params.analysis_digest()
    key_of = {d: digest(r.meta["sha256"], d, a_hash, code) for d, r in results.items()}
    return stage._corpus_tables(results, dicts, params, key_of, a_hash, code, cache, Progress(quiet=True))


@pytest.mark.parametrize(
    ("scenario", "computed"),
    [("changed", 1), ("added", 1), ("removed", 0), ("pmc model", 43), ("code", 43)],
)
def test_tables_from_kept_parts_equal_tables_from_scratch(dev, earlier, scenario, computed, tmp_path, monkeypatch):
    """Only the parts B does not share with A are computed (all of them when a parameter they read or
    the code changed), and B's tables from the kept parts are byte for byte B's from scratch."""
    _, dicts, *_ = dev
    tables_a, folder = earlier
    shutil.copytree(folder, tmp_path / "cache")
    params, after, code = _after(dev, scenario, tmp_path)
    monkeypatch.setattr(stage, "CORPUS_CACHE_MAX_DOCUMENTS", 0)  # the tables themselves are not re-used
    calls = []
    real = parts.part
    monkeypatch.setattr(parts, "part", lambda r, rules: calls.append(r.meta["doc_id"]) or real(r, rules))
    kept = _tables(after, dicts, params, Cache(tmp_path / "cache"), code)
    assert len(calls) == computed
    scratch = analyse_corpus(after, dicts, params)
    assert sorted(kept) == sorted(scratch)
    for name in scratch:
        pd.testing.assert_frame_equal(kept[name], scratch[name], check_exact=True, obj=name)
    assert codec.dumps(kept) == codec.dumps(scratch)
    if scenario != "code":  # B's tables are not A's: parts kept from A where B differs would show
        assert codec.dumps(tables_a) != codec.dumps(scratch)


def test_the_changed_document_reaches_reuse_and_pmc(dev, earlier):
    """The scenario's edit is one the tables see: the copied sentences are reuse between the two
    documents (none before), and the PMC evidence quotes the new paragraph and the edited period."""
    p, dicts, results, changed, _ = dev
    before, after = earlier[0], analyse_corpus(results | {CHANGED: changed}, dicts, p)

    def between(t):
        return t["reuse"][[{a, b} == {SOURCE, CHANGED} for a, b in zip(t["reuse"]["doc_from"], t["reuse"]["doc_to"])]]

    assert between(before).empty and len(between(after)) == 2
    evidence = [t["pmc_scores"].query("doc_id == @CHANGED").set_index("code")["evidence"] for t in (before, after)]
    assert "利用2-3年时间" in evidence[0]["X8:5"] and "利用3-5年时间" in evidence[1]["X8:5"]
    assert evidence[1]["X6:1"].startswith("实地调研") and not evidence[0]["X6:1"].startswith("实地调研")


def test_topic_coverage_and_measures_from_parts_are_those_of_the_texts(dev, earlier):
    """The topic coverage and the measures' topics, made from the counts and clause topics each part
    keeps, are what counting in the documents' texts and clauses gives."""
    from policyreport.compare import measures
    from policyreport.compare.corpus import stacked_tables
    from policyreport.extract import topics

    _, dicts, results, *_ = dev
    tables = earlier[0]

    def stacked(name):
        return stacked_tables([(d, r.tables[name]) for d, r in sorted(results.items())])

    pd.testing.assert_frame_equal(tables["topics"], topics.coverage({d: r.norm_text for d, r in results.items()}, dicts.topics))
    direct = measures.measures(stacked("commitments"), stacked("departments"), dicts.topics)
    pd.testing.assert_frame_equal(tables["measures"], direct)
    assert len(direct) > 10 and direct["topic"].nunique() > 1


@pytest.mark.parametrize("change", [{"kwic_keywords": ["数据"]}, {"kwic_keywords": []}, {"kwic_window": 10}])
def test_a_context_parameter_recomputes_only_the_context_tables(dev, earlier, change, tmp_path, monkeypatch):
    """New keywords (or none, or another window) keep every corpus table that does not read them, and
    the tables are byte for byte those computed from scratch with the new parameters."""
    from policyreport.compare import corpus as corpus_module

    p, dicts, results, *_ = dev
    shutil.copytree(earlier[1], tmp_path / "cache")
    params = p.replace(**change)
    after = {}
    for d, r in results.items():  # as `analyse` does: the context lines cut for the current parameters
        after[d] = dataclasses.replace(r, tables={**r.tables, "kwic": analysis.context_lines(r, params)})

    def fails(*args, **kwargs):
        raise AssertionError("the corpus tables were computed again")

    monkeypatch.setattr(corpus_module, "analyse_corpus", fails)
    kept = _tables(after, dicts, params, Cache(tmp_path / "cache"), "code")
    monkeypatch.undo()
    scratch = analyse_corpus(after, dicts, params)
    assert sorted(kept) == sorted(scratch)
    assert codec.dumps(kept) == codec.dumps(scratch)
    if change == {"kwic_keywords": ["数据"]}:  # keywords that occur: other collocates than the default's
        assert codec.dumps(kept["collocates"]) != codec.dumps(earlier[0]["collocates"])


def test_the_context_tables_need_neither_scikit_learn_nor_scipy():
    import subprocess
    import sys

    code = "import sys, policyreport.compare.context; print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

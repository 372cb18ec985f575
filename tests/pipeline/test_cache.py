"""Regeneration re-uses what did not change and recomputes what did, never showing a stale result."""

import os

import pytest
from conftest import seed_corpus

from policyreport import pipeline as book
from policyreport.book import provenance

pytestmark = pytest.mark.build
CORPUS_NOTEBOOKS = {"index", "overview", "comparison", "policy", "methods"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, params):
    root = tmp_path_factory.mktemp("cache")
    corpus, p = seed_corpus(root, params)
    first = book.build(p, root / "_build", pdf=False, quiet=True)
    return {"params": p, "out": root / "_build", "corpus": corpus, "first": first}


def test_cold_build_computes_everything(workspace):
    first = workspace["first"]
    assert len(first.analysed) == 5 and len(first.executed) == 10 and first.reused == []


def test_nothing_changed_nothing_reruns(workspace):
    again = book.build(workspace["params"], workspace["out"], pdf=False, quiet=True)
    assert again.up_to_date and again.executed == [] and again.analysed == []


def test_one_document_changed_only_it_and_the_corpus_chapters_rerun(workspace):
    doc = workspace["corpus"] / "002_ce116f843137b983.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("新增病床位1600张", "新增病床位1700张"), encoding="utf-8")
    result = book.build(workspace["params"], workspace["out"], pdf=False, quiet=True)
    assert result.analysed == ["002_ce116f843137b983.txt"]
    assert set(result.executed) == CORPUS_NOTEBOOKS | {"document 002_ce116f843137b983.txt"}
    assert len(result.reused) == 4
    page = (workspace["out"] / "html" / "chapters" / "documents" / "002_ce116f843137b983.html").read_text(encoding="utf-8")
    assert "1700张" in page and "1600张" not in page


def test_incremental_site_equals_a_fresh_build(workspace, tmp_path):
    """After the one-document change above, Sphinx re-read only the changed pages, and the site
    is the one a build from nothing gives (up to the cache-busting ?v= of one stylesheet)."""
    import re

    log = (workspace["out"] / "logs" / "html.log").read_text(encoding="utf-8")
    changed = re.search(r"updating environment: \S*\s*(\d+) added, (\d+) changed, (\d+) removed", log)
    assert changed and changed.group(1) == "0" and 0 < int(changed.group(2)) < 10, changed
    fresh = book.build(workspace["params"], tmp_path / "_build", pdf=False, quiet=True, force=True)
    assert fresh.version == book.build(workspace["params"], workspace["out"], pdf=False, quiet=True).version
    site, ref = workspace["out"] / "html", tmp_path / "_build" / "html"
    pages = sorted(p.relative_to(ref) for p in ref.rglob("*.html"))
    assert pages == sorted(p.relative_to(site) for p in site.rglob("*.html"))
    for page in pages:
        a, b = ((d / page).read_text(encoding="utf-8") for d in (site, ref))
        assert re.sub(r"\?v=[0-9a-f]+", "", a) == re.sub(r"\?v=[0-9a-f]+", "", b), page
    assert sorted(os.listdir(site / "_images")) == sorted(os.listdir(ref / "_images"))
    # the staging folder kept and partly rewritten holds, byte for byte, what a build from nothing
    # stages; book/ is its published copy, html/ that of Sphinx's output (the root page aside)
    kept, published = _files(workspace["out"] / ".stage"), _files(workspace["out"] / "book")
    assert kept == published == _files(tmp_path / "_build" / "book")
    built = _files(workspace["out"] / "sphinx" / "_build" / "html")
    assert {k: v for k, v in _files(site).items() if k != "index.html"} == {k: v for k, v in built.items() if k != "index.html"}


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_changed_parameter_reruns_what_depends_on_it(workspace):
    p = workspace["params"].replace(kwic_window=10)
    result = book.build(p, workspace["out"], pdf=False, quiet=True)
    # context lines are cut at each build from the stored paragraphs: no document is re-analysed;
    # the pages that show them (documents) and the methods chapter (which states the window) re-run
    assert result.analysed == []
    assert "methods" in result.executed and any(e.startswith("document ") for e in result.executed)
    assert {"overview", "comparison", "policy"} <= set(result.reused)
    p = p.replace(title="另一个标题")
    result = book.build(p, workspace["out"], pdf=False, quiet=True)
    assert result.analysed == [] and set(result.executed) >= {"index"}
    # the title is shown by the landing page and the methods chapter (the report's versions); the
    # corpus chapters and the documents' pages do not open the file that holds it
    assert set(result.executed) <= {"index", "methods"}, result.executed


def test_changed_code_reruns_everything(workspace, monkeypatch):
    monkeypatch.setattr(provenance, "code_hash", lambda root=None: "0" * 64)
    result = book.build(workspace["params"], workspace["out"], pdf=False, quiet=True)
    assert len(result.analysed) == 5 and len(result.executed) == 10 and result.reused == []


def test_every_package_file_that_shapes_the_report_keys_it(tmp_path):
    """A package file is code (`code_hash`), a dictionary parameter or a domain pack's file (hashed
    by content) or data the analysis always reads (`FIXED_DATA`): none can change the report without
    changing a key."""
    import shutil

    from policyreport.params import FIXED_DATA, PACKS, SPECS
    from policyreport.paths import PACKAGE

    dictionaries = {str(SPECS[n].default) for n in SPECS if SPECS[n].metadata["path"] and SPECS[n].default}
    copy = tmp_path / "policyreport"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = provenance.code_hash(copy)
    for f in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        # a domain pack's file is the value of the dictionary parameter it fills: hashed by content
        if (
            str(f) in dictionaries
            or f in FIXED_DATA
            or f.name == "LICENSE.md"
            or f.name.endswith(".LICENSE.txt")
            or PACKS in f.parents
        ):
            continue
        twin = copy / f.relative_to(PACKAGE)
        original = twin.read_bytes()
        twin.write_bytes(original + b"\n")
        assert provenance.code_hash(copy) != before, f.relative_to(PACKAGE)
        twin.write_bytes(original)

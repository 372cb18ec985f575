"""An incremental build equals a clean one (issue 24, issue 22) after each kind of change; after a
random sequence of changes and stopped builds: test_incremental_random (the long version: `make bench`)."""

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from policyreport import pipeline
from policyreport.params import load_params

pytestmark = pytest.mark.build

_spec = importlib.util.spec_from_file_location("incremental_fuzz", ROOT / "scripts" / "incremental_fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)


def _set(root: Path, **params) -> None:
    path = root / "params.yaml"
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), **params}, ensure_ascii=False))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_each_kind_of_change_gives_the_clean_build(tmp_path):
    """Each change re-analyses only what reads it, and the site is the one a clean build gives."""
    ws = fuzz.Workspace(tmp_path, fuzz.random.Random(0))
    added = "002_ce116f843137b983.txt"

    def build(output: str = "_build", force: bool = False) -> pipeline.BuildResult:
        return pipeline.build(load_params(tmp_path / "params.yaml"), tmp_path / output, pdf=False, quiet=True, force=force)

    def overrides() -> None:
        (tmp_path / "overrides.yaml").write_text(json.dumps({"004_108dd3ca0faad3cd.txt": {"X1:1": 0, "X1:2": 0, "X1:4": 0}}))
        _set(tmp_path, pmc_overrides="overrides.yaml")

    build()
    changes = {  # the change, and the documents it re-analyses
        "document added": (lambda: shutil.copy(SEEDS / added, ws.corpus), [added]),
        "pmc_overrides set": (overrides, []),
        "parameters changed": (lambda: _set(tmp_path, n_key_terms=6, kwic_keywords=["医保"], title="另一个标题"), []),
        "stopwords edited": (lambda: _append(tmp_path / "dicts" / "stopwords.txt", "健康\n发展\n"), "all"),
    }
    before = {p.name: p.read_bytes() for p in (tmp_path / "_build" / "html" / "chapters" / "documents").glob("*.html")}
    for i, (change, (apply, analysed)) in enumerate(changes.items()):
        apply()
        result = build()
        assert result.analysed == (sorted(p.name for p in ws.documents()) if analysed == "all" else analysed), change
        build(f"_clean{i}", force=True)
        assert fuzz.differences(tmp_path / "_build" / "html", tmp_path / f"_clean{i}" / "html") == [], change
        if change == "parameters changed":  # the working copy was kept: each page shows the new title as a clean build's does
            site, clean = tmp_path / "_build" / "html", tmp_path / f"_clean{i}" / "html"
            shown = {p.relative_to(site): p.read_text(encoding="utf-8").count("另一个标题") for p in site.rglob("*.html")}
            assert shown == {
                p.relative_to(clean): p.read_text(encoding="utf-8").count("另一个标题") for p in clean.rglob("*.html")
            }
            assert shown[Path("chapters/overview.html")] > 0
        shutil.rmtree(tmp_path / f"_clean{i}")
    after = {p.name: p.read_bytes() for p in (tmp_path / "_build" / "html" / "chapters" / "documents").glob("*.html")}
    assert all(after[name] != page for name, page in before.items())  # every document's page changed along the way

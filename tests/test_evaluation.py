"""The evaluation command against the hand-checked gold files (seeds and hand-written fixtures)."""

import subprocess
import sys

import pytest

from conftest import ROOT
from policyreport import analysis, corpus
from policyreport.evaluate import SCALAR_FIELDS, evaluate, load_gold

FIXTURES = ROOT / "tests" / "fixtures" / "docs"


@pytest.fixture(scope="module")
def fixture_results(params):
    docs, skipped = corpus.read_corpus(FIXTURES)
    assert skipped == []
    res = analysis.Resources.load(params)
    return {d.file: analysis.analyze_document(d, res, params) for d in docs}


@pytest.mark.parametrize("which", ["seeds", "fixtures"])
def test_metadata_fields_reach_095(which, seed_results, fixture_results):
    results = seed_results if which == "seeds" else fixture_results
    table, errors = evaluate(results, load_gold(ROOT / "tests" / "gold" / f"{which}.yaml"))
    rows = table.set_index("field")
    for field in SCALAR_FIELDS + ["cited_policies", "cited_doc_numbers", "figures"]:
        assert rows.loc[field, "recall"] >= 0.95, (field, errors[errors.field == field].to_dict("records"))
        assert not rows.loc[field, "precision"] < 0.95, field


def test_web_block_contradiction_is_recorded(fixture_results):
    m = fixture_results["f04_cppcc_reply_web_block.txt"].meta
    assert m["date"] == "2024-08-29"
    assert any("2024-08-30" in n and "落款日期" in n for n in m["notes"])


def test_submission_date_is_not_the_reply_date(fixture_results):
    assert fixture_results["f04_cppcc_reply_web_block.txt"].meta["date"] != "2024-01-15"


def test_mangled_date_gives_null_and_year_from_doc_number(fixture_results):
    m = fixture_results["f08_reply_mangled_date.txt"].meta
    assert (m["date"], m["year"], m["doc_number"]) == (None, 2024, "沪卫建〔2024〕112号")


def test_attached_table_rows_are_not_sections(fixture_results):
    assert fixture_results["f06_opinion_indicator_table.txt"].meta["sections"] == 3


def test_evaluate_command_prints_the_table():
    r = subprocess.run([sys.executable, "-m", "policyreport", "evaluate", "--corpus", str(FIXTURES),
                        "--gold", str(ROOT / "tests" / "gold" / "fixtures.yaml")], capture_output=True, text=True, check=True)
    assert "precision" in r.stdout and "recall" in r.stdout and "doc_number" in r.stdout

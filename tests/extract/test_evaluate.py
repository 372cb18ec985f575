"""The evaluation command against the hand-checked gold files (seeds and hand-written fixtures)."""

import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT

from policyreport.extract import document as analysis
from policyreport.extract.evaluate import SCALAR_FIELDS, evaluate, load_gold
from policyreport.ingest import corpus

FIXTURES = ROOT / "tests" / "fixtures" / "docs"


@pytest.fixture(scope="module")
def fixture_results(params):
    docs, skipped = corpus.read_corpus(FIXTURES)
    assert skipped == []
    res = analysis.Dictionaries.load(params)
    return {d.file: analysis.analyse_document(d, res, params) for d in docs}


@pytest.mark.parametrize("which", ["seeds", "fixtures"])
def test_every_field_reaches_095(which, seed_results, fixture_results):
    results = seed_results if which == "seeds" else fixture_results
    table, errors = evaluate(results, load_gold(ROOT / "tests" / "gold" / f"{which}.yaml"))
    rows = table.set_index("field")
    for field in SCALAR_FIELDS + ["cited_policies", "cited_doc_numbers", "figures", "entities"]:
        assert rows.loc[field, "recall"] >= 0.95, (field, errors[errors.field == field].to_dict("records"))
        assert not rows.loc[field, "precision"] < 0.95, field


def test_web_block_contradiction_is_recorded(fixture_results):
    m = fixture_results["f04_cppcc_reply_web_block.txt"].meta
    assert m["date"] == "2024-08-29"
    assert any("2024-08-30" in n and "落款日期" in n for n in m["notes"])


def test_submission_date_is_not_the_reply_date(fixture_results):
    assert fixture_results["f04_cppcc_reply_web_block.txt"].meta["date"] != "2024-01-15"


def test_glyphless_date_read_only_when_one_reading_is_valid(fixture_results):
    """`2024829` (年/月/日 lost in web copy) can only be 2024-08-29 (month 82 does not exist); the
    reading is flagged in the notes and the evidence."""
    m = fixture_results["f08_reply_mangled_date.txt"].meta
    assert (m["date"], m["year"], m["doc_number"]) == ("2024-08-29", 2024, "沪卫建〔2024〕112号")
    assert "唯一可行读法" in m["evidence"]["date"]["element"]


def test_attached_table_rows_are_not_sections(fixture_results):
    assert fixture_results["f06_opinion_indicator_table.txt"].meta["sections"] == 3


class _Result:
    """Just what the evaluation reads of an analysed document."""

    def __init__(self, entities):
        empty = pd.DataFrame(columns=["citation", "kind", "text"])
        self.meta = {}
        self.tables = {
            "cited": empty,
            "quantities": empty,
            "entity_summary": pd.DataFrame([e.split("|") for e in entities], columns=["type", "text"]),
        }


def test_entity_precision_counts_only_documents_whose_list_is_complete():
    results = {
        "a.txt": _Result(["ORG|甲医院", "ORG|乙大学", "PLACE|丙市"]),  # complete gold: 1 right, 2 extra
        "b.txt": _Result(["ORG|丁医院", "ORG|戊公司", "ORG|己集团"]),
    }  # sample gold: extras say nothing
    gold = {
        "a.txt": {"entities_complete": True, "entities": [{"type": "ORG", "text": "甲医院"}]},
        "b.txt": {
            "entities": [{"type": "ORG", "text": "丁医院"}, {"type": "ORG", "text": "戊公司"}, {"type": "ORG", "text": "庚中心"}]
        },
    }
    table, errors = evaluate(results, gold)
    row = table.set_index("field").loc["entities"]
    assert (row.tp, row.fp, row.fn) == (3, 2, 1)
    assert row.precision == round(1 / 3, 3)  # 1 / (1 + 2), not 3 / (3 + 2)
    assert row.recall == 0.75
    assert ("a.txt", "entities", "多余", ["ORG|乙大学", "PLACE|丙市"]) in [tuple(r) for r in errors.itertuples(index=False)]


def test_evaluate_command_prints_the_table():
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "policyreport",
            "evaluate",
            "--corpus",
            str(FIXTURES),
            "--gold",
            str(ROOT / "tests" / "gold" / "fixtures.yaml"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "precision" in r.stdout and "recall" in r.stdout and "doc_number" in r.stdout

"""Every metadata field of every seed against the hand-checked gold file (tests/gold/seeds.yaml)."""

import pytest
from conftest import GOLD

FIELDS = [
    "title",
    "issuer",
    "doc_number",
    "date",
    "year",
    "recipient",
    "genre",
    "handling_result",
    "handling_class",
    "answers_number",
    "region",
    "level",
    "contact",
    "sections",
    "subsections",
    "numbered_items",
]
CASES = [(f, k) for f in sorted(GOLD) for k in FIELDS]


@pytest.mark.parametrize("file,field", CASES, ids=[f"{f[:3]}-{k}" for f, k in CASES])
def test_field_matches_gold(seed_results, file, field):
    assert seed_results[file].meta[field] == GOLD[file][field]


def test_named_facts(seed_results):
    """Facts quoted in the project's issue, checked by hand against the texts."""
    m000 = seed_results["000_aefacb9a8e91e029.txt"].meta
    assert (m000["issuer"], m000["doc_number"], m000["date"], m000["recipient"]) == (
        "深圳市卫生健康委员会",
        "深卫健建函〔2020〕54号",
        "2020-05-19",
        "陈渊青等代表",
    )
    m001 = seed_results["001_4d260a6c99f69cce.txt"].meta
    assert m001["date"] is None and m001["year"] == 2024 and m001["handling_result"] == "全部采纳"
    m003 = seed_results["003_68f055e16da9604c.txt"].meta
    assert (m003["sections"], m003["numbered_items"], m003["date"], m003["doc_number"]) == (4, 50, None, None)
    m004 = seed_results["004_108dd3ca0faad3cd.txt"].meta
    assert (m004["genre"], m004["answers_number"], m004["issuer"], m004["date"]) == (
        "政协提案答复",
        "第132043号",
        "中山市工业和信息化局",
        "2023-06-19",
    )


def test_signature_differing_from_letterhead_is_recorded(seed_results):
    notes = seed_results["000_aefacb9a8e91e029.txt"].meta["notes"]
    assert any("市卫生健康委" in n for n in notes)

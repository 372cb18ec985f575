"""The domain pack parameter: domain-neutral defaults, a pack fills the dictionaries left at them."""

from __future__ import annotations

import pytest

from policyreport.errors import UserError
from policyreport.params import PACKS, Params, load_params


def test_defaults_are_domain_neutral():
    p = Params()
    assert p.domain_pack == "" and p.kwic_keywords == []
    for key in ("topics", "goals", "pmc", "user_dict", "generic_terms"):
        assert "packs" not in getattr(p, key)
    text = open(p.topics, encoding="utf-8").read() + open(p.user_dict, encoding="utf-8").read()
    assert "医联体" not in text and "干细胞" not in text


def test_the_health_pack_fills_what_is_not_set(tmp_path):
    mine = tmp_path / "my_topics.yaml"
    mine.write_text("甲:\n  - 乙\n", encoding="utf-8")
    f = tmp_path / "p.yaml"
    f.write_text(f"domain_pack: health\ntopics: {mine}\n", encoding="utf-8")
    p = load_params(f)
    assert p.topics == str(mine)  # set explicitly: the pack does not override it
    assert p.goals == str(PACKS / "health" / "goals.yaml") and p.pmc == str(PACKS / "health" / "pmc.yaml")
    assert "goals" not in p.portable() and p.portable()["domain_pack"] == "health"


@pytest.mark.parametrize("name", ["finance", "../health", "/etc"])
def test_unknown_pack_is_one_line(name):
    with pytest.raises(UserError, match="unknown domain pack.*packs: health"):
        Params(domain_pack=name)


def test_seeds_select_the_health_pack(params):
    assert params.domain_pack == "health" and "packs/health" in params.topics

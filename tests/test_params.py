"""Typed parameters: each declares its role, and the role decides what a change invalidates."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pytest

from policyreport import params as params_module
from policyreport.errors import UserError
from policyreport.params import SPECS, Params, Role, load_params, param


def test_every_parameter_declares_type_help_and_role():
    for f in fields(Params):
        assert f.type in ("str", "int", "float", "bool", "list", "dict"), f.name
        assert f.metadata["help"] and isinstance(f.metadata["role"], Role), f.name


def test_a_new_dictionary_parameter_keys_the_analysis_by_its_contents(tmp_path):
    """A dictionary added to Params is hashed by content without being listed anywhere else."""

    @dataclass(frozen=True)
    class WithExtra(Params):
        extra: str = param("", "an extra word list", Role.DICTIONARY, path=True)

    words = tmp_path / "extra.txt"
    words.write_text("医联体\n", encoding="utf-8")
    p = WithExtra(extra=str(words))
    before = p.analysis_digest()
    words.write_text("医联体\n互联网医院\n", encoding="utf-8")
    assert p.analysis_digest() != before  # same path, other contents
    assert p.digest({Role.REPORT}) == WithExtra(extra=str(words)).digest({Role.REPORT})


def test_dictionary_role_is_exactly_what_the_document_analysis_reads(tmp_path):
    """A DICTIONARY parameter keys every document's analysis, so it must be one that
    `Dictionaries.load` reads; a data file it does not read is a corpus-level one."""
    from policyreport.extract.document import Dictionaries

    paths = [f for f in fields(Params) if f.metadata["path"] and f.name != "corpus"]
    missing = str(tmp_path / "missing.yaml")
    for f in paths:
        reads = True
        try:
            Dictionaries.load(Params().replace(**{f.name: missing}))
        except (UserError, OSError):
            pass
        else:
            reads = False
        assert reads is (f.metadata["role"] is Role.DICTIONARY), f.name
    assert {f.name for f in paths if f.metadata["role"] is Role.CORPUS} >= {"pmc", "strength", "generic_terms"}


def test_package_data_read_by_the_analysis_keys_it(monkeypatch, tmp_path):
    """document_format.yaml is no parameter, yet an edit to it re-runs every analysis."""
    from policyreport.extract.metadata.model import FORMAT_FILE

    assert FORMAT_FILE in params_module.FIXED_DATA
    copy = tmp_path / FORMAT_FILE.name
    copy.write_bytes(FORMAT_FILE.read_bytes())
    monkeypatch.setattr(params_module, "FIXED_DATA", tuple(copy if p == FORMAT_FILE else p for p in params_module.FIXED_DATA))
    before = Params().analysis_digest()
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert Params().analysis_digest() != before


@pytest.mark.parametrize(
    ("name", "value", "keys_analysis"),
    [
        ("kwic_window", 30, False),
        ("kwic_keywords", ["医保"], False),
        ("min_term_length", 3, True),
        ("n_key_terms", 20, False),
        ("title", "另一个标题", False),
    ],
)
def test_role_decides_whether_cached_analyses_survive(name, value, keys_analysis):
    p = Params()
    assert (p.replace(**{name: value}).analysis_digest() != p.analysis_digest()) is keys_analysis
    assert p.replace(**{name: value}).digest() != p.digest()  # the report itself always changes


def test_portable_parameters_leave_out_package_dictionaries(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_topics.yaml").write_text("卫生: [医院]\n", encoding="utf-8")
    p = load_params(overrides=["topics=my_topics.yaml"])
    used = p.portable()
    assert used["topics"] == "my_topics.yaml" and "places" not in used and used["title"] == SPECS["title"].default


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("logodds_prior=0", "'logodds_prior' must be greater than 0"),
        ("logodds_prior=-1", "'logodds_prior' must be greater than 0"),
        ("kwic_window=0", "'kwic_window' must be at least 1"),
        ("n_key_term=5", "did you mean 'n_key_terms'"),
        ("strict=maybe", "'strict' must be bool"),
    ],
)
def test_bad_values_are_one_line_errors(override, message):
    with pytest.raises(UserError, match=message):
        load_params(overrides=[override])

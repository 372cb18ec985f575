"""Word lists moved from Python to YAML (units, bound words, note labels, national prefixes): they are
parameters of role DICTIONARY, so their contents key the cache, and a replacement file is obeyed."""

from __future__ import annotations

import dataclasses

import pytest

from policyreport.errors import UserError
from policyreport.extract.departments import NoteLabels, lead_departments
from policyreport.extract.gazetteer import Gazetteer
from policyreport.extract.quantities import Units, find_quantities
from policyreport.ingest.text import Sentence, paragraphs
from policyreport.params import Params, Role


@pytest.mark.parametrize("name", ["units", "departments", "places"])
def test_dictionary_parameters_key_the_analysis(tmp_path, name):
    spec = {f.name: f for f in dataclasses.fields(Params)}[name]
    assert spec.metadata["role"] is Role.DICTIONARY
    default = Params()
    copy = tmp_path / f"{name}.yaml"
    copy.write_text(open(getattr(default, name), encoding="utf-8").read(), encoding="utf-8")
    params = dataclasses.replace(default, **{name: str(copy)})
    before = params.analysis_digest()
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert params.analysis_digest() != before


def test_a_replacement_unit_file_is_obeyed(tmp_path):
    f = tmp_path / "units.yaml"
    f.write_text("units:\n  数量: [棵]\nbefore:\n  不少于: {bound: '>='}\n", encoding="utf-8")
    s = "种植不少于300棵树，新增20家医院。"
    q = find_quantities([Sentence(1, s, s)], Units.from_yaml(f))
    assert q[["text", "bound"]].values.tolist() == [["不少于300棵", ">="]]  # 家 is not a unit of this file


def test_a_bound_word_needs_a_known_bound(tmp_path):
    f = tmp_path / "units.yaml"
    f.write_text("units:\n  数量: [个]\nbefore:\n  不超过: {bound: 'at most'}\n", encoding="utf-8")
    with pytest.raises(UserError, match="不超过"):
        Units.from_yaml(f)


def test_replacement_note_labels(tmp_path):
    f = tmp_path / "departments.yaml"
    f.write_text("labels: [主办单位]\n", encoding="utf-8")
    paras = paragraphs("1.加强监管。(主办单位:市市场监管局、市卫生健康委)\n2.推进改革。(牵头部门:市发展改革委)")
    df = lead_departments(paras, labels=NoteLabels.from_yaml(f))
    assert df[["department", "position"]].values.tolist() == [["市市场监管局", 1], ["市卫生健康委", 2]]


def test_national_prefixes_come_from_the_gazetteer(params):
    gaz = Gazetteer.from_yaml(params.places)
    assert gaz.locate("国家卫生健康委员会") == ("全国", "国家级")
    assert gaz.locate("深圳市卫生健康委员会") == ("广东省深圳市", "市级")

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


# issuer → (region, level), read by hand against the national divisions: counties and prefectures
# the gazetteer tree does not hold, autonomous prefectures by their short form, a county-level city
# under the province (定州), a district name several cities share (鼓楼区) resolved by its city.
ISSUERS = [
    ("长子县人民政府森林防火指挥部", ("山西省长治市长子县", "区县级")),
    ("包头市人民政府办公室", ("内蒙古自治区包头市", "市级")),
    ("阿坝州人民政府办公室", ("四川省阿坝藏族羌族自治州", "市级")),
    ("定州市人民政府", ("河北省定州市", "区县级")),
    ("个旧市自然资源局", ("云南省红河哈尼族彝族自治州个旧市", "区县级")),
    ("镇沅县人民政府", ("云南省普洱市镇沅彝族哈尼族拉祜族自治县", "区县级")),
    ("重庆市沙坪坝区交通运输委员会", ("重庆市沙坪坝区", "区县级")),
    ("南京市鼓楼区人民政府", ("江苏省南京市鼓楼区", "区县级")),
    ("鼓楼区人民政府", ("鼓楼区", "区县级")),
    ("深圳市南山区卫生健康局", ("广东省深圳市南山区", "区县级")),
    ("省国土厅", None),
    ("鹿阜街道办事处", None),
]


@pytest.mark.parametrize("issuer,expected", ISSUERS)
def test_region_and_level_of_issuers_anywhere_in_china(params, issuer, expected):
    assert Gazetteer.from_yaml(params.places).locate(issuer) == expected

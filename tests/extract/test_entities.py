"""The entity recogniser on sentences written in the style of replies, notices and plans
(not copied from the seeds or fixtures): which entities it finds and which words it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyreport.extract import entities
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.text import paragraphs, sentences


@pytest.fixture(scope="module")
def recognise(params):
    gaz = Gazetteer.from_yaml(params.places)
    rules = entities.EntityRules.from_yaml(params.orgs)

    def run(text: str):
        df = entities.find_entities(sentences(paragraphs(text)), gaz, rules, params.user_dict)
        return {(t, x): r for t, x, r in zip(df["type"], df["text"], df["role"])}

    return run


FOUND = [
    # government bodies: standard field words with 和 / 保障 / 发展 inside, and their short forms
    ("经商省财政厅、省人力社保厅，现将有关情况答复如下。", "ORG", "省人力社保厅", None),
    ("经商省财政厅、省人力社保厅，现将有关情况答复如下。", "ORG", "省财政厅", None),
    ("本建议由市交通运输局会同市工业和信息化局办理。", "ORG", "市工业和信息化局", None),
    ("请区住房和城乡建设局做好配套用房移交工作。", "ORG", "区住房和城乡建设局", None),
    ("国家发展改革委、人力资源社会保障部按职责分工负责。", "ORG", "国家发展改革委", None),
    ("国家发展改革委、人力资源社会保障部按职责分工负责。", "ORG", "人力资源社会保障部", None),
    ("由工信部牵头制定行业标准。", "ORG", "工信部", None),
    ("市政务服务和数据管理局负责平台对接。", "ORG", "市政务服务和数据管理局", None),
    ("抄送：市政协提案委，市卫生健康委。", "ORG", "市政协提案委", None),
    ("区卫生健康委协同区经委推进产业项目落地。", "ORG", "区经委", None),
    ("杭州市文化和旅游局将加强宣传。", "ORG", "杭州市文化和旅游局", None),
    # names with verbs and 与 inside, party committees, companies in a list
    ("该院获批浙江省心血管疾病防治与临床转化重点实验室。", "ORG", "浙江省心血管疾病防治与临床转化重点实验室", None),
    ("已与本地华康制药、恒远基因等企业开展合作。", "ORG", "恒远基因", None),
    ("已与本地华康制药、恒远基因等企业开展合作。", "ORG", "华康制药", None),
    # units listed alongside a recognised one; the parent at the head of a unit's name; 局 before 三部门
    ("温州医科大学设有药学院、护理学院和生物医学工程学院等二级学院。", "ORG", "护理学院", None),
    ("温州医科大学设有药学院、护理学院和生物医学工程学院等二级学院。", "ORG", "生物医学工程学院", None),
    ("依托浙江大学医学院附属第二医院建设区域医疗中心。", "ORG", "浙江大学医学院附属第二医院", None),
    ("市卫健局、市财政局、市发改局三部门联合印发实施方案。", "ORG", "市发改局", None),
    # people
    ("签发人：李国华", "PERSON", "李国华", "签发人"),
    # places: macro-regions, Zhejiang cities, generic endings, names in a list before a place noun
    ("加大对中西部地区和东北地区的支持力度。", "PLACE", "中西部地区", None),
    ("加大对中西部地区和东北地区的支持力度。", "PLACE", "东北地区", None),
    ("推动京津冀、长江经济带协同发展。", "PLACE", "京津冀", None),
    ("推动京津冀、长江经济带协同发展。", "PLACE", "长江经济带", None),
    ("为温州、台州等地培养紧缺人才。", "PLACE", "台州", None),
    ("在曹杨新村街道新设一个健康驿站。", "PLACE", "曹杨新村街道", None),
    ("办公地址：青浦区华浦路", "PLACE", "华浦路", None),
]


@pytest.mark.parametrize("text, kind, name, role", FOUND)
def test_entity_is_found(recognise, text, kind, name, role):
    found = recognise(text)
    assert (kind, name) in found, sorted(found)
    assert found[(kind, name)] == role


NOT_FOUND = [
    ("优化社区卫生服务机构布局，形成合理格局。", "布局"),
    ("优化社区卫生服务机构布局，形成合理格局。", "社区卫生服务机构布局"),
    ("各级财政部门要做好总体部署。", "财政部"),
    ("各级财政部门要做好总体部署。", "总体部署"),
    ("理清工作思路，拓宽发展道路。", "思路"),
    ("理清工作思路，拓宽发展道路。", "道路"),
    ("支持中西部地区乡镇卫生院改扩建。", "中西部地区乡镇卫生院"),
    ("支持中西部地区乡镇卫生院改扩建。", "乡镇卫生院"),
    ("局会同市财政局研究落实。", "局会同市财政局"),
    ("推进社区卫生服务中心与新华医院的检查结果互认。", "社区卫生服务中心与新华医院"),
    ("全区12家社区卫生服务中心均已开展签约服务。", "12家社区卫生服务中心"),
    ("鼓励东部地区高水平医院对口帮扶。", "地区高水平医院"),
    ("支持龙头、骨干等企业做大做强。", "龙头"),
    ("浙卫函[2022]15号", "浙卫函"),
    ("江苏省卫生健康委员会印发工作方案。", "江苏省"),
    ("全市12家三甲医院和二级综合性医院均已接入平台。", "二级综合性医院"),  # grades are categories
    ("全市12家三甲医院和二级综合性医院均已接入平台。", "三甲医院"),
    ("依托浙江大学医学院附属第二医院建设区域医疗中心。", "浙江大学医学院附属第二"),
    # each mention once: the parent at the head of a unit's name is part of that name (issue 20)
    ("依托浙江大学医学院附属第二医院建设区域医疗中心。", "浙江大学"),
    # a kind of body without its place is no name (corpus-dev 12 writes 淄川区第十九届人民代表大会 in full)
    ("经人民代表大会审议通过。", "人民代表大会"),
    (
        "上海市卫生健康委员会印发通知。",
        "上海市卫生健康委",
    ),  # not a parent: the same body's name cut short  # mentions are flat: the place is part of the body's name
]


@pytest.mark.parametrize("text, word", NOT_FOUND)
def test_non_entity_is_not_found(recognise, text, word):
    assert all(x != word for _, x in recognise(text)), sorted(recognise(text))


def test_place_inside_a_found_place_is_not_reported_again(recognise):
    found = recognise("依托广州国际生物岛建设创新载体。")
    assert ("PLACE", "广州国际生物岛") in found
    assert ("PLACE", "广州") not in found


# Name boundaries: two names written one after the other, a branch without its parent, a class word.
BOUNDARIES = [
    # seed 000: 以西安交通大学中国工程院院士卢秉恒教授团队为技术支撑 = two bodies, not one
    ("以西安交通大学中国工程院院士卢秉恒教授团队为技术支撑。", {"西安交通大学", "中国工程院"}, {"西安交通大学中国工程院"}),
    # seed 004: the addressee is the party's city committee; 中山市委会 alone is a fragment of it
    ("农工党中山市委会：", {"农工党中山市委会"}, {"中山市委会", "农工党"}),
    ("市委召开中山市委会议研究部署。", set(), {"中山市委会"}),
    ("中华医学会上海分会组织专家论证。", {"中华医学会上海分会"}, {"上海分会"}),
    # a unit after its parent stays one name, counted once (not again as its parent: issue 20)
    ("依托电子科技大学中山学院建设实训基地。", {"电子科技大学中山学院"}, {"电子科技大学"}),
    ("与中国检验检疫科学研究院粤港澳大湾区研究院合作。", {"中国检验检疫科学研究院粤港澳大湾区研究院"}, set()),
    # a government body at the head of its office is part of the office's name (seed 004)
    ("抄送：市政协提案委、市政府办公室、市卫生健康局。", {"市政府办公室"}, {"市政府"}),
    # class words before or inside a 、-list are not names (seed 001, 003: 科研院所)
    ("支持高等院校、科研院所和健康企业共建人才实训基地。", set(), {"科研院所"}),
]


@pytest.mark.parametrize("text, found, not_found", BOUNDARIES)
def test_name_boundaries(recognise, text, found, not_found):
    orgs = {x for t, x in recognise(text) if t == "ORG"}
    assert found <= orgs and not (not_found & orgs), sorted(orgs)


@pytest.fixture(scope="module")
def resolved(params):
    gaz = Gazetteer.from_yaml(params.places)
    rules = entities.EntityRules.from_yaml(params.orgs)

    def run(text: str, region: str | None, issuer: str | None):
        df = entities.find_entities(sentences(paragraphs(text)), gaz, rules, params.user_dict, None, region, issuer)
        org = df[df["type"] == "ORG"]
        return {t: (c if isinstance(c, str) else None) for t, c in zip(org["text"], org["canonical"])}

    return run


# Relative names read with the document's region and issuer (metadata), as written in the seeds.
RESOLVED = [
    ("为全面落实市委、市政府决策部署和工作安排。", "广东省深圳市", "深圳市卫生健康委员会", "市政府", "深圳市人民政府"),
    ("加快落实市委、市政府关于加快健康服务业发展的部署。", "上海市", "上海市人民政府", "市政府", "上海市人民政府"),
    ("由市财政局负责资金保障。", "广东省中山市", "中山市工业和信息化局", "市财政局", "中山市财政局"),
    ("区卫生健康局将会同区科创局推进。", "广东省深圳市龙岗区", "深圳市龙岗区卫生健康局", "区科创局", "龙岗区科创局"),
    ("区卫生健康委协同区经委推进。", "上海市嘉定区", "上海市嘉定区卫生健康委员会", "区经委", "嘉定区经委"),
    # which district? a city-level document does not say: not resolved, not used for links
    ("由各区政府负责落实。", "上海市", "上海市人民政府", "区政府", None),
    ("由市财政局负责资金保障。", None, None, "市财政局", None),
    # a kind of area, not one area: which 开发区? (seed 004)
    ("市市场监管局、开发区管委会协办。", "广东省中山市", "中山市工业和信息化局", "开发区管委会", None),
    # absolute names stay as they are
    ("国家卫生健康委印发通知。", "上海市", "上海市人民政府", "国家卫生健康委", "国家卫生健康委"),
]


@pytest.mark.parametrize("text, region, issuer, name, canonical", RESOLVED)
def test_relative_names_resolved_with_the_documents_region(resolved, text, region, issuer, name, canonical):
    assert resolved(text, region, issuer)[name] == canonical


@pytest.mark.parametrize(
    "name, issuer, canonical",
    [
        ("我局", "中山市工业和信息化局", "中山市工业和信息化局"),
        ("我委", "深圳市卫生健康委员会", "深圳市卫生健康委员会"),
        ("我局", None, None),
        ("我局", "湘阴县人民政府", None),  # the issuer is not a 局
        # places the gazetteer does not know are read off the issuer's name (corpus-dev 07, 22, 36, 12)
        ("市政府", "蒙自市农业农村局", "蒙自市人民政府"),
        ("县文化和旅游局", "镇沅彝族哈尼族拉祜族自治县文化和旅游局", "镇沅彝族哈尼族拉祜族自治县文化和旅游局"),
        ("州教育体育局", "文山州教育体育局", "文山州教育体育局"),
        ("市自然资源局", "淄川区自然资源局", None),  # which city? the district's name does not say
        ("省政府", "省国土厅", None),  # an issuer that is itself relative says nothing
    ],
)
def test_names_resolved_with_the_issuer(params, name, issuer, canonical):
    from policyreport.extract.entities.names import region_path, resolve

    gaz = Gazetteer.from_yaml(params.places)
    assert resolve(name, gaz, region_path(gaz, None, issuer), issuer) == canonical


def test_field_gov_prefix_equals_the_scan_of_every_offset(params):
    """`field_gov_prefix` finds the offsets where the field words + kind make up the rest of a name
    with one pattern; the answer is the one of trying `gov_core` at every offset in turn."""
    rules = entities.EntityRules.from_yaml(params.orgs)

    def scanned(name: str) -> int | None:
        for i in range(len(name) - 1):
            if not rules.gov_core.fullmatch(name, i):
                continue
            if i == 0:
                return 0 if name.endswith(rules.gov_bare_kinds) else None
            if rules.gov_field_prefix.fullmatch(name[:i]):
                return i
        return None

    docs = Path(__file__).resolve().parents[1] / "corpus-dev" / "docs"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(docs.glob("*.txt")))
    ends = [e for e in range(1, len(text) + 1) if text.endswith(rules.gov_field_kinds, 0, e)]
    names = [text[s:e] for e in ends for s in range(max(0, e - 30), e)]
    names += ["", "部", "人力资源社会保障部", "省人力社保厅", "国家发展改革委", "深圳市坪山区住房和建设局"]
    found = [rules.field_gov_prefix(n) for n in names]
    assert found == [scanned(n) for n in names]
    assert sum(x is not None and x > 0 for x in found) > 20 and 0 in found  # both kinds of answer were tested

"""State Council and rule forms (GB/T 9704-2012 §10 命令（令）格式; 转发/批转 notices; joint issuers).

Short texts written in the form of the real documents (版头, 令号, 标题, 主送机关, 正文, 署名, 成文日期);
each expected value was checked by hand against the text it is read from.
"""

import pytest

from policyreport.extract import metadata
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.text import paragraphs
from policyreport.paths import DICTIONARIES


@pytest.fixture(scope="module")
def read():
    gaz = Gazetteer.from_yaml(DICTIONARIES / "places.yaml")
    return lambda text: metadata.extract(paragraphs(text), gaz)


def flat(text: str) -> str:
    """The same text with its line breaks lost."""
    return "".join(ln.strip() for ln in text.splitlines() if ln.strip())


# A 批转 notice whose own date is printed without a signature; the forwarded 意见 is signed and dated.
BATCH = """国务院批转发展改革委关于2009年深化经济体制改革工作意见的通知
国发〔2009〕26号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
国务院同意发展改革委《关于2009年深化经济体制改革工作的意见》，现转发给你们，请认真贯彻执行。
二〇〇九年五月十九日
关于2009年深化经济体制改革工作的意见
发展改革委
2009年是进入新世纪以来我国经济发展最为困难的一年，也是推进改革的重要机遇期。
一、深化经济体制改革的总体要求
坚持社会主义市场经济改革方向，加快推进重点领域和关键环节改革。
发展改革委
二〇〇九年四月二十日
"""


@pytest.mark.parametrize("text", [BATCH, flat(BATCH)], ids=["laid out", "flattened"])
def test_forwarding_notice_is_the_document_not_the_forwarded_text(read, text):
    md = read(text)
    assert (md.issuer, md.date, md.doc_number) == ("国务院", "2009-05-19", "国发〔2009〕26号")
    assert md.evidence["issuer"]["element"] == "标题中的发文机关"


def test_forwarded_text_keeps_its_own_record(read):
    md = read(BATCH)
    assert md.forwarded == {
        "title": "关于2009年深化经济体制改革工作的意见",
        "paragraph": 6,
        "issuer": "发展改革委",
        "date": "2009-04-20",
        "date_paragraph": 12,
    }
    assert any("不作为本件的发文机关和成文日期" in n for n in md.notes)


# 国务院令 on gov.cn: 版头 + 令号, the 令's text, 总理 signature and date, then the 决定 it publishes.
ORDER_707 = """中华人民共和国国务院令
第707号
《国务院关于修改部分行政法规的决定》已经2018年12月20日国务院第33次常务会议通过，现予公布，自公布之日起施行。
总理　李克强
2019年3月2日
国务院关于修改部分行政法规的决定
为依法推进简政放权、放管结合、优化服务改革，国务院对有关行政法规进行了清理。经过清理，国务院决定：对49部行政法规的部分条款予以修改。
本决定自公布之日起施行。
"""


@pytest.mark.parametrize(
    "text",
    [ORDER_707, ORDER_707.replace("中华人民共和国国务院令\n第707号", "中华人民共和国国务院令　第707号"), flat(ORDER_707)],
    ids=["laid out", "number on the 版头 line", "flattened"],
)
def test_state_council_order_number_and_signing_date(read, text):
    """The 令号 is the 文号 (cited 国务院令第707号); the date under the 总理's signature is the 成文日期
    (not 2018年12月20日, the meeting, nor 自公布之日起施行)."""
    md = read(text)
    assert (md.doc_number, md.date, md.issuer) == ("国务院令第707号", "2019-03-02", "中华人民共和国国务院")
    assert (md.title, md.genre) == ("国务院关于修改部分行政法规的决定", "决定")
    shown = {p.n: p.text for p in paragraphs(text)}
    assert shown[md.evidence["date"]["paragraph"]] == "2019年3月2日"


# A regulation's title over two lines, then its 题注 (promulgated by a 国务院令).
RULE_TITLE = """中华人民共和国药品管理法
实施条例
（2002年8月4日中华人民共和国国务院令第360号公布　根据2016年2月6日《国务院关于修改部分行政法规的决定》第一次修订）
第一章　总则
第一条　根据《中华人民共和国药品管理法》（以下简称《药品管理法》），制定本条例。
"""
DECISION_TITLE = """国务院关于修改《中华人民共和国药品管理法
实施条例》的决定
中华人民共和国国务院令
第709号
现公布《国务院关于修改〈中华人民共和国药品管理法实施条例〉的决定》，自公布之日起施行。
总理　李克强
2019年3月2日
"""


@pytest.mark.parametrize("flattened", [False, True])
def test_title_over_two_lines_is_joined(read, flattened):
    md = read(flat(RULE_TITLE) if flattened else RULE_TITLE)
    assert (md.title, md.genre, md.doc_number, md.date) == (
        "中华人民共和国药品管理法实施条例",
        "条例",
        "国务院令第360号",
        "2002-08-04",
    )
    assert md.answers_number is None  # 第360号 is the 令's number, not a proposal answered
    md = read(flat(DECISION_TITLE) if flattened else DECISION_TITLE)
    assert (md.title, md.genre, md.doc_number, md.date) == (
        "国务院关于修改《中华人民共和国药品管理法实施条例》的决定",
        "决定",
        "国务院令第709号",
        "2019-03-02",
    )


NOTICE_END = """
国发〔2016〕87号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
现将规划纲要印发给你们，请认真贯彻执行。
国务院
2017年1月3日
"""


@pytest.mark.parametrize(
    "head,title,genre",
    [
        ("国务院关于印发国务院工作规则\n的通知", "国务院关于印发国务院工作规则的通知", "通知"),
        ("国务院关于印发全国国土规划纲要\n（2016—2030年）的通知", "国务院关于印发全国国土规划纲要（2016—2030年）的通知", "通知"),
        ("国务院\n关于印发全国国土规划纲要（2016—2030年）的通知", "国务院关于印发全国国土规划纲要（2016—2030年）的通知", "通知"),
    ],
)
def test_title_on_lines_one_and_two(read, head, title, genre):
    """Line 1 is already title-shaped (…工作规则, …规划纲要) but line 2 carries it on."""
    md = read(head + NOTICE_END)
    assert (md.title, md.genre, md.evidence["title"]["paragraph"]) == (title, genre, 1)


INSPECTION = """国务院办公厅关于国务院第六次大督查发现问题整改建议办理情况的函
国办函〔2019〕101号
江西省人民政府：
你省《关于国务院第六次大督查发现问题整改情况的报告》收悉。经国务院同意，现函复如下。
国务院办公厅
2019年10月20日
"""


def test_letter_after_an_inspection_is_a_letter(read):
    md = read(INSPECTION)
    assert (md.genre, md.answers_number, md.recipient) == ("函", None, "江西省人民政府")


PERSON = """国务院办公厅关于全国政协十三届一次会议第1234号提案答复的函
陈某副主席：
您提出的《关于加强基层医疗卫生服务体系建设的提案》收悉，现答复如下。
国务院办公厅
2018年7月10日
"""


@pytest.mark.parametrize("text", [PERSON, flat(PERSON)], ids=["laid out", "flattened"])
def test_addressee_named_by_title(read, text):
    md = read(text)
    assert (md.recipient, md.genre, md.answers_number) == ("陈某副主席", "政协提案答复", "第1234号")


REPLY_CITING_ORDER = """关于加强社区养老服务设施建设的提案的答复
张某委员：
《养老机构管理办法》（民政部令第66号）和《社会救助暂行办法》（国务院令第649号）已对有关事项作出规定，现就您的提案答复如下。
某市民政局
2023年6月1日
"""


def test_a_decree_number_is_not_the_proposal_answered(read):
    md = read(REPLY_CITING_ORDER)
    assert (md.genre, md.answers_number) == ("政协提案答复", None)


JOINT = """国务院　中央军委关于进一步加强军民融合工作的意见
国发〔2017〕91号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构，各战区、各军兵种、军委机关各部门：
为深入贯彻军民融合发展战略，现提出如下意见。
2017年11月30日
"""


@pytest.mark.parametrize(
    "text",
    [
        JOINT,  # only the title names the issuers
        JOINT.replace("国务院　中央军委关于", "国务院　　中央军委\n关于"),  # 版头 with both bodies
        JOINT.replace("2017年11月30日", "国务院　　中央军委\n2017年11月30日"),  # both signatures side by side
        JOINT.replace("2017年11月30日", "国务院\n中央军委\n2017年11月30日"),  # one under the other
    ],
)
def test_joint_state_council_and_military_commission(read, text):
    md = read(text)
    assert (md.issuer, md.doc_number, md.date) == ("国务院、中央军委", "国发〔2017〕91号", "2017-11-30")
    assert md.recipient.endswith("军委机关各部门")


# A regulation with its 题注: first published by a 国务院令, revised later (the later dates are not its 成文日期).
REGULATION = """医疗器械监督管理条例
（2000年1月4日中华人民共和国国务院令第276号公布　2014年2月12日国务院第39次常务会议修订通过　根据2017年5月4日《国务院关于修改〈医疗器械监督管理条例〉的决定》修订）
第一章　总　　则
第一条　为了保证医疗器械的安全、有效，保障人体健康和生命安全，制定本条例。
"""


@pytest.mark.parametrize("text", [REGULATION, flat(REGULATION)], ids=["laid out", "flattened"])
def test_regulation_note_stays_whole(read, text):
    md = read(text)
    assert (md.title, md.genre, md.doc_number, md.date) == ("医疗器械监督管理条例", "条例", "国务院令第276号", "2000-01-04")
    assert md.evidence["date"]["element"] == "公布日期（令）"


# A 转发 notice of the General Office (the form of 国办发 转发 notices): the carrier is the document; the
# forwarded 意见 keeps its own issuers and date.
FORWARD = """国务院办公厅转发国家发展改革委等部门关于加快推进某某产业发展若干意见的通知
国办发〔2010〕12号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
国家发展改革委、财政部、商务部《关于加快推进某某产业发展的若干意见》已经国务院同意，现转发给你们，请认真贯彻执行。
国务院办公厅
二〇一〇年三月八日
关于加快推进某某产业发展的若干意见
为加快推进某某产业发展，现提出以下意见。
一、充分认识加快发展的重要意义
加快发展某某产业，是转变发展方式的重要举措。
发展改革委　财政部　商务部
二〇一〇年二月二十日
"""


@pytest.mark.parametrize("text", [FORWARD, flat(FORWARD)], ids=["laid out", "flattened"])
def test_general_office_forwarding_notice(read, text):
    md = read(text)
    assert (md.title, md.issuer, md.doc_number, md.date, md.recipient, md.genre) == (
        "国务院办公厅转发国家发展改革委等部门关于加快推进某某产业发展若干意见的通知",
        "国务院办公厅",
        "国办发〔2010〕12号",
        "2010-03-08",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构",
        "通知",
    )
    assert md.forwarded["date"] == "2010-02-20"


THREE_LINES = """国务院办公厅关于印发
全国医疗卫生服务体系规划纲要
（2015—2020年）的通知
国办发〔2015〕14号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
《全国医疗卫生服务体系规划纲要（2015—2020年）》已经国务院同意，现印发给你们，请认真贯彻执行。
国务院办公厅
2015年3月6日
"""


@pytest.mark.parametrize("text", [THREE_LINES, flat(THREE_LINES)], ids=["laid out", "flattened"])
def test_title_over_three_lines(read, text):
    md = read(text)
    assert (md.title, md.genre, md.issuer, md.doc_number, md.date) == (
        "国务院办公厅关于印发全国医疗卫生服务体系规划纲要（2015—2020年）的通知",
        "通知",
        "国务院办公厅",
        "国办发〔2015〕14号",
        "2015-03-06",
    )


def test_inspection_letter_flattened(read):
    md = read(flat(INSPECTION))
    assert (md.genre, md.answers_number, md.recipient, md.doc_number, md.date) == (
        "函",
        None,
        "江西省人民政府",
        "国办函〔2019〕101号",
        "2019-10-20",
    )


def test_joint_issuers_spaced_in_a_flattened_title(read):
    """国务院　中央军委关于…: the space between the two issuers is not where page text ends and the title starts."""
    md = read(flat(JOINT))
    assert md.title == read(JOINT).title
    assert (md.title, md.issuer, md.doc_number, md.date) == (
        "国务院中央军委关于进一步加强军民融合工作的意见",
        "国务院、中央军委",
        "国发〔2017〕91号",
        "2017-11-30",
    )

"""Documents whose line breaks were lost (as many crawls deliver them) read like the laid-out ones.

The development documents (tests/corpus-dev) are flattened the way ../shared/tools/score-dev --flat
does it (lines stripped and joined with nothing, or with full-width indents 　　) and read again: the
fields must be those of the hand-checked gold, and nothing may be given where the gold is null.
"""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from policyreport.extract import metadata
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.corpus import decode
from policyreport.ingest.flat import restore_breaks
from policyreport.ingest.text import paragraphs
from policyreport.paths import DICTIONARIES

CORPUS = Path(__file__).resolve().parents[1] / "corpus-dev"
GOLD = yaml.safe_load((CORPUS / "gold.yaml").read_text(encoding="utf-8"))
FIELDS = ("title", "issuer", "doc_number", "date", "recipient")
INDENT = "\u3000\u3000"


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.from_yaml(DICTIONARIES / "places.yaml")


def flatten(text: str, sep: str) -> str:
    """score-dev --flat: every non-empty line stripped, joined with `sep`."""
    return sep.join(ln.strip() for ln in text.splitlines() if ln.strip()) + "\n"


def norm(s):
    """score-dev's comparison: NFKC, no whitespace, one bracket style for 文号."""
    if s is None:
        return None
    s = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(s)).replace("—", "-"))
    for a, b in (("[", "〔"), ("]", "〕"), ("﹝", "〔"), ("﹞", "〕"), ("【", "〔"), ("】", "〕")):
        s = s.replace(a, b)
    return s or None


def read(name: str, sep: str | None, gaz) -> metadata.Metadata:
    text = (CORPUS / "docs" / name).read_text(encoding="utf-8")
    return metadata.extract(paragraphs(text if sep is None else flatten(text, sep)), gaz)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_flattened_as_score_dev_gives_the_gold(name, gaz):
    """Every other file joined with nothing, the rest with full-width indents (score-dev --flat)."""
    sep = "" if sorted(GOLD).index(name) % 2 == 0 else INDENT
    md = read(name, sep, gaz)
    for field in FIELDS:
        got, want = getattr(md, field), GOLD[name][field]
        assert norm(got) == norm(want), (field, got, want)


# 签发人 and its name run into a person addressee (file 21: 签发人:龙英冯万玖委员:). Each name is a
# surname and one or two characters; 冯 is hardly ever part of a given name, so 龙英 + 冯万玖 is the only
# reading. Where two readings remain (龙英 + 杨林委员, 龙英杨 + 林委员), nothing is cut: no addressee.
SIGNER_THEN_ADDRESSEE = "关于县政协九届六次会议第86号提案办理情况的复函签发人:龙英{}委员:您好!您提出的提案已收悉,现答复如下:"


@pytest.mark.parametrize(
    "who, addressee",
    [("冯万玖", "冯万玖委员:"), (" 冯万玖", "冯万玖委员:"), ("杨林", None)],
    ids=["one reading", "a space after the name", "two readings"],
)
def test_signer_name_run_into_a_person_addressee(who, addressee):
    pieces = restore_breaks(SIGNER_THEN_ADDRESSEE.format(who))
    if addressee is None:
        assert not any(p.endswith("委员:") for p in pieces)
    else:
        assert pieces[1:3] == ["签发人:龙英", addressee]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_paragraphs_joined_by_indents_read_like_the_laid_out_text(name, gaz):
    """Full-width indents mark the paragraphs: all 43 documents give the laid-out values."""
    flat, laid = read(name, INDENT, gaz), read(name, None, gaz)
    assert [getattr(flat, f) for f in FIELDS] == [getattr(laid, f) for f in FIELDS]


@pytest.mark.parametrize("sep", ["", " ", "\u3000"], ids=["nothing", "a space", "a full-width space"])
@pytest.mark.parametrize("name", sorted(GOLD))
def test_lines_joined_without_paragraph_marks_give_the_gold(name, gaz, sep):
    """Every line break and every indent lost (the lines stripped and joined with nothing, one space or
    one full-width space, which marks no paragraph): each document gives the hand-checked gold, as laid
    out — a web table's header row and its values, a page's tabs, a repost's preface before the title,
    the fields under a reply's signature (承办单位:…单位负责人:0二十六日抄送:…) are told apart."""
    md = read(name, sep, gaz)
    for field in FIELDS:
        got, want = getattr(md, field), GOLD[name][field]
        assert norm(got) == norm(want), (field, got, want)


# The brief's shape (a city government office's notice, lines lost), written as such notices are.
NOTICE = (
    "某政办发〔2021〕5号某市人民政府办公室关于印发某市城镇老旧小区改造实施方案（试行）的通知"
    "各县（市、区）人民政府，市政府各部门：《某市城镇老旧小区改造实施方案（试行）》已经市政府同意，"
    "现印发给你们，请认真贯彻执行。某市人民政府办公室2021年3月5日（此件公开发布）"
    "某市城镇老旧小区改造实施方案（试行）为加快推进城镇老旧小区改造，制定本方案。"
)


def test_a_notice_without_line_breaks_is_cut_into_its_elements():
    assert restore_breaks(NOTICE) == [
        "某政办发〔2021〕5号",
        "某市人民政府办公室关于印发某市城镇老旧小区改造实施方案（试行）的通知",
        "各县（市、区）人民政府，市政府各部门：",
        "《某市城镇老旧小区改造实施方案（试行）》已经市政府同意，现印发给你们，请认真贯彻执行。",
        "某市人民政府办公室",
        "2021年3月5日（此件公开发布）",
        "某市城镇老旧小区改造实施方案（试行）",  # the attached plan's title, then its body
        "为加快推进城镇老旧小区改造，制定本方案。",
    ]


def test_a_notice_without_line_breaks_gives_its_fields(gaz):
    md = metadata.extract(paragraphs(NOTICE), gaz)
    assert (md.title, md.issuer, md.doc_number, md.date, md.recipient, md.genre) == (
        "某市人民政府办公室关于印发某市城镇老旧小区改造实施方案（试行）的通知",
        "某市人民政府办公室",
        "某政办发〔2021〕5号",
        "2021-03-05",
        "各县（市、区）人民政府，市政府各部门",
        "通知",
    )
    # evidence points to the paragraphs as the report shows them
    shown = {p.n: p.text for p in paragraphs(NOTICE)}
    assert shown[md.evidence["doc_number"]["paragraph"]] == "某政办发〔2021〕5号"
    assert shown[md.evidence["date"]["paragraph"]].startswith("2021年3月5日")


def test_cut_pieces_are_the_text_as_written():
    """Nothing is added or dropped but the separating indents."""
    text = flatten((CORPUS / "docs" / "06_fujian-gov-approval-township-2017.txt").read_text(encoding="utf-8"), INDENT)
    pieces = [p.text for p in paragraphs(text)]
    assert "".join(pieces) == text.strip().replace(INDENT, "")


@pytest.mark.parametrize(
    "line",
    [
        # a cited 文号 in the body is not a head element
        "根据《水利部 财政部关于开展水系连通及农村水系综合整治试点工作的通知》(水规计〔2019〕277号)及有关文件要求,"
        "我局完成可行性研究报告编制,主要治理范围为东河干流及主要支流,涉及西邑、瓦渡、丙麻3个乡镇,匡算投资约5亿元。",
        # a report's opening sentence is not a title that ends in 规定 (a 文种 word) followed by a page field
        "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》(国令第711号)(以下简称《条例》)规定编制。"
        "报告所列统计期限自2024年1月1日至2024年12月31日。",
        # a date inside a sentence is not a signing date
        "经研究,县人民政府决定于2021年5月1日起在全县范围内禁止露天焚烧农作物秸秆,各乡镇人民政府要加强宣传,"
        "落实网格化管理责任,确保不发生露天焚烧现象,对违反规定的,依法予以处罚。",
    ],
)
def test_a_body_paragraph_is_not_cut(line):
    assert restore_breaks(line) == [line]


# Real pages (excerpts as captured in the page store, trailing spaces removed; the address follows each),
# laid out, then flattened.
YUEYANG_2017_2 = """归档时间:2018-11-21
当前位置: 首页 > 政务公开 > 政务公开工作要点 > 公开制度化 > 政策法规

中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知(岳办发〔2017〕2号)

来源:岳阳市政府门户网 日期:2017-01-12 17:08 字号:【
视力保护色:
浏览量:

各县市区委、人民政府,岳阳经济技术开发区、城陵矶新港区、南湖新区、屈原管理区,市直各单位,中央、省驻岳单位:

《关于全面推进政务公开工作的实施意见》已经市委、市人民政府同意,现印发给你们,请结合实际认真贯彻执行。

中共岳阳市委办公室

岳阳市人民政府办公室

2017年1月10日

关于全面推进政务公开工作的实施意见

根据《中共中央办公厅国务院办公厅印发〈关于全面推进政务公开工作的意见〉的通知》(中办发〔2016〕8号)及《中共湖南省委办公厅湖南省人民政府办公厅印发〈关于全面推进政务公开工作的实施意见〉的通知》(湘办发〔2016〕41号)要求,结合我市实际,现就全面推进政务公开工作提出如下实施意见。

一、把握总体要求,明确工作目标
"""  # https://pingjiang.gov.cn/35048/40718/40820/40821/content_1202379.html
ORDER_PRESIDENT_37 = """中华人民共和国国家通用语言文字法

全国人民代表大会常务委员会


中华人民共和国主席令(九届第37号)

《中华人民共和国国家通用语言文字法》已由中华人民共和国第九届全国人民代表大会常务委员会第十八次会议于2000年10月31日通过,现予公布,自2001年1月1日起施行。

                 中华人民共和国主席 江泽民
                         2000年10月31日


中华人民共和国国家通用语言文字法


(2000年10月31日第九届全国人民代表大会常务委员会第十八次会议通过 2000年10月31日中华人民共和国主席令第三十七号公布 自2001年1月1日起施行)

目录
第一章 总则
"""  # http://law633.infoeach.com/view-NjMzfDE1Mw==.html
JINHUA_2010_15 = """关于印发金华市人民政府办理人大代表建议和政协提案工作规则的通知

浙江省金华市人民政府办公室


关于印发金华市人民政府办理人大代表建议

金政办发〔2010〕15号


各县(市、区)人民政府,市政府各部门:
《金华市人民政府办理人大代表建议和政协提案工作规则》已经市政府第103次常务会议研究同意,现印发给你们,请按照执行。


金华市人民政府办公室
二○一○年四月七日



金华市人民政府办理人大代表
建议和政协提案工作规则

第一章 总 则

  第一条 为加强和规范政府系统办理人大代表建议、批评、意见(以下简称建议)和政协提案(以下简称提案)工作,提高办理工作质量,根据有关法律、法规和规定,结合我市实际,制定本规则。
"""  # http://law528.infoeach.com/view-NTI4fDkxMDk2.html


@pytest.mark.parametrize("sep", [None, "", INDENT], ids=["laid out", "no separator", "indents"])
def test_joint_carrier_notice_on_a_city_page(gaz, sep):
    """Two offices sign one under the other; flattened, they run together and share 岳阳市."""
    text = YUEYANG_2017_2 if sep is None else flatten(YUEYANG_2017_2, sep)
    md = metadata.extract(paragraphs(text), gaz)
    assert (md.issuer, md.doc_number, md.date, md.genre) == (
        "中共岳阳市委办公室、岳阳市人民政府办公室",
        "岳办发〔2017〕2号",
        "2017-01-10",
        "通知",
    )
    assert (
        md.recipient == "各县市区委、人民政府,岳阳经济技术开发区、城陵矶新港区、南湖新区、屈原管理区,市直各单位,中央、省驻岳单位"
    )


@pytest.mark.parametrize("sep", [None, "", INDENT], ids=["laid out", "no separator", "indents"])
def test_presidential_order_on_a_law_mirror(gaz, sep):
    """主席令(九届第37号): the 令's number and the date under the signer, flattened or not."""
    text = ORDER_PRESIDENT_37 if sep is None else flatten(ORDER_PRESIDENT_37, sep)
    md = metadata.extract(paragraphs(text), gaz)
    assert (md.title, md.doc_number, md.date) == (
        "中华人民共和国国家通用语言文字法",
        "中华人民共和国主席令(九届第37号)",
        "2000-10-31",
    )


def test_truncated_title_before_the_number(gaz):
    """The page cut the title short right before the 文号 (…人大代表建议金政办发〔2010〕15号). Flattened,
    the truncated title is a copy of the page title printed above it, so the 机关代字 starts where the
    copy ends; every field is the laid-out one."""
    laid = metadata.extract(paragraphs(JINHUA_2010_15), gaz)
    md = metadata.extract(paragraphs(flatten(JINHUA_2010_15, "")), gaz)
    assert laid.doc_number == md.doc_number == "金政办发〔2010〕15号"
    for field in ("title", "issuer", "date", "recipient"):
        assert getattr(md, field) == getattr(laid, field)
    assert (md.date, md.recipient) == ("2010-04-07", "各县(市、区)人民政府,市政府各部门")


def test_truncated_title_before_the_number_without_its_copy_abstains(gaz):
    """Without the page title above it, where the 机关代字 starts cannot be told (建议金政办发, 议金政办发 …):
    no 文号 rather than a guessed one."""
    text = JINHUA_2010_15.split("\n", 3)[3]
    md = metadata.extract(paragraphs(flatten(text, "")), gaz)
    assert md.doc_number is None and md.null_reasons["doc_number"]


GUANGDONG_2023_5 = """您的位置:主页 > 公告动态 > 投资资讯 > 投资资讯

《广东省进一步加鼎力度支持民间投资生长实行

广东省人民政府办公厅关于印发广东省

进一步加鼎力度支持民间投资生长

实行方案的通知

粤府办〔2023〕5号


各地级以上市人民政府,省政府各部门、各直属机构:

  《广东省进一步加鼎力度支持民间投资生长的实行方案》已经省人民政府赞成,现印发给你们,请认真组织实行。实行历程中遇到的问题,请径向省生长改造委反映。


广东省人民政府办公厅

2023年3月17日


广东省进一步加鼎力度支持民间

投资生长的实行方案


  为进一步加大政策支持力度,引发民间投资活力,根据国家生长改造委《关于进一步完善政策环境加鼎力度支持民间投资生长的意见》(发改投资〔2022〕1652号)要求,连系我省现实,制订本实行方案。
"""  # https://33jin.com/a/news/quote/2023/0409/3138.html (a repost, wording as captured)
NEIMENGGU_2023_16 = """发布时间:2024-11-01 21:09:52 来源: sp20241101
国务院关于推动内蒙古高质量发展
奋力书写中国式现代化新篇章的意见
国发〔2023〕16号
各省、自治区、直辖市人民政府,国务院各部委、各直属机构:
紧紧围绕高质量发展这个首要任务,把内蒙古建设成为我国北方重要生态安全屏障、祖国北疆安全稳定屏障、国家重要能源和战略资源基地、国家重要农畜产品生产基地、我国向北开放重要桥头堡,是习近平总书记和党中央赋予内蒙古的战略定位和重大责任。
一、总体要求
"""  # http://imasd-velecdom.com/prestashop/show.aspx?ES=41ht5.html (a repost)


@pytest.mark.parametrize("sep", ["", INDENT], ids=["no separator", "indents"])
@pytest.mark.parametrize("text", [GUANGDONG_2023_5, NEIMENGGU_2023_16], ids=["粤府办〔2023〕5号", "国发〔2023〕16号"])
def test_reposted_pages_flattened_read_like_laid_out(gaz, text, sep):
    """Page text runs into the title (a truncated page title, `来源: sp20241101`): the title starts
    after it; every field equals the laid-out reading."""
    laid = metadata.extract(paragraphs(text), gaz)
    md = metadata.extract(paragraphs(flatten(text, sep)), gaz)
    fields = ("title", "issuer", "doc_number", "date", "recipient", "genre")
    assert [getattr(md, f) for f in fields] == [getattr(laid, f) for f in fields]
    assert laid.title in (
        "广东省人民政府办公厅关于印发广东省进一步加鼎力度支持民间投资生长实行方案的通知",
        "国务院关于推动内蒙古高质量发展奋力书写中国式现代化新篇章的意见",
    )


FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "docs").glob("*.txt"))


@pytest.mark.parametrize("sep", ["", INDENT], ids=["no separator", "indents"])
@pytest.mark.parametrize("path", FIXTURES, ids=[p.name[:3] for p in FIXTURES])
def test_fixture_documents_flattened_read_like_laid_out(gaz, path, sep):
    """The ten fixture documents (replies, a 会办 opinion, a State Council notice, a plan in Markdown,
    a GBK file …): flattened, the same title, issuer, 文号, date, addressee and genre."""
    text, _encoding = decode(path.read_bytes())
    laid = metadata.extract(paragraphs(text), gaz)
    md = metadata.extract(paragraphs(flatten(text, sep)), gaz)
    fields = ("title", "issuer", "doc_number", "date", "recipient", "genre")
    assert [getattr(md, f) for f in fields] == [getattr(laid, f) for f in fields]


# 附件说明 before the signature and a 版记 after the date (GB/T 9704-2012 §7.3.3, §7.4), lines lost.
WITH_ANNEX = (
    "某政办发〔2021〕7号某市人民政府办公室关于印发某市城镇老旧小区改造实施方案的通知"
    "各县（市、区）人民政府，市政府各部门：经市政府同意，现将《某市城镇老旧小区改造实施方案》"
    "《某市城镇老旧小区改造任务清单》印发给你们，请认真贯彻执行。"
    "附件：1.某市城镇老旧小区改造实施方案2.某市城镇老旧小区改造任务清单"
    "某市人民政府办公室2021年3月5日（此件公开发布）"
    "抄送：市委办公室，市人大常委会办公室。某市人民政府办公室2021年3月5日印发"
)


def test_signature_after_an_annex_note(gaz):
    """The signature is the issuer the head names (某市人民政府办公室), not the annex list before it."""
    shown = [p.text for p in paragraphs(WITH_ANNEX)]
    assert shown[4:7] == [
        "附件：1.某市城镇老旧小区改造实施方案2.某市城镇老旧小区改造任务清单",
        "某市人民政府办公室",
        "2021年3月5日（此件公开发布）",
    ]
    md = metadata.extract(paragraphs(WITH_ANNEX), gaz)
    assert (md.issuer, md.date, md.evidence["issuer"]["element"]) == ("某市人民政府办公室", "2021-03-05", "发文机关署名")


FORMATS = Path(__file__).resolve().parents[1] / "formats"


def _format_text(name: str) -> str:
    from policyreport.ingest import formats

    return formats.read(name, (FORMATS / name).read_bytes()).documents[0].text


@pytest.mark.parametrize("sep", ["", " "], ids=["no separator", "a space"])
def test_joint_issuers_written_with_spaces_flattened(gaz, sep):
    """A city page (tests/formats): three bodies head the title with spaces between them (广州市医疗保障局
    广州市财政局 广州市卫生健康委员会关于…) and sign after the 附件说明 the same way. Flattened, the title
    keeps all three and the signature is all three, not the annex title before them."""
    text = _format_text("gz_gfxwj_suiyibaoguizi_2019_4_mente.html")
    laid = metadata.extract(paragraphs(text), gaz)
    md = metadata.extract(paragraphs(flatten(text, sep)), gaz)
    assert [getattr(md, f) for f in FIELDS] == [getattr(laid, f) for f in FIELDS]
    assert md.issuer == "广州市医疗保障局、广州市财政局、广州市卫生健康委员会"
    assert md.title.startswith("广州市医疗保障局广州市财政局广州市卫生健康委员会关于印发")


@pytest.mark.parametrize("sep", ["", " "], ids=["no separator", "a space"])
@pytest.mark.parametrize(
    "name, issuer, number",
    [
        # the PDF's text layer puts a space before 号 (国防部发〔2012〕21 号)
        ("SYNTH_gongwen_mock_guofangbu_fangjia.pdf", "国防部", "国防部发〔2012〕21号"),
        # 附件：省级电网输配电价定价办法 + 国家发展改革委 + the date: the annex is not the signer
        ("ndrc_fagaijiageguifan_2020_101_shengji_dianwang_shupeidianjia.html", "国家发展改革委", "发改价格规〔2020〕101号"),
    ],
)
def test_format_pages_flattened_read_like_laid_out(gaz, sep, name, issuer, number):
    text = _format_text(name)
    laid = metadata.extract(paragraphs(text), gaz)
    md = metadata.extract(paragraphs(flatten(text, sep)), gaz)
    assert [getattr(md, f) for f in FIELDS] == [getattr(laid, f) for f in FIELDS]
    assert (md.issuer, md.doc_number) == (issuer, number)

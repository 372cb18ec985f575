"""Metadata of real documents, one row per kind of document (tests/corpus-dev, hand-checked values).

Each row was read by hand against the text: title, issuer, 文号, signing date, addressee, genre, and
the element each value was read from. Rules come from GB/T 9704-2012, not from one file.
"""

from pathlib import Path

import pytest

from policyreport.extract import metadata
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.text import paragraphs
from policyreport.paths import DICTIONARIES

DOCS = Path(__file__).resolve().parents[1] / "corpus-dev" / "docs"


@pytest.fixture(scope="module")
def read():
    gaz = Gazetteer.from_yaml(DICTIONARIES / "places.yaml")

    def _read(prefix: str) -> metadata.Metadata:
        path = next(DOCS.glob(prefix + "_*.txt"))
        return metadata.extract(paragraphs(path.read_text(encoding="utf-8")), gaz)

    return _read


# kind, file, title, issuer, doc_number, date, recipient, genre
KINDS = [
    ("reply", "04", "重庆市沙坪坝区交通运输委员会关于区十九届人大第六次会议第DH0271号建议办理情况的复函",
     "重庆市沙坪坝区交通运输委员会", None, "2025-04-10", "吴银剑代表", "人大代表建议答复"),
    ("reply, title over two lines", "07", "对蒙自市第三届政协第四次会议第63号提案的答复", "蒙自市农业农村局",
     None, "2020-06-02", "陈翠珠委员", "政协提案答复"),
    ("notice", "17", "国务院办公厅关于部际联席会议审批程序等有关问题的通知", "国务院办公厅", "国办函〔2003〕49号",
     "2003-07-18", "国务院各部委、各直属机构", "通知"),
    ("批复", "06", "福建省人民政府关于大田县吴山乡和华兴乡撤乡设镇的批复", "福建省人民政府", "闽政文〔2017〕316号",
     "2017-09-19", "三明市人民政府", "批复"),
    ("通告, joint issuers", "10", "关于严禁在县城区种植农作物的通告",
     "封开县“双创”办、封开县城市管理局、封开县水务局、封开县林业局、封开县国土局、江口镇人民政府", None,
     "2018-10-23", None, "通告"),
    ("公告, 文号 in the title line", "43", "方城县人民政府拟征收土地启动公告", "方城县人民政府", "方征启公告﹝2022﹞4号",
     "2022-01-29", None, "公告"),
    ("令", "33", "广东省公共数据管理办法", "广东省人民政府", "广东省人民政府令（第290号）", "2021-10-18", None, "办法"),
    ("令, promulgation line", "31", "学校卫生工作条例", "国家教育委员会、卫生部", "国家教育委员会令第10号、卫生部令第1号",
     "1990-06-04", None, "条例"),
    ("carrier (印发)", "29",
     "安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划（2021-2023年）的通知",
     "安徽省人民政府办公厅", "皖政办秘〔2021〕82号", "2021-09-02", "各市人民政府，省政府各部门，各直属机构", "通知"),
    ("reprint", "08", "长子县人民政府森林防火指挥部关于禁止燃放烟花爆竹的通告", "长子县人民政府森林防火指挥部", None,
     "2019-01-16", None, "通告"),
    ("PKULaw export, no signature name", "27", "包头市人民政府办公室关于印发《包头市2022年数字政府建设考评办法》的通知",
     "包头市人民政府办公室", "包府办发〔2022〕43号", "2022-04-14",
     "各旗、县、区人民政府，稀土高新区管委会，市直有关部门、单位", "通知"),
    ("traditional characters", "19", "國務院辦公廳關於四川成都經濟技術開發區的復函", "國務院辦公廳", "國辦函〔2000〕19號",
     "2000-02-13", "四川省人民政府", "函"),
    ("web page, labels then values", "35", "上海市崇明区人民政府办公室关于印发2022年度上海市崇明区政务公开考核评估结果的通知",
     "上海市崇明区人民政府办公室", "沪崇府办发〔2023〕8号", "2023-03-24", "各乡、镇人民政府,区政府各部门", "通知"),
]  # fmt: skip


@pytest.mark.parametrize("kind,file,title,issuer,number,date,recipient,genre", KINDS, ids=[k[0] for k in KINDS])
def test_document_kind(read, kind, file, title, issuer, number, date, recipient, genre):
    md = read(file)
    assert (md.title, md.issuer, md.doc_number, md.date, md.recipient, md.genre) == (
        title, issuer, number, date, recipient, genre,
    )  # fmt: skip


def test_carrier_records_the_carried_document(read):
    md = read("26")
    assert (md.carried_title, md.carried_genre) == ("阿坝州政务数据资源管理暂行办法", "办法")


def test_evidence_names_the_element(read):
    md = read("38")
    assert md.issuer == "省国土厅" and md.evidence["issuer"]["element"] == "网页元数据“承办单位”"
    assert md.evidence["recipient"]["element"] == "主送机关"
    assert md.date == "2006-05-25"  # the letter's date, not the page's 答复日期 2006年5月29日


@pytest.mark.parametrize(
    "file,field,reason",
    [
        ("09", "date", "成文日期没有年份"),  # signed 10月14日
        ("14", "date", "成文日期无法识读"),  # signed 0二十六日
        ("16", "issuer", "没有署名、发文机关标志或标题中的发文机关"),  # signs with 承办人 only
        ("33", "recipient", "标题后没有主送机关行（通告、公告、规章等普发文件不写主送机关）"),
    ],
)
def test_abstains_with_a_reason(read, file, field, reason):
    md = read(file)
    assert getattr(md, field) is None and md.null_reasons[field] == reason


@pytest.mark.parametrize("file", ["37", "42", "15"])
def test_web_labels_are_never_the_addressee(read, file):
    md = read(file)
    assert md.recipient and not any(w in md.recipient for w in ("发布时间", "来源", "字号"))


def test_reprint_is_kept_apart_from_the_document(read):
    md = read("08")
    assert md.publication["reprint"] and md.publication["page_date"] == "2019-01-29"
    assert md.body[0] > md.evidence["title"]["paragraph"]


def test_export_header_is_a_publication_record(read):
    pub = read("26").publication
    assert pub["export"] == "北大法宝" and pub["url"].startswith("https://www.pkulaw.com/")


class _Meta:
    def __init__(self, meta):
        self.meta = meta


def test_dev_corpus_scores_at_least_097_with_nothing_invented(read):
    """`evaluate` on any gold file: the 43 development documents, every scored field."""
    from policyreport.extract.evaluate import evaluate, load_gold

    gold = load_gold(DOCS.parent / "gold.yaml")
    results = {name: _Meta(read(name[:2]).as_dict()) for name in gold}
    table, errors = evaluate(results, gold)
    rows = table.set_index("field")
    for field in ("title", "issuer", "doc_number", "date", "recipient", "genre"):
        right = 1 - len(errors[errors.field == field]) / rows.loc[field, "documents"]
        assert right >= 0.97, (field, errors[errors.field == field].to_dict("records"))
    invented = [(f, k) for f, g in gold.items() for k in ("title", "issuer", "doc_number", "date", "recipient")
                if g[k] is None and results[f].meta[k] is not None]  # fmt: skip
    assert invented == []


# Excerpts of public pages (openings only, as captured), for layouts not in tests/corpus-dev.
ORDER_227 = """国务院行政机构设置和编制管理条例
作者:法律资料网 时间:2024-07-22 08:17:50   浏览:8464   来源:法律资料网
国务院行政机构设置和编制管理条例
国务院
国务院行政机构设置和编制管理条例
  中华人民共和国国务院令
  第227号
  现发布《国务院行政机构设置和编制管理条例》,自
发布之日起施行。
  总理李鹏
  1997年8月3日
  第一章总则
"""  # http://law604.infoeach.com/view-NjA0fDI2NA==.html
BEIJING_2016_26 = """京政办发〔2016〕26号《北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知》
《北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知》
京政办发〔2016〕26号
各区人民政府,市政府各委、办、局,各市属机构:
《北京市2016年政务公开工作要点》已经市政府同意,现印发给你们,请结合实际认真贯彻落实。
北京市人民政府办公厅
2016年5月28日
"""  # https://0798ci.com/policy/70942.html
SHANGHAI_2017_92 = """滬府發〔2017〕92號
上海市人民政府印發《關于本市加強政務誠信建設的實施意見》的通知
各區人民政府,市政府各委、辦、局:
現將《關于本市加強政務誠信建設的實施意見》印發給你們,請認真按照執行。
上海市人民政府
2017年12月20日
關于本市加強政務誠信建設的實施意見
"""  # http://htgfsre.cn/nw41430/20200823/0001-41430_54611.html (a traditional-character repost)

PAGES = [
    ("国务院令 on a law mirror", ORDER_227, "国务院行政机构设置和编制管理条例", "中华人民共和国国务院",
     "国务院令第227号", "1997-08-03", None, "条例"),
    ("title in 《》 after its 文号", BEIJING_2016_26, "北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知",
     "北京市人民政府办公厅", "京政办发〔2016〕26号", "2016-05-28", "各区人民政府,市政府各委、办、局,各市属机构", "通知"),
    ("traditional carrier", SHANGHAI_2017_92, "上海市人民政府印發《關于本市加強政務誠信建設的實施意見》的通知",
     "上海市人民政府", "滬府發〔2017〕92號", "2017-12-20", "各區人民政府,市政府各委、辦、局", "通知"),
]  # fmt: skip


@pytest.mark.parametrize("kind,text,title,issuer,number,date,recipient,genre", PAGES, ids=[p[0] for p in PAGES])
def test_page_layouts(kind, text, title, issuer, number, date, recipient, genre):
    md = metadata.extract(paragraphs(text), Gazetteer.from_yaml(DICTIONARIES / "places.yaml"))
    assert (md.title, md.issuer, md.doc_number, md.date, md.recipient, md.genre) == (
        title, issuer, number, date, recipient, genre,
    )  # fmt: skip


CLOSINGS = [  # GB/T 9704-2012 §7.3.5: signature above the date; joint issuers; a seal mark; a note after the date
    ("财政部    教育部\n2020年1月2日\n", "财政部、教育部", "2020-01-02"),
    ("X市财政局\n（盖章）\n2020年1月2日（此件公开发布）\n", "X市财政局", "2020-01-02"),
    ("X市财政局 2020年1月2日\n", "X市财政局", "2020-01-02"),
    ("X市财政局\n2020112\n", "X市财政局", None),  # 1月12日 or 11月2日: two readings, so no date
]


@pytest.mark.parametrize("closing,issuer,date", CLOSINGS)
def test_closing_block(closing, issuer, date):
    text = "X市财政局关于加强管理的通知\n各区县财政局：\n现将有关事项通知如下，请遵照执行。\n" + closing
    md = metadata.extract(paragraphs(text), Gazetteer.from_yaml(DICTIONARIES / "places.yaml"))
    assert (md.issuer, md.date) == (issuer, date)
    assert md.date or md.null_reasons["date"]


# file, answer class, paragraph it is printed in: read by hand in each 版头. 05 prints `(A)类` on its
# own line, 36 a lone `A` under the 文号, 37 `B类` glued to the 文号, 38 ` B` after the 文号.
CLASSES = [("05", "A", 1), ("36", "A", 4), ("37", "B", 8), ("38", "B", 13), ("01", None, None), ("07", None, None)]


@pytest.mark.parametrize("prefix,letter,paragraph", CLASSES)
def test_answer_class_in_the_reply_head(read, prefix, letter, paragraph):
    md = read(prefix)
    assert md.handling_class == letter
    assert md.evidence.get("handling_class", {}).get("paragraph") == paragraph

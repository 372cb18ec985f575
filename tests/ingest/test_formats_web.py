"""Saved web pages: main text apart from site chrome, the page's metadata block in the publication
record, a repost's reposter apart from the issuer (facts checked by hand against tests/formats)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyreport.extract import document as analysis
from policyreport.ingest import corpus, formats
from policyreport.ingest.formats.base import DecodeError

FILES = Path(__file__).resolve().parents[1] / "formats"

NDRC = "ndrc_fagaijiageguifan_2020_101_shengji_dianwang_shupeidianjia.html"
REPOST = "gz_tianyuan_jd_zhuanzai_suifubangui_2024_13_gongzufang.html"
SPLIT = "gz_gfxwj_suiyibaoguizi_2019_4_mente.html"


def read(name: str):
    return formats.read(name, (FILES / name).read_bytes()).documents[0]


def test_ndrc_page_metadata_come_from_the_document(analysed):
    doc, meta = analysed(NDRC)
    assert meta["doc_number"] == "发改价格规〔2020〕101号"
    assert meta["issuer"] == "国家发展改革委"
    assert meta["date"] == "2020-01-19"
    assert meta["publication"]["page_date"] == "2020-02-05"
    assert meta["publication"]["page_date_label"] == "发布时间"
    assert meta["publication"]["meta"]["column"] == "规范性文件"


def test_chrome_scripts_and_comments_are_not_text():
    for name in (NDRC, REPOST, SPLIT):
        text = read(name).text
        assert "-->" not in text and "<!--" not in text and "function" not in text
        assert not any(p.strip().startswith(("【打印】", "【字体", "字号", "[ 打印 ]")) for p in text.split("\n\n"))
    assert "startprint" not in read(NDRC).text


def test_repost_keeps_the_reposter_apart_from_the_issuer(analysed):
    doc, meta = analysed(REPOST)
    pub = meta["publication"]
    assert meta["issuer"] == "广州市人民政府办公厅"
    assert meta["doc_number"] == "穗府办规〔2024〕13号"
    assert meta["date"] == "2024-07-26"
    assert pub["reprint"] is True
    assert pub["reposter"] == pub["publisher"] == "广州市天河区人民政府天园街道办事处"
    assert pub["index_no"] == "11440106718120458W/2024-00008"
    assert pub["written"] == "2024-07-26" and pub["page_date"] == "2024-09-12"
    assert "doc_number" not in pub  # the block's 文号 cell is empty
    assert "文件状态" not in pub["fields"]  # only inside an HTML comment on the page
    assert any("转载单位" in n and "广州市人民政府办公厅" in n for n in meta["notes"])


def test_doc_number_split_over_four_elements_is_one():
    doc = read(SPLIT)
    paras = doc.text.split("\n\n")
    assert paras[0] == "穗医保规字〔2019〕4号"
    assert doc.publication["doc_number"] == "穗医保规字〔2019〕4号"
    assert doc.publication["expires"] == "2024-06-30"
    assert doc.publication["issuer"] == "广州市医疗保障局,广州市财政局,广州市卫生健康委员会"


def test_page_without_chinese_main_text_is_skipped():
    with pytest.raises(DecodeError, match="without Chinese main text"):
        formats.read("x.html", b"<html><body><nav>Home</nav><p>Hello world</p></body></html>")


def test_gbk_page_is_decoded_by_its_charset():
    page = '<html><head><meta charset="gbk"></head><body><div id="zoom"><p>关于印发办法的通知</p></div></body></html>'
    doc = formats.read("x.htm", page.encode("gbk")).documents[0]
    assert doc.text.startswith("关于印发办法的通知")


RSJ = "gz_rsj_suirenshe_guizi_2022_2_rencai_ruhu.html"
SCJGJ = "gz_scjgj_guowuyuanling_746_shichangzhuti.html"
BUILT = FILES / "constructed"


def built(name: str):
    return formats.read(name, (BUILT / name).read_bytes()).documents[0]


def test_values_inside_a_child_element_of_their_label():
    """`发表时间：<publishtime>…</publishtime>`, `来源：<b>…</b>`: the value is the label's element's
    child, up to the next field of the line (浏览字号 is not read as part of 信息来源)."""
    assert read(RSJ).publication["fields"] == {"发表时间": "2022-07-14 20:24", "信息来源": "市人社局 人力资源流动管理处"}
    pub = read(SCJGJ).publication
    assert pub["fields"] == {"发布日期": "2021-07-30", "来源": "国家法律法规数据库"}
    assert pub["published"] == "2021-07-30" and pub["source"] == "国家法律法规数据库"
    assert "publisher" not in pub  # 来源 is where the text came from, not who published the page


def test_source_is_not_taken_as_a_reposter(analysed):
    doc, meta = analysed(NDRC)
    assert doc.publication["source"] == "价格司"  # an office of the issuer
    assert meta["publication"]["reprint"] is False and "reposter" not in meta["publication"]


def test_govcn_table_with_labels_in_bold_inside_their_cells():
    pub = built("govcn_table_template.html").publication
    assert pub["index_no"] == "000014349/2021-00042"
    assert pub["category"] == "综合政务\\其他"
    assert pub["issuer"] == "某省人民政府办公厅"
    assert pub["written"] == "2021-03-02" and pub["published"] == "2021-03-09"
    assert pub["doc_number"] == "某政办发〔2021〕7号"
    assert pub["title"] == "某省人民政府办公厅关于加强示例工作的通知"
    assert "主办单位" not in built("govcn_table_template.html").text


def test_ul_li_block_with_half_width_colons():
    pub = built("ul_li_template.html").publication
    assert pub["fields"]["索引号"] == "11370200004000000X/2022-00015"
    assert pub["publisher"] == "某市财政局" and pub["doc_number"] == "某财规〔2022〕3号"
    assert pub["written"] == "2022-05-16" and pub["validity"] == "有效" and pub["expires"] == "2027-05-31"
    assert pub["published"] == "2022-05-20"  # from <meta name=PubDate>, the block has no 发布日期


def test_div_and_dl_pairs_without_colons_and_a_repost(params):
    pub = built("div_dl_template.html").publication
    assert pub["publisher"] == "某县农业农村局" and pub["source"] == "某省农业农村厅"
    assert pub["doc_number"] == "某农规〔2023〕2号"  # split over five <span>s
    assert pub["written"] == "2023-08-01" and pub["published"] == "2023-08-10" and pub["validity"] == "有效"
    docs, _ = corpus.read_file(BUILT / "div_dl_template.html", set(), "div_dl_template.html")
    meta = analysis.analyse_document(docs[0], analysis.Dictionaries.load(params), params).meta
    assert meta["issuer"] == "某省农业农村厅" and meta["doc_number"] == "某农规〔2023〕2号"
    assert meta["publication"]["reprint"] is True and meta["publication"]["reposter"] == "某县农业农村局"


def test_several_fields_on_one_line_of_a_gbk_page():
    pub = built("one_line_template.html").publication
    assert pub["fields"] == {
        "索引号": "MB1234567/2024-00003",
        "主题分类": "城乡建设、环境保护",
        "发文机关": "某县人民政府",
        "成文日期": "2024年01月08日",
        "文号": "某政发〔2024〕1号",
        "发布时间": "2024-01-12 16:20:05",
    }
    assert pub["written"] == "2024-01-08" and pub["page_date"] == "2024-01-12"


def test_contact_line_above_a_joint_signature_is_not_joined_to_it(analysed):
    """The 附注 (联系人：…，联系电话：…) printed above a four-body signature on two lines: neither the
    contact line nor the signature is read as a sentence going on, so the issuers are the signature."""
    doc, meta = analysed("gz_wjw_suiweihan_2023_1930_jiatingyisheng.html")
    assert meta["issuer"] == "广州市卫生健康委员会、广州市财政局、广州市人力资源和社会保障局、广州市医疗保障局"
    assert meta["evidence"]["issuer"]["element"] == "发文机关署名"
    assert meta["date"] == "2023-10-19" and meta["doc_number"] == "穗卫函〔2023〕1930号"
    assert meta["publication"]["index_no"] == "11440100MB2C90856P/2023-00331"
    assert meta["publication"]["reprint"] is False  # 发布机构 is the first of the issuers

"""Saved web pages: main text apart from site chrome, the page's metadata block in the publication
record, a repost's reposter apart from the issuer (facts checked by hand against tests/formats)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyreport.ingest import formats
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

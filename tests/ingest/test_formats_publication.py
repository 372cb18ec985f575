"""The carrier's publication record joined to the document: disagreements noted, the reposter kept
apart, the record's URL cited."""

from __future__ import annotations

from policyreport.extract.metadata.model import Metadata
from policyreport.extract.published import merge, same_body
from policyreport.report.citation import document_item


def test_same_body_allows_joint_names_and_short_forms():
    assert same_body("广州市医疗保障局", "广州市医疗保障局、广州市财政局")
    assert same_body("市人社局", "广州市人力资源和社会保障局")
    assert not same_body("广州市天河区人民政府天园街道办事处", "广州市人民政府办公厅")
    assert not same_body("广州市天河区财政局", "广州市民政局、广州市财政局")


def test_disagreements_are_notes_and_fields_stay_the_documents():
    md = Metadata(issuer="国家发展改革委", doc_number="发改价格规〔2020〕101号", date="2020-01-19")
    record = {"doc_number": "发改价格规〔2020〕100号", "written": "2020-01-20", "labels": {"doc_number": "网页“文号”"}}
    merge(md, record)
    assert md.doc_number == "发改价格规〔2020〕101号" and md.date == "2020-01-19"
    assert "网页“文号”“发改价格规〔2020〕100号”与正文文号“发改价格规〔2020〕101号”不一致" in md.notes
    assert any("2020-01-20" in n and "采用落款日期" in n for n in md.notes)
    assert "labels" not in md.publication and md.publication["reprint"] is False


def test_text_wrapper_record_is_kept_when_joined():
    md = Metadata(issuer="深圳市卫生健康委员会")
    md.publication = {"wrapper_paragraphs": [1, 2], "fields": {"来源": "某网"}, "site": "某网"}
    merge(md, {"format": "html", "fields": {"索引号": "X/2024-1"}, "url": "https://example.org/p.html"})
    assert md.publication["wrapper_paragraphs"] == [1, 2]
    assert md.publication["fields"] == {"来源": "某网", "索引号": "X/2024-1"}


def test_citation_uses_the_page_url():
    meta = {"doc_id": "d", "file": "d.html", "title": "通知", "publication": {"url": "https://www.gz.gov.cn/a.html"}}
    assert document_item(meta)["URL"] == "https://www.gz.gov.cn/a.html"
    meta["publication"]["url"] = "javascript:alert(1)"
    assert "URL" not in document_item(meta)
